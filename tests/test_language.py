"""The interface is Dutch by default, whatever the browser asks; English on request."""

from django.conf import settings
from django.urls import reverse


def test_dutch_by_default_even_for_an_english_browser(client, tenants):
    client.force_login(tenants.a.board)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl"' in response.content.decode()


def test_the_language_switch_chooses_english(client, tenants):
    client.force_login(tenants.a.board)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(reverse("home"))
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en"' in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_dutch(client, tenants):
    client.force_login(tenants.a.board)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(reverse("home")).headers["Content-Language"] == "nl"
