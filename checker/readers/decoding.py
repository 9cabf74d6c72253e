"""Bytes to text for the text-like forms (which forms there are is the registry's to say): UTF-8 (with or without BOM), UTF-16 (Word's "Unicode text"),
GB18030/GBK, and whatever charset-normalizer recognises; binary or undecodable input is an InputError."""

from __future__ import annotations

import codecs
from typing import Any

from checker.errors import InputError
from checker.lazy_re import lazy

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_ANY_BOM = tuple(bom for bom, _ in _BOMS)    # for one startswith


def _utf16_without_bom(raw: bytes) -> str | None:
    """Word can write UTF-16 without a BOM: ASCII then shows as every other byte NUL."""
    sample = raw[:4000]
    if len(sample) < 4 or 0 not in sample:   # no NUL byte: neither half is NUL (found by memchr, no copy)
        return None
    odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
    even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
    encoding = None
    if odd_nuls > 0.2 and even_nuls < 0.05:
        encoding = "utf-16-le"
    elif even_nuls > 0.2 and odd_nuls < 0.05:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    text = sample[: len(sample) // 2 * 2].decode(encoding, errors="replace")
    return encoding if _mostly_text(text) else None


# Control bytes that never occur in text (TAB, LF, FF, CR and ESC do).
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


# The last head looked at and the answer: choosing the reader of a text file asks, and decoding it asks again.
_LAST_LOOK: tuple[bytes, bool] | None = None


def looks_binary(raw: bytes) -> bool:
    global _LAST_LOOK
    head = raw[:8192]
    last = _LAST_LOOK
    if last is not None and last[0] == head:
        return last[1]
    binary = _looks_binary(head)
    _LAST_LOOK = (head, binary)
    return binary


def _looks_binary(head: bytes) -> bool:
    if head.startswith(_ANY_BOM) or _utf16_without_bom(head):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return controls > max(8, len(head) // 100)


# The last bytes decoded and their text: choosing the reader of a text file decodes it, and the reader it
# chooses decodes the same bytes again.
_LAST: tuple[bytes, tuple[str, str]] | None = None


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name). Line endings are kept; the caller splits lines."""
    global _LAST
    last = _LAST
    if last is not None and last[0] is raw:
        return last[1]
    decoded = _decode(raw, name)
    _LAST = (raw, decoded)
    return decoded


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS if raw.startswith(_ANY_BOM) else ():
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(name, f"以 {encoding} 字节顺序标记开头，却不是有效的 {encoding} 文本"
                                       f"（第 {exc.start} 字节）") from None
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            return raw.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if looks_binary(raw):
        raise InputError(name, "是二进制文件，不是文字报告（binary）")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:  # GB18030 is a superset of GBK and GB2312, the encodings Chinese Windows writes
        text = raw.decode("gb18030")
        if _mostly_text(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding and _mostly_text(str(best)):
        return str(best), best.encoding
    raise InputError(name, "无法解码：不是 UTF-8、UTF-16 或 GB18030/GBK 文本"
                           "（请另存为 UTF-8 后再试）")


# What str.splitlines breaks lines at besides CR and LF
_OTHER_BREAKS = ("\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def split_lines(text: str) -> list[str]:
    """Lines as printed, whatever the line endings (CRLF, CR, LF): str.splitlines, in one pass, where the
    text has no other character it breaks at, and the empty line after a final line break kept."""
    if not any(other in text for other in _OTHER_BREAKS):
        lines = text.splitlines()
        if not text or text[-1] in "\r\n":
            lines.append("")
        return lines
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


class Lines:
    """split_lines(text), split when first read: a sequence of the lines (len, indexing, slicing,
    iteration). Only a finding's code frame reads a page's lines, and splitting a long page into its
    lines (a string each) cost a tenth of reading it. Equal to the list of lines (and shown as it);
    pickled as the text, one string instead of one a line."""

    __slots__ = ("text", "_lines")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None

    def _split(self) -> list[str]:
        if self._lines is None:
            self._lines = split_lines(self.text)
        return self._lines

    def __len__(self) -> int:
        return len(self._split())

    def __getitem__(self, index: Any) -> Any:
        return self._split()[index]

    def __iter__(self) -> Any:
        return iter(self._split())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lines):
            other = other._split()
        return self._split() == other if isinstance(other, list) else NotImplemented

    __hash__ = None     # type: ignore[assignment]   # equal to a list, which has none

    def __repr__(self) -> str:
        return repr(self._split())

    def __reduce__(self) -> tuple[Any, ...]:
        return Lines, (self.text,)


# What text hardly holds: control characters other than TAB, LF, FF and CR; U+FFFD; the private use area.
_ODD = lazy("[\x00-\x08\x0b\x0e-\x1f\ufffd\ue000-\uf8ff]")


def _mostly_text(text: str) -> bool:
    """Fewer than 1 % odd characters. Counted by a regex, not a Python loop over every character: a
    whole GBK page decoded without a declared charset took 5 ms to count, now 0.3."""
    if not text:
        return False
    odd = sum(1 for _ in _ODD.finditer(text))
    return odd / len(text) < 0.01
