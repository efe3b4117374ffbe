"""Reading issued PDFs back, as a resident's PDF reader or screen reader would: poppler's pdftotext and pdfinfo
(installed by bin/test)."""

from __future__ import annotations

import io
import math
import subprocess

from pypdf import PdfReader

from complaints.models import Document


def _read(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def pdf_text(document: Document) -> str:
    """The text of the PDF, with runs of whitespace (line and page breaks) folded to single spaces."""
    text = subprocess.run(["pdftotext", "-", "-"], input=_read(document), capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def pdf_info(document: Document) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", "-"], input=_read(document), capture_output=True, check=True).stdout
    pairs = (line.split(":", 1) for line in output.decode().splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def pdf_lines(document: Document) -> list[str]:
    """The PDF's lines of text as pdftotext reads them (reading order, not layout), blank lines left out."""
    text = subprocess.run(["pdftotext", "-", "-"], input=_read(document), capture_output=True, check=True).stdout
    return [" ".join(line.split()) for line in text.decode().splitlines() if line.strip()]


def pdf_pages(document: Document) -> list[str]:
    """The text of each page, whitespace folded as pdf_text does."""
    text = subprocess.run(["pdftotext", "-", "-"], input=_read(document), capture_output=True, check=True).stdout
    return [" ".join(page.split()) for page in text.decode().split("\f") if page.strip()]


def pdf_font_sizes(document: Document) -> list[tuple[float, str]]:
    """Each run of text drawn, with the size it is drawn at in points (the font size scaled by the text and
    transformation matrices, as a reader sees it)."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            runs.append((round(size * scale, 1), text.strip()))

    for page in PdfReader(io.BytesIO(_read(document))).pages:
        page.extract_text(visitor_text=visit)
    return runs
