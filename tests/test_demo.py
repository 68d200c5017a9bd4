"""The main job end to end: ``setup_demo`` loads the real agreements, generates demo
registrations and every other record type coordinators keep (issue 3), writes the quarterly
reports and prints URL, logins and file paths; running it again changes no counts."""

from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.models import Agreement, Indicator, Target
from locations.access import system_scope
from registrations import models as rm
from registrations.models import Attendance, Job, Participant, Session
from reports.management.commands.build_report import BUILDERS

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


@pytest.mark.django_db
def test_setup_demo_builds_a_working_instance_and_reports(settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    first_builds: list = []
    _record_builds(monkeypatch, first_builds, render=True)
    out = StringIO()
    call_command(
        "setup_demo", "--out", str(tmp_path), "--url", "http://127.0.0.1:8000/", stdout=out
    )
    text = out.getvalue()

    assert "URL:    http://127.0.0.1:8000/" in text
    for username in ("coordinator", "board", "admin", "funder"):
        assert f"\n  {username} " in text
    q2 = tmp_path / "voortgangsrapportage-zuidoost-2019-2019-Q2"
    for suffix in (".pdf", ".xlsx"):
        assert str(q2.with_suffix(suffix)) in text
    assert q2.with_suffix(".pdf").read_bytes().startswith(b"%PDF")

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

    # Running it again replaces the demo data instead of adding to it. The second run builds
    # the same reports from the same data (asserted), so it does not render the PDF and Excel
    # files again: they were rendered and checked above.
    monkeypatch.undo()
    second_builds: list = []
    _record_builds(monkeypatch, second_builds, render=False)
    call_command("setup_demo", "--out", str(tmp_path), stdout=StringIO())
    assert _counts() == counts
    assert len(first_builds) == 6
    assert second_builds == first_builds


def test_setup_demo_refuses_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("setup_demo", stdout=StringIO())
