"""Files for upload tests that pass the upload checks because they are what they say: a PDF that parses."""

from __future__ import annotations

import io

from pypdf import PdfWriter


def pdf_bytes(title: str = "Evidence") -> bytes:
    """A one-page PDF whose title is `title`: different titles give different files (and digests)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
