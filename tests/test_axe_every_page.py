"""axe-core over every page of the app, for every role, on a desktop and a phone (issue 14,
"Accessibility: WCAG 2.2 AA, zero axe violations").

The pages come from the URL resolver (tests/test_cross_tenant.py ``all_patterns``: every named
project pattern outside the admin, which has its own test), their path parameters filled with
organisation a's objects of ``world_a`` (tests/conftest.py) the way the access matrix fills
them (tests/test_access_matrix.py ``PAGES``, which a new pattern must join anyway). A role
visits every page the matrix says it may GET; a pattern that no role visits must be listed,
with its reason, in :data:`NOT_HTML`, so a new page is covered without anyone remembering it.

On each page every ``<details>`` is opened, and on the pages with the participant picker a
code is typed until its suggestions show, before axe-core (tests/axe.py) runs at 1280x800 and
390x844 (one browser, one context per role, the viewport switched on the same page).
"""

from __future__ import annotations

import os
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from locations.accounts.policy import two_factor_required
from tests.axe import axe_violations
from tests.test_access_matrix import OK, PAGES, ROLES
from tests.test_cross_tenant import OBJECT_QUERY, all_patterns

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless:
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

#: Patterns no role opens as a page here, and why (each is still in the access matrix).
NOT_HTML = {
    # Files: a download, not a page.
    "agreements:file": "the agreement as a YAML file",
    "reports:issued_file": "an issued report's PDF or Excel file",
    "registrations:privacy_export": "POST only: everything about a person as a file",
    "calendar:feed": "iCalendar feed (text/calendar), by token",
    "registrations:import_template_csv": "the import's template as a CSV file",
    "registrations:import_template_xlsx": "the import's template as an Excel file",
    "reports:plan_excel": "a multi-year plan against realised as an Excel file",
    # HTML, but only with an upload held in the uploader's session: axe runs on it (with and
    # without problems) in registrations/tests/test_import_browser.py.
    "registrations:import_preview": "the import's preview of an uploaded file",
    # POST-only endpoints (a GET answers 405).
    "registrations:participant_search": "POST only: the picker's JSON suggestions",
    "registrations:undo": "POST only: undoes a delete, then redirects",
    "reports:issue": "POST only: issues a report, then redirects",
    "reports:request_file": "POST only: asks for a report file, then redirects",
    "reports:file_retry": "POST only: asks for a file again, then redirects",
    "registrations:privacy_erase": "POST only: erases a person, then redirects",
    # The API: JSON for funders' systems (its browsable documentation page is checked).
    "api:agreement_list": "JSON",
    "api:agreement_detail": "JSON",
    "api:issued_list": "JSON",
    "api:issued_detail": "JSON",
    "api:issued_figures": "JSON",
    "api:issued_file": "a file",
    "api:schema": "the OpenAPI schema (YAML)",
}

#: Pages that are HTML but not ours to fix, and why. Known, left for a follow-up: the API's
#: documentation page is Swagger UI (drf-spectacular's template and swagger-ui's own DOM and
#: CSS: nested-interactive, colour contrast, target size, no lang on <html>), read by the
#: developers of funders' systems, not by the app's users.
THIRD_PARTY = {"api:docs": "Swagger UI (drf-spectacular)"}

#: Pages the matrix GETs without their query (404), readable with it: who reads them then.
WITH_QUERY = {
    "reports:trace": ("coordinator", "board", "admin"),
    "reports:group_trace": ("coordinator", "board", "admin"),
}

#: (the picker's search box, the code's part typed) on pages that have one; matched by CSS.
PICKERS = ("input[role=combobox]", "GEHEIM")

#: The two viewports every page is checked at.
VIEWPORTS = ({"width": 1280, "height": 800}, {"width": 390, "height": 844})

OPEN_EVERYTHING = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


def _log_in(page, live_server, user) -> None:
    needs_code = two_factor_required(user)
    if needs_code:  # set up before the login, or it would ask to set one up
        device = TOTPDevice.objects.get_or_create(user=user, name="default", confirmed=True)[0]
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")
    if needs_code:
        page.fill("#id_token-otp_token", f"{totp(device.bin_key):06d}")
        page.click("button[type=submit]")
    expect(page).not_to_have_url(f"{live_server.url}/inloggen/")


def _pages_for(role: str, world) -> list[tuple[str, str]]:
    """(URL name, path) of every page ``role`` of organisation a may GET, outside NOT_HTML."""
    pages = []
    for name, pattern in all_patterns():
        if name in NOT_HTML or name in THIRD_PARTY or name not in PAGES:
            continue
        kwargs, get, *_ = PAGES[name]
        if get[role] != OK and role not in WITH_QUERY.get(name, ()):
            continue
        path = reverse(name, kwargs=kwargs(world) if kwargs else None)
        if pattern.pattern.converters:
            path += OBJECT_QUERY.get(name, lambda w: "")(world)
        pages.append((name, path))
    return pages


def _show_suggestions(page) -> None:
    """Type a part of world a's participant code into each picker and wait for the list."""
    selector, typed = PICKERS
    boxes = page.locator(selector)
    for index in range(boxes.count()):
        box = boxes.nth(index)
        if not box.is_visible():
            continue
        box.fill(typed)
        listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
        expect(listbox.locator("[role=option]").first).to_be_visible()


@pytest.mark.browser
def test_every_page_for_every_role_has_no_axe_violation(
    browser_page, live_server, tenants, world_a
):
    started = time.monotonic()
    checked: set[str] = set()
    found: list[str] = []
    for role in ROLES:
        user = getattr(tenants.a, role)
        page = browser_page(*VIEWPORTS[0].values())
        _log_in(page, live_server, user)
        for name, path in _pages_for(role, world_a):
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.ok, (role, path, response and response.status)
            kind = response.headers.get("content-type", "")
            assert kind.startswith("text/html"), f"{name} is {kind}: list it in NOT_HTML"
            page.evaluate(OPEN_EVERYTHING)
            _show_suggestions(page)
            for viewport in VIEWPORTS:
                page.set_viewport_size(viewport)
                for violation in axe_violations(page):
                    targets = [node["target"] for node in violation["nodes"]][:5]
                    found.append(
                        f"{role} {viewport['width']}px {path}: {violation['id']}"
                        f" ({violation['impact']}) {violation['help']} {targets}"
                    )
            page.set_viewport_size(VIEWPORTS[0])
            checked.add(name)
        page.context.close()
    listed = NOT_HTML.keys() | THIRD_PARTY.keys()
    unchecked = [name for name, _ in all_patterns() if name not in checked | listed]
    assert not unchecked and not found, "\n".join(
        [f"pages neither checked nor listed in NOT_HTML: {unchecked}", *found]
    )
    seconds = time.monotonic() - started
    print(f"axe over {len(checked)} patterns, 4 roles, 2 viewports: {seconds:.0f} s")
