"""The progress page of a report over many locations (issue 13): an overview with one row
per location, paginated, plus the totals block; the page's rows and queries stay bounded
whatever the number of locations."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Indicator, Target
from locations.access import system_scope
from locations.models import Location
from reports.tests.test_financial_world import build_budget

OVERVIEW_ROW = re.compile(r'<tr class="overview-row">')


@pytest.fixture
def overview_settings(settings):
    settings.BWK_PROGRESS_OVERVIEW_ABOVE = 5
    settings.BWK_PROGRESS_OVERVIEW_PAGE_SIZE = 10


def _add_locations(world, count: int) -> None:
    """``count`` more locations of organisation a in the agreement ("extra-000", ...), each
    with the same targets as noord, in a handful of bulk inserts; no registrations."""
    agreement = world.agreement
    noord = world.tenants.a.location
    with system_scope():
        start = Location.unscoped.filter(code__startswith="extra-").count()
        new = Location.unscoped.bulk_create(
            [
                Location(
                    organisation=noord.organisation,
                    code=f"extra-{number:03d}",
                    name=f"Extra {number:03d}",
                )
                for number in range(start, start + count)
            ]
        )
        agreement.locations.add(*new)
        targets = Target.unscoped.filter(indicator__agreement=agreement, location=noord)
        Target.unscoped.bulk_create(
            [
                Target(
                    indicator_id=target.indicator_id,
                    location=location,
                    text=target.text,
                    comparator=target.comparator,
                    value=target.value,
                    value_of=target.value_of,
                )
                for target in targets
                for location in new
            ]
        )


def _page(client, world, **params):
    client.force_login(world.tenants.a.board)
    url = reverse("reports:progress", args=[world.agreement.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"period": "2019-Q2", **params})
    assert response.status_code == 200
    return response, len(captured)


def test_few_locations_keep_a_table_each(client, world, overview_settings):
    """Up to the threshold (5) the page is as before: a block per location, no overview."""
    _add_locations(world, 3)  # noord, zuid and 3 more: 5 locations
    response, _queries = _page(client, world)
    body = response.content.decode()
    assert "overview" not in response.context
    assert 'id="overview"' not in body
    assert body.count('<section class="card" id="block-') == 6  # 5 locations and the totals


def test_many_locations_show_a_paginated_overview(client, world, overview_settings):
    _add_locations(world, 21)  # 23 locations: pages of 10, 10 and 3
    response, _queries = _page(client, world)
    body = response.content.decode()
    overview = response.context["overview"]
    assert overview.paginator.count == 23
    assert overview.paginator.num_pages == 3
    assert len(OVERVIEW_ROW.findall(body)) == 10
    # Only the totals block has tables; no location's block is rendered.
    assert re.findall(r'<section class="card" id="block-([^"]+)"', body) == ["all"]
    # Locations in the report's order (by name, in the database's collation).
    report = response.context["report"]
    names = [block.name for block in report.locations]
    assert [row.summary.name for row in overview] == names[:10]
    # Each row links to the location's own page, the period kept.
    first = report.locations[0]
    assert f'href="?period=2019-Q2&amp;location={first.code}"' in body
    assert 'href="?period=2019-Q2&amp;page=2" rel="next"' in body

    last, _queries = _page(client, world, page=3)
    assert len(OVERVIEW_ROW.findall(last.content.decode())) == 3
    assert [row.summary.name for row in last.context["overview"]] == names[20:]
    beyond, _queries = _page(client, world, page=99)  # out of range: the last page
    assert beyond.context["overview"].number == 3


def test_overview_row_figures(client, world, overview_settings):
    """noord's row, worked out from the world's registrations (conftest): in 2019-Q2 noord
    has pA (social, activation), pB (social) and pD (a job done for them): 3 unique
    participants year to date ("all" counts every category); visits:
    3 attendances plus 6 anonymous walk-ins = 9; six indicator rows."""
    _add_locations(world, 5)
    response, _queries = _page(client, world)
    noord = world.tenants.a.location
    rows = {row.summary.code: row for row in response.context["overview"].paginator.object_list}
    row = rows[noord.code]
    assert row.summary.rows == 6
    assert row.summary.unique_realised == 3
    assert row.summary.visits == 9
    assert row.summary.good + row.summary.attention + row.other == 6
    # An extra location without registrations: nothing recorded, nothing ahead.
    extra = rows["extra-000"]
    assert (extra.summary.good, extra.summary.unique_realised, extra.summary.visits) == (0, 0, 0)
    # Following the row's link gives the location's own page with its tables.
    page, _queries = _page(client, world, location=noord.code)
    assert "overview" not in page.context
    assert f'id="block-{noord.code}"' in page.content.decode()


def test_rows_and_queries_do_not_grow_with_the_locations(client, world, overview_settings):
    """At 12 and at 60 locations the page renders the same number of rows (a page of 10 plus
    the totals) and runs the same number of queries."""
    _add_locations(world, 10)
    small, small_queries = _page(client, world)
    small_body = small.content.decode()
    _add_locations(world, 48)
    large, large_queries = _page(client, world)
    large_body = large.content.decode()
    assert large.context["overview"].paginator.count == 60
    assert len(OVERVIEW_ROW.findall(small_body)) == len(OVERVIEW_ROW.findall(large_body)) == 10
    assert small_body.count("<tr") == large_body.count("<tr")
    assert small_queries == large_queries
    # The count itself: as the page with a table per location (test_views), less none.
    assert small_queries == 29


def test_overview_keeps_the_section_filter(client, world, overview_settings):
    _add_locations(world, 6)
    with system_scope():
        section = Indicator.unscoped.filter(agreement=world.agreement).first().section
    response, _queries = _page(client, world, section=section)
    body = response.content.decode()
    assert f"section={section}" in body
    assert re.search(rf'href="\?period=2019-Q2&amp;section={section}&amp;location=', body)


def test_overview_leaves_the_budget_chart_to_the_location_pages(client, world, overview_settings):
    """The budget chart has a bar and a table row per location: the overview leaves it out,
    a location's own page has it."""
    with system_scope():
        build_budget(world)
    _add_locations(world, 6)
    title = "Begroting en besteding"
    overview, _queries = _page(client, world)
    assert title not in overview.content.decode()
    own, _queries = _page(client, world, location=world.tenants.a.location.code)
    assert title in own.content.decode()
