"""Issue 12, region and group targets, as different users see them.

Organisation a's file (format 2) names its two rooms a-noord and a-zuid, a group ``beide`` of
both, and for unique participants the rooms' targets 3 and 3, the region's "Min. 2" and the
group's "2". One participant attends at both rooms: each room counts 1, the region and the
group 1 (distinct, never the sum 2).

The coordinator sees a-noord only: their report covers part of the region, so it never
compares the region's target (the totals keep the room's own 3) and has no block for the
group (one of its rooms is not theirs). The board sees both rooms: the region's target and
the group's block are compared. The admin sees the groups and region targets in the admin.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from agreements.loader import load_agreement_files
from agreements.models import Agreement, Indicator
from locations.access import system_scope
from locations.periods import Period
from registrations.factories import AttendanceFactory, ParticipantFactory, SessionFactory
from reports.selectors import progress_report

pytestmark = pytest.mark.django_db

FILE = """\
format: 2
organisation: {slug: a, name: Coöperatie a}
region: regio-a
region_name: Regio A
year: 2019
title: Afspraak A 2019
locations:
  - {code: a-noord, name: a Noord}
  - {code: a-zuid, name: a Zuid}
room_groups:
  - {code: beide, name: Noord en Zuid samen, locations: [a-noord, a-zuid]}
indicators:
  - code: unique_total
    section: PROCES
    description: Totaal unieke deelnemers
    method: unique
    categories: [all]
    targets: {a-noord: "3", a-zuid: "3", region: "Min. 2", beide: "2"}
"""


@pytest.fixture
def agreement(tenants, tmp_path) -> Agreement:
    path = tmp_path / "a.yaml"
    path.write_text(FILE, encoding="utf-8")
    with system_scope():
        load_agreement_files(paths=[path])
        participant = ParticipantFactory(
            home_location=tenants.a.location, organisation=tenants.a.organisation
        )
        for location in (tenants.a.location, tenants.a.other_location):
            session = SessionFactory(location=location, date=date(2019, 3, 1))
            AttendanceFactory(session=session, participant=participant)
        return Agreement.unscoped.get(region="regio-a")


def _unique(block):
    return next(row for row in block.rows if row.indicator_code == "unique_total")


def test_the_coordinators_report_never_compares_the_region_or_a_partial_group(tenants, agreement):
    report = progress_report(user=tenants.a.coordinator, agreement=agreement, period=Period(2019))
    assert [block.code for block in report.locations] == ["a-noord"]
    assert report.region_compared is False
    assert report.groups == []
    total = _unique(report.totals)
    assert (total.realised, total.target_text, total.target_value) == (1, "3", D(3))
    assert "Min. 2" in total.note


def test_the_boards_report_compares_the_region_and_the_group(tenants, agreement):
    report = progress_report(user=tenants.a.board, agreement=agreement, period=Period(2019))
    assert report.region_compared is True
    total = _unique(report.totals)
    # One person at both rooms: 1, not 1 + 1; "Min. 2" not met at the year's end.
    assert (total.realised, total.target_text, total.status) == (1, "≥ 2", "below_target")
    (group,) = report.groups
    grouped = _unique(group)
    assert (group.code, grouped.realised, grouped.target_text) == ("beide", 1, "2")
    assert grouped.status == "below_target"


def test_the_admin_shows_the_groups_and_the_region_targets(client, tenants, agreement):
    client.force_login(tenants.a.admin)
    page = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    assert page.status_code == 200
    assert "Noord en Zuid samen" in page.content.decode()
    indicator = Indicator.unscoped.get(agreement=agreement)
    page = client.get(reverse("admin:agreements_indicator_change", args=[indicator.pk]))
    assert page.status_code == 200
    assert "Min. 2" in page.content.decode()
