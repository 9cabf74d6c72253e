"""checker/readers/pdf_miner.py: the linear replacements of pdfminer internals give exactly what pdfminer's own
give, on damaged and sound input; and the hostile PDFs that made the originals take minutes are read."""

from __future__ import annotations

import random
import zlib

import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.psparser import PSEOF
from pdfminer.pdftypes import PDFStream

from checker.readers import pdf, pdf_miner
from checker.document import Paragraph
from tests.support.tiny_pdf import HOSTILE, REPRODUCERS

ORIGINAL = pdf_miner.originals()


def _outcome(function, data: bytes):
    try:
        return function(data)
    except zlib.error as exc:
        return ("zlib.error", str(exc))


def _damaged_streams(rng: random.Random) -> list[bytes]:
    streams = []
    for _ in range(150):
        if rng.random() < 0.5:
            plain = b"".join(rng.choice([b"BT ", b"(text) Tj ", b"0 0 m ", b"ET\n", b" " * 50])
                             for _ in range(rng.randint(0, 400)))
        else:
            plain = rng.randbytes(rng.randint(0, 3000))
        data = bytearray(zlib.compress(plain, rng.choice([0, 1, 6, 9])))
        kind = rng.randrange(5)
        if kind == 0:                              # truncated anywhere, the checksum included
            del data[rng.randint(0, len(data)):]
        elif kind == 1:                            # a few bytes flipped
            for _ in range(rng.randint(1, 3)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 2:                            # junk after the end
            data += rng.randbytes(rng.randint(1, 20))
        elif kind == 3:                            # a wrong checksum (the last byte)
            data[-1] ^= 0xFF
        streams.append(bytes(data))
    # a bad header fails at the second byte: raised, or not when that is one of the last three
    streams += [b"\x78\x00" + b"x" * k for k in range(6)]
    return streams


@pytest.mark.parametrize("block", [1, 7, 64, 1 << 16])
def test_decompress_corrupted_keeps_what_pdfminer_keeps(monkeypatch, block):
    monkeypatch.setattr(pdf_miner, "_BLOCK", block)     # small blocks: failures on and across their edges
    rng = random.Random(9)
    outcomes = set()
    for data in _damaged_streams(rng):
        ours = _outcome(pdf_miner.decompress_corrupted, data)
        assert ours == _outcome(ORIGINAL["decompress_corrupted"], data), data
        outcomes.add(type(ours))
    assert outcomes == {bytes, tuple}        # both a recovery and a raised error were compared


class _Stack:
    def __init__(self, items):
        self.argstack = list(items)


def test_pop_takes_what_pdfminer_takes():
    rng = random.Random(3)
    for _ in range(500):
        items = [rng.random() for _ in range(rng.randint(0, 6))]
        n = rng.randint(0, 8)
        theirs, ours = _Stack(items), _Stack(items)
        assert pdf_miner.pop(ours, n) == ORIGINAL["pop"](theirs, n)
        assert ours.argstack == theirs.argstack


def _parse(content: bytes, get_inline_data) -> list:
    parser = PDFContentParser([PDFStream({}, content)])
    parser.get_inline_data = get_inline_data.__get__(parser)
    objects = []
    while True:
        try:
            _, obj = parser.nextobject()
        except PSEOF:
            return objects
        objects.append(obj.get_rawdata() if isinstance(obj, PDFStream) else obj)


@pytest.mark.parametrize("content", [
    b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00E\xffEIE EI Q",         # E and EI inside the data
    b"BI /W 1 /H 1 ID " + b"E" * 9000 + b"EI\nQ",                   # across the parser's 4,096-byte buffers
    b"BI /W 1 /H 1 ID " + b"xE" * 5000,                              # no end: the stream's end
    b"BI /W 1 /H 1 /F /A85 ID 87cURD]i,\"Ebo80~>\rQ",               # ASCII85 data ends at ~>
    b"BI /W 1 /H 1 ID \r\nabcEI\r\nEI",
    b"q BI ID EI Q",
])
def test_inline_image_data_is_what_pdfminer_reads(content):
    assert _parse(content, pdf_miner.get_inline_data) == _parse(content, ORIGINAL["get_inline_data"])


@pytest.mark.parametrize("name", sorted(n for n in REPRODUCERS if n.startswith("hang-")))
def test_hostile_pdf_reproducers_are_read(name, monkeypatch):
    """Each took pdfminer minutes (or, piled operands, seconds growing with their square); the page's text
    is still read (with the page limit raised over the damaged stream's 12 MB). tests/test_hostile.py runs
    them through the command line with the default limits; time is measured by benchmarks/fuzz.py."""
    monkeypatch.setenv(pdf.PAGE_MB_VARIABLE, "64")
    document = pdf.read((HOSTILE / name).read_bytes(), name)
    assert [b.text for b in document.blocks if isinstance(b, Paragraph)] == ["Annual report 2021"]


def test_bounded_decompress_gives_what_zlib_gives():
    rng = random.Random(11)
    sound = [zlib.compress(rng.randbytes(rng.randint(0, 5000)), rng.choice([0, 6, 9])) for _ in range(30)]
    outcomes = set()
    for data in sound + _damaged_streams(rng):
        ours = _outcome(pdf_miner.bounded_zlib.decompress, data)
        assert ours == _outcome(zlib.decompress, data), data
        outcomes.add(type(ours))
    assert outcomes == {bytes, tuple}


def test_a_compression_bomb_is_refused_at_the_bound(monkeypatch):
    monkeypatch.setenv(pdf_miner.STREAM_MB_VARIABLE, "1")
    bomb = zlib.compress(b" " * (2 << 20), 9)                   # 2 MB of spaces in about 2 KB
    assert len(bomb) < 4096
    with pytest.raises(pdf_miner.StreamTooLarge, match="1 MB"):
        pdf_miner.bounded_zlib.decompress(bomb)
    with pytest.raises(pdf_miner.StreamTooLarge):
        pdf_miner.decompress_corrupted(bomb[:-8])                # the recovery of a damaged bomb stops too
    assert pdf_miner.bounded_zlib.decompress(zlib.compress(b" " * (1 << 20))) == b" " * (1 << 20)   # at the bound


def test_a_pdf_holding_a_compression_bomb_is_a_clear_input_error(monkeypatch):
    from checker.errors import InputError
    from tests.support.tiny_pdf import TEXT, pdf as tiny_pdf

    monkeypatch.setenv(pdf_miner.STREAM_MB_VARIABLE, "1")
    raw = tiny_pdf(TEXT + b"0 0 m\n" * 400_000)                  # a 2.4 MB content stream in a few KB
    assert len(raw) < 16_384
    with pytest.raises(InputError) as caught:
        pdf.read(raw, "bomb.pdf")
    assert "bomb.pdf" in str(caught.value) and "压缩炸弹" in str(caught.value) and "1 MB" in str(caught.value)
    assert "StreamTooLarge" not in str(caught.value)
    monkeypatch.setenv(pdf_miner.STREAM_MB_VARIABLE, "8")          # the bound raised: the page is read
    document = pdf.read(raw, "bomb.pdf")
    assert document.problems == [] and [block.text for block in document.blocks] == ["Annual report 2021"]
