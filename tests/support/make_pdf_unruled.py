"""Make tests/data/forms/pdf-unruled-*.pdf: reports whose tables are printed without any rulings, so the
PDF reader must rebuild rows from the words' positions alone (checker/readers/pdf_rows.py).

The reports are the DOCX fixtures' (tests/support/docx_forms.py) with every table's borders taken away,
printed to PDF by LibreOffice. CI has no LibreOffice, so the PDFs are committed; run this by hand:

    apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk
    .venv/bin/python -m tests.support.make_pdf_unruled
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.docx_forms import FORMS, mazhu_2020, render
from tests.support.samples import linxi_2022


def borderless(docx: bytes) -> bytes:
    """The same document with its tables in Word's borderless "Normal Table" style."""
    from docx import Document

    document = Document(io.BytesIO(docx))
    for table in document.tables:
        table.style = document.styles["Normal Table"]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def print_to_pdf(docx: bytes, target: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / f"{target.stem}.docx"
        source.write_bytes(docx)
        profile = Path(work) / "profile"   # a throwaway LibreOffice profile, never the user's own
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", work, str(source)], check=True, capture_output=True, timeout=300)
        shutil.copyfile(Path(work) / f"{target.stem}.pdf", target)


def main() -> None:
    print_to_pdf(borderless(render(linxi_2022(), split_applications_before=("results", "withheld", "state_secret"))),
                 FORMS / "pdf-unruled-2021.pdf")
    print_to_pdf(borderless(render(mazhu_2020())), FORMS / "pdf-unruled-2019.pdf")


if __name__ == "__main__":
    main()
