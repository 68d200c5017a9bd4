"""The board dashboard's own figures are traceable (issue 11, "Every figure is traceable"):
unique participants year to date, volunteer hours and spending each link to the rows behind
them (:mod:`reports.trace.figures`), over the hand-built world of ``test_dashboard.py``
(expected values worked out by hand from its registrations, listed in its fixture)."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from locations.access import system_scope
from locations.audit import AccessLogEntry
from locations.periods import parse_period
from registrations.models import Volunteer
from reports.counting import Window
from reports.trace import DashboardFigure, FigureNotFound, dashboard_figure_trace
from reports.trace.figures import check_window
from reports.views.trace import figure_url

D = Decimal
Q2 = parse_period("2019-Q2")


def _trace(world, figure, start, end, location=None, user=None):
    return dashboard_figure_trace(
        user=user or world.tenants.a.board,
        agreement=world.agreement,
        figure=figure,
        period=Q2,
        window=Window(start, end),
        location_id=location.pk if location is not None else None,
    )


def test_hours_are_the_rows_registered_in_the_window(dashboard_world):
    a = dashboard_world.tenants.a
    # Noord, January up to 31 July (the dashboard on 15 July counts the months Jan-Jul):
    # 4,5 h (04-03), a week of 10 h from 20-03, a professional's 2 h (05-05), 3 h (01-07);
    # not the 7 h of 01-08, not zuid's hour.
    trace = _trace(dashboard_world, DashboardFigure.VOLUNTEER_HOURS, date(2019, 1, 1),
                   date(2019, 7, 31), a.location)  # fmt: skip
    assert [(row.day, row.amount) for row in trace.evidence.rows] == [
        (date(2019, 3, 4), D("4.5")),
        (date(2019, 3, 20), D("10")),
        (date(2019, 5, 5), D("2")),
        (date(2019, 7, 1), D("3")),
    ]
    assert trace.evidence.value == trace.shown == D("19.5") and trace.agrees
    assert [row.what for row in trace.evidence.rows][1:3] == ["week, bewoner", "professional"]
    with system_scope():
        codes = set(
            Volunteer.unscoped.filter(home_location=a.location).values_list("code", flat=True)
        )
    assert {row.person for row in trace.evidence.rows} <= codes and all(
        row.person for row in trace.evidence.rows
    )
    # March alone: the 4,5 h and the week starting on 20 March.
    march = _trace(dashboard_world, DashboardFigure.VOLUNTEER_HOURS, date(2019, 3, 1),
                   date(2019, 3, 31), a.location)  # fmt: skip
    assert march.shown == march.evidence.value == D("14.5") and len(march.evidence.rows) == 2
    # Both rooms together: noord's 19,5 h and zuid's 1 h of 01-02.
    both = _trace(dashboard_world, DashboardFigure.VOLUNTEER_HOURS, date(2019, 1, 1),
                  date(2019, 7, 31))  # fmt: skip
    assert both.shown == both.evidence.value == D("20.5")


def test_spending_is_the_expenditures_up_to_the_end(dashboard_world):
    a = dashboard_world.tenants.a
    trace = _trace(dashboard_world, DashboardFigure.SPENDING, date(2019, 1, 1),
                   date(2019, 6, 30), a.location)  # fmt: skip
    # € 450 on 31-03; the € 80 of 01-07 falls after the end.
    assert [(row.day, row.amount) for row in trace.evidence.rows] == [
        (date(2019, 3, 31), D("450.00"))
    ]
    assert trace.shown == D("450.00") and trace.agrees
    assert trace.evidence.rows[0].what.startswith("A1 ")
    year = _trace(dashboard_world, DashboardFigure.SPENDING, date(2019, 1, 1),
                  date(2019, 12, 31), a.location)  # fmt: skip
    assert year.shown == year.evidence.value == D("530.00")
    zuid = _trace(dashboard_world, DashboardFigure.SPENDING, date(2019, 1, 1),
                  date(2019, 6, 30), a.other_location)  # fmt: skip
    assert (zuid.shown, zuid.evidence.rows) == (D(0), [])


def test_participants_are_distinct_people_year_to_date(dashboard_world):
    a = dashboard_world.tenants.a
    start, end = date(2019, 1, 1), date(2019, 7, 31)
    noord = _trace(dashboard_world, DashboardFigure.PARTICIPANTS, start, end, a.location)
    zuid = _trace(dashboard_world, DashboardFigure.PARTICIPANTS, start, end, a.other_location)
    both = _trace(dashboard_world, DashboardFigure.PARTICIPANTS, start, end)
    # Noord: pA, pB, pD (a job); zuid: pC and pB; together four, pB once.
    assert (noord.shown, zuid.shown, both.shown) == (3, 2, 4)
    assert all(t.agrees for t in (noord, zuid, both))
    common = {r.person for r in noord.evidence.rows} & {r.person for r in zuid.evidence.rows}
    assert len(common) == 1 and all(r.person for r in both.evidence.rows)
    assert [r.location_code for r in both.evidence.rows].count("a-noord, a-zuid") == 1
    # Last year's line: pC's computer lesson on 31-12-2018 at zuid.
    last = _trace(dashboard_world, DashboardFigure.PARTICIPANTS, date(2018, 1, 1),
                  date(2018, 12, 31), a.other_location)  # fmt: skip
    assert (last.shown, [r.day for r in last.evidence.rows]) == (1, [date(2018, 12, 31)])


@pytest.mark.parametrize(
    ("figure", "start", "end"),
    [
        (DashboardFigure.SPENDING, date(2019, 2, 1), date(2019, 6, 30)),  # not from 1 January
        (DashboardFigure.SPENDING, date(2018, 1, 1), date(2018, 12, 31)),  # not the year
        (DashboardFigure.PARTICIPANTS, date(2019, 3, 1), date(2019, 3, 31)),  # not year to date
        (DashboardFigure.PARTICIPANTS, date(2017, 1, 1), date(2017, 3, 31)),  # two years back
        (DashboardFigure.VOLUNTEER_HOURS, date(2018, 12, 1), date(2018, 12, 31)),
        (DashboardFigure.VOLUNTEER_HOURS, date(2019, 12, 1), date(2020, 1, 31)),  # two years
        (DashboardFigure.VOLUNTEER_HOURS, date(2019, 5, 1), date(2019, 4, 1)),  # backwards
    ],
)
def test_windows_the_dashboard_does_not_show_are_refused(dashboard_world, figure, start, end):
    with pytest.raises(FigureNotFound):
        check_window(dashboard_world.agreement, figure, Window(start, end))


def test_a_coordinator_traces_their_own_room_only(dashboard_world):
    a = dashboard_world.tenants.a
    start, end = date(2019, 1, 1), date(2019, 7, 31)
    mine = _trace(dashboard_world, DashboardFigure.VOLUNTEER_HOURS, start, end, a.location,
                  user=a.coordinator)  # fmt: skip
    assert mine.shown == D("19.5") and mine.shows_codes
    with pytest.raises(FigureNotFound):
        _trace(dashboard_world, DashboardFigure.VOLUNTEER_HOURS, start, end, a.other_location,
               user=a.coordinator)  # fmt: skip
    # All rooms together, for the coordinator: their room only (zuid's hour is not theirs).
    assert _trace(dashboard_world, DashboardFigure.VOLUNTEER_HOURS, start, end,
                  user=a.coordinator).shown == D("19.5")  # fmt: skip


def _links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'<a class="trace" href="([^"]+)"', html)]


def _shown(html: str) -> str:
    return unescape(re.search(r'<dd id="realised">([^<]*)</dd>', html).group(1))


def test_every_dashboard_figure_links_to_rows_that_give_it(client, dashboard_world):
    """Follow every trace link of the dashboard and its location page (indicator rows,
    participants, hours, spending, the charts' tables): each page answers and says its rows
    give the figure; the hours and spending pages show the very figure the link carried."""
    a = dashboard_world.tenants.a
    agreement = dashboard_world.agreement
    client.force_login(a.board)
    pages = [
        client.get(reverse("dashboard:index")).content.decode(),
        client.get(
            reverse("dashboard:location", args=[agreement.pk, a.location.pk])
        ).content.decode(),
    ]
    anchors = [
        (unescape(href), unescape(text))
        for html in pages
        for href, text in re.findall(r'<a class="trace" href="([^"]+)">([^<]*)</a>', html)
    ]
    figures = {href.split("figure=")[1].split("&")[0] for href, _t in anchors if "figure=" in href}
    assert figures == {"participants", "volunteer_hours", "spending"}
    # The agreement is 2019's, seen in 2026: the months counted run to 31-12, the report
    # period is Q4. Noord's hours over the year: 4,5 + 10 + 2 + 3 + 7 = 26,5; its spending
    # to 31-12: 450 + 80.
    hours = figure_url(agreement.pk, DashboardFigure.VOLUNTEER_HOURS, "2019-Q4",
                       date(2019, 1, 1), date(2019, 12, 31), a.location.pk)  # fmt: skip
    spending = figure_url(agreement.pk, DashboardFigure.SPENDING, "2019-Q4",
                          date(2019, 1, 1), date(2019, 12, 31), a.location.pk)  # fmt: skip
    assert (hours, "26,5") in anchors and (spending, "€ 530,00") in anchors
    for href, text in anchors:
        response = client.get(href)
        assert response.status_code == 200, href
        html = response.content.decode()
        assert 'id="agreement-check" class="muted"' in html, href
        if "figure=volunteer_hours" in href or "figure=spending" in href:
            # The chart tables show whole euros, the page cents.
            assert _shown(html) in (text, f"{text},00"), href


def test_the_page_logs_the_codes_shown_and_refuses_what_it_must(client, dashboard_world):
    a, b = dashboard_world.tenants.a, dashboard_world.tenants.b
    agreement = dashboard_world.agreement
    url = figure_url(agreement.pk, DashboardFigure.VOLUNTEER_HOURS, "2019-Q2",
                     date(2019, 1, 1), date(2019, 7, 31), a.location.pk)  # fmt: skip
    client.force_login(a.board)
    page = client.get(url)
    assert page.status_code == 200 and "19,5" in page.content.decode()
    assert AccessLogEntry.unscoped.filter(subject="reports.trace", user=a.board).count() == 1
    base = reverse("reports:trace", args=[agreement.pk])
    for params in (
        {"figure": "people", "period": "2019-Q2", "from": "2019-01-01", "through": "2019-07-31"},
        {"figure": "spending", "period": "2019-Q2", "from": "2019-01-01", "through": "31-07-2019"},
        {"figure": "spending", "period": "2019-Q2", "from": "2019-01-01"},
        {"figure": "spending", "period": "2018-Q2", "from": "2019-01-01", "through": "2019-07-31"},
        {"figure": "spending", "period": "2019-Q2", "from": "2019-01-01", "through": "2019-07-31",
         "location": str(b.location.pk)},
    ):  # fmt: skip
        assert client.get(f"{base}?{urlencode(params)}").status_code == 404, params
    client.force_login(b.board)
    assert client.get(url).status_code == 404  # another organisation's agreement
    client.force_login(a.funder)
    assert client.get(url).status_code == 403  # funders: issued reports only
    client.force_login(a.coordinator)
    assert client.get(url).status_code == 200  # their own room
    other = url.replace(f"location={a.location.pk}", f"location={a.other_location.pk}")
    assert client.get(other).status_code == 404


def test_the_rows_page_and_the_figure_covers_them_all(client, dashboard_world, settings):
    settings.BWK_TRACE_PAGE_SIZE = 3
    a = dashboard_world.tenants.a
    url = figure_url(dashboard_world.agreement.pk, DashboardFigure.VOLUNTEER_HOURS, "2019-Q2",
                     date(2019, 1, 1), date(2019, 7, 31), a.location.pk)  # fmt: skip
    client.force_login(a.board)
    first = client.get(url).content.decode()
    second = client.get(f"{url}&page=2").content.decode()
    # Four entries (4,5 + 10 + 2 + 3 h): three on the first page, one on the second; both
    # pages show the figure of all four and say the rows give it.
    assert first.count("<tr><td>") == 3 and second.count("<tr><td>") == 1
    for html in (first, second):
        assert _shown(html) == "19,5" and 'id="agreement-check" class="muted"' in html
        assert "Regels" in html and "van 4." in html
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert "page=2" in unescape(first) and "figure=volunteer_hours" in unescape(first)
