"""The other rules that only some entry paths applied, now one rule each
(registrations/services/rules.py) on every path: the admin refuses what the pages and the
services refuse, with the same Dutch message, and saves nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from registrations.factories import (
    AssociationMemberFactory,
    ParticipantFactory,
    VolunteerFactory,
)
from registrations.models import (
    AssociationMember,
    IncomingReferral,
    Participant,
    Placement,
    Session,
    Volunteer,
    VolunteerHours,
)
from registrations.services import session_register


def _post(client, tenants, model_name: str, data: dict):
    client.force_login(tenants.a.admin)
    return client.post(reverse(f"admin:registrations_{model_name}_add"), data)


def _errors(response) -> dict:
    assert response.status_code == 200
    return response.context["adminform"].form.errors


def test_admin_hours_have_the_day_pages_limits(client, tenants):
    volunteer = VolunteerFactory(home_location=tenants.a.location)
    data = {
        "location": tenants.a.location.pk,
        "volunteer": volunteer.pk,
        "date": "14-03-2019",
        "span": "week",
        "hours": "100",
    }
    errors = _errors(_post(client, tenants, "volunteerhours", data))
    assert errors["hours"] == [
        "Een week heeft hier hooguit 80 uur; u vulde 100 in. Vul 80 of minder in."
    ]
    errors = _errors(
        _post(client, tenants, "volunteerhours", {**data, "span": "day", "hours": "0"})
    )
    assert errors["hours"] == [
        "Het aantal uren moet groter dan 0 zijn. Vul bijvoorbeeld 2 of 1,5 in."
    ]
    assert not VolunteerHours.unscoped.exists()


def test_admin_referral_by_an_agency_names_the_agency(client, tenants):
    data = {"location": tenants.a.location.pk, "date": "14-03-2019", "kind": "agency", "agency": ""}
    errors = _errors(_post(client, tenants, "incomingreferral", data))
    assert errors["agency"] == ["Vul in door wie de bewoner is doorverwezen."]
    assert not IncomingReferral.unscoped.exists()
    newcomer = _post(client, tenants, "incomingreferral", {**data, "kind": "newcomer"})
    assert newcomer.status_code == 302


def test_admin_placement_end_before_start_says_so_as_the_day_page_does(client, tenants):
    data = {
        "location": tenants.a.location.pk,
        "kind": "internship",
        "started_on": "14-03-2019",
        "ended_on": "13-03-2019",
    }
    errors = _errors(_post(client, tenants, "placement", data))
    assert errors["ended_on"] == [
        "De einddatum ligt vóór de startdatum. Kies de startdatum of een latere dag."
    ]
    assert not Placement.unscoped.exists()


def test_admin_participant_and_volunteer_codes_are_unique_ignoring_case(client, tenants):
    ParticipantFactory(home_location=tenants.a.location, code="CJM-0001")
    VolunteerFactory(home_location=tenants.a.location, code="CJM-V1")
    common = {
        "organisation": tenants.a.organisation.pk,
        "nickname": "",
        "home_location": tenants.a.location.pk,
        "confirm_duplicate": "on",  # the duplicate warning is answered: it is someone else
    }
    errors = _errors(_post(client, tenants, "participant", {**common, "code": "cjm-0001"}))
    assert errors["code"] == ["De deelnemerscode cjm-0001 bestaat al. Kies een andere code."]
    volunteer = {
        **common,
        "code": "cjm-v1",
        "key_holdings-TOTAL_FORMS": "0",
        "key_holdings-INITIAL_FORMS": "0",
        "key_holdings-MIN_NUM_FORMS": "0",
        "key_holdings-MAX_NUM_FORMS": "1000",
    }
    errors = _errors(_post(client, tenants, "volunteer", volunteer))
    assert errors["code"] == [
        "De vrijwilligerscode cjm-v1 bestaat al. Kies een andere code, of gebruik de bestaande "
        "vrijwilliger."
    ]
    assert Participant.unscoped.count() == 1
    assert Volunteer.unscoped.count() == 1


def test_admin_member_number_is_unique_at_the_location_ignoring_case(client, tenants):
    AssociationMemberFactory(location=tenants.a.location, member_code="L-1")
    data = {"location": tenants.a.location.pk, "member_code": "l-1", "registered_on": "01-01-2019"}
    errors = _errors(_post(client, tenants, "associationmember", data))
    assert errors["member_code"] == [
        "Lidnummer l-1 bestaat al bij deze buurtwerkkamer. Kies een ander lidnummer."
    ]
    errors = _errors(
        _post(
            client,
            tenants,
            "associationmember",
            {**data, "member_code": "L-2", "paying_to": "01-06-2019"},
        )
    )
    assert errors["paying_from"] == ["Vul in vanaf wanneer het lid betaalt."]
    assert AssociationMember.unscoped.count() == 1
    member = AssociationMember.unscoped.get()
    client.force_login(tenants.a.admin)
    change = client.post(
        reverse("admin:registrations_associationmember_change", args=[member.pk]),
        {**data, "member_code": "L-1", "deregistered_on": "01-12-2019"},
    )
    assert change.status_code == 302  # its own number is not "taken"


def test_a_session_needs_a_participant_or_an_anonymous_visitor_in_the_service_too(tenants):
    with pytest.raises(ValidationError) as error:
        session_register(
            user=tenants.a.coordinator,
            location=tenants.a.location,
            date=datetime.date(2019, 3, 14),
            category="social",
        )
    assert error.value.messages == [
        "Voeg minstens één deelnemer toe of vul het aantal anonieme bezoekers in."
    ]
    assert not Session.unscoped.exists()
