"""No file under MEDIA_ROOT is served publicly, with DEBUG on as well (issue 10): report files
and issued reports are downloaded only through views that ask the access layer."""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver
from django.views.static import serve

import bwk.urls


@pytest.fixture
def debug_urls(settings, tmp_path):
    """The URL configuration as loaded with DEBUG on, and a report file in MEDIA_ROOT."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "voortgang.pdf").write_bytes(b"%PDF-1.7 secret")
    importlib.reload(bwk.urls)
    clear_url_caches()
    yield tmp_path
    settings.DEBUG = False
    importlib.reload(bwk.urls)
    clear_url_caches()


def _callbacks(resolver: URLResolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_no_url_serves_files_with_debug_on(debug_urls):
    assert [p for p in _callbacks(get_resolver()) if p.callback is serve] == []


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["/media/", "/static/../media/", "/archive/"])
def test_a_media_file_is_not_downloadable_with_debug_on(client, debug_urls, prefix, tenants):
    for user in (None, tenants.a.board, tenants.a.admin):
        if user is not None:
            client.force_login(user)
        response = client.get(f"{prefix}reports/voortgang.pdf")
        assert response.status_code == 404
        assert b"secret" not in response.content
