"""The OCR engine: RapidOCR's PP-OCR models (shipped inside the `rapidocr-onnxruntime` wheel, run by
onnxruntime on the CPU), used in two ways: text detection on a page (the lines of the narrative), and
recognition of crops we cut ourselves (one line of one table cell).

Recognition is decoded here rather than by RapidOCR's decoder so that a reading carries the confidence of
its *least* certain character: a cell `108` whose middle digit the model doubts must not hide behind the
mean of three characters. Nothing is downloaded: the models are files of the installed package.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

INSTALL_HINT = "pip install 'report-lint[ocr]'"


class OcrUnavailable(Exception):
    """The optional OCR libraries are not installed."""


@dataclass(frozen=True)
class Reading:
    text: str
    confidence: float          # the lowest probability of any character read (1.0 for nothing read)


_ENGINE: "Engine | None" = None


def engine() -> "Engine":
    """One engine per process: loading the three models costs about a second."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine()
    return _ENGINE


def available() -> bool:
    """Whether the `ocr` extra is installed (looked up, not imported: importing it takes a second)."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("rapidocr_onnxruntime", "cv2", "pypdfium2", "PIL"))


class Engine:
    def __init__(self) -> None:
        try:
            import logging

            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise OcrUnavailable(str(exc)) from None
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        self._ocr = RapidOCR(print_verbose=False)
        self._rec = self._ocr.text_rec
        self._det = self._ocr.text_det
        self._chars: list[str] = self._rec.postprocess_op.character
        where = {ch: i for i, ch in enumerate(self._chars)}
        self._same_glyph = {where[digit]: [where[c] for c in group if c in where]
                            for digit, group in SAME_GLYPH.items() if digit in where}

    # ── detection ──────────────────────────────────────────────────────────────────────────────────
    def detect(self, image: Any) -> list[tuple[int, int, int, int]]:
        """Boxes (x0, y0, x1, y1) of the text lines of a BGR image."""
        boxes, _ = self._det(image)
        if boxes is None:
            return []
        out = []
        for quad in boxes:
            xs = [p[0] for p in quad]
            ys = [p[1] for p in quad]
            out.append((int(min(xs)), int(min(ys)), int(math.ceil(max(xs))), int(math.ceil(max(ys)))))
        return out

    # ── recognition ────────────────────────────────────────────────────────────────────────────────
    _min_ratio = 1.0

    def recognise(self, crops: list[Any], batch: int = 8) -> list[Reading]:
        """Read each crop (a BGR image of one line of text) as one line."""
        import numpy as np

        if not crops:
            return []
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / crops[i].shape[0])
        results: list[Reading] = [Reading("", 1.0)] * len(crops)
        channels, height, width = self._rec.rec_image_shape
        for start in range(0, len(order), batch):
            chunk = order[start:start + batch]
            ratio = max(self._min_ratio, *(crops[i].shape[1] / crops[i].shape[0] for i in chunk))
            tensor = np.concatenate([self._rec.resize_norm_img(crops[i], ratio)[np.newaxis, :] for i in chunk])
            preds = self._rec.session(tensor.astype(np.float32))[0]
            for i, pred in zip(chunk, preds):
                results[i] = self._decode(pred)
        return results

    def _decode(self, pred: Any) -> Reading:
        """Greedy CTC decoding. The confidence is the lowest of: each character's probability, and for
        each frame read as a gap, the gap's probability (a frame where a character was nearly read, like
        a faint lone `0`, makes the whole reading doubtful). A digit's probability counts the glyphs that
        are the same shape in print (`0` `o` `O`): a lone `0` in a numeric cell is not in doubt because
        the model hesitates between a zero and a letter o; it is in doubt when another digit is likely."""
        best = pred.argmax(axis=1).tolist()
        text: list[str] = []
        confidence = 1.0
        previous = -1
        for frame, index in enumerate(best):
            if index != 0 and index != previous:
                text.append(self._chars[index])
            same = self._same_glyph.get(index)
            p = float(pred[frame, same].sum()) if same is not None else float(pred[frame, index])
            confidence = min(confidence, p)
            previous = index
        return Reading("".join(text), float(confidence))


# Digits and the characters printed in the same shape, which the model confuses with them in a lone digit.
SAME_GLYPH = {"0": "0oO〇０Ｏ", "1": "1lI|１", "2": "2２", "3": "3３", "4": "4４", "5": "5５", "6": "6６",
              "7": "7７", "8": "8８", "9": "9９"}
