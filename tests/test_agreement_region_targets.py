"""Issue 12, "Figures for the whole region or a group of rooms": targets for the region and
for room groups (format 2), compared with the realised figure over those rooms together.

A hand-built format-2 file (region ``testregio``, rooms ``noord``, ``zuid`` and ``west``; a
group ``noordzuid`` of noord and zuid). Indicator ``unique_total`` (unique participants, all
categories): rooms 10 / 8 / 5, region "Min. 5", group "> 2". Indicator ``key_holders`` has
only a region target ("3"): its rooms have none.

Registrations (all before 30 June 2019): participant P1 attends at noord and at zuid, P2 at
noord, P3 at zuid, P4 at west. So noord 2, zuid 2, west 1; the group noordzuid counts P1, P2
and P3 once each: 3 (a sum of its rooms would be 4); the region counts P1-P4: 4 (a sum of
the rooms would be 5).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from io import BytesIO
from pathlib import Path
from unittest.mock import patch

import pytest
import yaml
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from agreements.loader import LoaderError, load_agreement_files, read_agreement_files
from agreements.loader.dump import dump_agreement
from agreements.models import Agreement, RegionTarget, RoomGroup
from locations.factories import MembershipFactory, UserFactory
from locations.models import Location, Role
from locations.periods import Period
from registrations.factories import AttendanceFactory, ParticipantFactory, SessionFactory
from reports.excel import progress_report_xlsx
from reports.pdf import progress_report_html
from reports.selectors import progress_report
from reports.selectors.dashboard import board_dashboard
from reports.serialise import report_from_json, report_to_json
from reports.views.progress import report_context

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]

YEAR = Period(2019)
Q2 = Period(2019, 2)

FILE = """\
format: 2
organisation:
  slug: org-x
  name: Organisatie X
region: testregio
region_name: Testregio
year: 2019
title: Testafspraak 2019
locations:
  - {code: noord, name: Noord}
  - {code: zuid, name: Zuid}
  - {code: west, name: West}
room_groups:
  - code: noordzuid
    name: Noord en Zuid
    locations: [noord, zuid]
indicators:
  - code: unique_total
    section: PROCES
    description: Totaal unieke deelnemers
    method: unique
    categories: [all]
    targets:
      noord: "10"
      zuid: "8"
      west: "5"
      region: "Min. 5"
      noordzuid: "> 2"
  - code: key_holders
    section: OUTPUT
    description: Sleutelbeheerders
    method: count
    targets:
      region: "3"
