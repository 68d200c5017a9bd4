"""Duplicate detection (registrations/duplicates.py) and the admin's warning."""

import pytest
from django.urls import reverse

from registrations.duplicates import (
    codes_similar,
    names_similar,
    normalise_code,
    similar_participants,
    similar_volunteers,
)
from registrations.factories import ParticipantFactory, VolunteerFactory
from registrations.models import Participant

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CJM-0012", "cjm12"),  # case, separator, leading zeros
        ("CJM-0012", "Cjm_012"),
        ("CJM-0012", "cjm 0012"),
        ("CJM.12", "cjm-0012"),
        ("CJN-0012", "CJM-0012"),  # one letter replaced (5+ characters)
        ("CJM-0012X", "CJM-0012"),  # one character added
        ("JCM-0012", "CJM-0012"),  # two neighbours swapped
        ("marieke", "mariekee"),
    ],
)
def test_similar_codes(a, b):
    assert codes_similar(a, b)
    assert codes_similar(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CJM-0012", "CJM-0013"),  # the next number in the series: another person
        ("CJM-0051", "CJM-0501"),
        ("CJM-0012", "CJM-0021"),
        ("AB1", "AC1"),  # one edit, but shorter than 5 characters
        ("CJM-0012", "MB-0012"),  # two edits
        ("CJM-0012", ""),
    ],
)
def test_codes_that_are_not_similar(a, b):
    assert not codes_similar(a, b)


def test_normalise_code():
    assert normalise_code("CJM-0012") == "cjm12"
    assert normalise_code(" cjm 0 ") == "cjm0"
    assert normalise_code("A-007-B-010") == "a7b10"


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("José", "jose", True),
        ("  Anne   Marie ", "anne marie", True),
        ("Mohamed", "Mohammed", True),  # one edit, 5+ characters
        ("Ali", "Alo", False),  # one edit, but short
        ("Anita", "Ans", False),
        ("", "", False),
    ],
)
def test_names(a, b, similar):
    assert names_similar(a, b) is similar


def test_similar_participants_in_one_query(tenants, django_assert_num_queries):
    a = tenants.a
    same_code = ParticipantFactory(home_location=a.other_location, code="CJM-0012")
    same_name_here = ParticipantFactory(home_location=a.location, code="X-1", nickname="José")
    ParticipantFactory(home_location=a.other_location, code="X-2", nickname="Jose")  # elsewhere
    ParticipantFactory(home_location=a.location, code="CJM-0013")  # next in the series
    ParticipantFactory(home_location=tenants.b.location, code="cjm12", nickname="jose")  # org b
    with django_assert_num_queries(1):
        found = similar_participants(
            organisation=a.organisation, location=a.location, code="cjm12", nickname="JOSE"
        )
        names = [(p.code, p.home_location.name) for p in found]
    assert names == [("CJM-0012", a.other_location.name), ("X-1", a.location.name)]
    assert {p.pk for p in found} == {same_code.pk, same_name_here.pk}
    assert (
        similar_participants(
            organisation=a.organisation,
            location=a.location,
            code="CJM-0012",
            exclude_pk=same_code.pk,
        )
        == []
    )


def test_similar_volunteers(tenants):
    a = tenants.a
    volunteer = VolunteerFactory(home_location=a.location, code="VRW-0007", nickname="Fatima")
    assert similar_volunteers(organisation=a.organisation, location=a.location, code="vrw7") == [
        volunteer
    ]
    assert similar_volunteers(
        organisation=a.organisation, location=a.location, code="NIEUW-1", nickname="fátima"
    ) == [volunteer]
    assert (
        similar_volunteers(
            organisation=a.organisation, location=a.other_location, code="N-1", nickname="Fatima"
        )
        == []
    )


def test_admin_warns_on_a_similar_participant_and_saves_when_confirmed(client, tenants):
    a = tenants.a
    ParticipantFactory(home_location=a.location, code="CJM-0012")
    client.force_login(a.admin)
    url = reverse("admin:registrations_participant_add")
    data = {"organisation": a.organisation.pk, "home_location": a.location.pk, "code": "cjm12"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Lijkt op CJM-0012" in response.content.decode()
    assert 'value="cjm12"' in response.content.decode()  # the form keeps what was entered
    assert not Participant.unscoped.filter(code="cjm12").exists()
    response = client.post(url, {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Participant.unscoped.filter(code="cjm12").exists()
