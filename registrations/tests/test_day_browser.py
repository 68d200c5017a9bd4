"""The day page in real headless Chromium on a phone-sized screen (390 x 844): log a session
with five known participants by typing their codes (Enter adds), see it appear without a page
reload, then delete a job and undo it."""

import datetime
import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from locations.access import system_scope
from registrations.factories import JobFactory, ParticipantFactory
from registrations.models import Job, Session

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless:
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

DAY = datetime.date(2019, 3, 14)
SCREENSHOT = "/tmp/day-page-390.png"  # noqa: S108 (a fixed path to look at by hand)


@pytest.fixture
def page(browser_page):
    return browser_page(390, 844)


def _login(page, live_server):
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", "a-coordinator")
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")


@pytest.mark.browser
def test_log_a_session_with_five_participants_and_undo_a_deleted_job(page, live_server, tenants):
    location = tenants.a.location
    codes = [f"CJM-00{n}" for n in range(11, 16)]
    for code in codes:
        ParticipantFactory(home_location=location, code=code)
    JobFactory(location=location, date=DAY, description="Lamp opgehangen")
    url = reverse("registrations:day", kwargs={"location_id": location.pk, "date": "2019-03-14"})

    _login(page, live_server)
    page.goto(f"{live_server.url}{url}")
    # A marker on the window: it survives htmx swaps but not a page reload.
    page.evaluate("window.notReloaded = true")

    form = page.locator("#add-session")
    expect(form.locator("[data-role=search]")).to_be_visible()
    expect(form.locator("textarea")).to_have_count(2)
    expect(form.locator(".nojs-participants")).to_be_hidden()
    form.locator("select").select_option("social")
    form.get_by_label("Titel (optioneel)").fill("Koffie-inloop")
    search = form.locator("[data-role=search]")
    for code in codes:
        search.press_sequentially(code.lower(), delay=10)
        search.press("Enter")
        expect(search).to_have_value("")
    expect(form.locator("[data-role=chips] li")).to_have_count(5)
    page.screenshot(path=SCREENSHOT, full_page=True)
    form.get_by_role("button", name="Opslaan").click()

    section = page.locator("#section-session")
    expect(section.locator(".notice")).to_have_text("Opgeslagen.")
    expect(section.locator(".day-row")).to_have_count(1)
    expect(section.locator(".day-row")).to_contain_text("5 deelnemers: " + ", ".join(codes))
    assert page.evaluate("window.notReloaded") is True
    session = Session.unscoped.get()
    with system_scope():
        assert sorted(session.participants.values_list("code", flat=True)) == codes
    # The fresh add form is ready for the next session (picker set up on the swapped form).
    expect(page.locator("#add-session [data-role=search]")).to_be_visible()

    jobs = page.locator("#section-job")
    jobs.get_by_role("link", name="Verwijderen").click()
    jobs.get_by_role("button", name="Ja, verwijderen").click()
    expect(jobs.locator(".undo")).to_contain_text("Verwijderd: ")
    expect(jobs.locator(".day-row")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    assert not Job.unscoped.exists()

    page.locator("#section-job").get_by_role("button", name="Ongedaan maken").click()
    expect(page.locator("#section-job .day-row")).to_have_count(1)
    expect(page.locator("#section-job .day-row")).to_contain_text("Lamp opgehangen")
    assert Job.unscoped.get().description == "Lamp opgehangen"


@pytest.mark.browser
def test_the_day_pages_picker_finds_a_code_by_any_part_of_it(page, live_server, tenants):
    """Issue 14: "41" finds CJM-0041 in the day page's picker, shown as a listbox option
    (the WAI-ARIA combobox pattern) and added with the arrow key and Enter."""
    location = tenants.a.location
    ParticipantFactory(home_location=location, code="CJM-0041")
    ParticipantFactory(home_location=location, code="CJM-0050")
    url = reverse("registrations:day", kwargs={"location_id": location.pk, "date": "2019-03-14"})
    _login(page, live_server)
    page.goto(f"{live_server.url}{url}")
    form = page.locator("#add-session")
    search = form.get_by_role("combobox", name="Deelnemers")
    search.press_sequentially("41", delay=10)
    options = form.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("CJM-0041")
    expect(search).to_have_attribute("aria-expanded", "true")
    search.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    expect(options.first).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    expect(form.locator("[data-role=chips] li")).to_have_text(["CJM-0041×"])


@pytest.mark.browser
def test_an_added_job_comes_in_alone_beside_the_rows_shown(page, live_server, tenants):
    """Issue 13, "the smallest fragment re-rendered": a save brings its row, the count, the
    confirmation and an empty add form; the rows already shown stay the same elements."""
    location = tenants.a.location
    url = reverse("registrations:day", kwargs={"location_id": location.pk, "date": "2019-03-14"})
    _login(page, live_server)
    page.goto(f"{live_server.url}{url}")
    page.evaluate("window.notReloaded = true")
    jobs = page.locator("#section-job")
    expect(jobs.locator(".empty")).to_be_visible()
    for number, description in enumerate(["Kraan gerepareerd", "Lamp opgehangen"], start=1):
        jobs.get_by_text("Toevoegen", exact=True).click()
        field = jobs.get_by_label("Omschrijving")
        expect(field).to_have_value("")
        field.fill(description)
        jobs.get_by_role("button", name="Opslaan").click()
        expect(jobs.locator(".notice")).to_have_text("Opgeslagen.")
        expect(jobs.locator(".notice")).to_be_focused()
        expect(page.locator("#count-job")).to_have_text(str(number))
        expect(jobs.locator(".day-row")).to_have_count(number)
        expect(jobs.locator(".day-row").last).to_contain_text(description)
        if number == 1:
            expect(jobs.locator(".empty")).to_have_count(0)
            # Marks on the elements shown: a re-rendered section or row would lose them.
            page.evaluate(
                "document.querySelector('#section-job').dataset.mark = 'shown';"
                "document.querySelector('#section-job .day-row').dataset.mark = 'shown'"
            )
    assert jobs.evaluate("section => section.dataset.mark") == "shown"
    assert jobs.locator(".day-row").first.evaluate("row => row.dataset.mark") == "shown"
    assert page.evaluate("window.notReloaded") is True
    with system_scope():
        saved = list(Job.objects.order_by("pk").values_list("description", flat=True))
    assert saved == ["Kraan gerepareerd", "Lamp opgehangen"]
