"""Make the PDF reader's layout variants in tests/data/forms/, from the DOCX fixtures' reports
(tests/support/docx_forms.py) printed to PDF by LibreOffice:

- pdf-unruled-2021.pdf, pdf-unruled-2019.pdf: every table's borders taken away, so rows must be rebuilt
  from the words' positions alone (checker/readers/pdf_rows.py);
- pdf-repeated-header-2021.pdf: table 三's three header rows marked "repeat as header row" (w:tblHeader),
  so the printed table carries them again at the top of the next page.

CI has no LibreOffice, so the PDFs are committed; run this by hand:

    apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk
    .venv/bin/python -m tests.support.make_pdf_variants
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


def repeating_header(docx: bytes, table_index: int, header_rows: int) -> bytes:
    """The same document with the first rows of one table repeated at the top of every page it runs onto."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(docx))
    for row in document.tables[table_index].rows[:header_rows]:
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(marker)
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
    print_to_pdf(repeating_header(render(linxi_2022()), table_index=1, header_rows=3),
                 FORMS / "pdf-repeated-header-2021.pdf")


if __name__ == "__main__":
    main()
