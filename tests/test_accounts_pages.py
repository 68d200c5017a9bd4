"""Every URL pattern, the admin's and the account pages' included, for anonymous visitors
(issue 10: ``/beheer/login/`` answered 500 to them), and the account pages for every role.

An anonymous GET or POST of any pattern answers 200 (a page open to everyone: the login,
password reset), 302 (to the login page) or 404 (an object that does not exist), or 405
for a method the page does not have (400 for a login POST without the wizard's step
data, 401 from the API without a token); never a server error. URL arguments come from the
access matrix for the project's patterns and are filled with sample values elsewhere.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import MARKERS
from tests.test_access_matrix import PAGES

ANONYMOUS_ANSWERS = {200, 302, 404, 405}
#: The login wizards refuse a POST without their step data as a bad request (400).
MALFORMED_POST = {"login", "two_factor:login"}
#: The API answers a request without a token with 401 (docs/api.md).
TOKEN_NAMESPACE = "api:"
ROLES = ("coordinator", "board", "admin", "funder")

_ROUTE_ARG = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)")


def _route(pattern) -> str:
    """The URL piece of one pattern, its arguments replaced by sample values."""
    text = str(pattern.pattern)
    if isinstance(pattern.pattern, type(get_resolver().pattern)):  # a regular expression
        text = _REGEX_GROUP.sub(
            lambda m: m["body"].split("|")[0] if "|" in m["body"] else "1", text
        )
        return text.lstrip("^").rstrip("$").replace("\\", "")
    return _ROUTE_ARG.sub(lambda m: "MQ" if m["name"] == "uidb64" else "1", text)


def _all_urls(resolver: URLResolver | None = None, prefix: str = "/", namespace: str = ""):
    """(name, sample URL) for every URL pattern of the project, the admin's included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        here = prefix + _route(entry)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _all_urls(entry, here, full)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield name, here


def _urls(world) -> list[tuple[str, str]]:
    urls = []
    for name, sample in _all_urls():
        if name in PAGES and PAGES[name][0] is not None:
            urls.append((name, reverse(name, kwargs=PAGES[name][0](world))))
        else:
            urls.append((name, sample))
    return urls


def test_the_walk_reaches_the_admin_and_the_account_pages(world_a):
    names = {name for name, _url in _urls(world_a)}
    for name in (
        "admin:login",
        "admin:index",
        "admin:locations_membership_change",
        "login",
        "two_factor:setup",
        "accounts:password_reset",
        "accounts:password_reset_confirm",
        "registrations:day",
    ):
        assert name in names, name
    assert len(names) > 100


def test_no_page_answers_a_server_error_to_anonymous_visitors(client, world_a):
    client.raise_request_exception = False  # a server error is an answer to count here
    wrong = []
    for name, url in _urls(world_a):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            allowed = ANONYMOUS_ANSWERS | (
                {400} if method == "post" and name in MALFORMED_POST else set()
            )
            if name.startswith(TOKEN_NAMESPACE):
                allowed = allowed | {401}
            if response.status_code not in allowed:
                wrong.append((name, method, url, response.status_code))
    assert not wrong, wrong


def test_the_admin_login_page_sends_anonymous_visitors_to_the_one_login(client, db):
    response = client.get("/beheer/login/?next=/beheer/locations/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/beheer/locations/"
    # A POST of credentials to it logs nobody in: there is no admin login form.
    response = client.post("/beheer/login/", {"username": "x", "password": "y"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


ACCOUNT_PAGES = [
    "accounts:password_change",
    "accounts:password_change_done",
    "two_factor:profile",
    "two_factor:setup",
    "two_factor:backup_tokens",
]


@pytest.mark.parametrize("role", ROLES)
def test_account_pages_open_for_every_role_and_show_no_records(client, tenants, world_a, role):
    client.force_login(getattr(tenants.b, role))
    for name in ACCOUNT_PAGES:
        response = client.get(reverse(name))
        assert response.status_code in (200, 302), (name, response.status_code)
        body = response.content.decode()
        assert not [marker for marker in MARKERS if marker in body], name
