"""Closing and reopening a period (agreements/services.py), which days are closed where
(agreements/closures.py), the page to close a period, the board page's section and the admin
to reopen (issue 9, "Closing a period")."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements.closures import closed_on, closed_periods
from agreements.factories import AgreementFactory, PeriodClosureFactory
from agreements.models import PeriodClosure
from agreements.services import period_close, period_reopen
from locations.access import system_scope, user_scope
from reports.tests.factories import issue_stand_in

D = datetime.date


@pytest.fixture
def agreement(tenants):
    """Organisation a's 2019 agreement covering a's first location only, with a report of
    every period issued (closing needs that; refused without: the tests at the end)."""
    agreement = AgreementFactory(
        organisation=tenants.a.organisation, year=2019, locations=[tenants.a.location]
    )
    for period in ["2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4", "2019"]:
        issue_stand_in(agreement, period, tenants.a.board)
    return agreement


@pytest.fixture
def unissued(tenants):
    """Organisation a's 2019 agreement with no report issued yet."""
    return AgreementFactory(
        organisation=tenants.a.organisation, year=2019, locations=[tenants.a.location]
    )


# -- closing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["board", "admin"])
def test_the_board_and_admins_close_a_quarter(tenants, agreement, role):
    user = getattr(tenants.a, role)
    closure = period_close(user=user, agreement=agreement, period=" 2019-q1 ")
    stored = PeriodClosure.unscoped.get()
    assert stored == closure
    assert (stored.period, stored.starts_on, stored.ends_on) == (
        "2019-Q1",
        D(2019, 1, 1),
        D(2019, 3, 31),
    )
    assert stored.closed_by == user
    assert stored.closed_at is not None
    assert (stored.reopened_by, stored.reopened_at, stored.reopen_reason) == (None, None, "")


def test_the_year_can_be_closed_too(tenants, agreement):
    closure = period_close(user=tenants.a.board, agreement=agreement, period="2019")
    assert (closure.starts_on, closure.ends_on) == (D(2019, 1, 1), D(2019, 12, 31))


@pytest.mark.parametrize("role", ["coordinator", "funder"])
def test_coordinators_and_funders_may_not_close(tenants, agreement, role):
    with pytest.raises(PermissionDenied, match="Alleen het bestuur en beheerders"):
        period_close(user=getattr(tenants.a, role), agreement=agreement, period="2019-Q1")
    assert not PeriodClosure.unscoped.exists()


@pytest.mark.parametrize("role", ["board", "admin"])
def test_another_organisations_board_may_not_close(tenants, agreement, role):
    with pytest.raises(PermissionDenied):
        period_close(user=getattr(tenants.b, role), agreement=agreement, period="2019-Q1")
    assert not PeriodClosure.unscoped.exists()


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2019-Q5", "Kies een kwartaal (2019-Q1) of een jaar (2019); u koos 2019-Q5."),
        ("", "Kies een kwartaal (2019-Q1) of een jaar (2019); u koos ."),
        ("2020-Q1", "Kies een periode van 2019, het jaar van de afspraak."),
    ],
)
def test_closing_needs_a_period_of_the_agreements_year(tenants, agreement, period, message):
    with pytest.raises(ValidationError) as error:
        period_close(user=tenants.a.board, agreement=agreement, period=period)
    assert error.value.message_dict == {"period": [message]}
    assert not PeriodClosure.unscoped.exists()


def test_a_closed_period_cannot_be_closed_twice(tenants, agreement):
    period_close(user=tenants.a.board, agreement=agreement, period="2019-Q1")
    with pytest.raises(ValidationError) as error:
        period_close(user=tenants.a.admin, agreement=agreement, period="2019-Q1")
    assert error.value.message_dict == {"period": ["2019-Q1 is al afgesloten."]}
    assert PeriodClosure.unscoped.count() == 1


# -- reopening -------------------------------------------------------------------------------


def test_an_admin_reopens_with_a_reason_and_the_row_stays(tenants, agreement):
    closure = period_close(user=tenants.a.board, agreement=agreement, period="2019-Q1")
    period_reopen(user=tenants.a.admin, closure=closure, reason="  Nagekomen aanmeldingen  ")
    stored = PeriodClosure.unscoped.get()
    assert stored.closed_by == tenants.a.board
    assert stored.reopened_by == tenants.a.admin
    assert stored.reopened_at is not None and stored.reopened_at >= stored.closed_at
    assert stored.reopen_reason == "Nagekomen aanmeldingen"
    assert stored.is_reopened


