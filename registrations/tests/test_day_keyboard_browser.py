"""A coordinator logs a session with three participants on the day page, on a phone (390 x
844) in real headless Chromium (issue 14, "Tests" and "Accessibility"):

- with touch-like clicks: the saved session shows the three, and the confirmation is where the
  user is looking (inside the screen) and has the focus, so a screen reader reads it out;
- with the keyboard only (Tab, typing, ArrowDown, Enter; no mouse): the participant picker
  takes three codes, the form is saved, and the focus is visible at every step.

axe-core (tests/axe.py) checks the page before and after the save, the suggestions shown."""

import datetime
import os

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from locations.access import system_scope
from registrations.factories import ParticipantFactory
from registrations.models import Session
from tests.axe import assert_no_axe_violations
from tests.keyboard import focus_is_visible, focused, tab_to

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless:
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

DAY = datetime.date(2019, 3, 14)
CODES = ["CJM-0041", "CJM-0042", "CJM-0043"]

#: Whether the element in the page is wholly inside the viewport.
IN_VIEWPORT = """(el) => {
  const box = el.getBoundingClientRect();
  return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight &&
    box.right <= window.innerWidth && box.height > 0;
}"""


@pytest.fixture
def day_page(browser_page, live_server, tenants):
    """a's coordinator signed in (by keyboard: typed, Tab, Enter) on the phone-sized day page of
    14-03-2019 at their room, where three participants of the room exist (``CODES``)."""
    location = tenants.a.location
    with system_scope():
        for code in CODES:
            ParticipantFactory(home_location=location, code=code)
    page = browser_page(390, 844)
    page.goto(f"{live_server.url}/inloggen/")
    page.locator("#id_username").focus()
    page.keyboard.type(tenants.a.coordinator.username)
    page.keyboard.press("Tab")
    page.keyboard.type("test-password-123")
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(f"{live_server.url}/inloggen/")
    url = reverse("registrations:day", kwargs={"location_id": location.pk, "date": DAY.isoformat()})
    page.goto(f"{live_server.url}{url}")
    return page


def _saved_codes() -> list[str]:
    session = Session.unscoped.get()
    with system_scope():
        return sorted(session.participants.values_list("code", flat=True))


def _assert_confirmation_in_view_and_focused(page) -> None:
    notice = page.locator("#section-session .notice")
    expect(notice).to_have_text("Opgeslagen.")
    expect(notice).to_be_focused()
    # Where the page comes to rest (the page may still be settling for a frame or two).
    try:
        page.wait_for_function(IN_VIEWPORT, arg=notice.element_handle(), timeout=3000)
    except PlaywrightTimeoutError:
        raise AssertionError(
            f"the confirmation is outside the screen: {notice.bounding_box()}"
        ) from None


def test_a_session_with_three_participants_on_a_phone_confirms_where_the_user_looks(day_page):
    page = day_page
    form = page.locator("#add-session")
    search = form.locator("[data-role=search]")
    expect(search).to_be_visible()
    form.locator("select").select_option("social")
    assert_no_axe_violations(page)
    for code in CODES:
        search.fill("")
        search.press_sequentially(code.lower(), delay=10)
        search.press("Enter")
        expect(search).to_have_value("")
    expect(form.locator("[data-role=chips] li")).to_have_count(3)
    form.get_by_role("button", name="Opslaan").click()

    _assert_confirmation_in_view_and_focused(page)
    row = page.locator("#section-session .day-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(", ".join(CODES))
    assert _saved_codes() == CODES
    assert_no_axe_violations(page)


def test_a_session_with_three_participants_by_keyboard_only(day_page):
    page = day_page
    form = page.locator("#add-session")
    expect(form.locator("[data-role=search]")).to_be_visible()
    # From the top of the page, Tab to the first field of the session form.
    page.locator("body").focus()
    tab_to(page, "#add-session input[name$=title]")
    assert focus_is_visible(page), focused(page)
    page.keyboard.type("Koffie-inloop")
    tab_to(page, "#add-session [data-role=search]")
    assert focus_is_visible(page), focused(page)
    for code in CODES:
        # The code typed, the first suggestion highlighted with ArrowDown, Enter adds it.
        page.keyboard.type(code.lower())
        expect(form.get_by_role("listbox").get_by_role("option").first).to_contain_text(code)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        expect(form.locator("[data-role=search]")).to_have_value("")
        expect(form.locator("[data-role=search]")).to_be_focused()
    participants = form.locator(".nojs-participants textarea").first
    assert participants.input_value().split() == CODES
    tab_to(page, "#add-session button[type=submit]")
    assert focus_is_visible(page), focused(page)
    page.keyboard.press("Enter")

    # No kind of activity chosen: the form comes back with the focus on that field, in view.
    category = page.locator("#add-session select").first
    expect(category).to_be_focused()
    assert category.evaluate(IN_VIEWPORT)
    expect(page.locator("#add-session")).to_contain_text("Kies een soort activiteit.")
    assert not Session.unscoped.exists()
    page.keyboard.press("ArrowDown")  # the first kind: social
    expect(category).to_have_value("social")
    tab_to(page, "#add-session button[type=submit]")
    page.keyboard.press("Enter")

    _assert_confirmation_in_view_and_focused(page)
    expect(page.locator("#section-session .day-row")).to_contain_text("Koffie-inloop")
    assert _saved_codes() == CODES
    # The focus stays usable: Tab from the confirmation goes on to a visible control.
    page.keyboard.press("Tab")
    assert focused(page)["tag"] != "body"
    assert focus_is_visible(page), focused(page)
