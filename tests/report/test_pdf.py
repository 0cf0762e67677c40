"""The PDF: printed by WeasyPrint from the same HTML, A4, with the figures in its text."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

A4 = (595, 842)  # points


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def pdfs():
    from report_text import GENERATED_ON
    from seed_results import seed_results

    from opsreport.indicators import Period
    from opsreport.report import render_from_results

    period = Period.parse("2023-08..2023-09")
    return {
        lang: render_from_results(
            seed_results(), None, period, lang, "pdf", generated_on=GENERATED_ON
        )
        for lang in ("en", "es")
    }


def test_the_pdf_is_a_pdf_on_a4_pages(pdfs):
    for pdf in pdfs.values():
        assert pdf.startswith(b"%PDF-")
        reader, _ = pdf_text(pdf)
        assert 1 <= len(reader.pages) <= 4
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4


@pytest.mark.parametrize(
    "figure",
    ["196 staff members", "153 of which are national", "43 are international",
     "3 offices in Panama City", "one sub-office", "five regions", "more than 10 sites",
     "112", "1,432", "164", "July Flow Monitoring Survey", "78%", "62%", "More than 60%",
     "continue to be the main motivation", "309", "7,663", "Sweden"],
)  # fmt: skip
def test_the_english_pdf_contains_the_figures(pdfs, figure):
    _, text = pdf_text(pdfs["en"])
    assert figure in text


@pytest.mark.parametrize(
    "figure",
    ["196 personas funcionarias", "una suboficina", "cinco regiones", "más de 10 sitios",
     "1.432", "julio", "Más del 60", "siguen siendo", "7.663", "Suecia"],
)  # fmt: skip
def test_the_spanish_pdf_contains_the_figures(pdfs, figure):
    _, text = pdf_text(pdfs["es"])
    assert figure in text


def test_every_page_has_its_number_and_the_data_cut_off(pdfs):
    reader, _ = pdf_text(pdfs["en"])
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = re.sub(r"\s+", " ", page.extract_text())
        assert f"Page {number} of {total}" in text
        assert "Data as of 30 September 2023" in text
    reader, _ = pdf_text(pdfs["es"])
    assert "Página 1 de" in reader.pages[0].extract_text()
