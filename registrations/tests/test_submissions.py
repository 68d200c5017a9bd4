"""The idempotency token of every form that writes (issue 10, double submission): rendered in
each add and edit form, new for each empty form, kept when a form comes back with errors; the
same form sent again (one after the other) writes nothing and gets the first result. The
concurrent cases are in test_double_submission.py."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from locations.access import system_scope
from registrations.factories import JobFactory, VolunteerFactory
from registrations.models import AssociationMember, FormSubmission, Job, Session
from registrations.services.participants import job_register
from registrations.services.submissions import SUBMISSION_LIFETIME, submit_once
from registrations.services.volunteers import hours_register_codes
from registrations.views.day_sections import SECTIONS
from registrations.views.records import KINDS

DAY = datetime.date(2019, 3, 14)
HTMX = {"HTTP_HX_REQUEST": "true"}


def day_url(location):
    return reverse(
        "registrations:day", kwargs={"location_id": location.pk, "date": DAY.isoformat()}
    )


def records_url(location):
    return reverse("registrations:records", kwargs={"location_id": location.pk})


def tokens(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{re.escape(name)}" value="([0-9a-f]{{32}})"', html)


@pytest.fixture
def coordinator(client, tenants):
    client.force_login(tenants.a.coordinator)
    return tenants.a.coordinator


def test_every_add_form_has_a_token_and_each_rendering_a_new_one(client, tenants, coordinator):
    loc = tenants.a.location
    first, again = (client.get(day_url(loc)).content.decode() for _n in range(2))
    for kind in SECTIONS:
        assert len(tokens(first, f"{kind}-submission")) == 1, kind
        assert tokens(first, f"{kind}-submission") != tokens(again, f"{kind}-submission")
    page = client.get(records_url(loc)).content.decode()
    for kind in KINDS:
        assert len(tokens(page, f"{kind}-submission")) == 1, kind
    log = client.get(reverse("registrations:log")).content.decode()
    assert len(tokens(log, "submission")) == 1
    assert len(tokens(log, "job-submission")) == 1


def test_the_edit_form_has_a_token(client, tenants, coordinator):
    job = JobFactory(location=tenants.a.location, date=DAY)
    url = reverse("registrations:day_row", kwargs={"kind": "job", "pk": job.pk})
    html = client.get(url, {"mode": "edit"}, **HTMX).content.decode()
    assert len(tokens(html, f"job-{job.pk}-submission")) == 1


def test_a_form_with_errors_keeps_its_token_and_a_saved_one_gets_a_new_one(
    client, tenants, coordinator
):
    url = day_url(tenants.a.location)
    token = "a" * 32
    refused = client.post(url, {"form": "job", "job-submission": token}, **HTMX)
    assert tokens(refused.content.decode(), "job-submission") == [token]
    assert not FormSubmission.unscoped.exists()  # nothing was written, the token is free
    data = {"form": "job", "job-submission": token, "job-description": "Lamp opgehangen"}
    saved = client.post(url, data, **HTMX).content.decode()
    assert "Lamp opgehangen" in saved
    assert tokens(saved, "job-submission") not in ([], [token])
    assert Job.unscoped.count() == 1


def test_the_same_form_sent_again_gets_the_same_redirect_and_writes_nothing(
    client, tenants, coordinator
):
    url = records_url(tenants.a.location)
    data = {
        "form": "member",
        "member-submission": "b" * 32,
        "member-member_code": "L-17",
        "member-registered_on": "2019-01-10",
    }
    first = client.post(url, data)
    # Sent again (the back button): the form's own check would now refuse the number, but
    # this is the same form, so it gets what the first one got.
    again = client.post(url, data)
    assert (first.status_code, again.status_code) == (302, 302)
    assert first["Location"] == again["Location"] == f"{url}#records-member"
    assert AssociationMember.unscoped.count() == 1
    # The same number in a new form (a new token) is refused as before.
    other = client.post(url, data | {"member-submission": "c" * 32})
    assert other.status_code == 200
    assert "Lidnummer L-17 bestaat al bij deze buurtwerkkamer." in other.content.decode()


def test_the_log_page_sent_again_writes_one_session(client, tenants, coordinator):
    data = {
        "form": "session",
        "submission": "d" * 32,
        "location": tenants.a.location.pk,
        "date": DAY.isoformat(),
        "category": "social",
        "anonymous_count": "4",
        "new_participants": "CJM-0042",
    }
    url = reverse("registrations:log")
    first, again = client.post(url, data), client.post(url, data)
    assert first["Location"] == again["Location"]
    assert Session.unscoped.count() == 1


def test_a_form_sent_again_after_its_record_was_deleted_writes_nothing(tenants):
    user, loc = tenants.a.coordinator, tenants.a.location

    def save():
        return job_register(user=user, location=loc, date=DAY, description="Lamp")

    job = submit_once(user=user, location=loc, token="e" * 32, save=save)
    with system_scope():
        job.delete()
    with pytest.raises(ValidationError, match="al eens verstuurd"):
        submit_once(user=user, location=loc, token="e" * 32, save=save)
    assert not Job.unscoped.exists()


def test_a_refused_save_leaves_the_token_free(tenants):
    user, loc = tenants.a.coordinator, tenants.a.location

    def refused():
        return job_register(user=user, location=loc, date=DAY, description="")

    with pytest.raises(ValidationError):
        submit_once(user=user, location=loc, token="f" * 32, save=refused)
    job = submit_once(
        user=user,
        location=loc,
        token="f" * 32,
        save=lambda: job_register(user=user, location=loc, date=DAY, description="Kraan"),
    )
    assert list(Job.unscoped.all()) == [job]


def test_the_same_token_of_another_user_is_another_form(tenants):
    loc = tenants.a.location
    for user in (tenants.a.coordinator, tenants.a.admin):
        submit_once(
            user=user,
            location=loc,
            token="1" * 32,
            save=lambda user=user: job_register(user=user, location=loc, date=DAY, description="x"),
        )
    assert Job.unscoped.count() == 2


def test_hours_sent_again_give_the_same_rows(tenants):
    user, loc = tenants.a.coordinator, tenants.a.location
    VolunteerFactory(home_location=loc, code="VRW-ANNA")
    VolunteerFactory(home_location=loc, code="VRW-PIET")

    def save():
        return hours_register_codes(
            user=user,
            location=loc,
            date=DAY,
            span="day",
            entries=[("VRW-ANNA", 2), ("VRW-PIET", 3)],
        )

    first = submit_once(user=user, location=loc, token="2" * 32, save=save)
    again = submit_once(user=user, location=loc, token="2" * 32, save=save)
    assert [row.pk for row in again] == [row.pk for row in first]
    assert len(first) == 2


def test_submissions_older_than_a_day_are_removed_on_the_next_submission(tenants):
    user, loc = tenants.a.coordinator, tenants.a.location

    def save():
        return job_register(user=user, location=loc, date=DAY, description="Lamp")

    submit_once(user=user, location=loc, token="3" * 32, save=save)
    submit_once(user=user, location=loc, token="4" * 32, save=save)
    old = timezone.now() - SUBMISSION_LIFETIME - datetime.timedelta(minutes=1)
    FormSubmission.unscoped.filter(token="3" * 32).update(created_at=old)
    submit_once(user=user, location=loc, token="5" * 32, save=save)
    kept = FormSubmission.unscoped.values_list("token", flat=True)
    assert sorted(kept) == ["4" * 32, "5" * 32]
