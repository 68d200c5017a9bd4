"""The autocomplete endpoint: own organisation only, nicknames only for home-location staff."""

import pytest
from django.urls import reverse

from registrations.factories import ParticipantFactory

URL = reverse("registrations:participant_search")


@pytest.fixture
def people(tenants):
    return {
        "here": ParticipantFactory(
            home_location=tenants.a.location, code="CJM-0001", nickname="Anita"
        ),
        "there": ParticipantFactory(
            home_location=tenants.a.other_location, code="CJM-0002", nickname="Bert"
        ),
        "foreign": ParticipantFactory(
            home_location=tenants.b.location, code="CJM-0003", nickname="Anneke"
        ),
    }


def _results(client, user, query, **params):
    client.force_login(user)
    response = client.post(URL, {"q": query, **params})
    assert response.status_code == 200
    return response.json()["results"]


def test_code_prefix_matches_whole_organisation_without_foreign_nicknames(client, tenants, people):
    results = _results(client, tenants.a.coordinator, "cjm")
    assert results == [
        {"id": people["here"].pk, "code": "CJM-0001", "nickname": "Anita"},
        {"id": people["there"].pk, "code": "CJM-0002", "nickname": ""},
    ]


def test_nickname_matches_only_own_location(client, tenants, people):
    assert _results(client, tenants.a.coordinator, "bert") == []
    assert [r["code"] for r in _results(client, tenants.a.coordinator, "ani")] == ["CJM-0001"]
    # "Anneke" of organisation b never shows up, nor does her code.
    assert _results(client, tenants.a.coordinator, "anne") == []
    assert _results(client, tenants.a.coordinator, "CJM-0003") == []


def test_board_sees_codes_not_nicknames(client, tenants, people):
    # Issue 10: nicknames only for staff of the home location; the board sees codes, and a
    # nickname typed by the board finds nobody (a match would reveal it).
    assert _results(client, tenants.a.board, "bert") == []
    assert _results(client, tenants.a.board, "cjm") == [
        {"id": people["here"].pk, "code": "CJM-0001", "nickname": ""},
        {"id": people["there"].pk, "code": "CJM-0002", "nickname": ""},
    ]


def test_admin_sees_nicknames_of_every_location(client, tenants, people):
    assert _results(client, tenants.a.admin, "bert") == [
        {"id": people["there"].pk, "code": "CJM-0002", "nickname": "Bert"}
    ]


def test_other_organisation_sees_only_its_own(client, tenants, people):
    assert _results(client, tenants.b.coordinator, "cjm") == [
        {"id": people["foreign"].pk, "code": "CJM-0003", "nickname": "Anneke"}
    ]
    # Passing a location of organisation a does not widen the scope.
    assert _results(client, tenants.b.coordinator, "cjm", location=tenants.a.location.pk) == [
        {"id": people["foreign"].pk, "code": "CJM-0003", "nickname": "Anneke"}
    ]


def test_exact_code_comes_first_and_empty_query_gives_nothing(client, tenants):
    ParticipantFactory(home_location=tenants.a.location, code="AB-10")
    ParticipantFactory(home_location=tenants.a.location, code="AB-1")
    assert [r["code"] for r in _results(client, tenants.a.coordinator, "ab-1")] == [
        "AB-1",
        "AB-10",
    ]
    assert _results(client, tenants.a.coordinator, "  ") == []


def test_a_code_is_found_by_any_part_of_it(client, tenants):
    """Issue 14: "41" finds CJM-0041, case-insensitively; an exact code comes first, then
    codes starting with the text, then codes holding it elsewhere."""
    for code in ("CJM-0041", "XCJM-9", "CJM", "HRK-0410", "HRK-0500"):
        ParticipantFactory(home_location=tenants.a.location, code=code)
    coordinator = tenants.a.coordinator
    assert [r["code"] for r in _results(client, coordinator, "41")] == ["CJM-0041", "HRK-0410"]
    assert [r["code"] for r in _results(client, coordinator, "m-004")] == ["CJM-0041"]
    assert [r["code"] for r in _results(client, coordinator, "cjm")] == [
        "CJM",
        "CJM-0041",
        "XCJM-9",
    ]


def test_anonymous_user_gets_no_data(client, people):
    response = client.post(URL, {"q": "cjm"})
    assert response.status_code == 302


def test_the_search_text_is_never_in_a_url(client, tenants, people):
    client.force_login(tenants.a.coordinator)
    assert client.get(URL, {"q": "cjm"}).status_code == 405


def test_funders_get_404(client, tenants, people):
    client.force_login(tenants.a.funder)
    assert client.post(URL, {"q": "cjm"}).status_code == 404


def test_the_search_needs_the_csrf_token(tenants, people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(tenants.a.coordinator)
    assert client.post(URL, {"q": "cjm"}).status_code == 403


def test_a_location_that_is_no_number_searches_everywhere_the_user_may(client, tenants, people):
    # "¹" is a digit to str.isdigit but not to int(): it answered 500 before.
    codes = [r["code"] for r in _results(client, tenants.a.coordinator, "CJM", location="¹")]
    assert codes == ["CJM-0001", "CJM-0002"]
