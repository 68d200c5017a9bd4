"""One rule on every entry path: nothing is added, changed or deleted in a closed period.

Organisation a's 2019 agreement covers a's first location; the board closed 2019-Q1. Every
path (the services, the log page, the day page's add, edit, delete and undo, the records
page's add and end, the CSV import, the admin's add, change, inline and deletes, merging)
refuses a write dated in Q1 there with a Dutch message naming the period and changes nothing;
once an admin reopened Q1 with a reason the same write works (registrations/services/closed.py,
agreements/closures.py; issue 9, "Closing a period").
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.factories import AgreementFactory
from agreements.services import period_close, period_reopen
from locations.access import system_scope
from locations.csv_import import ImportFailed, read_rows
from registrations import factories as f
from registrations.history import delete_with_undo
from registrations.importer import validate
from registrations.merge import merge_participants, merge_volunteers
from registrations.models import (
    AssociationMember,
    Attendance,
    EnteredResult,
    IncomingReferral,
    Job,
    KeyHolding,
    Participant,
    Placement,
    Session,
    SurveyRound,
    VolunteerHours,
)
from registrations.services import (
    entered_result_register,
    hours_register,
    hours_update,
    job_register,
    key_holding_register,
    placement_register,
    record_end,
    record_update,
    referral_register,
    session_register,
    session_update,
    survey_round_register,
)
from registrations.services.closed import record_spans, span_difference
from reports.tests.factories import issue_stand_in

D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}
CLOSED_DAY = D(2019, 3, 14)  # in 2019-Q1
OPEN_DAY = D(2019, 4, 15)  # in 2019-Q2
MESSAGE = "Het kwartaal 2019-Q1 is afgesloten; een beheerder kan het heropenen."


class Closed:
    """A closed period of an agreement; :meth:`reopen` has an admin reopen it with a reason."""

    def __init__(self, agreement, closure, admin):
        self.agreement, self.closure, self.admin = agreement, closure, admin

    def reopen(self) -> None:
        period_reopen(user=self.admin, closure=self.closure, reason="Nagekomen registraties")


@pytest.fixture
def closed(tenants) -> Closed:
    """2019-Q1 of a's agreement (covering a's first location only), closed by the board once
    its report (and the year's) was issued."""
    agreement = AgreementFactory(
        organisation=tenants.a.organisation, year=2019, locations=[tenants.a.location]
    )
    for period in ["2019-Q1", "2019"]:
        issue_stand_in(agreement, period, tenants.a.board)
    closure = period_close(user=tenants.a.board, agreement=agreement, period="2019-Q1")
    return Closed(agreement, closure, tenants.a.admin)


def _messages(error: ValidationError) -> list[str]:
    return error.messages


# -- the rule's parts, without a database ----------------------------------------------------


def test_span_difference():
    jan, feb, mar = D(2019, 1, 1), D(2019, 2, 1), D(2019, 3, 31)
    assert span_difference((jan, mar), None) == [(jan, mar)]
    assert span_difference((jan, mar), (jan, mar)) == []
    assert span_difference((jan, None), (jan, feb)) == [(D(2019, 2, 2), None)]
    assert span_difference((jan, feb), (jan, None)) == []
    assert span_difference((jan, mar), (feb, feb)) == [(jan, D(2019, 1, 31)), (D(2019, 2, 2), mar)]
    assert span_difference((feb, mar), (jan, D(2019, 1, 15))) == [(feb, mar)]


def test_record_spans():
    assert record_spans(Job, {"date": CLOSED_DAY}) == {"date": (CLOSED_DAY, CLOSED_DAY)}
    assert record_spans(KeyHolding, {"started_on": D(2018, 5, 1), "ended_on": None}) == {
        "started_on": (D(2018, 5, 1), None)
    }
    member = {
        "registered_on": D(2018, 1, 1),
        "deregistered_on": None,
        "paying_from": None,
        "paying_to": D(2019, 2, 1),
    }
    assert record_spans(AssociationMember, member) == {
        "registered_on": (D(2018, 1, 1), None),
        "paying_from": (D(2019, 2, 1), D(2019, 2, 1)),
    }
    # An entered result holds on the last day of its period.
    assert record_spans(EnteredResult, {"period": "2019-Q1"}) == {
        "period": (D(2019, 3, 31), D(2019, 3, 31))
    }
    assert record_spans(EnteredResult, {"period": "2019"}) == {
        "period": (D(2019, 12, 31), D(2019, 12, 31))
    }
    assert record_spans(Participant, {"code": "X"}) == {}


# -- the services ----------------------------------------------------------------------------


def test_services_refuse_new_records_dated_in_the_closed_quarter(tenants, closed):
    user, loc = tenants.a.coordinator, tenants.a.location
    volunteer = f.VolunteerFactory(home_location=loc)
    attempts = {
        "session": lambda: session_register(
            user=user, location=loc, date=CLOSED_DAY, category="social", anonymous_count=2
        ),
        "job": lambda: job_register(user=user, location=loc, date=CLOSED_DAY, description="Lamp"),
        "hours": lambda: hours_register(
            user=user,
            location=loc,
            date=CLOSED_DAY,
            span="day",
            entries=[(volunteer, Decimal(3))],
        ),
        "referral": lambda: referral_register(
            user=user, location=loc, date=CLOSED_DAY, agency="WPI"
        ),
        "placement": lambda: placement_register(
            user=user, location=loc, started_on=CLOSED_DAY, kind="internship"
        ),
        "survey": lambda: survey_round_register(
            user=user,
            location=loc,
            date=CLOSED_DAY,
            audience="participants",
            respondents=10,
            results=[("confidence", Decimal("0.5"), None)],
        ),
        "entered": lambda: entered_result_register(
            user=user,
            location=loc,
            indicator_code="benefit_costs",
            period="2019-Q1",
            value=Decimal(3),
            explanation="Interviews",
            source="Bron",
        ),
        # A key holder since 2018, still holding the key: a key holder at the end of Q1.
        "key holding": lambda: key_holding_register(
            user=user, location=loc, volunteer=volunteer, started_on=D(2018, 6, 1)
        ),
    }
    refused = {}
    for name, attempt in attempts.items():
        with pytest.raises(ValidationError) as error:
            attempt()
        refused[name] = _messages(error.value)
    assert refused == {name: [MESSAGE] for name in attempts}
    for model in (Session, Job, VolunteerHours, IncomingReferral, Placement, SurveyRound):
        assert not model.unscoped.exists(), model.__name__
    assert not EnteredResult.unscoped.exists()
    assert not KeyHolding.unscoped.exists()

    closed.reopen()
    for attempt in attempts.values():
        attempt()
    assert Session.unscoped.count() == Job.unscoped.count() == KeyHolding.unscoped.count() == 1


def test_dates_outside_the_closed_quarter_and_other_locations_are_open(tenants, closed):
    user = tenants.a.coordinator
    job_register(user=user, location=tenants.a.location, date=OPEN_DAY, description="Lamp")
    job_register(user=user, location=tenants.a.location, date=D(2018, 12, 31), description="Oud")
    # A's second location is not in the closed agreement.
    job_register(
        user=tenants.a.admin, location=tenants.a.other_location, date=CLOSED_DAY, description="Z"
    )
    # A year result holds on 31 December: Q1's closure does not touch it.
    entered_result_register(
        user=user,
        location=tenants.a.location,
        indicator_code="benefit_costs",
        period="2019",
        value=Decimal(3),
        explanation="Interviews",
        source="Bron",
    )
    assert Job.unscoped.count() == 3
    assert EnteredResult.unscoped.count() == 1


def test_services_refuse_to_correct_records_of_the_closed_quarter(tenants, closed):
    loc, user = tenants.a.location, tenants.a.coordinator
    session = f.SessionFactory(location=loc, date=CLOSED_DAY, anonymous_count=1)
    job = f.JobFactory(location=loc, date=CLOSED_DAY, description="Lamp")
    hours = f.VolunteerHoursFactory(volunteer__home_location=loc, date=CLOSED_DAY, hours=3)
    with pytest.raises(ValidationError) as error:
        session_update(user=user, session=session, category="social", anonymous_count=5)
    assert _messages(error.value) == [MESSAGE]
    with pytest.raises(ValidationError) as error:
        record_update(user=user, record=job, changes={"description": "Twee lampen"})
    assert error.value.message_dict == {"date": [MESSAGE]}
    with pytest.raises(ValidationError) as error:
        hours_update(user=user, record=hours, hours=Decimal(5), span="day")
    assert error.value.message_dict == {"date": [MESSAGE]}
    for row in (session, job, hours):
        row.refresh_from_db()
    assert (session.anonymous_count, job.description, hours.hours) == (1, "Lamp", Decimal(3))

    closed.reopen()
    session_update(user=user, session=session, category="social", anonymous_count=5)
    record_update(user=user, record=job, changes={"description": "Twee lampen"})
    hours_update(user=user, record=hours, hours=Decimal(5), span="day")
    job.refresh_from_db()
    assert job.description == "Twee lampen"


def test_ending_a_record_is_refused_inside_the_closed_quarter_and_fine_after_it(tenants, closed):
    holding = f.KeyHoldingFactory(
        volunteer__home_location=tenants.a.location, started_on=D(2019, 1, 7)
    )
    with pytest.raises(ValidationError) as error:
        record_end(user=tenants.a.coordinator, record=holding, ended_on=D(2019, 3, 1))
    assert error.value.message_dict == {"ended_on": [MESSAGE]}
    holding.refresh_from_db()
    assert holding.ended_on is None
    # Ending after the quarter leaves Q1 as it was: the holder still had the key on 31 March.
    record_end(user=tenants.a.coordinator, record=holding, ended_on=OPEN_DAY)
    holding.refresh_from_db()
    assert holding.ended_on == OPEN_DAY
    # Moving that end back into Q1 is refused again.
    with pytest.raises(ValidationError):
        record_end(user=tenants.a.coordinator, record=holding, ended_on=D(2019, 2, 1))
    closed.reopen()
    record_end(user=tenants.a.coordinator, record=holding, ended_on=D(2019, 2, 1))
    holding.refresh_from_db()
    assert holding.ended_on == D(2019, 2, 1)


def test_a_year_closure_refuses_every_day_of_the_year(tenants, closed):
    period_close(user=tenants.a.board, agreement=closed.agreement, period="2019")
    with pytest.raises(ValidationError) as error:
        job_register(
            user=tenants.a.coordinator, location=tenants.a.location, date=OPEN_DAY, description="L"
        )
    assert _messages(error.value) == [
        "Het jaar 2019 is afgesloten; een beheerder kan het heropenen."
    ]


# -- the log page ----------------------------------------------------------------------------


def test_log_page_refuses_a_session_in_the_closed_quarter(client, tenants, closed):
    client.force_login(tenants.a.coordinator)
    data = {
        "form": "session",
        "location": tenants.a.location.pk,
        "date": CLOSED_DAY.isoformat(),
        "category": "social",
        "anonymous_count": "3",
    }
    response = client.post(reverse("registrations:log"), data)
    assert response.status_code == 200
    assert response.context["session_form"].non_field_errors() == [MESSAGE]
    assert not Session.unscoped.exists()

    closed.reopen()
    assert client.post(reverse("registrations:log"), data).status_code == 302
    assert Session.unscoped.get().date == CLOSED_DAY


# -- the day page ----------------------------------------------------------------------------


def _day_url(location, date):
    return reverse(
        "registrations:day", kwargs={"location_id": location.pk, "date": date.isoformat()}
    )


def _row_url(kind, row):
    return reverse("registrations:day_row", kwargs={"kind": kind, "pk": row.pk})


def test_day_page_says_a_day_is_closed(client, tenants, closed):
    client.force_login(tenants.a.coordinator)
    assert MESSAGE in client.get(_day_url(tenants.a.location, CLOSED_DAY)).content.decode()
    assert MESSAGE not in client.get(_day_url(tenants.a.location, OPEN_DAY)).content.decode()
    closed.reopen()
    assert MESSAGE not in client.get(_day_url(tenants.a.location, CLOSED_DAY)).content.decode()


def test_day_page_refuses_to_add_on_a_closed_day(client, tenants, closed):
    client.force_login(tenants.a.coordinator)
    url = _day_url(tenants.a.location, CLOSED_DAY)
    data = {"form": "job", "job-description": "Lamp opgehangen"}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert 'value="Lamp opgehangen"' in response.content.decode()
    assert not Job.unscoped.exists()

    closed.reopen()
    client.post(url, data, **HTMX)
    assert Job.unscoped.get().description == "Lamp opgehangen"


def test_day_page_refuses_to_edit_on_a_closed_day(client, tenants, closed):
    job = f.JobFactory(location=tenants.a.location, date=CLOSED_DAY, description="Lamp")
    client.force_login(tenants.a.coordinator)
    data = {"action": "save", f"job-{job.pk}-description": "Twee lampen"}
    response = client.post(_row_url("job", job), data, **HTMX)
    assert MESSAGE in response.content.decode()
    job.refresh_from_db()
    assert job.description == "Lamp"

    closed.reopen()
    client.post(_row_url("job", job), data, **HTMX)
    job.refresh_from_db()
    assert job.description == "Twee lampen"


def test_day_page_refuses_to_delete_on_a_closed_day(client, tenants, closed):
    session = f.SessionFactory(location=tenants.a.location, date=CLOSED_DAY)
    f.AttendanceFactory(session=session, participant__home_location=tenants.a.location)
    client.force_login(tenants.a.coordinator)
    response = client.post(_row_url("session", session), {"action": "delete"}, **HTMX)
    assert response.status_code == 200
    assert response.context["s"]["error"] == MESSAGE
    assert MESSAGE in response.content.decode()
    assert Session.unscoped.filter(pk=session.pk).exists()
    assert Attendance.unscoped.filter(session=session).count() == 1
    assert not Session.history.filter(history_type="-").exists()
    # Without JavaScript: the full page says why.
    page = client.post(_row_url("session", session), {"action": "delete"})
    assert page.status_code == 200
    errors = {s["section"].kind: s["error"] for s in page.context["sections"]}
    assert errors["session"] == MESSAGE
    assert Session.unscoped.filter(pk=session.pk).exists()

    closed.reopen()
    client.post(_row_url("session", session), {"action": "delete"}, **HTMX)
    assert not Session.unscoped.filter(pk=session.pk).exists()
    assert not Attendance.unscoped.exists()


def test_undo_of_a_delete_into_a_closed_period_is_refused(client, tenants, closed):
    closed.reopen()
    job = f.JobFactory(location=tenants.a.location, date=CLOSED_DAY, description="Lamp")
    client.force_login(tenants.a.coordinator)
    deleted = client.post(_row_url("job", job), {"action": "delete"}, **HTMX)
    token = deleted.context["s"]["undo"]["token"]
    assert not Job.unscoped.exists()
    closure = period_close(user=tenants.a.board, agreement=closed.agreement, period="2019-Q1")

    undo = reverse("registrations:undo")
    response = client.post(undo, {"token": token}, follow=True)
    assert MESSAGE in response.content.decode()
    assert not Job.unscoped.exists()

    period_reopen(user=tenants.a.admin, closure=closure, reason="Per ongeluk verwijderd")
    response = client.post(undo, {"token": token}, follow=True)
    assert "Hersteld: " in response.content.decode()
    assert Job.unscoped.get().description == "Lamp"


# -- the records page ------------------------------------------------------------------------


def _records_url(location):
    return reverse("registrations:records", kwargs={"location_id": location.pk})


def test_records_page_refuses_to_add_a_key_holder_in_the_closed_quarter(client, tenants, closed):
    f.VolunteerFactory(home_location=tenants.a.location, code="VRW-0101")
    client.force_login(tenants.a.coordinator)
    data = {
        "form": "keyholding",
        "keyholding-volunteer": "VRW-0101",
        "keyholding-started_on": "01-03-2019",
    }
    response = client.post(_records_url(tenants.a.location), data)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not KeyHolding.unscoped.exists()

    closed.reopen()
    assert client.post(_records_url(tenants.a.location), data).status_code == 302
    assert KeyHolding.unscoped.get().started_on == D(2019, 3, 1)


def test_records_page_end_action_obeys_the_closed_quarter(client, tenants, closed):
    member = f.AssociationMemberFactory(location=tenants.a.location, registered_on=D(2018, 6, 1))
    client.force_login(tenants.a.coordinator)
    field = f"end-member-{member.pk}-ended_on"
    inside = {"form": "end", "kind": "member", "pk": member.pk, field: "2019-02-28"}
    response = client.post(_records_url(tenants.a.location), inside)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    member.refresh_from_db()
    assert member.deregistered_on is None

    after = {**inside, field: OPEN_DAY.isoformat()}
    assert client.post(_records_url(tenants.a.location), after).status_code == 302
    member.refresh_from_db()
    assert member.deregistered_on == OPEN_DAY

    closed.reopen()
    assert client.post(_records_url(tenants.a.location), inside).status_code == 302
    member.refresh_from_db()
    assert member.deregistered_on == D(2019, 2, 28)


def test_records_page_refuses_an_entered_result_over_the_closed_quarter(client, tenants, closed):
    client.force_login(tenants.a.coordinator)
    data = {
        "form": "entered",
        "entered-indicator_code": "benefit_costs",
        "entered-period": "2019-Q1",
        "entered-value": "3",
        "entered-explanation": "Interviews met bewoners",
        "entered-source": "Interviews 2019",
    }
    response = client.post(_records_url(tenants.a.location), data)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not EnteredResult.unscoped.exists()
    closed.reopen()
    assert client.post(_records_url(tenants.a.location), data).status_code == 302
    assert EnteredResult.unscoped.get().period == "2019-Q1"


# -- the CSV import --------------------------------------------------------------------------


def _csv(tmp_path, *rows: str):
    path = tmp_path / "import.csv"
    path.write_text("date;location;category;participant;session\n" + "\n".join(rows) + "\n")
    return str(path)


def test_import_reports_rows_in_the_closed_quarter_by_line_and_imports_nothing(
    tmp_path, tenants, closed, capsys
):
    path = _csv(
        tmp_path,
        "2019-04-02;a-noord;social;CJM-0001;Koffie-inloop",
        "14-03-2019;a-noord;social;CJM-0002;Koffie-inloop",
        "2019-03-15;a-noord;nonsense;CJM-0003;",
        "2019-03-15;a-zuid;social;CJM-0004;",  # a's second room: not in the agreement
    )
    with pytest.raises(CommandError, match="2 fout"):
        call_command("import_registrations", path, "--organisation", "a")
    assert capsys.readouterr().err.splitlines() == [
        "regel 3: datum 14-03-2019 ligt in de afgesloten periode 2019-Q1; een beheerder kan "
        "die heropenen.",
        "regel 4: onbekende categorie 'nonsense' (kies uit: social, activation, jobs, computer, "
        "language, forms, debt, work); datum 15-03-2019 ligt in de afgesloten periode 2019-Q1; "
        "een beheerder kan die heropenen.",
    ]
    assert not Session.unscoped.exists()
    assert not Participant.unscoped.exists()

    closed.reopen()
    fixed = _csv(
        tmp_path,
        "2019-04-02;a-noord;social;CJM-0001;Koffie-inloop",
        "14-03-2019;a-noord;social;CJM-0002;Koffie-inloop",
    )
    call_command("import_registrations", fixed, "--organisation", "a")
    assert Session.unscoped.count() == 2


def test_the_import_checks_all_its_rows_in_one_query(tenants, closed, django_assert_num_queries):
    lines = [
        f"2019-{month:02d}-{day:02d};{room};social;IMP-{month}-{day};"
        for month in (3, 4, 5)
        for day in range(1, 29)
        for room in ("a-noord", "a-zuid")
    ]
    _header, rows = read_rows(
        ("date;location;category;participant;session\n" + "\n".join(lines)).encode()
    )
    with (
        system_scope(),
        django_assert_num_queries(2),  # the rooms, and the closures
        pytest.raises(ImportFailed) as failure,
    ):
        validate(rows, tenants.a.organisation)
    assert len(failure.value.errors) == 28  # the March rows at a-noord


# -- the admin -------------------------------------------------------------------------------


def _job_data(tenants, date: str, description: str = "Lamp") -> dict:
    return {"location": tenants.a.location.pk, "date": date, "description": description}


def test_admin_refuses_to_add_a_record_in_the_closed_quarter(client, tenants, closed):
    client.force_login(tenants.a.admin)
    url = reverse("admin:registrations_job_add")
    response = client.post(url, _job_data(tenants, "14-03-2019"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date"] == [MESSAGE]
    assert not Job.unscoped.exists()

    closed.reopen()
    assert client.post(url, _job_data(tenants, "14-03-2019")).status_code == 302
    assert Job.unscoped.count() == 1


def test_admin_refuses_to_change_a_record_into_or_in_the_closed_quarter(client, tenants, closed):
    in_q1 = f.JobFactory(location=tenants.a.location, date=CLOSED_DAY, description="Lamp")
    in_q2 = f.JobFactory(location=tenants.a.location, date=OPEN_DAY, description="Kast")
    client.force_login(tenants.a.admin)
    change = "admin:registrations_job_change"
    edit = client.post(reverse(change, args=[in_q1.pk]), _job_data(tenants, "14-03-2019", "Lampen"))
    assert edit.context["adminform"].form.errors["date"] == [MESSAGE]
    into = client.post(reverse(change, args=[in_q2.pk]), _job_data(tenants, "01-03-2019", "Kast"))
    assert into.context["adminform"].form.errors["date"] == [MESSAGE]
    out = client.post(reverse(change, args=[in_q1.pk]), _job_data(tenants, "15-04-2019", "Lamp"))
    assert out.context["adminform"].form.errors["date"] == [MESSAGE]
    in_q1.refresh_from_db()
    in_q2.refresh_from_db()
    assert (in_q1.date, in_q1.description, in_q2.date) == (CLOSED_DAY, "Lamp", OPEN_DAY)
    # A record of an open quarter may change within it.
    moved = client.post(reverse(change, args=[in_q2.pk]), _job_data(tenants, "16-04-2019", "Kast"))
    assert moved.status_code == 302

    closed.reopen()
    saved = client.post(
        reverse(change, args=[in_q1.pk]), _job_data(tenants, "14-03-2019", "Lampen")
    )
    assert saved.status_code == 302
    in_q1.refresh_from_db()
    assert in_q1.description == "Lampen"


def test_admin_refuses_to_delete_a_record_in_the_closed_quarter(client, tenants, closed):
    job = f.JobFactory(location=tenants.a.location, date=CLOSED_DAY)
    other = f.JobFactory(location=tenants.a.location, date=OPEN_DAY)
    client.force_login(tenants.a.admin)
    delete = reverse("admin:registrations_job_delete", args=[job.pk])
    response = client.post(delete, {"post": "yes"}, follow=True)
    assert MESSAGE in response.content.decode()
    assert Job.unscoped.filter(pk=job.pk).exists()
    changelist = reverse("admin:registrations_job_changelist")
    selected = {"action": "delete_selected", "_selected_action": [job.pk, other.pk], "post": "yes"}
    response = client.post(changelist, selected, follow=True)
    assert MESSAGE in response.content.decode()
    assert Job.unscoped.count() == 2  # all or nothing: the open one stays too
    assert not LogEntry.objects.exists()  # no deletion was logged either

    closed.reopen()
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Job.unscoped.filter(pk=job.pk).exists()


def test_admin_deleting_a_volunteer_with_a_closed_key_holding_is_refused(client, tenants, closed):
    holding = f.KeyHoldingFactory(
        volunteer__home_location=tenants.a.location, started_on=CLOSED_DAY
    )
    client.force_login(tenants.a.admin)
    delete = reverse("admin:registrations_volunteer_delete", args=[holding.volunteer.pk])
    response = client.post(delete, {"post": "yes"}, follow=True)
    assert MESSAGE in response.content.decode()
    assert KeyHolding.unscoped.filter(pk=holding.pk).exists()


def _session_data(tenants, session, participant, **forms) -> dict:
    data = {
        "location": tenants.a.location.pk,
        "date": f"{session.date:%d-%m-%Y}",
        "category": "social",
        "title": session.title,
        "anonymous_count": str(session.anonymous_count),
        "attendances-TOTAL_FORMS": "1",
        "attendances-INITIAL_FORMS": "0",
        "attendances-MIN_NUM_FORMS": "0",
        "attendances-MAX_NUM_FORMS": "1000",
        "attendances-0-session": session.pk,
        "attendances-0-participant": participant.pk,
    }
    data.update(forms)
    return data


def test_admin_inline_rows_obey_the_closed_quarter(client, tenants, closed):
    session = f.SessionFactory(location=tenants.a.location, date=CLOSED_DAY)
    participant = f.ParticipantFactory(home_location=tenants.a.location)
    client.force_login(tenants.a.admin)
    url = reverse("admin:registrations_session_change", args=[session.pk])
    # An unchanged session with a new attendance: the attendance is refused.
    response = client.post(url, _session_data(tenants, session, participant))
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Attendance.unscoped.exists()

    closed.reopen()
    assert client.post(url, _session_data(tenants, session, participant)).status_code == 302
    attendance = Attendance.unscoped.get()

    # Closed again: deleting the attendance in the inline is refused.
    period_close(user=tenants.a.board, agreement=closed.agreement, period="2019-Q1")
    data = _session_data(
        tenants,
        session,
        participant,
        **{
            "attendances-INITIAL_FORMS": "1",
            "attendances-0-id": attendance.pk,
            "attendances-0-DELETE": "on",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert Attendance.unscoped.filter(pk=attendance.pk).exists()


# -- merging ---------------------------------------------------------------------------------


@pytest.fixture
def duplicate(tenants):
    """keep and remove are one person; remove attended a session in the closed quarter."""
    loc = tenants.a.location
    keep = f.ParticipantFactory(home_location=loc, code="CJM-0012")
    remove = f.ParticipantFactory(home_location=loc, code="cjm12")
    f.AttendanceFactory(session__location=loc, session__date=CLOSED_DAY, participant=remove)
    job = f.JobFactory(location=loc, date=OPEN_DAY, participant=remove)
    return {"keep": keep, "remove": remove, "job": job}


def test_a_merge_moving_rows_of_the_closed_quarter_is_refused(tenants, closed, duplicate):
    keep, remove = duplicate["keep"], duplicate["remove"]
    with pytest.raises(ValidationError) as error:
        merge_participants(keep=keep, remove=remove, user=tenants.a.coordinator)
    assert _messages(error.value) == [MESSAGE]
    assert Participant.unscoped.filter(pk=remove.pk).exists()
    assert Attendance.unscoped.get().participant == remove
    duplicate["job"].refresh_from_db()
    assert duplicate["job"].participant == remove  # nothing moved, also not the open job

    closed.reopen()
    merge_participants(keep=keep, remove=remove, user=tenants.a.coordinator)
    assert Attendance.unscoped.get().participant == keep


def test_the_merge_page_says_why(client, tenants, closed, duplicate):
    client.force_login(tenants.a.coordinator)
    response = client.post(
        reverse("registrations:merge"),
        {"kind": "participant", "keep": "CJM-0012", "remove": "cjm12", "confirm": "1"},
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert Participant.unscoped.count() == 2


def test_a_volunteer_merge_moving_hours_of_the_closed_quarter_is_refused(tenants, closed):
    keep = f.VolunteerFactory(home_location=tenants.a.location, code="VRW-0001")
    remove = f.VolunteerFactory(home_location=tenants.a.location, code="vrw1")
    f.VolunteerHoursFactory(volunteer=remove, date=CLOSED_DAY)
    with pytest.raises(ValidationError):
        merge_volunteers(keep=keep, remove=remove, user=tenants.a.admin)
    assert VolunteerHours.unscoped.get().volunteer == remove
    closed.reopen()
    merge_volunteers(keep=keep, remove=remove, user=tenants.a.admin)
    assert VolunteerHours.unscoped.get().volunteer == keep


# -- query counts: one closure query per write, not per row ----------------------------------


def _closure_queries(captured) -> int:
    return sum("agreements_periodclosure" in query["sql"] for query in captured)


def test_each_write_reads_the_closures_once_whatever_its_rows(tenants, closed):
    loc, user = tenants.a.location, tenants.a.coordinator
    people = [f.ParticipantFactory(home_location=loc) for _n in range(6)]
    volunteers = [f.VolunteerFactory(home_location=loc) for _n in range(6)]
    with CaptureQueriesContext(connection) as session:
        registered = session_register(
            user=user,
            location=loc,
            date=OPEN_DAY,
            category="social",
            participant_ids=[p.pk for p in people],
            new_participants=[("NIEUW-1", ""), ("NIEUW-2", "")],
        )
    with CaptureQueriesContext(connection) as hours:
        hours_register(
            user=user,
            location=loc,
            date=OPEN_DAY,
            span="day",
            entries=[(v, Decimal(2)) for v in volunteers],
        )
    with CaptureQueriesContext(connection) as delete:
        delete_with_undo(registered, user=user)  # the session and its 8 attendances
    assert [_closure_queries(c.captured_queries) for c in (session, hours, delete)] == [1, 1, 1]
