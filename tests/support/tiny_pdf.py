"""A one-page PDF around a given content stream, for the hostile PDF reproducers (tests/data/hostile) and the
tests of checker/readers/pdf_miner.py: a damaged file is easiest to describe by the stream it holds.

    python -m tests.support.tiny_pdf   # writes the hostile reproducers made with it
"""

from __future__ import annotations

import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile"
TEXT = b"BT /F1 12 Tf 72 720 Td (Annual report 2021) Tj ET\n"


def pdf(content: bytes, *, flate: bool = True, cut: int = 0) -> bytes:
    """A valid one-page PDF (Helvetica as /F1) whose content stream is `content`, Flate-compressed when
    `flate`, with its last `cut` compressed bytes removed (a stream damaged at its end)."""
    data = zlib.compress(content, 9) if flate else content
    data = data[:len(data) - cut]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(data), b" /Filter /FlateDecode" if flate else b"") + data
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# The classes found by fuzzing mutated copies of the committed PDFs (issue 9), each in a few kilobytes.
REPRODUCERS = {
    # a Flate stream without its checksum: pdfminer's byte-by-byte recovery of 12 MB (54 s in the fuzz)
    "hang-pdf-damaged-flate-stream.pdf": lambda: pdf(TEXT + b" " * 12_000_000, cut=4),
    # 100,000 operands no operator takes, then 100,000 operators: each copied the whole operand stack
    "hang-pdf-operands-piled-on-the-stack.pdf": lambda: pdf(TEXT + b"1 " * 100_000 + b"0 w " * 100_000),
    # an inline image that never ends: its data grew by `bytes +=` at every E up to the stream's end
    "hang-pdf-inline-image-without-end.pdf": lambda: pdf(TEXT + b"BI /W 1 /H 1 /BPC 8 /CS /G ID " + b"E" * 2_000_000),
}


if __name__ == "__main__":
    for name, make in REPRODUCERS.items():
        (HOSTILE / name).write_bytes(make())
        print(name, (HOSTILE / name).stat().st_size, "bytes")
