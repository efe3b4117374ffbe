"""The landlord's identity on every page: name, logo and contact details come from settings, not templates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def landlord(request: HttpRequest) -> dict[str, Any]:
    return {
        "LANDLORD_NAME": settings.LANDLORD_NAME,
        "LANDLORD_LOGO_URL": settings.LANDLORD_LOGO_URL,
        "LANDLORD_PHONE": settings.LANDLORD_PHONE,
        "LANDLORD_EMAIL": settings.LANDLORD_EMAIL,
        "LANDLORD_ADDRESS": settings.LANDLORD_ADDRESS,
    }
