"""The coordinator's day page: what it shows, htmx partials, each add form, edit, delete."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from locations.access import system_scope
from registrations.factories import JobFactory, ParticipantFactory, SessionFactory
from registrations.models import (
    DebtSupport,
    IncomingReferral,
    Job,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Placement,
    Session,
    Volunteer,
    VolunteerHours,
)

DAY = datetime.date(2019, 3, 14)
HTMX = {"HTTP_HX_REQUEST": "true"}


def day_url(location, date=DAY):
    return reverse(
        "registrations:day", kwargs={"location_id": location.pk, "date": date.isoformat()}
    )


@pytest.fixture
def coordinator(client, tenants):
    client.force_login(tenants.a.coordinator)
    return tenants.a.coordinator


def test_redirect_goes_to_today_at_the_first_writable_location(client, tenants, coordinator):
    response = client.get(reverse("registrations:day_today"))
    assert response.status_code == 302
    assert response["Location"] == day_url(tenants.a.location, timezone.localdate())
    picked = client.get(reverse("registrations:day_today"), {"date": "2019-03-14"})
    assert picked["Location"] == day_url(tenants.a.location)


def test_redirect_is_forbidden_for_the_board(client, tenants):
    client.force_login(tenants.a.board)
    assert client.get(reverse("registrations:day_today")).status_code == 403


def test_page_shows_the_days_records_of_the_location_only(client, tenants, coordinator):
    loc = tenants.a.location
    known = ParticipantFactory(home_location=loc, code="CJM-0001")
    session = SessionFactory(location=loc, date=DAY, title="Koffie-inloop", anonymous_count=3)
    session.attendances.create(participant=known)
    JobFactory(location=loc, date=DAY, description="Lamp opgehangen")
    JobFactory(location=loc, date=DAY + datetime.timedelta(days=1), description="Andere dag")
    JobFactory(location=tenants.a.other_location, date=DAY, description="Andere kamer")
    OutgoingReferral.unscoped.create(location=loc, date=DAY, organisation_name="MaDi")

    response = client.get(day_url(loc))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Koffie-inloop" in html
    assert "1 deelnemer: CJM-0001" in html
    assert "3 anoniem" in html
    assert "Lamp opgehangen" in html
    assert "MaDi" in html
    assert "Andere dag" not in html
    assert "Andere kamer" not in html
    assert 'id="add-hours"' in html  # the coordinator may write here
    # The location switcher only lists writable locations: one, so no select.
    assert response.context["locations"] == [loc]
    assert 'id="day-location"' not in html


def test_location_outside_scope_is_404_and_board_reads_only(client, tenants, coordinator):
    assert client.get(day_url(tenants.a.other_location)).status_code == 404
    assert client.get(day_url(tenants.b.location)).status_code == 404
    client.force_login(tenants.a.board)
    response = client.get(day_url(tenants.a.other_location))
    assert response.status_code == 200
    assert 'id="add-job"' not in response.content.decode()
    denied = client.post(
        day_url(tenants.a.other_location), {"form": "job", "job-description": "Niet van mij"}
    )
    assert denied.status_code == 403
    assert not Job.unscoped.exists()


def test_admin_sees_a_location_switcher(client, tenants):
    client.force_login(tenants.a.admin)
    response = client.get(day_url(tenants.a.location))
    assert response.context["locations"] == [tenants.a.location, tenants.a.other_location]
    assert 'id="day-location"' in response.content.decode()


def test_htmx_get_of_a_section_is_a_partial(client, tenants, coordinator):
    JobFactory(location=tenants.a.location, date=DAY, description="Lamp opgehangen")
    response = client.get(day_url(tenants.a.location), {"section": "job"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card day-section" id="section-job"')
    assert "<html" not in html
    assert "Lamp opgehangen" in html


def test_add_job_with_htmx_answers_the_section(client, tenants, coordinator):
    response = client.post(
        day_url(tenants.a.location),
        {"form": "job", "job-description": "Kraan gerepareerd", "job-participant": ""},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Kraan gerepareerd" in html
    job = Job.unscoped.get()
    assert (job.location, job.date, job.created_by) == (tenants.a.location, DAY, coordinator)


def test_add_without_javascript_redirects_back(client, tenants, coordinator):
    response = client.post(
        day_url(tenants.a.location), {"form": "job", "job-description": "Kraan gerepareerd"}
    )
    assert response.status_code == 302
    assert response["Location"] == day_url(tenants.a.location) + "#section-job"


def test_invalid_job_keeps_input_and_says_what_is_wrong(client, tenants, coordinator):
    response = client.post(
        day_url(tenants.a.location),
        {"form": "job", "job-description": "", "job-participant": "ONBEKEND-9"},
        **HTMX,
    )
    html = response.content.decode()
    assert "Beschrijf kort wat de klus was." in html
    assert "Deelnemer ONBEKEND-9 niet gevonden" in html
    assert 'value="ONBEKEND-9"' in html
    assert not Job.unscoped.exists()


def test_future_date_is_refused(client, tenants, coordinator):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        day_url(tenants.a.location, tomorrow),
        {"form": "job", "job-description": "Morgen pas"},
        **HTMX,
    )
    assert "ligt in de toekomst" in response.content.decode()
    assert 'value="Morgen pas"' in response.content.decode()
    assert not Job.unscoped.exists()


def test_add_session_with_known_and_new_participants(client, tenants, coordinator):
    loc = tenants.a.location
    known = [ParticipantFactory(home_location=loc, code=f"CJM-000{n}") for n in range(1, 4)]
    response = client.post(
        day_url(loc),
        {
            "form": "session",
            "session-category": "social",
            "session-title": "Koffie-inloop",
            "session-anonymous_count": "2",
            "session-participants": "CJM-0001\ncjm-0002, CJM-0003",
            "session-new_participants": "ZZQ-77, Bram",
        },
        **HTMX,
    )
    assert response.status_code == 200
    session = Session.unscoped.get()
    assert (session.date, session.created_by, session.anonymous_count) == (DAY, coordinator, 2)
    with system_scope():
        codes = sorted(session.participants.values_list("code", flat=True))
    assert codes == ["CJM-0001", "CJM-0002", "CJM-0003", "ZZQ-77"]
    with system_scope():
        assert {p.pk for p in known} < set(session.participants.values_list("pk", flat=True))


def test_session_with_unknown_code_keeps_input(client, tenants, coordinator):
    response = client.post(
        day_url(tenants.a.location),
        {
            "form": "session",
            "session-category": "social",
            "session-participants": "NIEMAND-1",
            "session-anonymous_count": "",
        },
        **HTMX,
    )
    html = response.content.decode()
    assert "Deelnemer(s) niet gevonden: NIEMAND-1" in html
    assert "NIEMAND-1</textarea>" in html
    assert not Session.unscoped.exists()


def test_new_participant_similar_to_an_existing_one_asks_to_confirm(client, tenants, coordinator):
    loc = tenants.a.location
    ParticipantFactory(home_location=loc, code="CJM-0042")
    data = {
        "form": "session",
        "session-category": "social",
        "session-new_participants": "CJN-0042",  # one letter off: a typing error?
    }
    response = client.post(day_url(loc), data, **HTMX)
    html = response.content.decode()
    assert "Er bestaat al een deelnemer die erop lijkt: CJM-0042" in html
    assert "Toch aanmaken" in html
    assert not Session.unscoped.exists()

    client.post(day_url(loc), {**data, "session-create_anyway": "on"}, **HTMX)
    with system_scope():
        codes = list(Session.unscoped.get().participants.values_list("code", flat=True))
    assert codes == ["CJN-0042"]


def test_hours_for_several_volunteers_professionals_apart(client, tenants, coordinator):
    loc, org = tenants.a.location, tenants.a.organisation
    anna = Volunteer.unscoped.create(organisation=org, home_location=loc, code="VRW-ANNA")
    prof = Volunteer.unscoped.create(
        organisation=org, home_location=loc, code="PRO-PIET", is_professional=True
    )
    response = client.post(
        day_url(loc),
        {
            "form": "hours",
            "hours-span": "week",
            "hours-volunteer_0": "vrw-anna",
            "hours-hours_0": "12,5",
            "hours-volunteer_1": "PRO-PIET",
            "hours-hours_1": "4",
        },
        **HTMX,
    )
    assert response.status_code == 200
    rows = {h.volunteer: h for h in VolunteerHours.unscoped.all()}
    assert (rows[anna].hours, rows[anna].span, rows[anna].is_professional) == (
        Decimal("12.50"),
        "week",
        False,
    )
    assert (rows[prof].hours, rows[prof].is_professional) == (Decimal("4.00"), True)
    assert {h.created_by for h in rows.values()} == {coordinator}
    # 12.5 residents' hours and 4 professionals' hours, shown apart.
    html = response.content.decode()
    assert "Bewoners: 12,5 uur · professionals: 4 uur" in html
    assert "VRW-ANNA: 12,5 uur" in html


@pytest.mark.parametrize(
    ("span", "hours", "message"),
    [
        ("day", "25", "Een dag heeft hooguit 24 uur"),
        ("week", "81", "Een week heeft hier hooguit 80 uur"),
        ("day", "0", "Het aantal uren moet groter dan 0 zijn. Vul bijvoorbeeld 2 of 1,5 in."),
        ("day", "veel", "Vul een getal in, bijvoorbeeld 3,5."),
    ],
)
def test_hours_out_of_range_are_refused(client, tenants, coordinator, span, hours, message):
    loc = tenants.a.location
    Volunteer.unscoped.create(organisation=loc.organisation, home_location=loc, code="VRW-ANNA")
    response = client.post(
        day_url(loc),
        {
            "form": "hours",
            "hours-span": span,
            "hours-volunteer_0": "VRW-ANNA",
            "hours-hours_0": hours,
        },
        **HTMX,
    )
    html = response.content.decode()
    assert message in html
    assert 'value="VRW-ANNA"' in html
    assert not VolunteerHours.unscoped.exists()


def test_unknown_volunteer_is_refused_unless_created(client, tenants, coordinator):
    loc = tenants.a.location
    data = {
        "form": "hours",
        "hours-span": "day",
        "hours-volunteer_0": "NIEUW-1",
        "hours-hours_0": "3",
    }
    response = client.post(day_url(loc), data, **HTMX)
    assert "Vrijwilliger NIEUW-1 niet gevonden" in response.content.decode()
    assert not Volunteer.unscoped.exists()

    client.post(day_url(loc), {**data, "hours-create_new": "on"}, **HTMX)
    volunteer = Volunteer.unscoped.get()
    assert (volunteer.code, volunteer.home_location, volunteer.created_by) == (
        "NIEUW-1",
        loc,
        coordinator,
    )
    assert VolunteerHours.unscoped.get().hours == Decimal("3.00")


def test_new_volunteer_similar_to_an_existing_one_asks_to_confirm(client, tenants, coordinator):
    loc = tenants.a.location
    Volunteer.unscoped.create(organisation=loc.organisation, home_location=loc, code="VRW-0042")
    data = {
        "form": "hours",
        "hours-span": "day",
        "hours-volunteer_0": "VRX-0042",
        "hours-hours_0": "2",
        "hours-create_new": "on",
    }
    response = client.post(day_url(loc), data, **HTMX)
    assert "Er bestaat al een vrijwilliger die erop lijkt: VRW-0042" in response.content.decode()
    assert Volunteer.unscoped.count() == 1
    client.post(day_url(loc), {**data, "hours-create_anyway": "on"}, **HTMX)
    assert Volunteer.unscoped.count() == 2


ADD_CASES = [
    (
        "incoming",
        {"incoming-referral_kind": "agency", "incoming-agency": "WPI", "incoming-takes_part": "on"},
        IncomingReferral,
        {"kind": "agency", "agency": "WPI", "takes_part": True},
    ),
    (
        "incoming",
        {"incoming-referral_kind": "newcomer", "incoming-agency": ""},
        IncomingReferral,
        {"kind": "newcomer", "takes_part": False},
    ),
    (
        "outgoing",
        {"outgoing-organisation_name": "MaDi", "outgoing-participant": "CJM-0001"},
        OutgoingReferral,
        {"organisation_name": "MaDi"},
    ),
    (
        "placement",
        {"placement-placement_kind": "work_learning", "placement-participant": "CJM-0001"},
        Placement,
        {"kind": "work_learning", "started_on": DAY, "ended_on": None},
    ),
    ("paidwork", {"paidwork-participant": "CJM-0001"}, PaidWork, {"date": DAY}),
    ("minima", {"minima-scheme": "Stadspas"}, MinimaApplication, {"scheme": "Stadspas"}),
    (
        "debt",
        {"debt-organisation_name": "Madi", "debt-note": "brieven"},
        DebtSupport,
        {"note": "brieven"},
    ),
]


@pytest.mark.parametrize(("kind", "data", "model", "expected"), ADD_CASES)
def test_each_add_form_creates_with_created_by(
    client, tenants, coordinator, kind, data, model, expected
):
    ParticipantFactory(home_location=tenants.a.location, code="CJM-0001")
    response = client.post(day_url(tenants.a.location), {"form": kind, **data}, **HTMX)
    assert response.status_code == 200
    record = model.unscoped.get()
    assert (record.location, record.created_by) == (tenants.a.location, coordinator)
    for name, value in expected.items():
        assert getattr(record, name) == value


INVALID_CASES = [
    (
        "incoming",
        {"incoming-referral_kind": "agency", "incoming-agency": ""},
        "Vul in door wie de bewoner is doorverwezen.",
    ),
    (
        "outgoing",
        {"outgoing-organisation_name": "", "outgoing-note": "bewaar mij"},
        "Vul in naar welke organisatie is doorverwezen.",
    ),
    (
        "placement",
        {"placement-placement_kind": "", "placement-participant": "CJM-0001"},
        "Kies de soort plek.",
    ),
    (
        "placement",
        {"placement-placement_kind": "internship", "placement-ended_on": "2019-03-01"},
        "De einddatum ligt vóór de startdatum. Kies de startdatum of een latere dag.",
    ),
    ("paidwork", {"paidwork-participant": "ONBEKEND-1"}, "Deelnemer ONBEKEND-1 niet gevonden"),
    (
        "minima",
        {"minima-scheme": "Stadspas", "minima-participant": "ONBEKEND-1"},
        "Deelnemer ONBEKEND-1 niet gevonden",
    ),
    (
        "debt",
        {"debt-participant": "ONBEKEND-1", "debt-note": "bewaar mij"},
        "Deelnemer ONBEKEND-1 niet gevonden",
    ),
]


@pytest.mark.parametrize(("kind", "data", "message"), INVALID_CASES)
def test_each_invalid_add_form_keeps_input(client, tenants, coordinator, kind, data, message):
    ParticipantFactory(home_location=tenants.a.location, code="CJM-0001")
    response = client.post(day_url(tenants.a.location), {"form": kind, **data}, **HTMX)
    html = response.content.decode()
    assert message in html
    for value in data.values():
        if value and value not in ("agency", "internship"):
            assert f'value="{value}"' in html or f">{value}</option>" in html
    section = {
        "incoming": IncomingReferral,
        "outgoing": OutgoingReferral,
        "placement": Placement,
        "paidwork": PaidWork,
        "minima": MinimaApplication,
        "debt": DebtSupport,
    }[kind]
    assert not section.unscoped.exists()


def test_cross_location_write_is_forbidden(client, tenants, coordinator):
    for location in (tenants.a.other_location, tenants.b.location):
        response = client.post(
            day_url(location), {"form": "job", "job-description": "Inbraak"}, **HTMX
        )
        assert response.status_code == 404
    job = JobFactory(location=tenants.a.other_location, date=DAY, description="Niet van mij")
    row = reverse("registrations:day_row", kwargs={"kind": "job", "pk": job.pk})
    assert client.post(row, {"action": "delete"}).status_code == 404
    assert client.post(row, {"job-description": "Gewijzigd"}).status_code == 404
    assert Job.unscoped.get().description == "Niet van mij"


def test_edit_a_job_in_place(client, tenants, coordinator):
    job = JobFactory(location=tenants.a.location, date=DAY, description="Lamp")
    row = reverse("registrations:day_row", kwargs={"kind": "job", "pk": job.pk})
    form = client.get(row, {"mode": "edit"}, **HTMX).content.decode()
    assert f'name="job-{job.pk}-description"' in form
    assert 'value="Lamp"' in form
    bad = client.post(row, {"action": "save", f"job-{job.pk}-description": ""}, **HTMX)
    assert "Beschrijf kort wat de klus was." in bad.content.decode()
    client.post(row, {"action": "save", f"job-{job.pk}-description": "Twee lampen"}, **HTMX)
    job.refresh_from_db()
    assert job.description == "Twee lampen"


def test_edit_a_session_replaces_its_participants(client, tenants, coordinator):
    loc = tenants.a.location
    first, second = (
        ParticipantFactory(home_location=loc, code=c) for c in ("CJM-0001", "CJM-0002")
    )
    session = SessionFactory(location=loc, date=DAY)
    session.attendances.create(participant=first)
    row = reverse("registrations:day_row", kwargs={"kind": "session", "pk": session.pk})
    prefix = f"session-{session.pk}"
    client.post(
        row,
        {
            f"{prefix}-category": "language",
            f"{prefix}-participants": "CJM-0002",
            f"{prefix}-anonymous_count": "1",
        },
        **HTMX,
    )
    session.refresh_from_db()
    assert session.category == "language"
    with system_scope():
        assert list(session.participants.all()) == [second]


def test_edit_hours_checks_the_limit(client, tenants, coordinator):
    loc = tenants.a.location
    volunteer = Volunteer.unscoped.create(
        organisation=loc.organisation, home_location=loc, code="V-1"
    )
    hours = VolunteerHours.unscoped.create(location=loc, volunteer=volunteer, date=DAY, hours=3)
    row = reverse("registrations:day_row", kwargs={"kind": "hours", "pk": hours.pk})
    prefix = f"hours-{hours.pk}"
    bad = client.post(row, {f"{prefix}-span": "day", f"{prefix}-hours": "30"}, **HTMX)
    assert "Een dag heeft hooguit 24 uur" in bad.content.decode()
    client.post(row, {f"{prefix}-span": "week", f"{prefix}-hours": "30"}, **HTMX)
    hours.refresh_from_db()
    assert (hours.hours, hours.span) == (Decimal("30.00"), "week")


def test_delete_asks_to_confirm_then_offers_undo(client, tenants, coordinator):
    job = JobFactory(location=tenants.a.location, date=DAY, description="Lamp")
    row = reverse("registrations:day_row", kwargs={"kind": "job", "pk": job.pk})
    confirm = client.get(row, {"mode": "delete"}, **HTMX).content.decode()
    assert "Echt verwijderen?" in confirm
    response = client.post(row, {"action": "delete"}, **HTMX)
    html = response.content.decode()
    assert not Job.unscoped.exists()
    assert "Ongedaan maken" in html
    token = response.context["s"]["undo"]["token"]
    client.post(
        reverse("registrations:undo"), {"token": token, "next": day_url(tenants.a.location)}
    )
    assert Job.unscoped.get().description == "Lamp"


def test_delete_without_javascript_shows_undo_on_the_page(client, tenants, coordinator):
    job = JobFactory(location=tenants.a.location, date=DAY, description="Lamp")
    row = reverse("registrations:day_row", kwargs={"kind": "job", "pk": job.pk})
    assert client.get(row, {"mode": "delete"}).status_code == 200
    response = client.post(row, {"action": "delete"}, follow=True)
    html = response.content.decode()
    assert "Verwijderd: " in html
    assert 'name="token"' in html
    assert not Job.unscoped.exists()
