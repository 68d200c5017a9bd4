"""Retention keeps every figure (issue 10, "Retention": "every count in past and future reports
stays exactly the same; test it on a fake clock against an issued report").

A year of demo registrations (with nicknames, agencies, notes and job descriptions) for the
2019 agreement; the board issues 2019-Q2 to the municipality; then the clock is moved on to
June 2022 (``today=``) and the retention run empties the details of everyone inactive since
June 2020. Issuing the same report again gives exactly the same report object (its JSON
without the date it was built), the issued files stay as they were, and a report not yet
issued (2019, the whole year) has the same figures as before the run.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from agreements.models import Agreement, Party
from locations.factories import MembershipFactory, UserFactory
from locations.models import Role
from locations.periods import parse_period
from registrations.models import Erasure, IncomingReferral, Job, Participant, Volunteer
from registrations.privacy.retention import retention_run
from reports.issuing import report_issue
from reports.models import Audience
from reports.selectors import progress_report
from reports.serialise import report_to_json

AGREEMENT_2019 = Path(settings.BASE_DIR) / "data" / "agreements" / "zuidoost-2019.yaml"
CREATED = datetime.datetime(2019, 1, 7, 9, tzinfo=datetime.UTC)
FAKE_TODAY = datetime.date(2022, 6, 1)


def _figures(text: str) -> dict:
    """The report object as JSON, without the date it was built."""
    document = json.loads(text)
    document["report"].pop("generated_on")
    return document


def _files(issued) -> tuple[bytes, bytes]:
    with issued.pdf.open("rb") as pdf, issued.xlsx.open("rb") as xlsx:
        return pdf.read(), xlsx.read()


def _personal_left() -> int:
    return (
        Participant.unscoped.exclude(nickname="").count()
        + Volunteer.unscoped.exclude(nickname="").count()
        + IncomingReferral.unscoped.exclude(agency="").count()
        + Job.unscoped.filter(participant__isnull=False).exclude(description="").count()
    )


@pytest.fixture
def zuidoost(db, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    call_command("load_agreement", str(AGREEMENT_2019), stdout=StringIO())
    call_command(
        "generate_demo_registrations", "--agreement", "zuidoost-2019", "--seed", "2019",
        stdout=StringIO(),
    )  # fmt: skip
    # The demo rows were made today; as if they had been entered in 2019.
    Participant.unscoped.update(created_at=CREATED)
    Volunteer.unscoped.update(created_at=CREATED)
    agreement = Agreement.unscoped.get(region="zuidoost", year=2019)
    board = UserFactory(username="bestuur")
    MembershipFactory(user=board, organisation=agreement.organisation, role=Role.BOARD)
    party = Party.unscoped.get(organisation=agreement.organisation, code="gemeente-amsterdam")
    return agreement, board, party


def test_retention_changes_no_figure_of_an_issued_or_a_future_report(zuidoost):
    agreement, board, party = zuidoost
    q2 = parse_period("2019-Q2")

    def issue():
        return report_issue(
            user=board, agreement=agreement, period=q2, audience=Audience.MUNICIPALITY, party=party
        )

    def future():
        report = progress_report(user=board, agreement=agreement, period=parse_period("2019"))
        return report_to_json(report)

    issued = issue()
    files = _files(issued)
    future_before = future()
    personal_before = _personal_left()
    assert personal_before > 100  # the demo has nicknames, agencies and job descriptions

    result = retention_run(today=FAKE_TODAY)

    assert result.participants > 100 and result.volunteers > 0
    assert _personal_left() < personal_before / 2  # most people were inactive since 2020
    assert Erasure.unscoped.count() == result.participants + result.volunteers
    again = issue()
    assert again.version == issued.version + 1
    assert _figures(again.report_json) == _figures(issued.report_json)
    assert _figures(future()) == _figures(future_before)
    issued.refresh_from_db()
    assert _files(issued) == files
    assert hashlib.sha256(files[0]).hexdigest() == issued.pdf_sha256
    assert hashlib.sha256(files[1]).hexdigest() == issued.xlsx_sha256
