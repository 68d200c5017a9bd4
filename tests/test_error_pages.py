"""The error pages (issue 14, "Words and errors"): 400, 403 (with the access layer's reason and
on a failed CSRF check), 404 and 500, in Dutch by default and in English on request, with
the site's header and footer; the 500 page without a query (the database may be down)."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from bwk.errors import server_error
from locations.access.rules import DENIED, Area

pytestmark = pytest.mark.django_db


def _client(language: str = "nl", **kwargs) -> Client:
    client = Client(**kwargs)
    if language != "nl":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _page(response) -> str:
    html = response.content.decode()
    assert 'href="/toegankelijkheid/"' in html  # the footer: the page is in the site's frame
    assert "utrecht-page-header" in html
    return html


@pytest.mark.parametrize(
    ("language", "title"),
    [("nl", "Deze pagina bestaat niet (meer)"), ("en", "This page does not exist (any more)")],
)
def test_404_in_the_products_look(tenants, language, title):
    client = _client(language)
    client.force_login(tenants.a.coordinator)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = _page(response)
    assert title in html
    assert f'<html lang="{language}"' in html
    assert reverse("registrations:log") in html  # the navigation of the signed-in user


def test_404_of_another_organisations_object_says_nothing_about_it(client, tenants):
    client.force_login(tenants.a.board)
    response = client.get(reverse("locations:detail", args=[tenants.b.location.pk]))
    assert response.status_code == 404
    assert tenants.b.location.name not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title"),
    [("nl", "U heeft geen toegang tot deze pagina"), ("en", "You have no access to this page")],
)
def test_403_shows_the_access_layers_reason(tenants, language, title):
    client = _client(language)
    client.force_login(tenants.a.coordinator)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 403
    html = _page(response)
    assert title in html
    with translation.override(language):
        reason = str(DENIED[Area.OVERSIGHT])
    assert reason in html
    assert (reason == "Deze pagina is voor het bestuur en beheerders.") == (language == "nl")


@pytest.mark.parametrize(
    ("language", "title"),
    [("nl", "Het formulier is verlopen"), ("en", "The form has expired")],
)
def test_a_failed_csrf_check_answers_a_dutch_page(tenants, language, title):
    client = _client(language, enforce_csrf_checks=True)
    client.force_login(tenants.a.coordinator)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    html = _page(response)
    assert title in html
    assert "CSRF token" not in html  # Django's technical reason is not shown


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("nl", "Dit verzoek kunnen we niet verwerken"),
        ("en", "We cannot process this request"),
    ],
)
def test_400_for_a_request_for_another_host(language, title):
    response = _client(language).get("/", HTTP_HOST="niet-toegestaan.example")
    assert response.status_code == 400
    assert title in _page(response)


@pytest.mark.urls("tests.urls_error_pages")
@pytest.mark.parametrize(
    ("language", "title"),
    [("nl", "Er ging iets mis aan onze kant"), ("en", "Something went wrong on our side")],
)
def test_500_in_the_products_look(tenants, language, title):
    client = _client(language, raise_request_exception=False)
    client.force_login(tenants.a.coordinator)
    response = client.get("/stuk/")
    assert response.status_code == 500
    html = _page(response)
    assert title in html
    assert settings.BWK_CONTACT_EMAIL in html
    assert reverse("registrations:log") not in html  # no user is looked up: no navigation


def test_500_renders_without_a_query():
    request = RequestFactory().get("/")
    with translation.override("nl"), CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in response.content.decode()
    assert len(queries) == 0


def test_500_renders_when_the_database_is_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the 500 page asked the database")

    monkeypatch.setattr(connection, "cursor", refuse)
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
