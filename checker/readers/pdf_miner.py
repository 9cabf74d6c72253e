"""Linear versions of three pdfminer.six internals whose time grows with the square of a damaged file's size.

Found by mutation fuzzing (benchmarks/fuzz.py, issue 9); each is a drop-in with exactly the result of
pdfminer's own (tests/readers/test_pdf_miner.py compares them on damaged and sound input):

- `pdftypes.decompress_corrupted`, pdfminer's recovery of a Flate stream that zlib rejects (a flipped
  byte, a truncated stream), feeds zlib one byte at a time and grows its result by `bytes +=`: a damaged
  1.4 MB font stream took 54 s (pdfminer.six issue #1163). Here zlib reads whole blocks; only the block in
  which zlib fails is read again byte by byte, from a copy of the decompressor taken before it, to keep
  what pdfminer keeps: everything before the failing byte.
- `PDFPageInterpreter.pop` copies the whole operand stack on every operator (`argstack[:-n]`); operands
  that no operator takes (garbage in a damaged content stream) pile up, and each operator then costs the
  whole pile: 11 s for a 540,000-token page. Here the operands are removed in place.
- `PDFContentParser.get_inline_data` grows an inline image's data by `bytes +=` at every `E` it meets
  while looking for `EI`: an inline image that never ends reads the rest of the stream in time quadratic
  in its size. Here the data grows in a bytearray.

And one bound pdfminer does not have: a Flate stream inflates to at most `REPORT_LINT_PDF_STREAM_MB`
(64 MB unless the environment says otherwise; a report's largest stream, a font, is a few MB), else
`StreamTooLarge` — a compression bomb (a few hundred KB that inflate to gigabytes) is refused before it
fills the memory. Within the bound, `bounded_zlib.decompress` gives exactly what `zlib.decompress` gives
or raises what it raises.

`install()` replaces them once per process; pdfminer's behaviour is otherwise untouched.
"""

from __future__ import annotations

import os
import re
import zlib
from typing import Any

_BLOCK = 1 << 16
_ORIGINALS: dict[str, Any] = {}
STREAM_MB_VARIABLE, STREAM_MB = "REPORT_LINT_PDF_STREAM_MB", 64.0


class StreamTooLarge(Exception):
    """A Flate stream that inflates past the bound: the file is refused (an InputError, not a bug)."""

    def __init__(self, limit: float):
        super().__init__(f"一个压缩数据流解压后超过 {limit:g} MB 的上限，可能是压缩炸弹"
                         f"（环境变量 {STREAM_MB_VARIABLE} 可提高上限）")


def env_limit(variable: str, default: float) -> float:
    """A PDF limit as the environment sets it; the default when unset, not a number or not positive."""
    try:
        value = float(os.environ.get(variable, default))
    except ValueError:
        return default
    return value if value > 0 else default


def stream_limit() -> tuple[float, int]:
    """The bound in MB as set (or the default), and in bytes."""
    limit = env_limit(STREAM_MB_VARIABLE, STREAM_MB)
    return limit, int(limit * 1048576)


class _BoundedZlib:
    """What pdfminer's pdftypes module sees as `zlib`: decompress stops at the bound."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes) -> bytes:
        limit, most = stream_limit()
        inflate = zlib.decompressobj()
        out = inflate.decompress(data, most + 1)
        if len(out) > most:
            raise StreamTooLarge(limit)
        if not inflate.eof:   # all input read and no end of stream: what zlib.decompress says then
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out


bounded_zlib = _BoundedZlib()


def decompress_corrupted(data: bytes) -> bytes:
    """What zlib can inflate of `data` before the byte where it fails; the failure itself is raised unless
    it is in the last three bytes (the stream's checksum), as pdfminer does."""
    limit, most = stream_limit()
    inflate = zlib.decompressobj()
    out: list[bytes] = []
    size = start = 0
    while start < len(data):
        if size > most:
            raise StreamTooLarge(limit)
        block = data[start:start + _BLOCK]
        before = inflate.copy()
        try:
            out.append(inflate.decompress(block, most + 1 - size))
            size += len(out[-1])
            if inflate.unconsumed_tail:   # the bound reached inside this block
                raise StreamTooLarge(limit)
        except zlib.error:
            inflate = before
            for offset in range(len(block)):
                try:
                    out.append(inflate.decompress(block[offset:offset + 1]))
                except zlib.error:
                    if start + offset < len(data) - 3:
                        raise
                    return b"".join(out)
            raise  # zlib failed on the block but on none of its bytes: not what zlib does
        start += len(block)
    return b"".join(out)


def pop(self: Any, n: int) -> list[Any]:
    """The top `n` operands (fewer when there are fewer), removed from the stack."""
    if n == 0:
        return []
    taken = self.argstack[-n:]
    del self.argstack[-n:]
    return taken


def get_inline_data(self: Any, pos: int, target: bytes = b"EI") -> tuple[int, bytes]:
    """An inline image's data from `pos` up to `target` followed by white space (or the stream's end),
    read as pdfminer reads it."""
    self.seek(pos)
    matched = 0
    data = bytearray()
    while matched <= len(target):
        self.fillbuf()
        if matched:
            byte = self.buf[self.charpos]
            data.append(byte)
            self.charpos += 1
            c = bytes((byte,))
            if (len(target) <= matched and c.isspace()) or (matched < len(target) and byte == target[matched]):
                matched += 1
            else:
                matched = 0
        else:
            at = self.buf.find(target[0], self.charpos)
            if at < 0:
                data += self.buf[self.charpos:]
                self.charpos = len(self.buf)
            else:
                data += self.buf[self.charpos:at + 1]
                self.charpos = at + 1
                matched = 1
    del data[max(0, len(data) - (len(target) + 1)):]   # what `data[:-3]` leaves
    return pos, re.sub(rb"(\x0d\x0a|[\x0d\x0a])$", b"", bytes(data))


def originals() -> dict[str, Any]:
    """pdfminer's own versions (for the tests that compare)."""
    from pdfminer import pdfinterp, pdftypes

    return _ORIGINALS or {"zlib": pdftypes.zlib, "decompress_corrupted": pdftypes.decompress_corrupted,
                          "pop": pdfinterp.PDFPageInterpreter.pop,
                          "get_inline_data": pdfinterp.PDFContentParser.get_inline_data}


def install() -> None:
    if _ORIGINALS:
        return
    from pdfminer import pdfinterp, pdftypes

    _ORIGINALS.update(originals())
    pdftypes.zlib = bounded_zlib
    pdftypes.decompress_corrupted = decompress_corrupted
    pdfinterp.PDFPageInterpreter.pop = pop
    pdfinterp.PDFContentParser.get_inline_data = get_inline_data
