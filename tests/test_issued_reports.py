"""Issuing reports and the archive (issue 9): stored once, never changed, versions kept,
per audience, downloads recorded and scoped, never served as public media."""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from agreements.models import Agreement, Party
from locations.access import system_scope
from locations.factories import MembershipFactory, UserFactory
from locations.models import Location, Role
from locations.periods import parse_period
from registrations.models import Attendance, Job, Session
from reports.issuing import report_issue
from reports.models import Audience, IssuedReport, IssuedReportDownload
from reports.selectors import progress_report
from reports.serialise import report_from_json

Q2 = parse_period("2019-Q2")
AGREEMENT_2019 = Path(settings.BASE_DIR) / "data" / "agreements" / "zuidoost-2019.yaml"


@pytest.fixture(scope="module")
def _zuidoost(module_transaction):
    """The 2019 agreement with a year of demo data, built once for the module."""
    call_command("load_agreement", str(AGREEMENT_2019), stdout=StringIO())
    call_command(
        "generate_demo_registrations", "--agreement", "zuidoost-2019", "--seed", "2019",
        stdout=StringIO(),
    )  # fmt: skip
    return Agreement.unscoped.get(region="zuidoost", year=2019)


@pytest.fixture
def zuidoost(_zuidoost, db):
    """The 2019 agreement with a year of demo data, a board member and two funder users:
    one of the municipality, one of Ymere (which finances MultiBron and De Handreiking)."""
    agreement = _zuidoost
    organisation = agreement.organisation
    board = UserFactory(username="bestuur")
    MembershipFactory(user=board, organisation=organisation, role=Role.BOARD)
    parties = {p.code: p for p in Party.unscoped.filter(organisation=organisation)}
    funders = {}
    for code in ("gemeente-amsterdam", "ymere"):
        funders[code] = UserFactory(username=f"financier-{code}")
        MembershipFactory(
            user=funders[code], organisation=organisation, role=Role.FUNDER, party=parties[code]
        )
    return {"agreement": agreement, "board": board, "parties": parties, "funders": funders}


def _issue(world, audience=Audience.MUNICIPALITY, party="gemeente-amsterdam", **options):
    return report_issue(
        user=world["board"],
        agreement=world["agreement"],
        period=Q2,
        audience=audience,
        party=world["parties"][party] if party else None,
        **options,
    )


def _stored(issued: IssuedReport) -> tuple[bytes, bytes, str]:
    with issued.pdf.open("rb") as pdf, issued.xlsx.open("rb") as xlsx:
        return pdf.read(), xlsx.read(), issued.report_json


def test_issuing_stores_the_files_the_figures_and_their_hashes(zuidoost):
    issued = _issue(zuidoost)
    pdf, xlsx, text = _stored(issued)
    assert pdf.startswith(b"%PDF") and xlsx.startswith(b"PK")
    assert issued.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert issued.xlsx_sha256 == hashlib.sha256(xlsx).hexdigest()
    assert (issued.version, issued.issued_by, issued.language) == (1, zuidoost["board"], "nl")
    assert issued.software_version.startswith("bwk ")
    report = report_from_json(text)
    assert report.period == Q2
    assert report.audience.kind == Audience.MUNICIPALITY
    assert report.audience.party_code == "gemeente-amsterdam"
    assert [block.code for block in report.locations] == sorted(
        ["cjm", "multibron", "handreiking", "samensterk"],
        key=lambda code: next(b.name for b in report.locations if b.code == code),
    )
    assert issued.options["locations"] == [block.code for block in report.locations]


def test_an_issued_report_never_changes_when_registrations_are_corrected(zuidoost):
    issued = _issue(zuidoost)
    before = _stored(issued)
    agreement = zuidoost["agreement"]

    def unique_total(report):
        return next(r.realised for r in report.totals.rows if r.indicator_code == "unique_total")

    with system_scope():
        fresh_before = unique_total(progress_report(user=None, agreement=agreement, period=Q2))
        # A correction after issuing: every Q2 attendance at MultiBron is removed.
        multibron = Location.objects.get(organisation=agreement.organisation, code="multibron")
        Attendance.objects.filter(
            session__location=multibron, session__date__range=(Q2.start, Q2.end)
        ).delete()
        fresh_after = unique_total(progress_report(user=None, agreement=agreement, period=Q2))
    assert fresh_after < fresh_before  # a fresh report changed ...
    issued = IssuedReport.unscoped.get(pk=issued.pk)
    assert _stored(issued) == before  # ... the issued one did not, byte for byte
    assert unique_total(report_from_json(issued.report_json)) == fresh_before


def test_reissuing_makes_the_next_version_and_keeps_the_earlier_ones(zuidoost):
    first = _issue(zuidoost)
    first_files = _stored(first)
    second = _issue(zuidoost)
    assert (first.version, second.version) == (1, 2)
    assert _stored(IssuedReport.unscoped.get(pk=first.pk)) == first_files
    with pytest.raises(ValueError, match="never changes"):
        first.save()


def test_a_housing_corporation_gets_exactly_the_locations_it_finances(zuidoost):
    issued = _issue(zuidoost, Audience.HOUSING_CORPORATION, "ymere")
    report = report_from_json(issued.report_json)
    assert {block.code for block in report.locations} == {"multibron", "handreiking"}
    # Its total counts each person once over those two rooms (attendances and jobs done for
    # them, 1 January to 30 June), never the sum of the two rooms' counts.
    with system_scope():
        rooms = Location.objects.filter(
            organisation=zuidoost["agreement"].organisation, code__in=["multibron", "handreiking"]
        )
        window = (datetime.date(2019, 1, 1), Q2.end)
        people = set(
            Attendance.objects.filter(
                session__location__in=rooms, session__date__range=window
            ).values_list("participant_id", flat=True)
        ) | set(
            Job.objects.filter(location__in=rooms, date__range=window)
            .exclude(participant=None)
            .values_list("participant_id", flat=True)
        )
    rows = {
        block.code: next(r for r in block.rows if r.indicator_code == "unique_total")
        for block in [*report.locations, report.totals]
    }
    assert rows["all"].realised == len(people)
    assert rows["all"].realised <= rows["multibron"].realised + rows["handreiking"].realised


