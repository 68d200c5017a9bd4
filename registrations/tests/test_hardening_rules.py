"""Plausible dates and clean nicknames on every entry path (issue 10, registrations/services/
rules.py): a date before the location's first possible day (01-01-2000, the day it opened, or
1 January of the year before its first agreement) and a nickname with a line break or control
character are refused by the services, the log, day and records pages, the CSV import and the
admin, with the same Dutch message, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from agreements.factories import AgreementFactory
from locations.access import system_scope
from registrations.models import Job, Participant, Session, SurveyRound
from registrations.services import job_register, participant_create, session_register
from registrations.services.rules import (
    date_errors,
    earliest_date,
    first_possible_day,
    nickname_errors,
)
from registrations.tests.test_date_rule import _admin_data

OPENED = datetime.date(2018, 5, 1)
BEFORE = datetime.date(2018, 4, 30)


def _message(date: datetime.date, first: datetime.date = OPENED) -> str:
    return (
        f"De datum {date:%d-%m-%Y} ligt vóór {first:%d-%m-%Y}, de eerste dag waarop hier iets "
        f"kan zijn. Kies {first:%d-%m-%Y} of een latere dag."
    )


@pytest.fixture
def opened(tenants):
    """Location a-noord opened on 01-05-2018."""
    with system_scope():
        tenants.a.location.opened_on = OPENED
        tenants.a.location.save()
    return tenants


def test_first_possible_day():
    assert first_possible_day(None, None) == datetime.date(2000, 1, 1)
    assert first_possible_day(datetime.date(1999, 1, 1), None) == datetime.date(2000, 1, 1)
    assert first_possible_day(OPENED, None) == OPENED
    assert first_possible_day(None, 2019) == datetime.date(2018, 1, 1)
    assert first_possible_day(datetime.date(2017, 3, 1), 2019) == datetime.date(2018, 1, 1)
    assert first_possible_day(OPENED, 2019) == OPENED


def test_the_first_agreement_sets_the_first_day(tenants):
    with system_scope():
        assert earliest_date(tenants.a.location) == datetime.date(2000, 1, 1)
        AgreementFactory(
            organisation=tenants.a.organisation, year=2019, locations=[tenants.a.location]
        )
        assert earliest_date(tenants.a.location) == datetime.date(2018, 1, 1)
        assert date_errors(datetime.date(2017, 12, 31), tenants.a.location) == [
            _message(datetime.date(2017, 12, 31), datetime.date(2018, 1, 1))
        ]
        assert date_errors(datetime.date(2018, 1, 1), tenants.a.location) == []


def test_the_services_refuse_a_day_before_the_opening(opened):
    with pytest.raises(ValidationError) as error:
        job_register(
            user=opened.a.coordinator, location=opened.a.location, date=BEFORE, description="Lamp"
        )
    assert error.value.message_dict == {"date": [_message(BEFORE)]}
    job_register(
        user=opened.a.coordinator, location=opened.a.location, date=OPENED, description="Lamp"
    )
    assert Job.unscoped.count() == 1


def test_the_log_page_refuses_a_day_before_the_opening(client, opened):
    client.force_login(opened.a.coordinator)
    response = client.post(
        reverse("registrations:log"),
        {
            "form": "job",
            "job-location": opened.a.location.pk,
            "job-date": BEFORE.isoformat(),
            "job-description": "Lamp",
        },
    )
    assert response.context["job_form"].errors["date"] == [_message(BEFORE)]
    assert not Job.unscoped.exists()


def test_the_day_page_refuses_a_day_before_the_opening(client, opened):
    client.force_login(opened.a.coordinator)
    url = reverse("registrations:day", args=[opened.a.location.pk, BEFORE.isoformat()])
    page = client.get(url).content.decode()
    assert f"Op deze dag kan niets worden geregistreerd: {_message(BEFORE)}" in page
    response = client.post(
        url, {"form": "session", "session-category": "social", "session-anonymous_count": "2"}
    )
    assert _message(BEFORE) in response.content.decode()
    assert not Session.unscoped.exists()


def test_the_records_page_refuses_a_survey_before_the_opening(client, opened):
    client.force_login(opened.a.coordinator)
    response = client.post(
        reverse("registrations:records", kwargs={"location_id": opened.a.location.pk}),
        {
            "form": "survey",
            "survey-date": BEFORE.isoformat(),
            "survey-audience": "participants",
            "survey-respondents": "25",
            "survey-question_0": "confidence",
            "survey-share_0": "0,62",
        },
    )
    assert _message(BEFORE) in response.content.decode()
    assert not SurveyRound.unscoped.exists()


@pytest.mark.usefixtures("system")
def test_the_import_refuses_a_day_before_the_opening(tmp_path, opened, capsys):
    path = tmp_path / "import.csv"
    path.write_text(
        "date;location;category;participant;session\n"
        "2018-05-01;a-noord;social;CJM-0001;Koffie\n"
        "30-04-2018;a-noord;social;CJM-0002;Koffie\n"
        "01-01-0001;a-zuid;social;CJM-0003;Koffie\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="2 fout"):
        call_command("import_registrations", str(path), "--organisation", "a")
    assert capsys.readouterr().err.splitlines() == [
        "regel 3: datum '30-04-2018' ligt vóór 01-05-2018, de eerste dag van a-noord.",
        "regel 4: datum '01-01-0001' ligt vóór 01-01-2000, de eerste dag van a-zuid.",
    ]
    assert not Session.unscoped.exists()


def test_the_admin_refuses_a_day_before_the_opening(client, opened):
    client.force_login(opened.a.admin)
    url = reverse("admin:registrations_job_add")
    response = client.post(url, _admin_data(opened, "job", f"{BEFORE:%d-%m-%Y}"))
    assert response.context["adminform"].form.errors["date"] == [_message(BEFORE)]
    assert not Job.unscoped.exists()


# -- nicknames -------------------------------------------------------------------------------


@pytest.mark.parametrize("nickname", ["Anita\nCJM-0099", "Anita\rB", "A\u2028B", "A\tB", "A\x1bB"])
def test_a_nickname_with_a_line_break_is_refused(nickname):
    assert nickname_errors(nickname) == [
        "Een roepnaam mag geen regeleinde, tab of ander stuurteken bevatten. Typ de roepnaam op "
        "één regel, alleen met letters, cijfers en spaties."
    ]


def test_the_service_refuses_a_nickname_with_a_line_break(tenants):
    with pytest.raises(ValidationError) as error:
        participant_create(
            user=tenants.a.coordinator,
            organisation=tenants.a.organisation,
            location=tenants.a.location,
            code="CJM-0001",
            nickname="Anita\nCJM-0002",
        )
    assert "nickname" in error.value.message_dict
    assert not Participant.unscoped.exists()


def test_a_session_service_refuses_a_new_nickname_with_a_line_break(tenants):
    with pytest.raises(ValidationError) as error:
        session_register(
            user=tenants.a.coordinator,
            location=tenants.a.location,
            date=datetime.date(2019, 3, 14),
            category="social",
            new_participants=[("CJM-0001", "Anita\u2028CJM-0002")],
        )
    assert "new_participants" in error.value.message_dict
    assert not Participant.unscoped.exists()
    assert not Session.unscoped.exists()


def test_the_log_page_does_not_split_a_nickname_at_a_line_separator(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = client.post(
        reverse("registrations:log"),
        {
            "form": "session",
            "location": tenants.a.location.pk,
            "date": "2019-03-14",
            "category": "social",
            "anonymous_count": "0",
            "new_participants": "CJM-0001, Anita\u2028CJM-0002",
        },
    )
    assert response.status_code == 200
    assert "CJM-0001: Een roepnaam mag geen regeleinde" in response.content.decode()
    assert not Participant.unscoped.exists()
    assert not Session.unscoped.exists()


def test_the_admin_refuses_a_nickname_with_a_line_break(client, tenants):
    client.force_login(tenants.a.admin)
    response = client.post(
        reverse("admin:registrations_participant_add"),
        {
            "code": "CJM-0001",
            "nickname": "Anita\r\nCJM-0002",
            "organisation": tenants.a.organisation.pk,
            "home_location": tenants.a.location.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["nickname"]
    assert not Participant.unscoped.exists()
