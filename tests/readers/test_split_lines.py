"""split_lines (checker/readers/decoding.py) splits at CR, LF and CRLF only, whatever str.splitlines,
which it uses where it can, would also split at."""

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
