"""One rule on every entry path: no registration date in the future.

The log page, the day page (adding and correcting), the records page (survey rounds), the
CSV import, the admin and the services themselves all refuse a date after today with the same
Dutch message (registrations/services/rules.py), and save nothing.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from registrations.factories import (
    IncomingReferralFactory,
    JobFactory,
    SessionFactory,
    VolunteerFactory,
)
from registrations.models import (
    IncomingReferral,
    Job,
    Participant,
    Placement,
    Session,
    SurveyRound,
    VolunteerHours,
)
from registrations.services import (
    job_register,
    record_update,
    session_register,
    session_update,
    survey_round_register,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def _tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def _message(date: datetime.date) -> str:
    return f"De datum {date:%d-%m-%Y} ligt in de toekomst. Kies vandaag of een eerdere dag."


# -- the services ----------------------------------------------------------------------------


def test_services_refuse_a_session_or_job_dated_tomorrow(tenants):
    tomorrow = _tomorrow()
    common = {"user": tenants.a.coordinator, "location": tenants.a.location, "date": tomorrow}
    with pytest.raises(ValidationError) as error:
        session_register(category="social", anonymous_count=2, **common)
    assert error.value.message_dict == {"date": [_message(tomorrow)]}
    with pytest.raises(ValidationError) as error:
        job_register(description="Lamp", **common)
    assert error.value.message_dict == {"date": [_message(tomorrow)]}
    with pytest.raises(ValidationError) as error:
        survey_round_register(
            audience="participants",
            respondents=10,
            results=[("confidence", Decimal("0.5"), None)],
            **common,
        )
    assert error.value.message_dict == {"date": [_message(tomorrow)]}
    assert not Session.unscoped.exists()
    assert not Job.unscoped.exists()
    assert not SurveyRound.unscoped.exists()


def test_services_refuse_to_correct_a_record_dated_in_the_future(tenants):
    tomorrow = _tomorrow()
    session = SessionFactory(location=tenants.a.location, date=tomorrow, anonymous_count=1)
    referral = IncomingReferralFactory(location=tenants.a.location, date=tomorrow, agency="WPI")
    with pytest.raises(ValidationError) as error:
        session_update(
            user=tenants.a.coordinator,
            session=session,
            category="social",
            anonymous_count=5,
            new_participants=[("CJM-0009", "")],
        )
    assert error.value.message_dict == {"date": [_message(tomorrow)]}
    with pytest.raises(ValidationError) as error:
        record_update(user=tenants.a.coordinator, record=referral, changes={"agency": "Ymere"})
    assert error.value.message_dict == {"date": [_message(tomorrow)]}
    session.refresh_from_db()
    referral.refresh_from_db()
    assert (session.anonymous_count, referral.agency) == (1, "WPI")
    assert not Participant.unscoped.exists()


def test_today_is_fine(tenants):
    session = session_register(
        user=tenants.a.coordinator,
        location=tenants.a.location,
        date=timezone.localdate(),
        category="social",
        anonymous_count=2,
    )
    assert Session.unscoped.get() == session


# -- the log page ----------------------------------------------------------------------------


def test_log_page_refuses_a_session_or_job_dated_tomorrow(client, tenants):
    tomorrow = _tomorrow()
    client.force_login(tenants.a.coordinator)
    url = reverse("registrations:log")
    session = client.post(
        url,
        {
            "form": "session",
            "location": tenants.a.location.pk,
            "date": tomorrow.isoformat(),
            "category": "social",
            "anonymous_count": "3",
        },
    )
    assert session.status_code == 200
    assert session.context["session_form"].errors["date"] == [_message(tomorrow)]
    job = client.post(
        url,
        {
            "form": "job",
            "job-location": tenants.a.location.pk,
            "job-date": tomorrow.isoformat(),
            "job-description": "Lamp opgehangen",
        },
    )
    assert job.status_code == 200
    assert job.context["job_form"].errors["date"] == [_message(tomorrow)]
    assert 'value="Lamp opgehangen"' in job.content.decode()
    assert not Session.unscoped.exists()
    assert not Job.unscoped.exists()


# -- the day page ----------------------------------------------------------------------------


def _day_url(location, date):
    return reverse(
        "registrations:day", kwargs={"location_id": location.pk, "date": date.isoformat()}
    )


@pytest.mark.parametrize(
    ("kind", "data", "model"),
    [
        ("session", {"session-category": "social", "session-anonymous_count": "2"}, Session),
        (
            "incoming",
            {"incoming-referral_kind": "agency", "incoming-agency": "WPI"},
            IncomingReferral,
        ),
        ("placement", {"placement-placement_kind": "internship"}, Placement),
    ],
)
def test_day_page_refuses_to_add_on_a_future_day(client, tenants, kind, data, model):
    tomorrow = _tomorrow()
    client.force_login(tenants.a.coordinator)
    response = client.post(_day_url(tenants.a.location, tomorrow), {"form": kind, **data}, **HTMX)
    assert response.status_code == 200
    assert _message(tomorrow) in response.content.decode()
    assert not model.unscoped.exists()


def test_day_page_refuses_to_correct_a_record_of_a_future_day(client, tenants):
    job = JobFactory(location=tenants.a.location, date=_tomorrow(), description="Lamp")
    client.force_login(tenants.a.coordinator)
    row = reverse("registrations:day_row", kwargs={"kind": "job", "pk": job.pk})
    response = client.post(
        row, {"action": "save", f"job-{job.pk}-description": "Twee lampen"}, **HTMX
    )
    assert _message(job.date) in response.content.decode()
    job.refresh_from_db()
    assert job.description == "Lamp"


# -- the records page ------------------------------------------------------------------------


def test_records_page_refuses_a_survey_round_held_tomorrow(client, tenants):
    tomorrow = _tomorrow()
    client.force_login(tenants.a.coordinator)
    response = client.post(
        reverse("registrations:records", kwargs={"location_id": tenants.a.location.pk}),
        {
            "form": "survey",
            "survey-date": tomorrow.isoformat(),
            "survey-audience": "participants",
            "survey-respondents": "25",
            "survey-question_0": "confidence",
            "survey-share_0": "0,62",
        },
    )
    assert response.status_code == 200
    assert _message(tomorrow) in response.content.decode()
    assert 'value="25"' in response.content.decode()
    assert not SurveyRound.unscoped.exists()


# -- the CSV import --------------------------------------------------------------------------


@pytest.mark.usefixtures("system")
def test_import_reports_a_future_date_with_its_line_and_imports_nothing(tmp_path, tenants, capsys):
    tomorrow = _tomorrow()
    path = tmp_path / "import.csv"
    path.write_text(
        "date;location;category;participant;session\n"
        "2019-03-14;a-noord;social;CJM-0001;Koffie-inloop\n"
        f"{tomorrow:%d-%m-%Y};a-noord;social;CJM-0002;Koffie-inloop\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="1 fout"):
        call_command("import_registrations", str(path), "--organisation", "a")
    assert capsys.readouterr().err.splitlines() == [
        f"regel 3: datum '{tomorrow:%d-%m-%Y}' ligt in de toekomst."
    ]
    assert not Session.unscoped.exists()
    assert not Participant.unscoped.exists()


# -- the admin -------------------------------------------------------------------------------


def _admin_data(tenants, model_name: str, date: str) -> dict:
    location = tenants.a.location.pk
    if model_name == "session":
        return {
            "location": location,
            "date": date,
            "category": "social",
            "title": "",
            "anonymous_count": "2",
            "attendances-TOTAL_FORMS": "0",
            "attendances-INITIAL_FORMS": "0",
            "attendances-MIN_NUM_FORMS": "0",
            "attendances-MAX_NUM_FORMS": "1000",
        }
    if model_name == "job":
        return {"location": location, "date": date, "description": "Lamp"}
    if model_name == "volunteerhours":
        volunteer = VolunteerFactory(home_location=tenants.a.location)
        return {
            "location": location,
            "volunteer": volunteer.pk,
            "date": date,
            "span": "day",
            "hours": "3",
        }
    if model_name == "incomingreferral":
        return {"location": location, "date": date, "kind": "agency", "agency": "WPI"}
    if model_name == "placement":
        return {"location": location, "kind": "internship", "started_on": date}
    return {
        "location": location,
        "date": date,
        "audience": "participants",
        "respondents": "20",
        "title": "",
        "results-TOTAL_FORMS": "0",
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize(
    ("model_name", "model", "field"),
    [
        ("session", Session, "date"),
        ("job", Job, "date"),
        ("volunteerhours", VolunteerHours, "date"),
        ("incomingreferral", IncomingReferral, "date"),
        ("placement", Placement, "started_on"),
        ("surveyround", SurveyRound, "date"),
    ],
)
def test_admin_refuses_a_future_date_and_saves_a_past_one(
    client, tenants, model_name, model, field
):
    tomorrow = _tomorrow()
    client.force_login(tenants.a.admin)
    url = reverse(f"admin:registrations_{model_name}_add")
    response = client.post(url, _admin_data(tenants, model_name, f"{tomorrow:%d-%m-%Y}"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors[field] == [_message(tomorrow)]
    assert form[field].value() == f"{tomorrow:%d-%m-%Y}"  # what was entered is kept
    assert not model.unscoped.exists()
    saved = client.post(url, _admin_data(tenants, model_name, "14-03-2019"))
    assert saved.status_code == 302
    assert model.unscoped.count() == 1
