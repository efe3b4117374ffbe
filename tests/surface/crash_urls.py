"""The real URL conf with its error handlers, plus a view that crashes, for tests/surface/test_error_pages.py."""

from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as real_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def crash(request):
    raise RuntimeError("A bug, with a detail nobody outside should read")


urlpatterns = [path("api/v1/crash/", crash), path("crash/", crash), *real_urlpatterns]
