"""The look in real headless Chromium (issue 14, "Look"): on a phone (390x844) the header takes
at most 64 px with the menu closed, the menu button opens and closes the navigation
(aria-expanded), and without JavaScript the navigation is still there; axe-core finds no
violation of WCAG 2.x A/AA (tests/axe.py) on the home page, the privacy and accessibility
statements and the error pages, on a phone and a desktop."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.axe import assert_no_axe_violations

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PHONE = (390, 844)
DESKTOP = (1280, 900)


def _log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")
    expect(page).not_to_have_url(f"{live_server.url}/inloggen/")


@pytest.mark.browser
def test_on_a_phone_the_header_is_small_and_the_menu_opens(browser_page, live_server, tenants):
    page = browser_page(*PHONE)
    _log_in(page, live_server, tenants.a.coordinator)
    page.goto(f"{live_server.url}/")
    header = page.locator("header.utrecht-page-header")
    expect(header).to_contain_text(tenants.a.organisation.name)
    assert header.bounding_box()["height"] <= 64
    button = page.get_by_role("button", name="Menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    log = page.get_by_role("link", name="Registreren", exact=True)
    expect(log).to_be_hidden()
    assert_no_axe_violations(page)

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(log).to_be_visible()
    assert_no_axe_violations(page)
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(log).to_be_hidden()
    expect(button).to_be_focused()

    button.click()
    log.click()
    expect(page).to_have_url(f"{live_server.url}{reverse('registrations:log')}")


@pytest.mark.browser
def test_without_javascript_the_navigation_is_shown(browser_page, live_server, tenants):
    page = browser_page(*PHONE)
    _log_in(page, live_server, tenants.a.coordinator)
    page.context.route("**/js/bwk.js", lambda route: route.abort())
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Registreren", exact=True)).to_be_visible()


@pytest.mark.browser
def test_the_skip_link_goes_to_the_content(browser_page, live_server):
    page = browser_page(*DESKTOP)
    page.goto(f"{live_server.url}{reverse('privacy')}")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    skip.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{reverse('privacy')}#inhoud")


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_axe_violations_on_the_public_pages_and_error_pages(
    browser_page, live_server, tenants, size
):
    page = browser_page(*size)
    for path in (reverse("privacy"), reverse("accessibility"), "/bestaat-niet/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)
    _log_in(page, live_server, tenants.a.coordinator)
    for path in ("/", "/bestaat-niet/", reverse("dashboard:index")):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)
    expect(page.locator("#reason")).to_have_text("Deze pagina is voor het bestuur en beheerders.")


@pytest.mark.browser
@pytest.mark.urls("tests.urls_error_pages")
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_axe_violations_on_the_500_and_csrf_pages(browser_page, live_server, settings, size):
    """The 500 page (its own minimal context, no navigation) and the page of a failed CSRF
    check, in the browser, on a phone and a desktop."""
    settings.DEBUG = False
    page = browser_page(*size)
    response = page.goto(f"{live_server.url}/stuk/")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    # A login form sent without its CSRF cookie: the failed check's Dutch page.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('login')}")
    page.context.clear_cookies()
    page.locator("input[name$=username]").fill("iemand")
    page.locator("input[type=password]").fill("een-wachtwoord")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("form button[type=submit]").last.click()
    assert answer.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)
