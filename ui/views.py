from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=3600, public=True)
def brand_css(request: HttpRequest) -> HttpResponse:
    """The landlord's colours as CSS custom properties, served as a file so pages need no inline styles
    (a strict Content Security Policy forbids them). The colours are validated when settings load."""
    css = (
        ":root{"
        f"--govuk-brand-colour:{settings.LANDLORD_BRAND_COLOUR};"
        f"--landlord-header-colour:{settings.LANDLORD_HEADER_COLOUR};"
        "}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")
