"""The coordinator's log page: prefilled GET, saving a session or a job, errors in Dutch."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from locations.access import system_scope
from locations.models import Membership, Role
from registrations.factories import JobFactory, ParticipantFactory, SessionFactory
from registrations.models import Job, Participant, Session
from registrations.views import LOCATION_SESSION_KEY

URL = reverse("registrations:log")


def _post(client, location, **overrides):
    data = {
        "form": "session",
        "location": location.pk,
        "date": "2019-03-14",
        "category": "social",
        "title": "Koffie-inloop",
        "anonymous_count": "3",
        "participants": "",
        "new_participants": "",
    }
    data.update(overrides)
    return client.post(URL, data)


def test_get_is_prefilled_with_today_and_own_location(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["session_form"]
    assert form.initial["date"] == timezone.localdate()
    assert form.initial["location"] == tenants.a.location
    assert form.single_location == tenants.a.location
    html = response.content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html
    assert f'name="location" value="{tenants.a.location.pk}"' in html
    # The no-JS fallback: participants as a textarea of codes.
    assert '<textarea name="participants"' in html
    assert "Sociale ontmoeting" in html


def test_board_and_funder_may_not_log(client, tenants):
    client.force_login(tenants.a.board)
    assert client.get(URL).status_code == 403
    # For a funder, pages of personal data do not exist (issue 9).
    client.force_login(tenants.a.funder)
    assert client.get(URL).status_code == 404


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_saves_session_attendances_and_new_participant(client, tenants):
    known = ParticipantFactory(home_location=tenants.a.location, code="CJM-0001")
    client.force_login(tenants.a.coordinator)
    response = _post(
        client,
        tenants.a.location,
        participants="cjm-0001",
        new_participants="CJM-0002, Anita",
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?location={tenants.a.location.pk}&date=2019-03-14"
    session = Session.unscoped.get()
    assert (session.location, session.date, session.category, session.title) == (
        tenants.a.location,
        datetime.date(2019, 3, 14),
        "social",
        "Koffie-inloop",
    )
    assert session.anonymous_count == 3
    new = Participant.unscoped.get(code="CJM-0002")
    assert (new.nickname, new.home_location) == ("Anita", tenants.a.location)
    with system_scope():
        assert set(session.participants.all()) == {known, new}

    page = client.get(response["Location"])
    day = page.context["day"]
    assert [(s.title, s.participant_count, s.anonymous_count) for s in day.sessions] == [
        ("Koffie-inloop", 2, 3)
    ]
    assert "Opgeslagen" in page.content.decode()


def test_invalid_post_keeps_input_and_explains_in_dutch(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = _post(
        client,
        tenants.a.location,
        category="",
        title="Taalcafé donderdag",
        participants="ONBEKEND-1, ONBEKEND-2",
        new_participants="123456782, Piet",
        anonymous_count="-2",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een soort activiteit." in html
    assert "Onbekende deelnemerscodes: ONBEKEND-1, ONBEKEND-2. Controleer de codes" in html
    assert "lijkt op een BSN" in html
    assert "Het aantal kan niet negatief zijn." in html
    assert 'value="Taalcafé donderdag"' in html
    assert "ONBEKEND-1, ONBEKEND-2</textarea>" in html
    assert not Session.unscoped.exists()
    assert not Participant.unscoped.exists()


def test_empty_session_is_refused(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = _post(client, tenants.a.location, anonymous_count="0")
    assert response.status_code == 200
    assert "Voeg minstens één deelnemer toe" in response.content.decode()
    assert not Session.unscoped.exists()


def test_new_participant_with_existing_code_is_refused(client, tenants):
    ParticipantFactory(home_location=tenants.a.other_location, code="CJM-0001")
    client.force_login(tenants.a.coordinator)
    response = _post(client, tenants.a.location, new_participants="cjm-0001")
    assert "cjm-0001 bestaat al." in response.content.decode()
    assert not Session.unscoped.exists()


@pytest.mark.parametrize("location_attr", ["other_location", "location"])
def test_cannot_log_at_a_location_outside_own(client, tenants, location_attr):
    location = getattr(tenants.a, location_attr)
    client.force_login(
        tenants.b.coordinator if location_attr == "location" else tenants.a.coordinator
    )
    response = _post(client, location)
    assert response.status_code == 200
    assert "Kies een van uw buurtwerkkamers." in response.content.decode()
    assert not Session.unscoped.exists()


def test_day_list_shows_only_that_day_and_location(client, tenants):
    day = datetime.date(2019, 3, 14)
    SessionFactory(location=tenants.a.location, date=day, title="Vandaag hier", anonymous_count=5)
    SessionFactory(location=tenants.a.location, date=day.replace(day=15), title="Morgen")
    SessionFactory(location=tenants.a.other_location, date=day, title="Elders")
    JobFactory(location=tenants.a.location, date=day, description="Kraan gerepareerd")
    client.force_login(tenants.a.coordinator)
    response = client.get(URL, {"date": "2019-03-14"})
    overview = response.context["day"]
    assert [s.title for s in overview.sessions] == ["Vandaag hier"]
    assert [j.description for j in overview.jobs] == ["Kraan gerepareerd"]
    assert "14-03-2019" in response.content.decode()


def test_coordinator_with_several_locations_picks_one_and_it_is_remembered(client, tenants):
    membership = Membership.unscoped.get(user=tenants.a.coordinator, role=Role.COORDINATOR)
    membership.locations.add(tenants.a.other_location)
    client.force_login(tenants.a.coordinator)
    first = client.get(URL)
    assert first.context["session_form"].single_location is None
    assert 'name="location"' in first.content.decode()
    client.get(URL, {"location": tenants.a.other_location.pk})
    assert client.session[LOCATION_SESSION_KEY] == tenants.a.other_location.pk
    again = client.get(URL)
    assert again.context["day"].location == tenants.a.other_location
    assert again.context["session_form"].initial["location"] == tenants.a.other_location


def test_job_form_saves_a_job(client, tenants):
    resident = ParticipantFactory(home_location=tenants.a.location, code="CJM-0007")
    client.force_login(tenants.a.coordinator)
    response = client.post(
        URL,
        {
            "form": "job",
            "job-location": tenants.a.location.pk,
            "job-date": "14-03-2019",
            "job-description": "Schutting gerepareerd",
            "job-participant": "cjm-0007",
        },
    )
    assert response.status_code == 302
    job = Job.unscoped.get()
    assert (job.date, job.description, job.participant) == (
        datetime.date(2019, 3, 14),
        "Schutting gerepareerd",
        resident,
    )


def test_job_form_with_unknown_code_and_no_description(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = client.post(
        URL,
        {
            "form": "job",
            "job-location": tenants.a.location.pk,
            "job-date": "2019-02-30",
            "job-description": "",
            "job-participant": "XYZ-9",
        },
    )
    html = response.content.decode()
    assert "Vul een geldige datum in" in html
    assert "Beschrijf kort wat de klus was." in html
    assert "Onbekende deelnemerscode: XYZ-9. Controleer de code, of laat het veld leeg" in html
    assert 'value="XYZ-9"' in html
    assert not Job.unscoped.exists()
