"""The main job end to end: ``setup_demo`` loads the real agreements, generates demo
registrations and every other record type coordinators keep (issue 3), writes the quarterly
reports, issues the 2019 Q1-Q4 and 2021 Q1-Q2 reports to the municipality and to each housing
corporation (issue 9) and prints URL, logins (with what each funder sees) and file paths;
running it again changes no counts and issues nothing."""

import base64
import dataclasses
import datetime
import re
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from agreements.models import Agreement, Indicator, Target
from locations.access import system_scope
from registrations import models as rm
from registrations.models import Attendance, Job, Participant, Session
from reports import issuing
from reports.management.commands.build_report import BUILDERS
from reports.management.commands.setup_demo import DEMO_PASSWORD
from reports.models import IssuedReport
from reports.narratives.models import Narrative, NarrativeStatus
from reports.tests.test_report_object import _pdf_text

#: The issue 3 record types the demo generator fills.
RECORD_MODELS = [
    rm.Volunteer,
    rm.KeyHolding,
    rm.VolunteerGroup,
    rm.VolunteerGroupMembership,
    rm.VolunteerHours,
    rm.AssociationMember,
    rm.IncomingReferral,
    rm.OutgoingReferral,
    rm.Placement,
    rm.PaidWork,
    rm.MinimaApplication,
    rm.DebtSupport,
    rm.PartnerAgreement,
    rm.SurveyRound,
    rm.SurveyResult,
    rm.EnteredResult,
]


#: The rooms each funder finances (a financing row above € 0), from the agreement files'
#: financing tables: what its issued reports cover. The municipality's cover every room.
FINANCED_ROOMS = {
    "zuidoost-2019": {
        ("municipality", "gemeente-amsterdam"): ["cjm", "handreiking", "multibron", "samensterk"],
        ("housing_corporation", "eigen-haard"): ["cjm", "handreiking", "multibron"],
        ("housing_corporation", "rochdale"): ["handreiking", "samensterk"],
        ("housing_corporation", "stadgenoot"): ["cjm"],
        ("housing_corporation", "ymere"): ["handreiking", "multibron"],
    },
    "zuidoost-2021": {
        ("municipality", "gemeente-amsterdam"): ["cjm", "handreiking", "multibron"],
        ("housing_corporation", "eigen-haard"): ["cjm", "handreiking", "multibron"],
        ("housing_corporation", "rochdale"): ["handreiking", "multibron"],
        ("housing_corporation", "stadgenoot"): ["cjm", "multibron"],
        ("housing_corporation", "ymere"): ["handreiking", "multibron"],
    },
}
#: The periods issued per agreement (the issue's "2019 Q1-Q4 and 2021 Q1-Q2").
ISSUED_PERIODS = {
    "zuidoost-2019": ["2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4"],
    "zuidoost-2021": ["2021-Q1", "2021-Q2"],
}
#: Every version the demo issues: (agreement, period, audience, party, version) -> its rooms.
EXPECTED_ISSUED = {
    (slug, period, audience, party, 1): rooms
    for slug, funders in FINANCED_ROOMS.items()
    for (audience, party), rooms in funders.items()
    for period in ISSUED_PERIODS[slug]
}


def _counts() -> dict[str, int]:
    models = [Agreement, Indicator, Target, Participant, Session, Attendance, Job, *RECORD_MODELS]
    return {m.__name__: m.unscoped.count() for m in models}


def _record_builds(monkeypatch, built: list, *, render: bool) -> None:
    """Make ``build_report`` note each report it builds in ``built`` as (format, report);
    ``render=False`` writes placeholder bytes instead of rendering the PDF/Excel file."""
    for fmt, builder in list(BUILDERS.items()):

        def build(report, fmt=fmt, builder=builder):
            built.append((fmt, report))
            return builder(report) if render else b"not rendered"

        monkeypatch.setitem(BUILDERS, fmt, build)


