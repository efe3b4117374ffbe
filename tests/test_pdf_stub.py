"""The tests' stand-in for PDF drawing (tests/pdf_stub.py) must read back as the real PDF does, or the tests that
read letters through it would prove nothing. Every letter of a complaint's stage 1 is drawn both ways here."""

from __future__ import annotations

import re
import subprocess

import pytest
import weasyprint

from tests import pdf_stub
from tests.complaints.test_letters import RECEIVED, acknowledge, respond

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


@pytest.mark.real_pdf
def test_the_stand_in_carries_the_real_letters_text_word_for_word_without_the_page_footers(
    log_complaint, officer, monkeypatch
):
    drawn = []
    draw = weasyprint.HTML.write_pdf

    def both(document, *args, **kwargs):
        pdf = draw(document, *args, **kwargs)
        drawn.append((pdf, pdf_stub.write_pdf(document)))
        return pdf

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", both)
    complaint = log_complaint(received_on=RECEIVED)
    acknowledge(officer, complaint)
    respond(officer, complaint)

    assert len(drawn) == 2
    for real, stand_in in drawn:
        real_text = text_of(real)
        assert re.search(r"Page 1 of \d", real_text)
        assert text_of(stand_in) == re.sub(r" ?Page \d+ of \d+", "", real_text)
        assert stand_in.startswith(b"%PDF-") and len(stand_in) < len(real)
