"""Scanned reports: images of report pages (`.png .jpg .jpeg .tif .tiff`), and the pages of a PDF that
have no text layer, read by OCR (ocr_page) into the same items the PDF reader lays out, so paragraphs,
tables, labels, templates and rules need nothing new.

The OCR stack (rapidocr-onnxruntime, onnxruntime, OpenCV, pypdfium2, Pillow) is the optional extra
`pip install 'report-lint[ocr]'`; its models are files inside the rapidocr wheel, never downloaded.
Pages are rendered and read one at a time, so memory stays that of one page. `REPORT_LINT_OCR`
(set by `--ocr`) is `auto` (OCR the pages without text: the default), `always` (OCR every page, the text
layer ignored) or `never`.
"""

from __future__ import annotations

import io
import math
import os
import sys
from typing import TYPE_CHECKING, Any, Iterator

from checker.builtin_findings import READ_NO_TEXT
from checker.diagnostics import Diagnostic, Location
from checker.errors import InputError
from checker.readers.ocr_engine import INSTALL_HINT, engine

if TYPE_CHECKING:
    from checker.readers.ocr_page import PageRead

MODES = ("auto", "always", "never")
MODE_VARIABLE = "REPORT_LINT_OCR"
A4_WIDTH_PT = 595.0
PDF_DPI = 200          # a scanned page is rendered at its image's own resolution, else at this one
# A page rendered for OCR holds at most this many pixels: an A3 page at 300 dpi is 17 million; a damaged
# page box of 5 by 5 metres at 150 dpi would be 2.4 billion, gigabytes of memory: such a file is refused.
MAX_PAGE_PIXELS = 40_000_000

def ocr_mode() -> str:
    value = os.environ.get(MODE_VARIABLE, "auto").strip().lower()
    return value if value in MODES else "auto"


def no_text_finding(name: str, pages: int, why: str) -> Diagnostic:
    """READ-NO-TEXT for a scan that is not OCR'd (saying how to have it read), or where OCR found nothing."""
    return READ_NO_TEXT.diagnostic(why, Location(file=name, page=1 if pages else None))


def unavailable_message(what: str) -> str:
    return (f"{what}，可能是扫描件；未安装文字识别（OCR）组件，无法读取。"
            f"安装 {INSTALL_HINT} 后即可识别，或提供可复制文字的 PDF 或原始文档")


def image_pages(raw: bytes, name: str) -> Iterator[tuple[int, PageRead]]:
    """OCR each frame of an image file, one at a time; the page is taken to be A4 wide."""
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from checker.readers.ocr_page import read_page   # only when a page is OCR'd: a text PDF never needs it

    try:
        picture = Image.open(io.BytesIO(raw))
        count = getattr(picture, "n_frames", 1)
    except UnidentifiedImageError:
        raise InputError(name, "is a binary file that starts like an image but is not a readable one "
                               "(damaged or truncated)") from None
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(name, f"is a binary file that is not a readable image ({type(exc).__name__}: {exc})") from None
    ocr_engine = engine()
    with Progress(count, name) as progress:
        try:
            for number, frame in enumerate(ImageSequence.Iterator(picture), start=1):
                rgb = frame.convert("RGB")
                image = np.array(rgb)[:, :, ::-1].copy()
                yield number, read_page(image, number, rgb.size[0] / A4_WIDTH_PT, ocr_engine)
                progress.advance()
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            raise InputError(name, f"is a binary file that is not a readable image ({type(exc).__name__}: {exc})") from None


def pdf_pages(raw: bytes, name: str, numbers: list[int]) -> Iterator[tuple[int, PageRead]]:
    """OCR the given pages (1-based) of a PDF, rendering one page at a time."""
    import numpy as np
    import pypdfium2

    from checker.readers.ocr_page import read_page

    ocr_engine = engine()
    try:
        document = pypdfium2.PdfDocument(raw)
    except pypdfium2.PdfiumError as exc:
        raise InputError(name, f"不是可读取的 PDF（{exc}）") from None
    try:
        with Progress(len(numbers), name) as progress:
            for number in numbers:
                try:
                    page = document[number - 1]
                    scale = _render_scale(page)
                    if _pixels(page, scale) > MAX_PAGE_PIXELS:
                        width, height = page.get_size()
                        raise InputError(name, f"不是可读取的 PDF（第{number}页的页面尺寸 {width:.0f}×{height:.0f} 点"
                                               f"远超报告的纸张，无法按扫描件识别）")
                    bitmap = page.render(scale=scale, grayscale=False)
                    image = np.array(bitmap.to_pil().convert("RGB"))[:, :, ::-1].copy()
                    bitmap.close()
                    page.close()
                except (pypdfium2.PdfiumError, IndexError, ValueError) as exc:   # a damaged page
                    raise InputError(name, f"不是可读取的 PDF（第{number}页无法渲染：{exc}）") from None
                yield number, read_page(image, number, scale, ocr_engine)
                progress.advance()
    finally:
        document.close()


def _render_scale(page: Any) -> float:
    """A scanned page at the resolution it was scanned at (between 150 and 300 dpi); PDF_DPI otherwise."""
    import pypdfium2.raw as pdfium_c

    width_pt = page.get_width() or A4_WIDTH_PT
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            pixels = obj.get_px_size()[0]
            left, _, right, _ = obj.get_pos()
        except Exception:        # an image pdfium cannot measure: fall back to the default
            continue
        if right - left > 0.5 * width_pt:
            best = max(best, pixels / (right - left) * 72)
    dpi = min(300.0, max(150.0, best)) if best else PDF_DPI
    return dpi / 72


def _pixels(page: Any, scale: float) -> float:
    """How many pixels the page rendered at `scale` would hold (infinite for a page box that is not a size)."""
    width, height = page.get_size()
    area = abs(width * height) * scale * scale
    return area if math.isfinite(area) else math.inf


class Progress:
    """A progress bar per page on stderr, only on a terminal and only in the main process (a batch's
    workers and piped output show none)."""

    def __init__(self, total: int, name: str):
        import multiprocessing    # not at module level: checking a text report imports none of it

        self._progress = None
        if total < 1 or multiprocessing.current_process().name != "MainProcess" or not sys.stderr.isatty():
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(TextColumn(f"[bold]文字识别 {os.path.basename(name)}"), BarColumn(),
                                  MofNCompleteColumn(), TextColumn("页"), console=Console(stderr=True),
                                  transient=True)
        self._task = self._progress.add_task("", total=total)

    def __enter__(self) -> "Progress":
        if self._progress:
            self._progress.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._progress:
            self._progress.stop()

    def advance(self) -> None:
        if self._progress:
            self._progress.update(self._task, advance=1)
