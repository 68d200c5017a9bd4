"""No BSN in any code or free-text field, on every entry path (issue 10, "No BSN"); e-mail
addresses and telephone numbers in free text are a warning the user may confirm."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from locations.access import system_scope
from locations.csv_import import ImportFailed
from registrations.factories import ParticipantFactory
from registrations.importer import import_registrations
from registrations.models import IncomingReferral, Job, Participant, Session
from registrations.services.participants import job_register, session_register
from registrations.services.rules import free_text_fields, registration_errors

BSN = "123456782"
DAY = datetime.date(2019, 3, 1)


def test_every_free_text_field_refuses_a_bsn(tenants):
    for model in (Session, Job, IncomingReferral, Participant):
        for name in free_text_fields(model):
            errors = registration_errors(model, {name: f"dossier {BSN}"})
            assert "BSN" in " ".join(errors.get(name, [])), (model.__name__, name)
            assert name not in registration_errors(model, {name: "dossier 123456789"})


def test_a_nickname_refuses_a_bsn(tenants):
    errors = registration_errors(Participant, {"nickname": f"Jan {BSN}"})
    assert "BSN" in " ".join(errors["nickname"])


def test_a_participant_code_refuses_a_bsn(tenants):
    with pytest.raises(ValidationError):
        Participant._meta.get_field("code").run_validators("111222333")


def test_the_services_refuse_a_bsn_in_a_title_and_a_description(tenants):
    a = tenants.a
    with pytest.raises(ValidationError, match="BSN"):
        session_register(
            user=a.coordinator,
            location=a.location,
            date=DAY,
            category="social",
            title=f"Koffie met {BSN}",
            anonymous_count=1,
        )
    with pytest.raises(ValidationError, match="BSN"):
        job_register(
            user=a.coordinator, location=a.location, date=DAY, description=f"Lamp voor {BSN}"
        )
    with pytest.raises(ValidationError, match="BSN"):
        session_register(
            user=a.coordinator,
            location=a.location,
            date=DAY,
            category="social",
            new_participants=[("CJM-9", f"Jan {BSN}")],
        )
    assert not Session.unscoped.exists() and not Job.unscoped.exists()


def test_the_log_page_shows_the_refusal(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = client.post(
        reverse("registrations:log"),
        {
            "location": tenants.a.location.pk,
            "date": "01-03-2019",
            "category": "social",
            "title": f"Koffie {BSN}",
            "anonymous_count": "2",
        },
    )
    assert response.status_code == 200
    assert "BSN" in response.content.decode()
    assert not Session.unscoped.exists()


def test_the_csv_import_refuses_a_bsn_in_a_title(tenants):
    data = (
        "date;location;category;participant;session\n"
        f"01-03-2019;{tenants.a.location.code};social;;Koffie {BSN}\n"
    ).encode()
    with system_scope(), pytest.raises(ImportFailed) as failed:
        import_registrations(data, organisation_slug=tenants.a.organisation.slug)
    assert any("BSN" in problem for problem in failed.value.errors), failed.value.errors
    assert not Session.unscoped.exists()


def test_the_admin_refuses_a_bsn_and_warns_on_contact_details(client, tenants):
    participant = ParticipantFactory(home_location=tenants.a.location, code="CJM-1")
    client.force_login(tenants.a.admin)
    url = reverse("admin:registrations_participant_change", args=[participant.pk])
    data = {
        "organisation": tenants.a.organisation.pk,
        "home_location": tenants.a.location.pk,
        "code": "CJM-1",
        "nickname": f"Jan {BSN}",
        "confirm_duplicate": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "BSN" in response.content.decode()
    data["nickname"] = "Jan 06-12345678"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "telefoonnummer" in response.content.decode()
    participant.refresh_from_db()
    assert participant.nickname == ""
    response = client.post(url, {**data, "confirm_contact": "on"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.nickname == "Jan 06-12345678"


# -- the pages warn on contact details in free text too (registrations.forms.common) ----------

CONTACT = "Bel Annie op 06-12345678"


def _day_url(location):
    return reverse("registrations:day", kwargs={"location_id": location.pk, "date": "2019-03-14"})


def test_the_day_page_warns_on_contact_details_and_saves_once_confirmed(client, tenants):
    client.force_login(tenants.a.coordinator)
    url = _day_url(tenants.a.location)
    data = {"form": "job", "job-description": CONTACT, "job-participant": ""}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "06-12345678" in html and "Toch opslaan" in html  # the warning and its checkbox
    assert 'value="Bel Annie op 06-12345678"' in html  # what was typed is kept
    assert not Job.unscoped.exists()
    confirmed = client.post(url, {**data, "job-confirm_contact": "on"}, HTTP_HX_REQUEST="true")
    assert confirmed.status_code == 200
    assert Job.unscoped.get().description == CONTACT


def test_the_day_page_shows_no_checkbox_without_a_warning(client, tenants):
    client.force_login(tenants.a.coordinator)
    html = client.get(_day_url(tenants.a.location)).content.decode()
    assert "Toch opslaan met e-mailadres" not in html


def test_the_log_page_warns_on_an_e_mail_address_in_a_title(client, tenants):
    client.force_login(tenants.a.coordinator)
    data = {
        "form": "session",
        "location": tenants.a.location.pk,
        "date": "01-03-2019",
        "category": "social",
        "title": "Koffie, aanmelden via annie@example.nl",
        "anonymous_count": "2",
    }
    response = client.post(reverse("registrations:log"), data)
    assert response.status_code == 200
    assert "annie@example.nl" in response.content.decode()
    assert "Toch opslaan" in response.content.decode()
    assert not Session.unscoped.exists()
    client.post(reverse("registrations:log"), {**data, "confirm_contact": "on"})
    assert Session.unscoped.get().title == "Koffie, aanmelden via annie@example.nl"
