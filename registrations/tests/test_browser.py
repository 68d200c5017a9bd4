"""The log page in real headless Chromium on a phone-sized screen (390 x 844)."""

import os

import pytest
from playwright.sync_api import expect

from locations.access import system_scope
from registrations.factories import ParticipantFactory
from registrations.models import Session

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless:
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SCREENSHOT = "/tmp/log-page-390.png"  # noqa: S108 (a fixed path to look at by hand)


@pytest.fixture
def page(browser_page):
    return browser_page(390, 844)


@pytest.mark.browser
def test_coordinator_logs_a_session_on_a_phone(page, live_server, tenants):
    known = ParticipantFactory(home_location=tenants.a.location, code="CJM-0042", nickname="Anita")

    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", "a-coordinator")
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/registratie/")

    # The no-JS textareas are replaced by the picker.
    expect(page.locator("#participant-search")).to_be_visible()
    expect(page.locator("#id_participants")).to_be_hidden()

    page.select_option("#id_category", "social")
    page.fill("#id_title", "Koffie-inloop")
    page.fill("#id_anonymous_count", "2")

    # A code is found by any part of it (issue 14): "0042" finds CJM-0042.
    page.locator("#participant-search").press_sequentially("0042", delay=20)
    expect(page.get_by_role("option", name="CJM-0042 · Anita")).to_be_visible()
    page.fill("#participant-search", "")
    page.locator("#participant-search").press_sequentially("cjm-00", delay=20)
    suggestion = page.get_by_role("option", name="CJM-0042 · Anita")
    suggestion.click()
    expect(page.locator("#participant-chips li")).to_have_count(1)

    page.locator("#participant-search").press_sequentially("NIEUW-7", delay=20)
    page.get_by_role("button", name="Nieuwe deelnemer aanmaken").click()
    expect(page.locator("#new-participant-code")).to_have_value("NIEUW-7")
    page.fill("#new-participant-nickname", "Bram")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#participant-chips li")).to_have_count(2)
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Opgeslagen")
    row = page.locator("#day-list tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("2")
    expect(row.locator("td").nth(2)).to_have_text("2")

    session = Session.unscoped.get()
    assert (session.location, session.category, session.title, session.anonymous_count) == (
        tenants.a.location,
        "social",
        "Koffie-inloop",
        2,
    )
    with system_scope():
        codes = sorted(session.participants.values_list("code", "nickname"))
        pks = list(session.participants.values_list("pk", flat=True))
    assert codes == [("CJM-0042", "Anita"), ("NIEUW-7", "Bram")]
    assert known.pk in pks


@pytest.mark.browser
def test_enter_before_the_suggestions_arrive_never_offers_to_create_an_existing_code(
    page, live_server, tenants
):
    """Issue 14: a full existing code typed and Enter pressed at once (before the 150 ms
    pause of the search, let alone its answer) adds that participant; the offer to create a
    new one appears only when the server answered that there is none."""
    ParticipantFactory(home_location=tenants.a.location, code="CJM-0041", nickname="Anita")
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", "a-coordinator")
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/registratie/")
    search = page.locator("#participant-search")
    search.fill("cjm-0041")
    search.press("Enter")
    expect(page.locator("#participant-chips li")).to_have_count(1)
    expect(page.locator("#participant-chips li")).to_contain_text("CJM-0041 · Anita")
    expect(page.locator("#participant-chips li.new")).to_have_count(0)
    expect(page.locator("#new-participant")).to_be_hidden()
    expect(page.locator("#new-participant-open")).to_be_hidden()
    assert page.locator("#id_participants").input_value() == "CJM-0041"
    assert page.locator("#id_new_participants").input_value() == ""

    # An unknown code, Enter at once: the server answers none, then the offer to create it.
    search.fill("NIEUW-8")
    search.press("Enter")
    expect(page.locator("#new-participant")).to_be_visible()
    expect(page.locator("#new-participant-code")).to_have_value("NIEUW-8")