def test_a_party_that_does_not_fit_the_audience_is_refused(zuidoost):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _issue(zuidoost, Audience.HOUSING_CORPORATION, "gemeente-amsterdam")
    with pytest.raises(ValidationError):
        _issue(zuidoost, Audience.BOARD, "ymere")
    assert not IssuedReport.unscoped.exists()


def test_downloads_are_recorded_and_only_the_party_s_own_reports_are_found(client, zuidoost):
    ymere_report = _issue(zuidoost, Audience.HOUSING_CORPORATION, "ymere")
    municipality_report = _issue(zuidoost)
    client.force_login(zuidoost["funders"]["ymere"])
    response = client.get(reverse("reports:issued_file", args=[ymere_report.pk, "pdf"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _stored(ymere_report)[0]
    download = IssuedReportDownload.unscoped.get()
    assert (download.issued_report, download.format, download.downloaded_by) == (
        ymere_report,
        "pdf",
        zuidoost["funders"]["ymere"],
    )
    # Another party's report, by its URL: not found, not recorded.
    other = reverse("reports:issued_file", args=[municipality_report.pk, "pdf"])
    assert client.get(other).status_code == 404
    assert IssuedReportDownload.unscoped.count() == 1
    # The home page lists the party's own reports only, with its contribution.
    home = client.get(reverse("home")).content.decode()
    assert reverse("reports:issued_file", args=[ymere_report.pk, "xlsx"]) in home
    assert reverse("reports:issued_file", args=[municipality_report.pk, "xlsx"]) not in home
    assert "Uw bijdrage per buurtwerkkamer" in home and "€ 15.000,00" in home  # 2.500 + 12.500


def test_funders_see_nothing_personal(client, zuidoost):
    client.force_login(zuidoost["funders"]["ymere"])
    with system_scope():
        session = Session.objects.filter(location__code="multibron").first()
    for url in (
        reverse("registrations:session_list"),
        reverse("registrations:session_detail", args=[session.pk]),
        reverse("registrations:log"),
    ):
        assert client.get(url).status_code == 404, url
    # The participant search takes a POST only (the text never in a URL): 404 for funders.
    search = client.post(reverse("registrations:participant_search"), {"q": "MB"})
    assert search.status_code == 404


def test_issued_files_are_not_served_as_public_media(client, zuidoost):
    issued = _issue(zuidoost)
    client.force_login(zuidoost["board"])
    for name in (issued.pdf.name, issued.xlsx.name):
        assert client.get(f"/media/{name}").status_code == 404
        assert client.get(f"/archive/{name}").status_code == 404


def test_the_board_issues_from_the_archive_page(client, zuidoost):
    client.force_login(zuidoost["board"])
    agreement = zuidoost["agreement"]
    url = reverse("reports:issue", args=[agreement.pk])
    ymere = zuidoost["parties"]["ymere"]
    refused = client.post(url, {"period": "2019-Q2", "audience": "municipality", "party": ymere.pk})
    assert refused.status_code == 200
    assert "Ymere is geen gemeente" in refused.content.decode()
    assert 'value="2019-Q2" selected' in refused.content.decode()  # what was entered stays
    done = client.post(
        url, {"period": "2019-Q2", "audience": "housing_corporation", "party": ymere.pk}
    )
    assert done.status_code == 302
    issued = IssuedReport.unscoped.get()
    assert (issued.party, issued.audience, issued.period) == (
        ymere,
        "housing_corporation",
        "2019-Q2",
    )
    archive = client.get(reverse("reports:issued", args=[agreement.pk])).content.decode()
    assert reverse("reports:issued_file", args=[issued.pk, "pdf"]) in archive


def test_a_report_issued_over_a_closed_period_is_final(zuidoost):
    """Issue 11, the status mark: the first issue of a period is a concept (the period can
    only be closed once it is issued); issued again after Q1 and Q2 are closed, "Definitief"."""
    from io import BytesIO

    from pypdf import PdfReader

    from agreements.services import period_close

    first = _issue(zuidoost, party=None, audience=Audience.BOARD)
    assert report_from_json(first.report_json).final is False
    assert "CONCEPT" in PdfReader(first.pdf.open("rb")).pages[0].extract_text()
    period_close(user=zuidoost["board"], agreement=zuidoost["agreement"], period="2019-Q2")
    # Q1 still open (never issued, so it cannot be closed): Q2's figures may still change.
    assert (
        report_from_json(_issue(zuidoost, party=None, audience=Audience.BOARD).report_json).final
        is False
    )
    _issue_q1 = report_issue(
        user=zuidoost["board"],
        agreement=zuidoost["agreement"],
        period=parse_period("2019-Q1"),
        audience=Audience.BOARD,
    )
    period_close(user=zuidoost["board"], agreement=zuidoost["agreement"], period="2019-Q1")
    final = _issue(zuidoost, party=None, audience=Audience.BOARD)
    assert report_from_json(final.report_json).final is True
    with final.pdf.open("rb") as stored:
        text = PdfReader(BytesIO(stored.read())).pages[0].extract_text()
    assert "DEFINITIEF" in text and "CONCEPT" not in text