def test_closing_again_after_a_reopening_makes_a_new_row(tenants, agreement):
    first = period_close(user=tenants.a.board, agreement=agreement, period="2019-Q1")
    period_reopen(user=tenants.a.admin, closure=first, reason="Correctie")
    second = period_close(user=tenants.a.board, agreement=agreement, period="2019-Q1")
    assert second.pk != first.pk
    rows = list(PeriodClosure.unscoped.order_by("pk").values_list("reopen_reason", flat=True))
    assert rows == ["Correctie", ""]


def test_reopening_needs_a_reason(tenants, agreement):
    closure = period_close(user=tenants.a.board, agreement=agreement, period="2019-Q1")
    with pytest.raises(ValidationError) as error:
        period_reopen(user=tenants.a.admin, closure=closure, reason="   ")
    assert error.value.message_dict == {"reason": ["Vul in waarom de periode wordt heropend."]}
    assert not PeriodClosure.unscoped.get().is_reopened


@pytest.mark.parametrize("role", ["board", "coordinator", "funder"])
def test_only_admins_reopen(tenants, agreement, role):
    closure = period_close(user=tenants.a.board, agreement=agreement, period="2019-Q1")
    with pytest.raises(PermissionDenied, match="Alleen een beheerder"):
        period_reopen(user=getattr(tenants.a, role), closure=closure, reason="Graag")
    assert not PeriodClosure.unscoped.get().is_reopened


def test_another_organisations_admin_may_not_reopen(tenants, agreement):
    closure = period_close(user=tenants.a.board, agreement=agreement, period="2019-Q1")
    with pytest.raises(PermissionDenied):
        period_reopen(user=tenants.b.admin, closure=closure, reason="Graag")
    assert not PeriodClosure.unscoped.get().is_reopened


def test_a_reopened_period_cannot_be_reopened_again(tenants, agreement):
    closure = period_close(user=tenants.a.board, agreement=agreement, period="2019-Q1")
    period_reopen(user=tenants.a.admin, closure=closure, reason="Eerste keer")
    with pytest.raises(ValidationError) as error:
        period_reopen(user=tenants.a.admin, closure=closure, reason="Tweede keer")
    assert error.value.message_dict == {"period": ["2019-Q1 is al heropend."]}
    assert PeriodClosure.unscoped.get().reopen_reason == "Eerste keer"


# -- which days are closed where -------------------------------------------------------------


@pytest.mark.usefixtures("system")
def test_closed_on_the_agreements_locations_from_the_first_to_the_last_day(tenants, agreement):
    closure = PeriodClosureFactory(agreement=agreement, period="2019-Q2")
    here = tenants.a.location
    assert closed_on(here, D(2019, 3, 31)) is None
    assert closed_on(here, D(2019, 4, 1)) == closure
    assert closed_on(here, D(2019, 6, 30)) == closure
    assert closed_on(here, D(2019, 7, 1)) is None
    # Not at a location the agreement does not cover, nor at another organisation's.
    assert closed_on(tenants.a.other_location, D(2019, 5, 1)) is None
    assert closed_on(tenants.b.location, D(2019, 5, 1)) is None


@pytest.mark.usefixtures("system")
def test_a_reopened_closure_closes_nothing(tenants, agreement):
    PeriodClosureFactory(
        agreement=agreement,
        period="2019-Q1",
        reopened_by=tenants.a.admin,
        reopened_at=datetime.datetime(2019, 4, 5, tzinfo=datetime.UTC),
        reopen_reason="Correctie",
    )
    assert closed_on(tenants.a.location, D(2019, 2, 1)) is None


@pytest.mark.usefixtures("system")
def test_closed_periods_reads_many_locations_in_one_query(
    tenants, agreement, django_assert_num_queries
):
    q1 = PeriodClosureFactory(agreement=agreement, period="2019-Q1")
    other = AgreementFactory(
        organisation=tenants.a.organisation,
        region="zuid",
        year=2019,
        locations=[tenants.a.location, tenants.a.other_location],
    )
    year = PeriodClosureFactory(agreement=other, period="2019")
    ids = [tenants.a.location.pk, tenants.a.other_location.pk]
    with django_assert_num_queries(1):
        closures = closed_periods(ids, D(2019, 1, 1), None)
    assert closures.by_location == {
        tenants.a.location.pk: [q1, year],
        tenants.a.other_location.pk: [year],
    }
    assert closures.on(tenants.a.other_location.pk, D(2019, 2, 1)) == year
    assert closures.covering(tenants.a.location.pk, D(2018, 12, 1), D(2018, 12, 31)) is None
    assert closures.covering(tenants.a.location.pk, D(2018, 12, 1), None) == q1
    with django_assert_num_queries(0):
        assert closed_periods([], D(2019, 1, 1)).by_location == {}


