"""The report per audience (issue 9): the same rows, arranged, never recomputed.

A 2019 agreement of organisation "a" with four rooms: noord, zuid, oost, west. Funders: the
municipality ("Gemeente", € 1.000 at every room), a housing corporation ("Woco", € 600 at
noord and € 400 at zuid) and a fund ("Fonds", € 250 at oost). Indicators, in this order:
social (Ontmoeten en meedoen), jobs (Klussen, marked for housing corporations), unique_total
(every category) and benefit_costs (Interviews).

Registrations (all in 2019 Q1-Q2): p1 at noord and at zuid, p2 at noord (and a job done for
them at noord), p3 at zuid, p4 at oost, p5 at west; Ria de Vries entered benefit_costs 3 for
noord over 2019-Q2. So noord and zuid have 2 unique participants each and 3 together.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook

from agreements.choices import Comparator, Method, PartyKind, Section
from agreements.models import AgreementParty, Party
from budgets.models import Financing
from locations.access import system_scope
from locations.factories import LocationFactory, UserFactory
from locations.periods import parse_period
from registrations.models import EnteredResult
from reports.audience import arrange
from reports.excel import progress_report_xlsx
from reports.issuing import report_issue
from reports.models import Audience, IssuedReport
from reports.pdf import progress_report_html, progress_report_pdf
from reports.selectors import progress_report
from reports.serialise import report_from_json
from reports.tests.factories import (
    AgreementFactory,
    AttendanceFactory,
    IndicatorFactory,
    JobFactory,
    ParticipantFactory,
    SessionFactory,
    TargetFactory,
)
from reports.views.progress import report_context

Q2 = parse_period("2019-Q2")
STAFF = "Ria de Vries"
AGREEMENT_TEXT = "Verantwoord de bijdrage aan woonmaatschappelijk werk (tekst uit de afspraak)."


def _indicator(agreement, rooms, code, position, **kwargs):
    indicator = IndicatorFactory(agreement=agreement, code=code, position=position, **kwargs)
    for room in rooms:
        TargetFactory(
            indicator=indicator, location=room, comparator=Comparator.AT_LEAST, value=10, text="10"
        )


@pytest.fixture
def four(tenants):
    """The agreement of the module docstring; returns (agreement, rooms by code, parties by
    code, the board member)."""
    a = tenants.a
    with system_scope():
        organisation = a.organisation
        oost = LocationFactory(organisation=organisation, code="a-oost", name="a Oost")
        west = LocationFactory(organisation=organisation, code="a-west", name="a West")
        noord, zuid = a.location, a.other_location
        rooms = [noord, zuid, oost, west]
        agreement = AgreementFactory(organisation=organisation, locations=rooms)
        agreement.housing_corporation_reporting = AGREEMENT_TEXT
        agreement.save()
        _indicator(
            agreement, rooms, "social", 1, description="Ontmoeten en meedoen", categories=["social"]
        )
        _indicator(
            agreement,
            rooms,
            "jobs",
            2,
            description="Klussen",
            method=Method.JOBS,
            categories=["jobs"],
            housing_corporation=True,
        )
        _indicator(
            agreement,
            rooms,
            "unique_total",
            3,
            description="Totaal unieke deelnemers",
            categories=["all"],
        )
        _indicator(
            agreement,
            rooms,
            "benefit_costs",
            4,
            description="Minder kosten uitkeringen",
            section=Section.EFFECT,
            method=Method.INTERVIEWS,
        )
        parties = {
            code: Party.unscoped.create(organisation=organisation, code=code, name=name, kind=kind)
            for code, name, kind in [
                ("gemeente", "Gemeente", PartyKind.MUNICIPALITY),
                ("woco", "Woco", PartyKind.HOUSING_CORPORATION),
                ("fonds", "Fonds", PartyKind.FUND),
            ]
        }
        for party in parties.values():
            AgreementParty.unscoped.create(agreement=agreement, party=party, is_funder=True)
        for room in rooms:
            Financing.unscoped.create(
                agreement=agreement, party=parties["gemeente"], location=room, amount=1000
            )
        for room, amount in [(noord, 600), (zuid, 400)]:
            Financing.unscoped.create(
                agreement=agreement, party=parties["woco"], location=room, amount=amount
            )
        Financing.unscoped.create(
            agreement=agreement, party=parties["fonds"], location=oost, amount=250
        )
        p1, p2, p3, p4, p5 = (ParticipantFactory(home_location=noord) for _ in range(5))
        for room, day, person in [
            (noord, date(2019, 2, 5), p1),
            (zuid, date(2019, 3, 5), p1),
            (noord, date(2019, 4, 9), p2),
            (zuid, date(2019, 5, 7), p3),
            (oost, date(2019, 2, 12), p4),
            (west, date(2019, 6, 4), p5),
        ]:
            AttendanceFactory(
                session=SessionFactory(location=room, date=day, category="social"),
                participant=person,
            )
        JobFactory(location=noord, date=date(2019, 4, 10), participant=p2)
        staff = UserFactory(username="ria", first_name="Ria", last_name="de Vries")
        EnteredResult.unscoped.create(
            location=noord,
            indicator_code="benefit_costs",
            period="2019-Q2",
            value=Decimal(3),
            explanation="Geschat uit gesprekken.",
            source="Interviews buurtteam",
            created_by=staff,
        )
    return agreement, {room.code: room for room in rooms}, parties, a.board


def _issue(four, audience, party=None, **options) -> IssuedReport:
    agreement, _, parties, board = four
    return report_issue(
        user=board,
        agreement=agreement,
        period=Q2,
        audience=audience,
        party=parties[party] if party else None,
        **options,
    )


def _files(issued: IssuedReport):
    """(report, PDF HTML, web page's report part, workbook, PDF bytes, xlsx bytes) of an
    issued report: the stored files and the HTML rendered from the stored figures."""
    report = report_from_json(issued.report_json)
    with issued.pdf.open("rb") as pdf, issued.xlsx.open("rb") as xlsx:
        pdf_bytes, xlsx_bytes = pdf.read(), xlsx.read()
    html = progress_report_html(report)
    web = render_to_string("reports/_progress_report.html", report_context(report))
    return report, html, web, load_workbook(BytesIO(xlsx_bytes)), pdf_bytes, xlsx_bytes


def _cells(sheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _row(block, code):
    return next(row for row in block.rows if row.indicator_code == code)


def test_a_housing_corporation_gets_its_two_rooms_and_their_distinct_total(four):
    report, html, web, workbook, _, _ = _files(_issue(four, Audience.HOUSING_CORPORATION, "woco"))
    assert [block.code for block in report.locations] == ["a-noord", "a-zuid"]
    noord, zuid = report.locations
    assert _row(noord, "unique_total").realised == 2  # p1, p2
    assert _row(zuid, "unique_total").realised == 2  # p1, p3
    # p1 came to both rooms: 3 people over the two, not 2 + 2.
    assert _row(report.totals, "unique_total").realised == 3
    assert _row(report.totals, "social").realised == 3
    for text in (html, web):
        assert "a Noord" in text and "a Zuid" in text
        assert "a Oost" not in text and "a West" not in text
    assert workbook.sheetnames[1:4] == ["a Noord", "a Zuid", "Totaal"]
    data = _cells(workbook["data"])
    assert {row[0] for row in data[1:]} == {"a-noord", "a-zuid"}


def test_housing_corporation_rows_come_first_highlighted_then_the_others(four):
    report, html, web, workbook, _, _ = _files(_issue(four, Audience.HOUSING_CORPORATION, "woco"))
    for block in arrange(report).blocks:
        marked, others = block.groups
        assert (marked.heading, marked.highlighted) == ("Van belang voor woningcorporaties", True)
        assert [row.indicator_code for row in marked.rows] == ["jobs"]
        assert others.heading == "Overige prestaties" and not others.highlighted
        assert [row.indicator_code for row in others.rows] == [
            "social",
            "unique_total",
            "benefit_costs",
        ]
    noord_pdf = html[html.index("<h2>a Noord</h2>") : html.index("<h2>a Zuid</h2>")]
    assert '<tr class="group hc"><td colspan="7">Van belang voor woningcorporaties' in noord_pdf
    assert noord_pdf.index("Klussen") < noord_pdf.index("Ontmoeten en meedoen")
    noord_web = web[web.index('id="block-a-noord"') : web.index('id="block-a-zuid"')]
    assert noord_web.index("<h3>Van belang voor woningcorporaties</h3>") < noord_web.index(
        "Klussen"
    )
    assert noord_web.index("Klussen") < noord_web.index("<h3>Overige prestaties</h3>")
    assert noord_web.index("<h3>Overige prestaties</h3>") < noord_web.index("Ontmoeten en meedoen")
    sheet = _cells(workbook["a Noord"])
    assert [row[1] for row in sheet[1:5]] == ["jobs", "social", "unique_total", "benefit_costs"]
    # the data sheet keeps the report's order: it is for analysis
    assert [row[2] for row in _cells(workbook["data"])[1:5]] == [
        "social",
        "jobs",
        "unique_total",
        "benefit_costs",
    ]


def test_the_switch_leaves_out_the_other_indicators(four):
    issued = _issue(four, Audience.HOUSING_CORPORATION, "woco", housing_only=True)
    assert issued.options["housing_only"] is True
    report, html, web, workbook, _, _ = _files(issued)
    assert report.audience.housing_only is True
    arrangement = arrange(report)
    for block in arrangement.blocks:
        assert [row.indicator_code for row in block.shown_rows] == ["jobs"]
        assert block.left_out == 3
    for text in (html, web):
        assert "Klussen" in text
        assert "Ontmoeten en meedoen" not in text and "Totaal unieke deelnemers" not in text
        assert "Overige prestaties" not in text
        assert "3 andere prestaties weggelaten" in text
    assert [row[1] for row in _cells(workbook["a Noord"])[1:] if row[1]] == ["jobs"]
    assert {row[2] for row in _cells(workbook["data"])[1:]} == {"jobs"}
    # Without the switch every indicator is there (the other test): the switch is stored.
    assert _issue(four, Audience.HOUSING_CORPORATION, "woco").options["housing_only"] is False


def test_the_contribution_shown_is_the_party_s_own(four):
    _, html, web, workbook, _, _ = _files(_issue(four, Audience.HOUSING_CORPORATION, "woco"))
    for text in (html, web):
        assert "Bijdrage Woco: € 600,00 van € 1.600,00" in text  # noord: Woco 600, Gemeente 1000
        assert "Bijdrage Woco: € 400,00 van € 1.400,00" in text
        assert "Bijdrage Woco: € 1.000,00 van € 3.000,00" in text  # the two rooms together
        assert "Gemeente:" not in text and "Bijdrage Gemeente" not in text
    audience = _cells(workbook["audience"])
    assert audience[0] == ["field", "location", "value"]
    assert ["party_code", None, "woco"] in audience
    assert ["contribution", "a-noord", 600] in audience
    assert ["contribution", "all", 1000] in audience
    assert ["financing_total", "all", 3000] in audience
    report, html, web, workbook, _, _ = _files(_issue(four, Audience.FUNDER, "fonds"))
    assert [block.code for block in report.locations] == ["a-oost"]
    for text in (html, web):
        assert "Bijdrage Fonds: € 250,00 van € 1.250,00" in text
        assert "Bijdrage Woco" not in text
        # a fund gets the full indicator table in the agreement's order, no housing grouping
        assert text.index("Ontmoeten en meedoen") < text.index("Klussen")
        assert "Overige prestaties" not in text and "Woonmaatschappelijk werk" not in text


def test_the_housing_section_comes_from_the_agreement(four):
    _, html, web, _, _, _ = _files(_issue(four, Audience.HOUSING_CORPORATION, "woco"))
    for text in (html, web):
        section = text[text.index("Woonmaatschappelijk werk") :]
        assert AGREEMENT_TEXT in section
        assert section.index(AGREEMENT_TEXT) < section.index("a Noord")
    agreement = four[0]
    with system_scope():
        agreement.housing_corporation_reporting = ""
        agreement.save()
    _, html, _, _, _, _ = _files(_issue(four, Audience.HOUSING_CORPORATION, "woco"))
    assert "Woonmaatschappelijk werk" in html and AGREEMENT_TEXT not in html


def test_only_the_board_s_version_has_the_internal_notes(four):
    board = _files(_issue(four, Audience.BOARD))
    report, html, web, workbook, _, _ = board
    notes = arrange(report).internal_notes
    assert [(n.location_code, n.indicator_code, n.entered_by) for n in notes] == [
        ("a-noord", "benefit_costs", STAFF)
    ]
    assert "Interne notities" in html and STAFF in html
    assert "Interne notities" in web and STAFF in web
    assert _cells(workbook["internal_notes"])[1][:5] == [
        "a-noord",
        "benefit_costs",
        "Minder kosten uitkeringen",
        "3",
        STAFF,
    ]
    for audience, party in [
        (Audience.MUNICIPALITY, "gemeente"),
        (Audience.HOUSING_CORPORATION, "woco"),
        (Audience.FUNDER, "fonds"),
    ]:
        issued = _issue(four, audience, party)
        report, html, web, workbook, pdf, _ = _files(issued)
        assert arrange(report).internal_notes is None
        assert "Interne notities" not in html and "Interne notities" not in web
        assert "internal_notes" not in workbook.sheetnames
        # who entered a figure is in none of a funder's files, nor in its stored figures
        assert "Vries" not in issued.report_json
        assert "Vries" not in html and "Vries" not in web
        assert all("Vries" not in str(v) for s in workbook for row in _cells(s) for v in row)
    # the municipality's note keeps what was entered, without who entered it
    noord = report_from_json(_issue(four, Audience.MUNICIPALITY, "gemeente").report_json)
    note = _row(noord.locations[0], "benefit_costs").note
    assert "Interviews buurtteam" in note and "Geschat uit gesprekken." in note


def test_the_municipality_s_version_is_the_report_as_built(four):
    agreement = four[0]
    with system_scope():
        EnteredResult.objects.all().delete()  # nothing of who entered what to leave out
        built = progress_report(user=None, agreement=agreement, period=Q2)
    report, _, web, _, pdf, xlsx = _files(_issue(four, Audience.MUNICIPALITY, "gemeente"))
    assert [block.code for block in report.locations] == ["a-noord", "a-oost", "a-west", "a-zuid"]
    assert pdf == progress_report_pdf(built)
    assert xlsx == progress_report_xlsx(built)
    assert web == render_to_string("reports/_progress_report.html", report_context(built))
    # The board's version: the same, plus the internal notes at the end.
    _, _, board_web, board_workbook, _, _ = _files(_issue(four, Audience.BOARD))
    built_workbook = load_workbook(BytesIO(progress_report_xlsx(built)))
    assert board_workbook.sheetnames == [*built_workbook.sheetnames, "internal_notes"]
    for sheet in built_workbook:
        assert _cells(board_workbook[sheet.title]) == _cells(sheet)
    assert board_web.startswith(web.rstrip())
    assert "Interne notities" in board_web[len(web.rstrip()) :]