def _first_difference(a: object, b: object, path: str = "report") -> str:
    """Where two reports (nested dataclasses, lists, dicts) first differ: a path and the two
    values, for an assertion message."""
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        for f in dataclasses.fields(a):
            x, y = getattr(a, f.name), getattr(b, f.name)
            if x != y:
                return _first_difference(x, y, f"{path}.{f.name}")
    elif isinstance(a, list | tuple) and isinstance(b, list | tuple) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    elif isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        for key in a:
            if a[key] != b[key]:
                return _first_difference(a[key], b[key], f"{path}[{key!r}]")
    return f"{path}: {a!r} != {b!r}"


def _record_issues(monkeypatch, rendered: list) -> None:
    """Make issuing note each report it renders in ``rendered`` as (format, agreement,
    period, party code) and store placeholder bytes instead of rendering the PDF and Excel
    file: issuing's rendering and storing are tested in tests/test_issued_reports.py."""
    for fmt, name in (("pdf", "progress_report_pdf"), ("xlsx", "progress_report_xlsx")):

        def render(report, fmt=fmt):
            rendered.append(
                (fmt, report.agreement_slug, report.period.code, report.audience.party_code)
            )
            return f"{fmt} not rendered".encode()

        monkeypatch.setattr(issuing, name, render)


def _issued() -> dict[tuple, list[str]]:
    """Every issued version as in :data:`EXPECTED_ISSUED`, with who issued it."""
    return {
        (r.agreement.slug, r.period, r.audience, r.party.code, r.version): (
            sorted(r.options["locations"]),
            r.issued_by.username,
        )
        for r in IssuedReport.unscoped.select_related("agreement", "party", "issued_by")
    }


