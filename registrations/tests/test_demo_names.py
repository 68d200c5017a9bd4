"""The demo of another city's agreement names that agreement's own parties and categories,
never Zuidoost's, and gives association members only to rooms with an association (issue 12).
"""

from decimal import Decimal

import pytest

from agreements.choices import Comparator, Method, PartyKind, Section
from agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    IndicatorFactory,
    PartyFactory,
    TargetFactory,
)
from locations.factories import LocationFactory
from registrations.demo import generate_demo_registrations
from registrations.models import Session
from registrations.models.records import AssociationMember, PartnerAgreement
from registrations.models.referrals import DebtSupport, IncomingReferral, OutgoingReferral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]

#: Proper names of the Zuidoost agreements and of the demo's former built-in lists.
ZUIDOOST_NAMES = [
    "Zuidoost", "Amsterdam", "MaDi", "Samen DOEN", "Rochdale", "Ymere", "Stadgenoot",
    "Eigen Haard", "WPI", "SDZO", "OBA", "Combiwel", "Cordaan", "Dock", "Pameijer",
    "Vraagwijzer", "Streetcornerwork", "Stadspas",
]  # fmt: skip


@pytest.fixture
def utrecht(tenants):
    """An Utrecht agreement of organisation a: rooms noord (its association is a party),
    oost (the room names its association) and zuid (no association); parties a
    municipality (stated under another name than the party's own), a benefit agency and a
    housing corporation; PROCES rows for language and social only."""
    organisation = tenants.a.organisation
    noord, zuid = tenants.a.location, tenants.a.other_location
    oost = LocationFactory(
        organisation=organisation, code="a-oost", residents_association="Buurtvereniging Oost"
    )
    agreement = AgreementFactory(
        organisation=organisation, region="utrecht", year=2019, locations=[noord, oost, zuid]
    )
    for name, kind, location in (
        ("Gemeente Utrecht", PartyKind.MUNICIPALITY, None),
        ("Werk en Inkomen Utrecht", PartyKind.BENEFIT_AGENCY, None),
        ("Woonstichting Lombok", PartyKind.HOUSING_CORPORATION, None),
        ("Bewonersvereniging Noord", PartyKind.RESIDENTS_ASSOCIATION, noord),
    ):
        party = PartyFactory(
            organisation=organisation, name=f"{name} (oude naam)", kind=kind, location=location
        )
        AgreementPartyFactory(agreement=agreement, party=party, name=name, kind=kind)
    for code, categories, targets in (
        ("language", ["language"], (12, 10, 8)),
        ("social", ["social"], (20, 15, 10)),
    ):
        indicator = IndicatorFactory(
            agreement=agreement,
            code=code,
            section=Section.PROCES,
            method=Method.UNIQUE,
            categories=categories,
        )
        for location, value in zip((noord, oost, zuid), targets, strict=True):
            TargetFactory(
                indicator=indicator,
                location=location,
                text=str(value),
                comparator=Comparator.AT_LEAST,
                value=Decimal(value),
            )
    return agreement


def test_the_demo_of_another_city_names_its_own_parties_and_no_zuidoost_names(utrecht):
    generate_demo_registrations(agreement=utrecht, seed=3)
    rooms = list(utrecht.locations.all())
    agencies = set(
        IncomingReferral.unscoped.filter(location__in=rooms).values_list("agency", flat=True)
    )
    care = set(
        OutgoingReferral.unscoped.filter(location__in=rooms).values_list(
            "organisation_name", flat=True
        )
    )
    debt = set(
        DebtSupport.unscoped.filter(location__in=rooms).values_list("organisation_name", flat=True)
    )
    partners = set(
        PartnerAgreement.unscoped.filter(location__in=rooms).values_list("partner_name", flat=True)
    )
    assert agencies and care and debt and partners
    # the agreement's stated names are used (not the parties' own "(oude naam)")
    assert {"Werk en Inkomen Utrecht", "Gemeente Utrecht"} <= agencies
    assert "Gemeente Utrecht (inburgering)" in agencies
    named = agencies | care | debt | partners
    assert not [name for name in named if "oude naam" in name]
    assert not [name for name in named for word in ZUIDOOST_NAMES if word in name]
    # the residents' association is no referrer nor partner
    assert "Bewonersvereniging Noord" not in named


def test_sessions_are_of_the_agreements_categories_only(utrecht):
    generate_demo_registrations(agreement=utrecht, seed=3)
    categories = set(
        Session.unscoped.filter(location__in=utrecht.locations.all()).values_list(
            "category", flat=True
        )
    )
    assert categories == {"language", "social"}


def test_association_members_only_where_the_agreement_names_an_association(utrecht, tenants):
    generate_demo_registrations(agreement=utrecht, seed=3)
    members = {
        code: AssociationMember.unscoped.filter(location__code=code).count()
        for code in ("a-noord", "a-oost", "a-zuid")
    }
    # noord: a party of kind residents_association; oost: the room's residents_association
    assert members["a-noord"] > 0
    assert members["a-oost"] > 0
    assert members["a-zuid"] == 0
