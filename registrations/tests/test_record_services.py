"""The records page's writes as services (key holders, groups, members, partners, surveys,
entered results, ending a record), the day page's hours entry in one transaction, and the
admin's saves and deletes through the services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from registrations.factories import (
    AssociationMemberFactory,
    KeyHoldingFactory,
    VolunteerFactory,
)
from registrations.models import (
    AssociationMember,
    EnteredResult,
    KeyHolding,
    PartnerAgreement,
    SurveyResult,
    SurveyRound,
    Volunteer,
    VolunteerGroup,
    VolunteerHours,
)
from registrations.services import (
    job_register,
    participant_create,
    referral_register,
    volunteer_create,
)
from registrations.services.records import (
    association_member_register,
    entered_result_register,
    partner_agreement_register,
    record_end,
)
from registrations.services.surveys import survey_round_register
from registrations.services.volunteers import (
    hours_register_codes,
    key_holding_register,
    volunteer_group_register,
)

pytestmark = pytest.mark.usefixtures("system")  # the tests read rows back as system code

DAY = datetime.date(2019, 5, 1)


def _history_user(record):
    return record.history.order_by("-history_id").first().history_user


def test_key_holding_is_saved_with_who_recorded_it(tenants):
    volunteer = VolunteerFactory(home_location=tenants.a.location, code="CJM-V1")
    holding = key_holding_register(
        user=tenants.a.coordinator, location=tenants.a.location, volunteer=volunteer, started_on=DAY
    )
    holding.refresh_from_db()
    assert (holding.volunteer, holding.started_on, holding.ended_on) == (volunteer, DAY, None)
    assert holding.created_by == tenants.a.coordinator
    assert _history_user(holding) == tenants.a.coordinator


def test_key_holding_of_another_organisations_volunteer_or_ending_early_is_refused(tenants):
    foreign = VolunteerFactory(home_location=tenants.b.location, code="B-V1")
    own = VolunteerFactory(home_location=tenants.a.location, code="CJM-V1")
    with pytest.raises(ValidationError) as error:
        key_holding_register(
            user=tenants.a.admin, location=tenants.a.location, volunteer=foreign, started_on=DAY
        )
    assert error.value.message_dict == {"volunteer": ["Onbekende vrijwilliger."]}
    with pytest.raises(ValidationError) as error:
        key_holding_register(
            user=tenants.a.admin,
            location=tenants.a.location,
            volunteer=own,
            started_on=DAY,
            ended_on=DAY - datetime.timedelta(days=1),
        )
    assert error.value.message_dict == {
        "ended_on": ["De einddatum ligt vóór de begindatum. Kies de begindatum of een latere dag."]
    }
    assert not KeyHolding.unscoped.exists()


@pytest.mark.parametrize("role", ["board", "funder"])
def test_readers_cannot_write_records(tenants, role):
    user = getattr(tenants.a, role)
    location = tenants.a.location
    with pytest.raises(PermissionDenied):
        volunteer_group_register(user=user, location=location, name="Tuingroep", active_from=DAY)
    with pytest.raises(PermissionDenied):
        association_member_register(
            user=user, location=location, member_code="L-1", registered_on=DAY
        )
    with pytest.raises(PermissionDenied):
        partner_agreement_register(
            user=user, location=location, partner_name="Buurtteam", agreed_on=DAY
        )
    assert not VolunteerGroup.unscoped.exists()
    assert not AssociationMember.unscoped.exists()
    assert not PartnerAgreement.unscoped.exists()


def test_coordinator_cannot_write_records_at_another_location(tenants):
    with pytest.raises(PermissionDenied):
        volunteer_group_register(
            user=tenants.a.coordinator,
            location=tenants.a.other_location,
            name="Tuingroep",
            active_from=DAY,
        )
    assert not VolunteerGroup.unscoped.exists()


def test_member_number_is_unique_at_the_location_ignoring_case(tenants):
    AssociationMemberFactory(location=tenants.a.location, member_code="L2019-0001")
    with pytest.raises(ValidationError) as error:
        association_member_register(
            user=tenants.a.coordinator,
            location=tenants.a.location,
            member_code=" l2019-0001 ",
            registered_on=DAY,
        )
    assert error.value.message_dict == {
        "member_code": [
            "Lidnummer l2019-0001 bestaat al bij deze buurtwerkkamer. Kies een ander lidnummer."
        ]
    }
    with pytest.raises(ValidationError) as error:
        association_member_register(
            user=tenants.a.coordinator,
            location=tenants.a.location,
            member_code="L2019-0002",
            registered_on=DAY,
            paying_to=DAY,
        )
    assert error.value.message_dict == {"paying_from": ["Vul in vanaf wanneer het lid betaalt."]}
    assert AssociationMember.unscoped.count() == 1


def test_entered_result_period_is_upper_cased_and_one_per_period(tenants):
    fields = {
        "user": tenants.a.coordinator,
        "location": tenants.a.location,
        "indicator_code": "rent_arrears",
        "explanation": "Gesprekken",
        "source": "Rochdale",
        "value": Decimal(6),
    }
    result = entered_result_register(period="2019-q2", **fields)
    assert result.period == "2019-Q2"
    assert result.created_by == tenants.a.coordinator
    with pytest.raises(ValidationError) as error:
        entered_result_register(period="2019-Q2", **fields)
    assert error.value.message_dict == {
        "period": [
            "Voor deze prestatie is over 2e kwartaal 2019 al een resultaat ingevoerd. Kies een "
            "andere periode, of vraag de beheerder het bestaande resultaat te wijzigen."
        ]
    }
    with pytest.raises(ValidationError) as error:
        entered_result_register(period="Q3", **{**fields, "value": None})
    assert set(error.value.message_dict) == {"period", "value"}
    assert EnteredResult.unscoped.count() == 1


def test_survey_round_is_saved_with_its_results_or_not_at_all(tenants):
    common = {
        "user": tenants.a.coordinator,
        "location": tenants.a.location,
        "date": DAY,
        "audience": "participants",
        "respondents": 40,
    }
    with pytest.raises(ValidationError) as error:
        survey_round_register(
            results=[("confidence", Decimal("0.6"), None), ("satisfaction", Decimal("1.5"), None)],
            **common,
        )
    assert error.value.message_dict["results"] == [
        "satisfaction: Het aandeel eens ligt tussen 0 en 1 (0,62 is 62%); u vulde 1.5 in."
    ]
    assert not SurveyRound.unscoped.exists()
    survey = survey_round_register(
        results=[("confidence", Decimal("0.6"), None), ("satisfaction", None, Decimal("8.1"))],
        **common,
    )
    results = SurveyResult.unscoped.filter(survey_round=survey).order_by("question")
    assert [(r.question, r.share_agree, r.mean_score) for r in results] == [
        ("confidence", Decimal("0.6000"), None),
        ("satisfaction", None, Decimal("8.10")),
    ]
    assert _history_user(results[0]) == tenants.a.coordinator


def test_ending_a_member_stops_paying_and_keeps_who_ended_it(tenants):
    member = AssociationMemberFactory(
        location=tenants.a.location,
        registered_on=datetime.date(2019, 1, 1),
        paying_from=datetime.date(2019, 2, 1),
    )
    record_end(user=tenants.a.coordinator, record=member, ended_on=DAY)
    member.refresh_from_db()
    assert (member.deregistered_on, member.paying_to) == (DAY, DAY)
    assert _history_user(member) == tenants.a.coordinator


def test_ending_before_the_start_or_without_the_right_is_refused(tenants):
    holding = KeyHoldingFactory(
        location=tenants.a.location,
        volunteer__home_location=tenants.a.location,
        started_on=DAY,
    )
    with pytest.raises(ValidationError) as error:
        record_end(
            user=tenants.a.coordinator, record=holding, ended_on=DAY - datetime.timedelta(days=1)
        )
    assert error.value.message_dict == {
        "ended_on": [
            "De einddatum ligt vóór de begindatum (01-05-2019). Kies 01-05-2019 of een latere dag."
        ]
    }
    with pytest.raises(PermissionDenied):
        record_end(user=tenants.a.board, record=holding, ended_on=DAY)
    holding.refresh_from_db()
    assert holding.ended_on is None


def test_hours_entry_with_a_new_volunteer_saves_both_or_neither(tenants):
    location = tenants.a.location
    VolunteerFactory(home_location=location, code="CJM-V1")
    with pytest.raises(ValidationError):
        hours_register_codes(
            user=tenants.a.coordinator,
            location=location,
            date=DAY,
            span="day",
            entries=[("cjm-v1", Decimal(3)), ("CJM-V2", Decimal(30))],
            new_codes=["CJM-V2"],
        )
    assert list(Volunteer.unscoped.values_list("code", flat=True)) == ["CJM-V1"]
    assert not VolunteerHours.unscoped.exists()
    rows = hours_register_codes(
        user=tenants.a.coordinator,
        location=location,
        date=DAY,
        span="day",
        entries=[("cjm-v1", Decimal(3)), ("CJM-V2", Decimal(2))],
        new_codes=["CJM-V2"],
    )
    assert sorted((row.volunteer.code, row.hours) for row in rows) == [
        ("CJM-V1", Decimal(3)),
        ("CJM-V2", Decimal(2)),
    ]


def test_admin_saves_links_inlines_and_history_through_the_services(client, tenants):
    admin = tenants.a.admin
    client.force_login(admin)
    response = client.post(
        reverse("admin:registrations_volunteer_add"),
        {
            "organisation": tenants.a.organisation.pk,
            "code": "CJM-V7",
            "nickname": "",
            "home_location": tenants.a.location.pk,
            "locations": [tenants.a.location.pk, tenants.a.other_location.pk],
            "key_holdings-TOTAL_FORMS": "1",
            "key_holdings-INITIAL_FORMS": "0",
            "key_holdings-MIN_NUM_FORMS": "0",
            "key_holdings-MAX_NUM_FORMS": "1000",
            "key_holdings-0-location": tenants.a.location.pk,
            "key_holdings-0-started_on": "01-05-2019",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    volunteer = Volunteer.unscoped.get(code="CJM-V7")
    assert set(volunteer.locations.all()) == {tenants.a.location, tenants.a.other_location}
    assert volunteer.created_by == admin
    assert _history_user(volunteer) == admin
    holding = KeyHolding.unscoped.get(volunteer=volunteer)
    assert _history_user(holding) == admin

    response = client.post(
        reverse("admin:registrations_keyholding_changelist"),
        {"action": "delete_selected", "_selected_action": [holding.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not KeyHolding.unscoped.exists()
    deleted = KeyHolding.history.model.unscoped.get(id=holding.pk, history_type="-")
    assert deleted.history_user == admin


def test_every_single_write_names_its_user_in_the_history_outside_a_request_too(tenants):
    user, location = tenants.a.coordinator, tenants.a.location
    records = [
        participant_create(
            user=user, organisation=tenants.a.organisation, location=location, code="CJM-1"
        ),
        job_register(user=user, location=location, date=DAY, description="Lamp"),
        referral_register(user=user, location=location, date=DAY, agency="WPI"),
        volunteer_create(user=user, location=location, code="CJM-V1"),
    ]
    assert [_history_user(record) for record in records] == [user] * 4