def _funder_block(text: str, username: str) -> list[str]:
    """The lines the summary prints under ``username`` in its list of issued reports (between
    "Reports issued by" and the report files): the login and its party's name, then one line
    per agreement; whitespace collapsed."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    section = lines[
        next(i for i, line in enumerate(lines) if line.startswith("Reports issued by")) + 1 :
    ]
    start = next(i for i, line in enumerate(section) if line.startswith(f"{username} "))
    block = [section[start]]
    for line in section[start + 1 :]:
        if not line.startswith("zuidoost-"):
            break
        block.append(line)
    return block


@pytest.mark.django_db
def test_setup_demo_builds_a_working_instance_and_reports(settings, tmp_path, monkeypatch, client):
    settings.DEBUG = True
    first_builds: list = []
    _record_builds(monkeypatch, first_builds, render=True)
    first_issues: list = []
    _record_issues(monkeypatch, first_issues)
    out = StringIO()
    call_command(
        "setup_demo", "--out", str(tmp_path), "--url", "http://127.0.0.1:8000/", stdout=out
    )
    text = out.getvalue()

    assert "URL:    http://127.0.0.1:8000/" in text
    for username in ("coordinator", "board", "admin", "funder"):
        assert f"\n  {username} " in text
    # A funder login for the municipality and one per housing corporation, each printed with
    # the reports it finds on its start page (the rooms its party finances).
    for party in ("eigen-haard", "rochdale", "stadgenoot", "ymere"):
        assert f"\n  funder-{party} " in text
    assert _funder_block(text, "funder") == [
        "funder Gemeente Amsterdam, Stadsdeel Zuidoost",
        "zuidoost-2019: 2019-Q1, 2019-Q2, 2019-Q3, 2019-Q4"
        " (cjm, handreiking, multibron, samensterk)",
        "zuidoost-2021: 2021-Q1, 2021-Q2 (cjm, handreiking, multibron)",
    ]
    assert _funder_block(text, "funder-ymere") == [
        "funder-ymere Ymere",
        "zuidoost-2019: 2019-Q1, 2019-Q2, 2019-Q3, 2019-Q4 (handreiking, multibron)",
        "zuidoost-2021: 2021-Q1, 2021-Q2 (handreiking, multibron)",
    ]
    assert "Reports issued by board (30 now, 30 in the archive" in text

    # The reports are issued by the board to the municipality and to every housing corporation
    # that finances the agreement, over exactly the rooms it finances; each rendered once.
    issued = _issued()
    assert issued == {key: (rooms, "board") for key, rooms in EXPECTED_ISSUED.items()}
    assert sorted(first_issues) == sorted(
        (fmt, slug, period, party)
        for slug, period, _audience, party, _version in EXPECTED_ISSUED
        for fmt in ("pdf", "xlsx")
    )
    q2 = tmp_path / "voortgangsrapportage-zuidoost-2019-2019-Q2"
    for suffix in (".pdf", ".xlsx"):
        assert str(q2.with_suffix(suffix)) in text
    assert q2.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    # Every room's narrative of every issued quarter is written and approved (4 rooms x 4
    # quarters of 2019, 3 rooms x 2 of 2021), and the Q2 PDF carries Q2's narratives.
    narratives = Narrative.unscoped.filter(status=NarrativeStatus.APPROVED)
    assert sorted(set(narratives.values_list("agreement__year", "period"))) == [
        (2019, f"2019-Q{n}") for n in range(1, 5)
    ] + [(2021, "2021-Q1"), (2021, "2021-Q2")]
    assert narratives.count() == 4 * 4 + 3 * 2
    q2_pdf = _pdf_text(q2.with_suffix(".pdf").read_bytes())
    for narrative in narratives.filter(period="2019-Q2"):
        assert " ".join(narrative.highlights.split()[:6]) in q2_pdf

    # Both real agreements are there: 4 rooms in 2019, 3 in 2021 (Samen Sterk closed 2020).
    agreements = {a.slug: a for a in Agreement.unscoped.all()}
    assert set(agreements) == {"zuidoost-2019", "zuidoost-2021"}
    # (The command runs outside any scope: it opts out itself. The test reads as system code.)
    with system_scope():
        assert agreements["zuidoost-2019"].locations.count() == 4
        assert agreements["zuidoost-2021"].locations.count() == 3

    # The Q2 workbook's data sheet has a row for every location and indicator of 2019.
    sheet = openpyxl.load_workbook(q2.with_suffix(".xlsx"))["data"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4 * Indicator.unscoped.filter(agreement=agreements["zuidoost-2019"]).count()
    unique_totals = {r[0]: r[8] for r in rows if r[2] == "unique_total"}
    assert set(unique_totals) == {"cjm", "multibron", "handreiking", "samensterk"}
    assert all(isinstance(v, int) and v > 0 for v in unique_totals.values())

    # Every record type coordinators keep is in the demo, at every room of both years.
    counts = _counts()
    assert all(counts[m.__name__] > 0 for m in RECORD_MODELS), counts
    with system_scope():
        rooms = [(a, location) for a in agreements.values() for location in a.locations.all()]
    for agreement, location in rooms:
        in_year = {"location": location, "date__year": agreement.year}
        assert rm.VolunteerHours.unscoped.filter(**in_year, is_professional=False).exists()
        assert rm.VolunteerHours.unscoped.filter(**in_year, is_professional=True).exists()
        assert rm.SurveyRound.unscoped.filter(**in_year).exists()
        assert rm.EnteredResult.unscoped.filter(
            location=location, period=f"{agreement.year}-Q4", source="demo"
        ).exists()

    # The whole output speaks one language (English): the called commands' Dutch messages
    # come out in their English translation.
    assert " participants, " in text and " deelnemers" not in text
    assert "Report written to " in text and "Rapportage geschreven" not in text
    assert "coordinator (cjm)" in text and "teamcoördinator" not in text

    # The suggested day page opens on the last day with demo sessions in the coordinator's room.
    day = re.search(r"(/registratie/dag/(\d+)/(\d{4}-\d\d-\d\d)/)  the coordinator", text)
    assert day, text
    with system_scope():
        shown = Session.objects.filter(
            location_id=int(day[2]), date=datetime.date.fromisoformat(day[3]), is_demo=True
        )
        assert shown.exists()
        assert not Session.objects.filter(
            location_id=int(day[2]), is_demo=True, date__gt=day[3], date__lte=timezone.localdate()
        ).exists()

    # Running it with --regenerate replaces the demo data instead of adding to it. That run
    # builds the same reports from the same data (asserted), so it does not render the PDF and
    # Excel files again: they were rendered and checked above.
    # It issues only what is missing: every version is there, so nothing is issued or
    # rendered again and the stored versions stay as they are.
    monkeypatch.undo()
    second_builds: list = []
    _record_builds(monkeypatch, second_builds, render=False)
    second_issues: list = []
    _record_issues(monkeypatch, second_issues)
    before = {r.pk: (r.version, r.pdf_sha256, r.issued_at) for r in IssuedReport.unscoped.all()}
    sessions_before = set(Session.unscoped.values_list("pk", flat=True))
    out = StringIO()
    call_command("setup_demo", "--out", str(tmp_path), "--regenerate", stdout=out)
    assert _counts() == counts
    assert len(first_builds) == 6
    for (fmt, first), (again_fmt, second) in zip(first_builds, second_builds, strict=True):
        assert (again_fmt, second) == (fmt, first), _first_difference(first, second)
    assert second_issues == []
    assert {
        r.pk: (r.version, r.pdf_sha256, r.issued_at) for r in IssuedReport.unscoped.all()
    } == before
    assert "Reports issued by board (0 now, 30 in the archive" in out.getvalue()
    assert _funder_block(out.getvalue(), "funder-ymere") == _funder_block(text, "funder-ymere")
    regenerated = set(Session.unscoped.values_list("pk", flat=True))
    assert regenerated.isdisjoint(sessions_before)
    # The regenerated year writes with the first-seen trigger off and rebuilds that rollup:
    # it equals a recount from the registrations (and the files above are the same bytes).
    assert _first_seen_rows() == _first_seen_recount()

    # Without --regenerate a run on an existing demo keeps the demo data and the report files
    # as they are (it serves in seconds): nothing generated, built or issued again.
    third_builds: list = []
    _record_builds(monkeypatch, third_builds, render=False)
    out = StringIO()
    call_command("setup_demo", "--out", str(tmp_path), stdout=out)
    assert third_builds == []
    assert set(Session.unscoped.values_list("pk", flat=True)) == regenerated
    assert _counts() == counts
    for slug in ("zuidoost-2019", "zuidoost-2021"):
        assert f"Demo registrations of {slug} kept (--regenerate makes them anew)." in (
            out.getvalue()
        )
    for suffix in (".pdf", ".xlsx"):
        assert str(q2.with_suffix(suffix)) in out.getvalue()

    # The printed logins work: every funder login finds on its start page the six reports
    # issued to its own party (both agreements) and none issued to another party.
    logins = {"funder": "gemeente-amsterdam"} | {
        f"funder-{party}": party for party in ("eigen-haard", "rochdale", "stadgenoot", "ymere")
    }
    versions = list(IssuedReport.unscoped.select_related("party"))
    for username, party in logins.items():
        # Through the login page: the password, then a code from the printed TOTP key.
        key = re.search(rf"^ +{re.escape(username)} +TOTP key (\w+)", text, re.MULTILINE)[1]
        response = client.post(
            reverse("login"),
            {"login_view-current_step": "auth", "username": username, "password": DEMO_PASSWORD},
        )
        assert response.status_code == 200, username  # the second step
        code = f"{totp(base64.b32decode(key)):06d}"
        response = client.post(
            reverse("login"), {"login_view-current_step": "token", "token-otp_token": code}
        )
        assert response.status_code == 302, username
        home = client.get(reverse("home")).content.decode()
        shown = [
            v.party.code
            for v in versions
            if reverse("reports:issued_file", args=[v.pk, "pdf"]) in home
        ]
        assert shown == [party] * 6, username
        client.logout()


def test_setup_demo_refuses_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("setup_demo", stdout=StringIO())


def _first_seen_rows() -> tuple[set[tuple], set[tuple]]:
    """The first-seen rollup as stored: (first seen rows, new participants per month)."""
    return _fetch(
        "SELECT year, organisation_id, location_id, category, participant_id, month "
        "FROM registrations_participantfirstseen"
    ), _fetch(
        "SELECT organisation_id, location_id, category, month, participants "
        "FROM registrations_newparticipantsmonth"
    )


def _first_seen_recount() -> tuple[set[tuple], set[tuple]]:
    """The same rows recounted from the registrations."""
    from registrations.models.rollup import FIRST_SEEN_RECOUNT_SQL, NEW_PARTICIPANTS_RECOUNT_SQL

    return _fetch(FIRST_SEEN_RECOUNT_SQL), _fetch(NEW_PARTICIPANTS_RECOUNT_SQL)


def _fetch(sql: str) -> set[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return set(cursor.fetchall())
