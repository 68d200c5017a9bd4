"""The admin of participants, sessions and jobs is limited to the admin's organisation."""

from django.urls import reverse

from registrations.factories import AttendanceFactory, JobFactory, ParticipantFactory


def test_admin_sees_only_own_organisation(client, tenants):
    own = ParticipantFactory(home_location=tenants.a.other_location, code="EIGEN-1")
    ParticipantFactory(home_location=tenants.b.location, code="VREEMD-1")
    attendance = AttendanceFactory(session__location=tenants.a.location, participant=own)
    foreign_attendance = AttendanceFactory(session__location=tenants.b.location)
    JobFactory(location=tenants.b.location, description="Vreemde klus")
    client.force_login(tenants.a.admin)

    changelist = client.get(reverse("admin:registrations_participant_changelist"))
    assert changelist.status_code == 200
    assert [p.code for p in changelist.context["cl"].result_list] == ["EIGEN-1"]

    jobs = client.get(reverse("admin:registrations_job_changelist"))
    assert list(jobs.context["cl"].result_list) == []

    own_session = reverse("admin:registrations_session_change", args=[attendance.session.pk])
    page = client.get(own_session)
    assert page.status_code == 200
    assert "EIGEN-1" in page.content.decode()
    location_choices = page.context["adminform"].form.fields["location"].queryset
    assert set(location_choices) == {tenants.a.location, tenants.a.other_location}

    foreign = reverse("admin:registrations_session_change", args=[foreign_attendance.session.pk])
    assert client.get(foreign).status_code == 302  # "does not exist": back to the index


def test_participant_search_in_admin_autocomplete_is_scoped(client, tenants):
    ParticipantFactory(home_location=tenants.a.location, code="CJM-1")
    ParticipantFactory(home_location=tenants.b.location, code="CJM-2")
    client.force_login(tenants.a.admin)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "CJM",
            "app_label": "registrations",
            "model_name": "attendance",
            "field_name": "participant",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["CJM-1"]
