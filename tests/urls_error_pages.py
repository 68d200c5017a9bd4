"""The project's URLs and error handlers plus one page that fails (tests/test_error_pages.py)."""

from django.urls import path

from bwk.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def _fails(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, path("stuk/", _fails)]
