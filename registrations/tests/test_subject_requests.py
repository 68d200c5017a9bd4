"""Subject access and erasure (issue 10, "Privacy by design"): the board exports everything
about one person and erases them on request; both are logged; counts stay reproducible; the
privacy statement says what the code does."""

import datetime
import json
import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from locations.access import RULES, Action, Area, Role
from locations.audit import AccessLogEntry
from registrations.factories import (
    AttendanceFactory,
    JobFactory,
    KeyHoldingFactory,
    OutgoingReferralFactory,
    ParticipantFactory,
    SessionFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
)
from registrations.models import Erasure, Job, OutgoingReferral, Participant, Volunteer
from registrations.privacy.personal import history_model
from registrations.privacy.subject import person_erase, person_export
from registrations.tracking import acting_as
from reports.counting import Window, unique_participant_counts


@pytest.fixture
def person(tenants, system):
    """A participant of a's location with a nickname changed once, an attendance, a job and
    a referral with a note; another participant at the same session."""
    loc = tenants.a.location
    with acting_as(tenants.a.coordinator):
        participant = ParticipantFactory(home_location=loc, code="INZ-1", nickname="Mevrouw A")
        participant.nickname = "Annie"
        participant.save()
        session = SessionFactory(location=loc, date=datetime.date(2019, 3, 1))
        AttendanceFactory(session=session, participant=participant)
        AttendanceFactory(session=session)
        JobFactory(location=loc, participant=participant, description="Kast bij Annie")
        OutgoingReferralFactory(location=loc, participant=participant, note="Annie: schulden")
    return participant


def _url(name, person, kind="deelnemer"):
    return reverse(f"registrations:{name}", kwargs={"kind": kind, "pk": person.pk})


def _unique(location) -> int:
    window = {"ytd": Window(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))}
    counts = unique_participant_counts(
        location_ids=[location.pk], category_sets=[frozenset({"all"})], windows=window
    )
    return counts[(frozenset({"all"}), "ytd", None)]


