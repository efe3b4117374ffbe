"""Tagged, accessible PDFs (PDF/UA-1) drawn from Django templates. Letters, self-assessments and reports all
come through here, so every PDF the product issues is tagged, titled and in British English."""

from __future__ import annotations

from typing import Any

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The template extends `pdf/base.html`, whose <title> and lang become the PDF's title and language."""
    html = render_to_string(template_name, context)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