"""


def _write(tmp_path: Path, text: str, name: str = "afspraak.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(tmp_path: Path, text: str = FILE) -> Agreement:
    load_agreement_files(paths=[_write(tmp_path, text)])
    return Agreement.objects.get(region="testregio")


def _registrations() -> None:
    noord, zuid, west = (Location.objects.get(code=code) for code in ("noord", "zuid", "west"))
    p1, p2 = (
        ParticipantFactory(home_location=noord, organisation=noord.organisation) for _ in "12"
    )
    p3 = ParticipantFactory(home_location=zuid, organisation=zuid.organisation)
    p4 = ParticipantFactory(home_location=west, organisation=west.organisation)
    at_noord = SessionFactory(location=noord, date=date(2019, 2, 5))
    at_zuid = SessionFactory(location=zuid, date=date(2019, 4, 9))
    at_west = SessionFactory(location=west, date=date(2019, 5, 20))
    for session, participant in (
        (at_noord, p1),
        (at_noord, p2),
        (at_zuid, p1),
        (at_zuid, p3),
        (at_west, p4),
    ):
        AttendanceFactory(session=session, participant=participant)


def _row(block, code: str):
    return next(row for row in block.rows if row.indicator_code == code)


def test_the_file_stores_region_and_group_targets(tmp_path):
    agreement = _load(tmp_path)
    group = RoomGroup.objects.get(agreement=agreement)
    assert (group.code, group.name) == ("noordzuid", "Noord en Zuid")
    assert sorted(group.locations.values_list("code", flat=True)) == ["noord", "zuid"]
    found = {
        (t.indicator.code, t.group.code if t.group else None): (
            t.text,
            t.printed_text,
            t.comparator,
            t.value,
        )
        for t in RegionTarget.objects.select_related("indicator", "group")
    }
    assert found == {
        ("unique_total", None): ("≥ 5", "Min. 5", "gte", D(5)),
        ("unique_total", "noordzuid"): ("> 2", "> 2", "gt", D(2)),
        ("key_holders", None): ("3", "3", "at_least", D(3)),
    }
    # A row with a region target need not name every room: key_holders has no room targets.
    assert not agreement.indicators.get(code="key_holders").targets.exists()


def test_the_whole_region_is_compared_with_its_target_and_a_group_gets_its_block(tmp_path):
    agreement = _load(tmp_path)
    _registrations()
    report = progress_report(user=None, agreement=agreement, period=YEAR)
    assert report.region_compared is True
    assert [block.code for block in report.locations] == ["noord", "west", "zuid"]
    rooms = {block.code: _row(block, "unique_total").realised for block in report.locations}
    assert rooms == {"noord": 2, "zuid": 2, "west": 1}
    # The region: P1-P4 once each (4, not the rooms' sum 5) against "Min. 5": below target
    # at the year's end; the printed text is kept beside the parsed one.
    total = _row(report.totals, "unique_total")
    assert (total.realised, total.target_text, total.target_comparator) == (4, "≥ 5", "gte")
    assert total.target_value == D(5)
    assert total.status == "below_target"
    assert "Min. 5" in total.note
    assert total.difference == 4 - 5
    # key_holders: the region's "3"; nothing registered.
    keys = _row(report.totals, "key_holders")
    assert (keys.target_text, keys.target_value) == ("3", D(3))
    assert _row(report.locations[0], "key_holders").target_text == "—"
    # The group noordzuid: P1, P2, P3 once each (3, not 2 + 2) against "> 2": achieved.
    (group,) = report.groups
    assert (group.code, group.name, group.is_group) == ("noordzuid", "Noord en Zuid", True)
    assert group.location_codes == ("noord", "zuid")
    grouped = _row(group, "unique_total")
    assert (grouped.realised, grouped.target_text, grouped.status) == (3, "> 2", "achieved")
    # The group has no key_holders target: its row is the rooms' together, without a target.
    assert _row(group, "key_holders").target_text == "—"


def test_the_region_target_is_pro_rata_during_the_year(tmp_path):
    agreement = _load(tmp_path)
    _registrations()
    report = progress_report(user=None, agreement=agreement, period=Q2)
    total = _row(report.totals, "unique_total")
    # 30 June: half of the year's 5 expected (2.5); 4 distinct participants meet it, not
    # the whole 5.
    assert total.expected_to_date == D("2.5")
    assert (total.realised, total.status) == (4, "on_track")


def test_a_report_over_part_of_the_region_never_compares_the_region_target(tmp_path):
    agreement = _load(tmp_path)
    _registrations()
    report = progress_report(
        user=None, agreement=agreement, period=YEAR, location_codes=["noord", "zuid"]
    )
    assert report.region_compared is False
    total = _row(report.totals, "unique_total")
    # The totals keep the sum of their rooms' plain targets (10 + 8), compared with the
    # distinct participants of those rooms (3); the region's target is only named.
    assert (total.realised, total.target_text, total.target_value) == (3, "18", D(18))
    assert "Streefcijfer regio: Min. 5" in total.note
    # The group's rooms are all in this report: its block is there.
    assert [block.code for block in report.groups] == ["noordzuid"]
    # One room only: no region comparison and no group block (never a part of a group).
    alone = progress_report(user=None, agreement=agreement, period=YEAR, location_codes=["noord"])
    assert alone.groups == []
    assert _row(alone.totals, "unique_total").target_text == "10"


def test_renderings_show_the_group_block_and_the_report_round_trips(tmp_path):
    agreement = _load(tmp_path)
    _registrations()
    report = progress_report(user=None, agreement=agreement, period=YEAR)
    assert report_from_json(report_to_json(report)) == report
    # The PDF's HTML: the group's block after the rooms', before the totals'.
    html = progress_report_html(report)
    assert html.index("<h2>West</h2>") < html.index("<h2>Noord en Zuid</h2>")
    assert html.index("<h2>Noord en Zuid</h2>") < html.index("<h2>Totaal: ")
    # The web page's report part.
    page = render_to_string("reports/_progress_report.html", report_context(report))
    assert 'id="block-noordzuid"' in page
    assert page.index('id="block-noordzuid"') < page.index('id="block-all"')
    workbook = load_workbook(BytesIO(progress_report_xlsx(report)))
    # A sheet for the group after the rooms' and before the totals'; the data sheet (a
    # public layout) has the rooms' rows only.
    titles = workbook.sheetnames
    group_sheet = next(title for title in titles if "Noord en Zuid" in title)
    assert titles.index(group_sheet) == titles.index("Totaal") - 1
    data = list(workbook["data"].iter_rows(values_only=True))
    where = {row[list(data[0]).index("location")] for row in data[1:]}
    assert where == {"noord", "zuid", "west"}


def test_a_dumped_file_keeps_region_targets_and_groups(tmp_path):
    agreement = _load(tmp_path)
    text = dump_agreement(agreement)
    data = yaml.safe_load(text)
    assert data["room_groups"] == [
        {"code": "noordzuid", "name": "Noord en Zuid", "locations": ["noord", "zuid"]}
    ]
    targets = {row["code"]: row["targets"] for row in data["indicators"]}
    assert targets["unique_total"] == {
        "noord": "10",
        "west": "5",
        "zuid": "8",
        "region": "Min. 5",
        "noordzuid": "> 2",
    }
    assert targets["key_holders"] == {"region": "3"}
    dumped = _write(tmp_path, text, "dump.yaml")
    # Loaded over the agreement it came from, the dump changes nothing.
    (summary,) = load_agreement_files(paths=[dumped])
    for kind, counts in summary.counts():
        assert (counts.created, counts.updated, counts.removed) == (0, 0, 0), kind
    assert summary.region_targets.unchanged == 3
    assert summary.room_groups.unchanged == 1
    # Into an empty database: the same file again.
    with transaction.atomic():
        Agreement.objects.all().delete()
    load_agreement_files(paths=[dumped])
    assert dump_agreement(Agreement.objects.get(region="testregio")) == text


def test_a_file_without_groups_and_region_targets_removes_them(tmp_path):
    _load(tmp_path)
    plain = FILE.replace('      region: "Min. 5"\n', "").replace('      noordzuid: "> 2"\n', "")
    plain = plain.replace(
        '      region: "3"\n', '      noord: "1"\n      zuid: "1"\n      west: "1"\n'
    )
    group = "  - code: noordzuid\n    name: Noord en Zuid\n    locations: [noord, zuid]\n"
    plain = plain.replace("room_groups:\n" + group, "")
    (summary,) = load_agreement_files(paths=[_write(tmp_path, plain)])
    assert summary.region_targets.removed == 3
    assert summary.room_groups.removed == 1
    assert not RegionTarget.objects.exists()


def _problems(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    with pytest.raises(LoaderError) as caught:
        read_agreement_files([_write(tmp_path, text)])
    return [(p.line, p.column, p.where, p.message) for p in caught.value.problems]


@pytest.mark.usefixtures("english")  # the loader's problems in English
def test_a_format_1_file_loads_as_before(tmp_path):
    # In format 1, "region" is a room code like any other (unknown here) and room_groups a
    # key of format 2.
    text = FILE.replace("format: 2", "format: 1")
    problems = _problems(tmp_path, text)
    assert problems[0] == (
        13,
        1,
        "room_groups",
        "'room_groups' is a key of format 2; this file says format: 1 (write format: 2 to use it)",
    )
    assert problems[1][:3] == (27, 7, "indicators[0].targets.region")
    assert problems[1][3].startswith("unknown location 'region'")


@pytest.mark.usefixtures("english")  # the loader's problems in English
def test_bad_groups_and_target_keys_are_reported_where_they_are(tmp_path):
    text = FILE.replace(
        "    locations: [noord, zuid]\n",
        "    locations: [noord, oost, noord]\n"  # 16: unknown room, a room twice
        "  - {code: west, name: Dubbel, locations: [west]}\n"  # 17: a room's code
        "  - {code: region, name: Regio, locations: [west]}\n",  # 18: the region's key
    ).replace('      noordzuid: "> 2"\n', '      noordzuid: "> 2"\n      zuidwest: "4"\n')
    problems = _problems(tmp_path, text)
    assert [(line, column, where) for line, column, where, _ in problems] == [
        (16, 24, "room_groups[0].locations[1]"),
        (16, 30, "room_groups[0].locations[2]"),
        (17, 12, "room_groups[1].code"),
        (18, 12, "room_groups[2].code"),
        (31, 7, "indicators[0].targets.zuidwest"),
    ]
    messages = [message for *_, message in problems]
    assert messages[0].startswith("unknown location 'oost'")
    assert messages[1] == "location 'noord' is in the group twice"
    assert messages[2] == (
        "group code 'west' is already the code of a location, or reserved (region, all)"
    )
    assert messages[3] == (
        "group code 'region' is already the code of a location, or reserved (region, all)"
    )
    assert messages[4] == (
        "'zuidwest' is not a location, group or 'region' "
        "(possible in this file: noord, west, zuid, noordzuid, region)"
    )


def _board(agreement: Agreement):
    user = UserFactory()
    MembershipFactory(user=user, organisation=agreement.organisation, role=Role.BOARD)
    return user


def test_the_dashboard_shows_the_region_and_each_group_against_their_own_targets(tmp_path, client):
    """The board dashboard shows the region's and the group's blocks beside the rooms: unique
    participants counted over the rooms together (region 4 = P1-P4, group 3 = P1-P3; never
    the sums 5 and 4), each against its own target, pro rata at the end of Q2."""
    agreement = _load(tmp_path)
    _registrations()
    board = _board(agreement)
    entry = board_dashboard(user=board, today=date(2019, 7, 15)).agreements[0]
    assert entry.period == Q2
    assert [(area.name, area.is_group) for area in entry.areas] == [
        ("Alle buurtwerkkamers samen", False),
        ("Noord en Zuid", True),
    ]
    region, group = entry.areas
    # Region: "Min. 5" a year is 2.5 by 30 June; 4 are counted: ahead. Key holders: none of
    # the 3: behind.
    assert [(row.indicator_code, row.realised) for row in region.ahead] == [("unique_total", 4)]
    assert [(row.indicator_code, row.realised) for row in region.behind] == [("key_holders", 0)]
    # Group: "> 2" (pro rata 1 by 30 June); P1, P2 and P3 once each: 3.
    assert [(row.indicator_code, row.realised) for row in group.ahead] == [("unique_total", 3)]
    assert [row.target_text for row in group.rows if row.indicator_code == "unique_total"] == [
        "> 2"
    ]

    # A dashboard of one room compares neither the region nor the group.
    noord = Location.objects.get(code="noord")
    only = board_dashboard(user=board, today=date(2019, 7, 15), location_ids=[noord.pk])
    assert only.agreements[0].areas == []

    client.force_login(board)
    with patch("reports.views.dashboard.timezone.localdate", return_value=date(2019, 7, 15)):
        html = client.get(reverse("dashboard:index")).content.decode()
    assert "Regio: alle buurtwerkkamers samen" in html
    assert "Groep: Noord en Zuid" in html
