#!/bin/sh
# Make tests/data/forms/same-2021.pdf, the PDF fixture of the临溪 2022 report, from its DOCX fixture with
# LibreOffice, as an office would print a report to PDF. CI has no LibreOffice, so the PDF is committed;
# run this by hand after changing tests/support/docx_forms.py:
#
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk   # Debian 12
#   .venv/bin/python -m tests.support.docx_forms      # regenerates same-2021.docx and same-2019.docx
#   sh tests/support/make_pdf_fixture.sh
#
# The DOCX asks for 宋体; fontconfig has no such font here, so LibreOffice falls back to Noto Serif CJK
# for the Chinese glyphs and embeds it with a ToUnicode map: the text layer is real Chinese, which the
# check at the end confirms with pdfplumber.
set -eu
cd "$(dirname "$0")/../.."
forms=tests/data/forms
profile=$(mktemp -d)   # a throwaway LibreOffice profile, so the user's own is never touched
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$forms" \
    "$forms/same-2021.docx"
.venv/bin/python - "$forms/same-2021.pdf" <<'PY'
import sys

import pdfplumber

with pdfplumber.open(sys.argv[1]) as pdf:
    text = "\n".join(page.extract_text() or "" for page in pdf.pages)
for expected in ("临溪县自然资源局", "2.没有现成信息需要另行制作 1 0 0 0 0 0 1", "（七）总计 24 4 0 1 2 0 31", "本年收费金额（单位：万元）"):
    if expected not in text:
        sys.exit(f"{sys.argv[1]}: the text layer lacks {expected!r}; check the fonts (fonts-noto-cjk)")
print(f"{sys.argv[1]}: text layer checked")
PY