def test_closures_are_read_in_the_active_scope(tenants, agreement):
    PeriodClosureFactory(agreement=agreement, period="2019-Q1")
    with user_scope(tenants.a.coordinator):
        assert closed_on(tenants.a.location, D(2019, 2, 1)) is not None
    with user_scope(tenants.b.admin):
        assert closed_on(tenants.a.location, D(2019, 2, 1)) is None
    with system_scope():
        assert closed_on(tenants.a.location, D(2019, 2, 1)) is not None


# -- the page to close a period --------------------------------------------------------------


def _close_url(agreement) -> str:
    return reverse("agreements:period_close", kwargs={"agreement_id": agreement.pk})


def test_the_page_lists_the_periods_and_every_closure(client, tenants, agreement):
    first = PeriodClosureFactory(
        agreement=agreement,
        period="2019-Q1",
        closed_by=tenants.a.board,
        reopened_by=tenants.a.admin,
        reopened_at=datetime.datetime(2019, 4, 5, tzinfo=datetime.UTC),
        reopen_reason="Nagekomen aanmeldingen",
    )
    again = PeriodClosureFactory(agreement=agreement, period="2019-Q1", closed_by=tenants.a.board)
    client.force_login(tenants.a.board)
    response = client.get(_close_url(agreement))
    assert response.status_code == 200
    periods = {p.code: closure for p, closure, _refusal in response.context["periods"]}
    assert periods == {
        "2019-Q1": again,
        "2019-Q2": None,
        "2019-Q3": None,
        "2019-Q4": None,
        "2019": None,
    }
    assert response.context["closures"] == [first, again]
    body = response.content.decode()
    assert "Nagekomen aanmeldingen" in body
    assert "2e kwartaal 2019 afsluiten" in body
    assert "1e kwartaal 2019 afsluiten" not in body  # closed already


def test_the_board_closes_a_period_on_the_page(client, tenants, agreement):
    client.force_login(tenants.a.board)
    board_page = reverse("budgets:board", kwargs={"agreement_id": agreement.pk})
    response = client.post(_close_url(agreement), {"period": "2019-Q2", "next": board_page})
    assert response.status_code == 302
    assert response["Location"] == board_page
    closure = PeriodClosure.unscoped.get()
    assert (closure.period, closure.closed_by) == ("2019-Q2", tenants.a.board)
    page = client.get(board_page + "?period=2019-Q2")
    body = page.content.decode()
    assert "2e kwartaal 2019 is afgesloten: registraties in deze periode" in body  # the message
    assert page.context["period_closure"] == closure
    assert "2e kwartaal 2019 is afgesloten door a-board op" in body


def test_a_refused_close_says_why_and_a_foreign_next_is_not_followed(client, tenants, agreement):
    PeriodClosureFactory(agreement=agreement, period="2019-Q2")
    client.force_login(tenants.a.admin)
    response = client.post(
        _close_url(agreement), {"period": "2019-Q2", "next": "https://example.org/"}, follow=True
    )
    assert response.redirect_chain[0][0] == _close_url(agreement)
    assert "2019-Q2 is al afgesloten." in response.content.decode()
    assert PeriodClosure.unscoped.count() == 1


@pytest.mark.parametrize("role", ["coordinator", "funder"])
def test_other_roles_get_403_on_the_page(client, tenants, agreement, role):
    client.force_login(getattr(tenants.a, role))
    assert client.get(_close_url(agreement)).status_code == 403
    assert client.post(_close_url(agreement), {"period": "2019-Q1"}).status_code == 403
    assert not PeriodClosure.unscoped.exists()


@pytest.mark.parametrize("role", ["coordinator", "board", "admin", "funder"])
def test_another_organisations_agreement_answers_404(client, tenants, agreement, role):
    client.force_login(getattr(tenants.b, role))
    assert client.get(_close_url(agreement)).status_code == 404
    assert client.post(_close_url(agreement), {"period": "2019-Q1"}).status_code == 404
    assert not PeriodClosure.unscoped.exists()


def test_the_board_page_offers_to_close_the_chosen_period(client, tenants, agreement):
    client.force_login(tenants.a.board)
    url = reverse("budgets:board", kwargs={"agreement_id": agreement.pk})
    body = client.get(url + "?period=2019-Q3").content.decode()
    assert "Kwartaal afsluiten" in body
    assert 'name="period" value="2019-Q3"' in body
    assert "3e kwartaal 2019 afsluiten" in body
    year = client.get(url + "?period=2019").content.decode()
    assert "Jaar afsluiten" in year
    assert 'name="period" value="2019"' in year


# -- the admin: reopening with a reason ------------------------------------------------------


def _admin_change(closure) -> str:
    return reverse("admin:agreements_periodclosure_change", args=[closure.pk])