def test_the_board_finds_a_person_by_code_in_the_post_body(client, tenants, person):
    client.force_login(tenants.a.board)
    response = client.post(
        reverse("registrations:privacy"), {"kind": "participant", "code": "inz-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("privacy_person", person)
    page = client.get(response["Location"]).content.decode()
    assert "INZ-1" in page and "Annie" not in page  # the page shows codes, not nicknames
    missing = client.post(reverse("registrations:privacy"), {"kind": "volunteer", "code": "INZ-1"})
    assert missing.status_code == 200 and "Niet gevonden" in missing.content.decode()


def test_the_export_holds_every_record_and_history_row_and_is_logged(
    client, tenants, person, caplog
):
    client.force_login(tenants.a.board)
    with caplog.at_level(logging.INFO, logger="bwk.privacy"):
        response = client.post(_url("privacy_export", person), {"reason": "Inzageverzoek 3 maart"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert (
        "attachment" in response["Content-Disposition"]
        and "INZ-1" in response["Content-Disposition"]
    )
    document = json.loads(response.content)
    assert document["person"] == {"kind": "participant", "id": person.pk, "code": "INZ-1"}
    assert document["made_by"] == tenants.a.board.username
    records = document["records"]
    assert [r["fields"]["nickname"] for r in records["registrations_participant"]["records"]] == [
        "Annie"
    ]
    history = records["registrations_participant"]["history"]
    assert [r["fields"]["nickname"] for r in history] == ["Mevrouw A", "Annie"]
    assert len(records["registrations_attendance"]["records"]) == 1  # only their own
    assert records["registrations_job"]["records"][0]["fields"]["description"] == "Kast bij Annie"
    assert records["registrations_outgoingreferral"]["history"][0]["fields"]["note"] == (
        "Annie: schulden"
    )
    assert len(document["sessions"]) == 1
    (line,) = [r for r in caplog.records if r.name == "bwk.privacy"]
    assert tenants.a.board.username in line.getMessage() and "INZ-1" in line.getMessage()
    assert "Inzageverzoek 3 maart" in line.getMessage()
    # ... and in the access log, with the reason (the page view before it is logged too).
    entries = AccessLogEntry.unscoped.filter(object_id=person.pk).order_by("pk")
    assert [(e.kind, e.subject, e.user_id, e.reason) for e in entries] == [
        ("export", "registrations.participant", tenants.a.board.pk, "Inzageverzoek 3 maart")
    ]
    client.get(_url("privacy_person", person))
    assert AccessLogEntry.unscoped.filter(object_id=person.pk, kind="view").count() == 1


def test_an_export_without_a_reason_is_refused(client, tenants, person):
    client.force_login(tenants.a.board)
    response = client.post(_url("privacy_export", person), {"reason": "kort"})
    assert response.status_code == 400
    assert "application/json" not in response["Content-Type"]


def test_erasure_empties_the_person_everywhere_keeps_the_counts_and_is_registered(
    client, tenants, person, system
):
    unique_before = _unique(tenants.a.location)
    client.force_login(tenants.a.board)
    response = client.post(
        _url("privacy_erase", person),
        {"confirm_code": "INZ-1", "reason": "Verzoek van mevrouw zelf", "confirm": "on"},
    )
    assert response.status_code == 302
    participant = Participant.unscoped.get(pk=person.pk)
    assert participant.code == "INZ-1" and participant.nickname == ""
    assert Job.unscoped.get(participant=person).description == ""
    assert OutgoingReferral.unscoped.get(participant=person).note == ""
    for model, field, link in [
        (Participant, "nickname", "id"),
        (Job, "description", "participant_id"),
        (OutgoingReferral, "note", "participant_id"),
    ]:
        rows = history_model(model).unscoped.filter(**{link: person.pk})
        assert rows.exists() and set(rows.values_list(field, flat=True)) == {""}
    assert OutgoingReferral.unscoped.get(participant=person).organisation_name == "MaDi"
    assert _unique(tenants.a.location) == unique_before == 2
    erasure = Erasure.unscoped.get(person_id=person.pk)
    assert (erasure.code, erasure.cause, erasure.erased_by) == ("INZ-1", "request", tenants.a.board)
    assert erasure.reason == "Verzoek van mevrouw zelf"
    assert erasure.fields["registrations_historicalparticipant.nickname"] == 2
    page = client.get(_url("privacy_person", person)).content.decode()
    assert "Verzoek van mevrouw zelf" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"confirm_code": "INZ-2", "reason": "Verzoek van mevrouw zelf", "confirm": "on"},
         "Typ de code INZ-1 over"),
        ({"confirm_code": "INZ-1", "reason": "kort", "confirm": "on"}, "10 tekens"),
        ({"confirm_code": "INZ-1", "reason": "Verzoek van mevrouw zelf"}, "Dit veld is vereist"),
    ],
)  # fmt: skip
def test_erasure_asks_for_the_code_a_reason_and_a_confirmation(
    client, tenants, person, data, message
):
    client.force_login(tenants.a.board)
    response = client.post(_url("privacy_erase", person), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Participant.unscoped.get(pk=person.pk).nickname == "Annie"
    assert not Erasure.unscoped.exists()


def test_the_services_check_the_rules(tenants, person):
    for role in ("coordinator", "funder"):
        user = getattr(tenants.a, role)
        with pytest.raises(PermissionDenied):
            person_export(user=user, person=person, reason="Inzageverzoek 3 maart")
        with pytest.raises(PermissionDenied):
            person_erase(user=user, person=person, reason="Verzoek zelf", confirm_code="INZ-1")
    with pytest.raises(PermissionDenied):
        person_erase(
            user=tenants.b.board, person=person, reason="Verzoek zelf", confirm_code="INZ-1"
        )
    with pytest.raises(ValidationError) as error:
        person_erase(user=tenants.a.admin, person=person, reason="", confirm_code="")
    assert set(error.value.message_dict) == {"reason", "confirm_code"}
    person_erase(user=tenants.a.admin, person=person, reason="Verzoek zelf", confirm_code="inz-1")
    assert Participant.unscoped.get(pk=person.pk).nickname == ""


def test_a_volunteer_is_exported_and_erased_too(client, tenants, system):
    with acting_as(tenants.a.coordinator):
        volunteer = VolunteerFactory(home_location=tenants.a.location, code="VRW-9", nickname="Bep")
        VolunteerHoursFactory(volunteer=volunteer)
        KeyHoldingFactory(volunteer=volunteer)
    client.force_login(tenants.a.admin)
    export = client.post(
        _url("privacy_export", volunteer, "vrijwilliger"), {"reason": "Inzage 1 april"}
    )
    document = json.loads(export.content)
    assert len(document["records"]["registrations_volunteerhours"]["records"]) == 1
    assert len(document["records"]["registrations_keyholding"]["records"]) == 1
    assert document["locations"][0]["id"] == tenants.a.location.pk
    client.post(
        _url("privacy_erase", volunteer, "vrijwilliger"),
        {"confirm_code": "VRW-9", "reason": "Verzoek van Bep zelf", "confirm": "on"},
    )
    assert Volunteer.unscoped.get(pk=volunteer.pk).nickname == ""
    history = history_model(Volunteer).unscoped.filter(id=volunteer.pk)
    assert set(history.values_list("nickname", flat=True)) == {""}


def test_only_the_board_and_admins_have_the_privacy_pages_in_the_menu(client, tenants):
    for role, shown in [
        ("coordinator", False),
        ("board", True),
        ("admin", True),
        ("funder", False),
    ]:
        client.force_login(getattr(tenants.a, role))
        page = client.get(reverse("home")).content.decode()
        assert (reverse("registrations:privacy") in page) is shown, role
        assert reverse("privacy") in page  # the footer link on every page


def test_the_privacy_statement_is_public_and_says_what_the_code_does(client, settings):
    settings.BWK_RETENTION_MONTHS = 18
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "18 maanden" in page
    assert "roepnaam" in page and "toelichting" in page  # removed fields, by their own names
    assert "deelnemerscode" in page  # kept, with the reason
    for role in Role:
        assert str(role.label) in page.lower()
    # Who may erase follows the rules table: the board and admins only.
    erasers = [role for role in Role if Action.ERASE in RULES[role].get(Area.PRIVACY, ())]
    assert erasers == [Role.BOARD, Role.ADMIN]
    assert page.count("persoonsgegevens wissen") == len(erasers)
