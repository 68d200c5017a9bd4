"""The admin of the issue 3 records: every page opens for an organisation's admin, forms say
in plain Dutch what is wrong and keep the entry, and entered results record who entered them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from registrations.factories import (
    EnteredResultFactory,
    SurveyRoundFactory,
    VolunteerFactory,
)
from registrations.models import EnteredResult, KeyHolding, SurveyResult
from tests.conftest import world_a  # noqa: F401, F811 (fixture: one row of every model)

NEW_MODELS = [
    "volunteer",
    "keyholding",
    "volunteergroup",
    "volunteerhours",
    "associationmember",
    "incomingreferral",
    "outgoingreferral",
    "placement",
    "paidwork",
    "minimaapplication",
    "debtsupport",
    "partneragreement",
    "surveyround",
    "enteredresult",
]


@pytest.mark.parametrize("model_name", NEW_MODELS)
def test_admin_pages_open_for_own_rows(client, tenants, world_a, model_name):  # noqa: F811
    client.force_login(tenants.a.admin)
    changelist = client.get(reverse(f"admin:registrations_{model_name}_changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1
    obj = changelist.context["cl"].result_list[0]
    change = client.get(reverse(f"admin:registrations_{model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert client.get(reverse(f"admin:registrations_{model_name}_add")).status_code == 200


def test_key_holding_ending_before_it_starts_is_refused_in_dutch(client, tenants):
    volunteer = VolunteerFactory(home_location=tenants.a.location, code="CJM-V1")
    client.force_login(tenants.a.admin)
    response = client.post(
        reverse("admin:registrations_keyholding_add"),
        {
            "location": tenants.a.location.pk,
            "volunteer": volunteer.pk,
            "started_on": "01-06-2019",
            "ended_on": "01-03-2019",
        },
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["ended_on"] == [
        "De einddatum ligt vóór de begindatum. Kies de begindatum of een latere dag."
    ]
    assert form["started_on"].value() == "01-06-2019"  # what was entered is kept
    assert not KeyHolding.unscoped.exists()


def test_volunteer_of_another_organisation_is_refused(client, tenants, admin_user):
    foreign = VolunteerFactory(home_location=tenants.b.location, code="B-V1")
    client.force_login(admin_user)  # a superuser sees every organisation
    response = client.post(
        reverse("admin:registrations_keyholding_add"),
        {"location": tenants.a.location.pk, "volunteer": foreign.pk, "started_on": "01-06-2019"},
    )
    assert response.context["adminform"].form.errors["volunteer"] == [
        "Kies iemand van dezelfde organisatie als de buurtwerkkamer."
    ]


def _round_post(round_, results):
    data = {
        "location": round_.location.pk,
        "date": "15-05-2019",
        "audience": "participants",
        "respondents": "40",
        "title": "",
        "results-TOTAL_FORMS": str(len(results)),
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "1000",
    }
    for n, (question, share, score) in enumerate(results):
        data[f"results-{n}-question"] = question
        data[f"results-{n}-share_agree"] = share
        data[f"results-{n}-mean_score"] = score
    return data


def test_survey_result_needs_exactly_one_of_share_and_score(client, tenants):
    round_ = SurveyRoundFactory(location=tenants.a.location)
    client.force_login(tenants.a.admin)
    url = reverse("admin:registrations_surveyround_change", args=[round_.pk])
    both = client.post(url, _round_post(round_, [("confidence", "0.6", "8")]))
    assert both.status_code == 200
    errors = both.context["inline_admin_formsets"][0].formset.errors[0]["__all__"]
    assert errors == [
        "Vul óf het aandeel dat het eens is (0-1) óf het gemiddelde cijfer (0-10) in."
    ]
    too_big = client.post(url, _round_post(round_, [("confidence", "1.5", "")]))
    errors = too_big.context["inline_admin_formsets"][0].formset.errors[0]
    assert errors["share_agree"] == ["Het aandeel ligt tussen 0 en 1 (0,62 is 62% eens)."]
    ok = client.post(url, _round_post(round_, [("confidence", "0.62", "")]))
    assert ok.status_code == 302
    assert SurveyResult.unscoped.get(survey_round=round_).share_agree == Decimal("0.62")


def test_entered_result_records_who_entered_it(client, tenants):
    client.force_login(tenants.a.admin)
    data = {
        "location": tenants.a.location.pk,
        "indicator_code": "rent_arrears",
        "period": "2019-q2",
        "value": "6",
        "positive": "unknown",
        "explanation": "Zes huishoudens geholpen bij een betalingsregeling.",
        "source": "Gesprekken met Rochdale",
    }
    response = client.post(reverse("admin:registrations_enteredresult_add"), data)
    assert response.status_code == 302
    result = EnteredResult.unscoped.get()
    assert result.period == "2019-Q2"
    assert result.created_by == tenants.a.admin

    other = EnteredResultFactory(
        location=tenants.a.location, period="2019-Q1", created_by=tenants.a.coordinator
    )
    page = client.get(reverse("admin:registrations_enteredresult_change", args=[other.pk]))
    assert "created_by" not in page.context["adminform"].form.fields  # read-only


def test_entered_result_needs_a_period_and_a_value_or_outcome(client, tenants):
    client.force_login(tenants.a.admin)
    response = client.post(
        reverse("admin:registrations_enteredresult_add"),
        {
            "location": tenants.a.location.pk,
            "indicator_code": "accountable_spending",
            "period": "Q2 2019",
            "positive": "unknown",
            "explanation": "Kascommissie",
            "source": "Verslag kascommissie",
        },
    )
    form = response.context["adminform"].form
    assert form.errors["period"] == [
        "Schrijf de periode als jaar en kwartaal (2019-Q2) of alleen het jaar (2019)."
    ]
    assert form.errors["__all__"] == [
        "Vul een waarde in (bij Interviews) of kies positief/negatief (bij Controle)."
    ]
    assert form["explanation"].value() == "Kascommissie"