def test_the_admin_lists_closures_and_reopens_one_with_a_reason(client, tenants, agreement):
    closure = PeriodClosureFactory(agreement=agreement, period="2019-Q1", closed_by=tenants.a.board)
    client.force_login(tenants.a.admin)
    changelist = client.get(reverse("admin:agreements_periodclosure_changelist"))
    assert list(changelist.context["cl"].result_list) == [closure]

    refused = client.post(_admin_change(closure), {"reason": ""})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["reason"] == [
        "Vul in waarom de periode wordt heropend."
    ]
    closure.refresh_from_db()
    assert not closure.is_reopened

    saved = client.post(_admin_change(closure), {"reason": "Nagekomen aanmeldingen"})
    assert saved.status_code == 302
    closure.refresh_from_db()
    assert (closure.reopened_by, closure.reopen_reason) == (
        tenants.a.admin,
        "Nagekomen aanmeldingen",
    )
    # A reopened closure is kept and shown, no longer changeable.
    page = client.get(_admin_change(closure))
    assert page.status_code == 200
    assert "Nagekomen aanmeldingen" in page.content.decode()
    assert client.post(_admin_change(closure), {"reason": "Nog eens"}).status_code == 403
    closure.refresh_from_db()
    assert closure.reopen_reason == "Nagekomen aanmeldingen"


def test_the_admin_neither_adds_nor_deletes_closures(client, tenants, agreement):
    closure = PeriodClosureFactory(agreement=agreement, period="2019-Q1")
    client.force_login(tenants.a.admin)
    assert client.get(reverse("admin:agreements_periodclosure_add")).status_code == 403
    delete = reverse("admin:agreements_periodclosure_delete", args=[closure.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert PeriodClosure.unscoped.count() == 1


# -- a period is closed once its report is issued (reports/closing.py) -----------------------

NOT_ISSUED = (
    "Geef eerst de rapportage over 1e kwartaal 2019 uit (Uitgegeven rapportages); daarna kan "
    "de periode worden afgesloten."
)


def test_a_quarter_without_an_issued_report_is_not_closed(tenants, unissued):
    with pytest.raises(ValidationError) as error:
        period_close(user=tenants.a.board, agreement=unissued, period="2019-Q1")
    assert error.value.message_dict == {"period": [NOT_ISSUED]}
    assert not PeriodClosure.unscoped.exists()


def test_a_report_of_another_period_or_agreement_does_not_count(tenants, unissued, agreement):
    issue_stand_in(unissued, "2019-Q2", tenants.a.board)
    with pytest.raises(ValidationError):
        period_close(user=tenants.a.board, agreement=unissued, period="2019-Q1")
    # ``agreement`` has every period issued; ``unissued`` still has no 2019-Q1.
    assert not PeriodClosure.unscoped.filter(agreement=unissued).exists()


@pytest.mark.parametrize("audience", ["board", "municipality"])
def test_once_issued_to_any_audience_the_quarter_closes(tenants, unissued, audience):
    issue_stand_in(unissued, "2019-Q1", tenants.a.board, audience=audience)
    closure = period_close(user=tenants.a.board, agreement=unissued, period="2019-Q1")
    assert closure.period == "2019-Q1"


@pytest.mark.parametrize(
    ("issued", "closes"), [("2019", True), ("2019-Q4", True), ("2019-Q3", False)]
)
def test_the_year_closes_once_the_year_or_its_fourth_quarter_is_issued(
    tenants, unissued, issued, closes
):
    issue_stand_in(unissued, issued, tenants.a.board)
    if closes:
        assert (
            period_close(user=tenants.a.board, agreement=unissued, period="2019").period == "2019"
        )
    else:
        with pytest.raises(ValidationError, match="rapportage over 2019 uit"):
            period_close(user=tenants.a.board, agreement=unissued, period="2019")


def test_the_pages_say_a_period_is_issued_first_and_offer_no_close(client, tenants, unissued):
    issue_stand_in(unissued, "2019-Q2", tenants.a.board)
    client.force_login(tenants.a.board)
    response = client.get(_close_url(unissued))
    refusals = {p.code: refusal for p, _closure, refusal in response.context["periods"]}
    assert refusals["2019-Q1"] == NOT_ISSUED
    assert refusals["2019-Q2"] is None
    body = response.content.decode()
    assert "1e kwartaal 2019 afsluiten" not in body
    assert "2e kwartaal 2019 afsluiten" in body
    archive = reverse("reports:issued", kwargs={"agreement_id": unissued.pk})
    assert f'href="{archive}"' in body
    board = reverse("budgets:board", kwargs={"agreement_id": unissued.pk})
    page = client.get(board + "?period=2019-Q1")
    assert page.context["close_refusal"] == NOT_ISSUED
    assert 'name="period" value="2019-Q1"' not in page.content.decode()
    assert client.get(board + "?period=2019-Q2").context["close_refusal"] is None
