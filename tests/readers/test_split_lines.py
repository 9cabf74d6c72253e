"""Decoding helpers (checker/readers/decoding.py): split_lines splits at CR, LF and CRLF only, whatever
str.splitlines, which it uses where it can, would also split at; Lines is its list, split when read; the
odd characters that make bytes "not text" are counted as their definition says."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.readers.decoding import split_lines


def _by_replacing(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@given(st.text(alphabet=st.sampled_from(["a", "表", " ", "\r", "\n", "\t", "\v", "\f", "\x1c", "\x85", "\u2028"])))
def test_lines_are_split_at_cr_lf_and_crlf_only(text):
    assert split_lines(text) == _by_replacing(text)


def test_the_line_after_a_final_break_is_kept():
    assert split_lines("") == [""]
    assert split_lines("一\r\n二\r\n") == ["一", "二", ""]
    assert split_lines("一\u2028二\r") == ["一\u2028二", ""]


@given(st.text(alphabet=st.sampled_from(["a", "表", " ", "\r", "\n", "\u2028"])))
def test_lines_split_when_read_are_the_lines_as_a_list_gives_them(text):
    """Lines (an HTML page's lines, split when a code frame first asks) is the list split_lines gives:
    equal to it, of its length, indexed and sliced alike, shown alike, and pickled as the text alone."""
    import pickle

    from checker.readers.decoding import Lines

    lines, listed = Lines(text), split_lines(text)
    assert lines == listed and listed == lines and lines == Lines(text) and repr(lines) == repr(listed)
    assert len(lines) == len(listed) and list(lines) == listed and lines[1:3] == listed[1:3]
    assert lines[-1] == listed[-1] and bool(lines) and lines != [*listed, "x"]
    again = pickle.loads(pickle.dumps(Lines(text)))
    assert again._lines is None and again == listed
    assert Lines("a\r\nb") == Lines("a\nb")     # the same lines, whatever breaks them


@given(st.text(alphabet=st.sampled_from(["a", "表", "\t", "\n", "\r", "\f", "\v", "\x00", "\x08", "\x0e", "\x1f", "\x7f",
                                         "\ufffd", "\ue000", "\uf8ff", "\uf900", "\x85"]), max_size=300))
def test_odd_characters_are_counted_as_one_by_one(text):
    """_mostly_text counts odd characters with a regex: as many as the plain definition finds."""
    from checker.readers.decoding import _mostly_text

    odd = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd"
              or 0xE000 <= ord(ch) <= 0xF8FF)
    assert _mostly_text(text) == (bool(text) and odd / len(text) < 0.01)
