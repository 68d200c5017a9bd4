"""The coordinator's records page: add each kind, Dutch errors, scope, board, end action."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from registrations.factories import VolunteerFactory
from registrations.models import (
    AssociationMember,
    EnteredResult,
    KeyHolding,
    PartnerAgreement,
    SurveyResult,
    SurveyRound,
    VolunteerGroup,
)


def records_url(location):
    return reverse("registrations:records", kwargs={"location_id": location.pk})


@pytest.fixture
def coordinator(client, tenants):
    client.force_login(tenants.a.coordinator)
    return tenants.a.coordinator


def test_page_shows_an_add_form_per_kind_for_the_coordinator(client, tenants, coordinator):
    response = client.get(records_url(tenants.a.location))
    assert response.status_code == 200
    html = response.content.decode()
    for kind in ("keyholding", "group", "member", "partner", "survey", "entered"):
        assert f'id="add-{kind}"' in html


def test_add_key_holder_by_volunteer_code(client, tenants, coordinator):
    volunteer = VolunteerFactory(home_location=tenants.a.location, code="VRW-0101")
    response = client.post(
        records_url(tenants.a.location),
        {
            "form": "keyholding",
            "keyholding-volunteer": "vrw-0101",
            "keyholding-started_on": "01-03-2019",
        },
    )
    assert response.status_code == 302
    holding = KeyHolding.unscoped.get()
    assert (holding.volunteer, holding.location, holding.created_by) == (
        volunteer,
        tenants.a.location,
        coordinator,
    )
    assert (holding.started_on, holding.ended_on) == (datetime.date(2019, 3, 1), None)
    assert "VRW-0101" in client.get(records_url(tenants.a.location)).content.decode()


def test_key_holder_of_another_organisation_is_not_found(client, tenants, coordinator):
    VolunteerFactory(home_location=tenants.b.location, code="VRW-0909")
    response = client.post(
        records_url(tenants.a.location),
        {
            "form": "keyholding",
            "keyholding-volunteer": "VRW-0909",
            "keyholding-started_on": "2019-03-01",
        },
    )
    assert response.status_code == 200
    assert "Vrijwilliger VRW-0909 niet gevonden" in response.content.decode()
    assert not KeyHolding.unscoped.exists()


def test_add_group_member_and_partner(client, tenants, coordinator):
    url = records_url(tenants.a.location)
    client.post(
        url, {"form": "group", "group-name": "Tuingroep", "group-active_from": "2019-04-01"}
    )
    client.post(
        url,
        {
            "form": "member",
            "member-member_code": "L-17",
            "member-registered_on": "2019-01-10",
            "member-paying_from": "2019-02-01",
        },
    )
    client.post(
        url,
        {
            "form": "partner",
            "partner-partner_name": "MaDi",
            "partner-agreed_on": "2019-05-20",
            "partner-note": "Spreekuur",
        },
    )
    group = VolunteerGroup.unscoped.get()
    assert (group.name, group.active_from, group.created_by) == (
        "Tuingroep",
        datetime.date(2019, 4, 1),
        coordinator,
    )
    member = AssociationMember.unscoped.get()
    assert (member.member_code, member.paying_from, member.paying_to, member.created_by) == (
        "L-17",
        datetime.date(2019, 2, 1),
        None,
        coordinator,
    )
    partner = PartnerAgreement.unscoped.get()
    assert (partner.partner_name, partner.note, partner.location, partner.created_by) == (
        "MaDi",
        "Spreekuur",
        tenants.a.location,
        coordinator,
    )


def test_end_before_start_keeps_input_and_says_so_in_dutch(client, tenants, coordinator):
    response = client.post(
        records_url(tenants.a.location),
        {
            "form": "group",
            "group-name": "Taalteam",
            "group-active_from": "2019-04-01",
            "group-active_to": "2019-03-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "De einddatum ligt vóór de begindatum. Kies de begindatum of een latere dag." in html
    assert 'value="Taalteam"' in html
    assert 'value="2019-03-01"' in html
    assert not VolunteerGroup.unscoped.exists()


def test_duplicate_member_code_is_refused(client, tenants, coordinator):
    AssociationMember.unscoped.create(
        location=tenants.a.location, member_code="L-1", registered_on=datetime.date(2019, 1, 1)
    )
    response = client.post(
        records_url(tenants.a.location),
        {"form": "member", "member-member_code": "l-1", "member-registered_on": "2019-02-01"},
    )
    assert "Lidnummer l-1 bestaat al" in response.content.decode()
    assert AssociationMember.unscoped.count() == 1


def test_add_survey_round_with_share_and_score(client, tenants, coordinator):
    response = client.post(
        records_url(tenants.a.location),
        {
            "form": "survey",
            "survey-date": "2019-06-12",
            "survey-audience": "participants",
            "survey-respondents": "25",
            "survey-title": "Tevredenheid",
            "survey-question_0": "confidence",
            "survey-share_0": "0,62",
            "survey-question_1": "satisfaction",
            "survey-score_1": "7,8",
        },
    )
    assert response.status_code == 302
    survey_round = SurveyRound.unscoped.get()
    assert (survey_round.respondents, survey_round.created_by) == (25, coordinator)
    results = {
        r.question: (r.share_agree, r.mean_score)
        for r in SurveyResult.unscoped.filter(survey_round=survey_round)
    }
    assert results == {
        "confidence": (Decimal("0.62"), None),
        "satisfaction": (None, Decimal("7.8")),
    }
    html = client.get(records_url(tenants.a.location)).content.decode()
    assert "confidence: 62%" in html


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"survey-share_0": "1,5"}, "Het aandeel eens ligt tussen 0 en 1"),
        ({"survey-share_0": "0,5", "survey-score_0": "7"}, "niet beide"),
        ({}, "niet beide"),
        ({"survey-score_0": "11"}, "Het gemiddelde cijfer ligt tussen 0 en 10"),
    ],
)
def test_invalid_survey_result_keeps_input(client, tenants, coordinator, row, message):
    response = client.post(
        records_url(tenants.a.location),
        {
            "form": "survey",
            "survey-date": "2019-06-12",
            "survey-audience": "volunteers",
            "survey-respondents": "8",
            "survey-question_0": "confidence",
            **row,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="confidence"' in html and 'value="8"' in html
    assert not SurveyRound.unscoped.exists()


def test_add_entered_result_with_value_or_check_outcome(client, tenants, coordinator):
    url = records_url(tenants.a.location)
    base = {
        "form": "entered",
        "entered-explanation": "Schatting uit interviews",
        "entered-source": "Interviews 2020",
    }
    first = client.post(
        url,
        {
            **base,
            "entered-indicator_code": "benefit-costs",
            "entered-period": "2020",
            "entered-value": "3",
        },
    )
    second = client.post(
        url,
        {
            **base,
            "entered-indicator_code": "controle",
            "entered-period": "2020-q4",
            "entered-positive": "yes",
        },
    )
    assert first.status_code == second.status_code == 302
    rows = {
        r.indicator_code: (r.period, r.value, r.positive, r.created_by)
        for r in EnteredResult.unscoped.all()
    }
    assert rows == {
        "benefit-costs": ("2020", Decimal("3.00"), None, coordinator),
        "controle": ("2020-Q4", None, True, coordinator),
    }


def test_entered_result_needs_value_or_outcome_explanation_and_source(client, tenants, coordinator):
    response = client.post(
        records_url(tenants.a.location),
        {"form": "entered", "entered-indicator_code": "controle", "entered-period": "2020-Q5"},
    )
    html = response.content.decode()
    assert "Vul een waarde in of kies de uitkomst van de controle." in html
    assert "Vul een toelichting in." in html
    assert "Vul de bron in." in html
    assert "Kies een kwartaal of een jaar uit de lijst." in html
    assert 'value="controle"' in html
    assert not EnteredResult.unscoped.exists()


def test_location_outside_scope_is_404(client, tenants, coordinator):
    assert client.get(records_url(tenants.a.other_location)).status_code == 404
    assert client.get(records_url(tenants.b.location)).status_code == 404
    denied = client.post(
        records_url(tenants.b.location),
        {"form": "group", "group-name": "Indringers", "group-active_from": "2019-01-01"},
    )
    assert denied.status_code == 404
    assert not VolunteerGroup.unscoped.exists()


def test_board_reads_but_cannot_write(client, tenants):
    VolunteerGroup.unscoped.create(
        location=tenants.a.location, name="Klussendienst", active_from=datetime.date(2019, 1, 1)
    )
    client.force_login(tenants.a.board)
    response = client.get(records_url(tenants.a.location))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Klussendienst" in html
    assert 'id="add-group"' not in html and "Beëindigen" not in html
    denied = client.post(
        records_url(tenants.a.location),
        {"form": "group", "group-name": "Tuingroep", "group-active_from": "2019-01-01"},
    )
    assert denied.status_code == 403
    assert VolunteerGroup.unscoped.count() == 1


def test_end_action_sets_the_end_date(client, tenants, coordinator):
    partner = PartnerAgreement.unscoped.create(
        location=tenants.a.location, partner_name="Buurtteam", agreed_on=datetime.date(2019, 1, 1)
    )
    member = AssociationMember.unscoped.create(
        location=tenants.a.location,
        member_code="L-2",
        registered_on=datetime.date(2019, 1, 1),
        paying_from=datetime.date(2019, 2, 1),
    )
    url = records_url(tenants.a.location)
    response = client.post(
        url,
        {
            "form": "end",
            "kind": "partner",
            "pk": partner.pk,
            f"end-partner-{partner.pk}-ended_on": "2019-12-31",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.ended_on == datetime.date(2019, 12, 31)
    client.post(
        url,
        {
            "form": "end",
            "kind": "member",
            "pk": member.pk,
            f"end-member-{member.pk}-ended_on": "2019-06-30",
        },
    )
    member.refresh_from_db()
    # Leaving the association also ends paying, on the same day.
    assert (member.deregistered_on, member.paying_to) == (
        datetime.date(2019, 6, 30),
        datetime.date(2019, 6, 30),
    )
    # Ended before today: no longer listed as current, counted as ended.
    html = client.get(url).content.decode()
    assert f'id="row-partner-{partner.pk}"' not in html
    assert html.count("En 1 beëindigde registratie.") == 2


def test_end_before_start_is_refused(client, tenants, coordinator):
    holding = KeyHolding.unscoped.create(
        location=tenants.a.location,
        volunteer=VolunteerFactory(home_location=tenants.a.location),
        started_on=datetime.date(2019, 5, 1),
    )
    response = client.post(
        records_url(tenants.a.location),
        {
            "form": "end",
            "kind": "keyholding",
            "pk": holding.pk,
            f"end-keyholding-{holding.pk}-ended_on": "2019-04-30",
        },
    )
    assert response.status_code == 200
    assert (
        "De einddatum ligt vóór de begindatum (01-05-2019). Kies 01-05-2019 of een latere dag."
        in response.content.decode()
    )
    holding.refresh_from_db()
    assert holding.ended_on is None


def test_end_of_a_record_at_another_location_is_404(client, tenants, coordinator):
    group = VolunteerGroup.unscoped.create(
        location=tenants.a.other_location, name="Zuid", active_from=datetime.date(2019, 1, 1)
    )
    response = client.post(
        records_url(tenants.a.location),
        {
            "form": "end",
            "kind": "group",
            "pk": group.pk,
            f"end-group-{group.pk}-ended_on": "2019-06-30",
        },
    )
    assert response.status_code == 404
    group.refresh_from_db()
    assert group.active_to is None


def test_redirect_goes_to_the_first_writable_location(client, tenants, coordinator):
    response = client.get(reverse("registrations:records_today"))
    assert response["Location"] == records_url(tenants.a.location)


def test_each_field_has_a_help_text_the_field_points_to_and_empty_sections_say_what_to_do(
    client, tenants, coordinator
):
    """Issue 14: a short help text beside each field, named by the field's aria-describedby,
    and an empty section that says how to record the first one."""
    html = client.get(records_url(tenants.a.location)).content.decode()
    help_text = (
        '<span class="helptext" id="id_group-name_helptext">'
        "Bijvoorbeeld klussendienst of tuingroep.</span>"
    )
    assert help_text in html
    assert 'aria-describedby="id_group-name_helptext"' in html
    assert 'aria-describedby="id_entered-period_helptext"' in html
    assert "Hier is nog niets vastgelegd. Leg het eerste vast met ‘Toevoegen’ hieronder." in html


def test_the_board_reads_an_empty_section_without_being_told_to_add(client, tenants):
    client.force_login(tenants.a.board)
    html = client.get(records_url(tenants.a.location)).content.decode()
    assert "Hier is nog niets vastgelegd." in html
    assert "Leg het eerste vast" not in html
