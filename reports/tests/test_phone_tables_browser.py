"""Phone-first tables (issue 14) in real headless Chromium: the progress report, the budget
page, the board page and the board dashboard on a phone (390x844) scroll no page sideways,
show every row's realised value and status (a budget row's figures) inside the screen,
collapse the filters behind a disclosure, and jump to each location's section; on a desktop
(1280x800) the filters are open and a row's cells stand side by side. axe-core finds no
violation at either size (tests/axe.py)."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports.tests.test_dashboard_browser import _log_in
from tests.axe import assert_no_axe_violations

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _fits_sideways(page, width: int) -> None:
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways at {width}px ({scroll}px wide)"


def _cells_inside(page, selector: str, width: int) -> int:
    """Assert every element matching ``selector`` lies within 0..``width``; return how many."""
    cells = page.locator(selector)
    count = cells.count()
    for index in range(count):
        box = cells.nth(index).bounding_box()
        assert box is not None, f"{selector} #{index} is not displayed"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, index, box)
    return count


def _filters(page, *, open_: bool) -> None:
    disclosure = page.locator("details.filters-disclosure")
    expect(disclosure).to_have_count(1)
    if open_:
        expect(disclosure).to_have_attribute("open", "")
        expect(disclosure.locator("form.filters button[type=submit]")).to_be_visible()
    else:
        expect(disclosure).not_to_have_attribute("open", "")
        expect(disclosure.locator("form.filters button[type=submit]")).to_be_hidden()
        disclosure.locator("summary").click()
        expect(disclosure.locator("form.filters button[type=submit]")).to_be_visible()


def _jumps(page, nav: str) -> None:
    """Each link of the jump list ``nav`` brings its section onto the screen, and the
    section's "Terug naar boven" link brings the jump list back."""
    links = page.locator(f"{nav} a")
    assert links.count() >= 2
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href")
        assert target.startswith("#")
        link.click()
        expect(page.locator(target)).to_be_in_viewport()
        page.locator(target).get_by_role("link", name="Terug naar boven").click()
        expect(page.locator(nav)).to_be_in_viewport()


def _side_by_side(page, row: str, first: str, second: str) -> None:
    """On a desktop the cells ``first`` and ``second`` of ``row`` share a line, left to right."""
    a = page.locator(f"{row} {first}").first.bounding_box()
    b = page.locator(f"{row} {second}").first.bounding_box()
    assert a and b
    assert abs(a["y"] - b["y"]) < 2 and b["x"] >= a["x"] + a["width"], (a, b)


@pytest.mark.browser
def test_the_four_pages_fit_a_phone_and_stay_tables_on_a_desktop(
    browser_page, live_server, dashboard_world
):
    a = dashboard_world.tenants.a
    agreement = dashboard_world.agreement
    noord = a.location
    page = browser_page(PHONE["width"], PHONE["height"])
    _log_in(page, live_server, a.board)
    progress = f"{live_server.url}{reverse('reports:progress', args=[agreement.pk])}?period=2019-Q2"
    budget = f"{live_server.url}{reverse('budgets:budget', args=[agreement.pk])}"
    board = f"{live_server.url}{reverse('budgets:board', args=[agreement.pk])}?period=2019-Q2"
    dashboard = f"{live_server.url}{reverse('dashboard:index')}"
    location = f"{live_server.url}{reverse('dashboard:location', args=[agreement.pk, noord.pk])}"

    # The progress report: every indicator row's realised value and status on the screen.
    page.goto(progress)
    _fits_sideways(page, PHONE["width"])
    rows = page.locator("table.progress tbody tr").count()
    assert rows >= 4
    assert _cells_inside(page, 'table.progress td[data-label="Gerealiseerd"]', 390) == rows
    assert _cells_inside(page, "table.progress td[class^=status-]", 390) == rows
    expect(page.locator("details.filters-disclosure summary")).to_have_text("Filters (1 actief)")
    _filters(page, open_=False)
    _jumps(page, "#jump-list")
    assert_no_axe_violations(page)

    # The budget page: each line's and each financing row's figure per room and in total.
    page.goto(budget)
    _fits_sideways(page, PHONE["width"])
    figures = _cells_inside(page, ".budget-table td.num", 390)
    assert figures >= 3 * page.locator(".budget-table tbody tr[data-code]").count() > 0
    _cells_inside(page, "#differences td.num", 390)
    expect(page.locator("details.filters-disclosure summary")).to_have_text("Filters")
    _filters(page, open_=False)
    _jumps(page, "#jump-list")
    assert_no_axe_violations(page)

    # The board page: each room's budget, financing, surplus, spending and forecast.
    page.goto(board)
    _fits_sideways(page, PHONE["width"])
    assert _cells_inside(page, "#overview tbody td", 390) == 3 * 7  # noord, zuid, the total
    _filters(page, open_=False)
    _jumps(page, "#jump-list")
    assert_no_axe_violations(page)

    # The dashboard: a card per room, a jump list per agreement; the room's own page.
    page.goto(dashboard)
    _fits_sideways(page, PHONE["width"])
    assert _cells_inside(page, "article.dash-location dd", 390) == 2 * 6
    _filters(page, open_=False)
    _jumps(page, f"#jump-{agreement.pk}")
    assert_no_axe_violations(page)
    page.goto(location)
    _fits_sideways(page, PHONE["width"])
    rows = page.locator("table.stack tbody tr").count()
    assert rows >= 4
    assert _cells_inside(page, 'table.stack td[data-label="Gerealiseerd"]', 390) == rows
    assert _cells_inside(page, 'table.stack td[data-label="Status"]', 390) == rows
    assert_no_axe_violations(page)

    # On a desktop: the filters open, each table a table.
    page.set_viewport_size(DESKTOP)
    page.goto(progress)
    _filters(page, open_=True)
    _side_by_side(
        page, "table.progress tbody tr", 'td[data-label="Gerealiseerd"]', "td[class^=status-]"
    )
    expect(page.locator("table.progress thead").first).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(budget)
    _filters(page, open_=True)
    _side_by_side(page, ".budget-table tbody tr[data-code]", "td.stack-head", "td.num")
    assert_no_axe_violations(page)
    page.goto(board)
    _filters(page, open_=True)
    _side_by_side(page, "#overview tbody tr", "td.stack-head", "td.num")
    assert_no_axe_violations(page)
    page.goto(dashboard)
    _filters(page, open_=True)
    assert_no_axe_violations(page)
    page.goto(location)
    _side_by_side(
        page, "table.stack tbody tr", 'td[data-label="Gerealiseerd"]', 'td[data-label="Status"]'
    )
    assert_no_axe_violations(page)
