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


def pdf(content: bytes, *more_pages: bytes, flate: bool = True, cut: int = 0) -> bytes:
    """A valid PDF (Helvetica as /F1) whose first page's content stream is `content` (and each further page's
    one of `more_pages`), Flate-compressed when `flate`, the first with its last `cut` compressed bytes removed
    (a stream damaged at its end)."""
    streams = []
    for number, plain in enumerate((content, *more_pages)):
        data = zlib.compress(plain, 9) if flate else plain
        streams.append(data[:len(data) - cut] if number == 0 else data)
    first_page = 3 + 1                 # objects: catalog, pages, font, then a page and its stream per page
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(streams)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(streams)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, data in enumerate(streams):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                       b" /Resources << /Font << /F1 3 0 R >> >> >>" % (first_page + 2 * i + 1))
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), b" /Filter /FlateDecode" if flate else b"")
                       + data + b"\nendstream")
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
    # a Flate stream without its checksum: pdfminer's byte-by-byte recovery of 12 MB (54 s in the fuzz); 12 MB
    # is then over the page's limit (READ-PAGE)
    "hang-pdf-damaged-flate-stream.pdf": lambda: pdf(TEXT + b" " * 12_000_000, cut=4),
    # 100,000 operands no operator takes, then 100,000 operators: each copied the whole operand stack
    "hang-pdf-operands-piled-on-the-stack.pdf": lambda: pdf(TEXT + b"1 " * 100_000 + b"0 w " * 100_000),
    # an inline image that never ends: its data grew by `bytes +=` at every E up to the stream's end
    "hang-pdf-inline-image-without-end.pdf": lambda: pdf(TEXT + b"BI /W 1 /H 1 /BPC 8 /CS /G ID " + b"E" * 2_000_000),
    # a page of 30,000 characters (a report's page has a few thousand): skipped with READ-PAGE
    "limit-pdf-page-of-30000-characters.pdf": lambda: pdf(TEXT + b"BT /F1 1 Tf 10 10 Td ("
                                                          + b"x" * 30_000 + b") Tj ET"),
    # a page box of 5 by 5 metres and no text: rendered for OCR at 150 dpi it took 4.8 GB; refused now
    "memory-pdf-page-of-14400-points.pdf": lambda: pdf(b"0 0 m 100 100 l S\n").replace(
        b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 14400 14400]"),
}


if __name__ == "__main__":
    for name, make in REPRODUCERS.items():
        (HOSTILE / name).write_bytes(make())
        print(name, (HOSTILE / name).stat().st_size, "bytes")
