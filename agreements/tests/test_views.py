"""Agreement list and detail pages: scoped to the user's organisation (and room)."""

import pytest
from django.urls import reverse

from agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    IndicatorFactory,
    TargetFactory,
)
from agreements.models import ReportingDeadline


@pytest.fixture
def agreement_a(tenants):
    a = tenants.a
    agreement = AgreementFactory(
        organisation=a.organisation,
        region="alfa",
        region_name="Alfa",
        year=2019,
        title="Afspraak Alfa 2019",
        locations=[a.location, a.other_location],
    )
    plain = IndicatorFactory(agreement=agreement, description="Sleutelbeheerders", position=1)
    flagged = IndicatorFactory(
        agreement=agreement,
        description="Actieve vrijwilligersgroepen",
        housing_corporation=True,
        position=2,
    )
    TargetFactory(indicator=plain, location=a.location, text="> 10")
    TargetFactory(indicator=plain, location=a.other_location, text="> 7")
    TargetFactory(indicator=flagged, location=a.location, text="> 5")
    AgreementPartyFactory(agreement=agreement, party__name="Gemeente Alfa")
    ReportingDeadline.unscoped.create(
        agreement=agreement, kind="interim", due_on="2019-06-27", period="2019-Q2"
    )
    return agreement


def test_list_shows_own_agreements_with_report_links(client, tenants, agreement_a):
    AgreementFactory(organisation=tenants.b.organisation, title="Afspraak Beta")
    client.force_login(tenants.a.board)
    response = client.get(reverse("agreements:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Afspraak Alfa 2019" in body
    assert "Afspraak Beta" not in body
    assert reverse("agreements:detail", args=[agreement_a.pk]) in body
    assert reverse("reports:progress", args=[agreement_a.pk]) in body


def test_detail_shows_parties_deadlines_and_targets(client, tenants, agreement_a):
    client.force_login(tenants.a.board)
    response = client.get(reverse("agreements:detail", args=[agreement_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gemeente Alfa" in body
    assert "27-06-2019" in body
    assert "2e kwartaal 2019" in body and "2019-Q2" not in body
    for text in ("&gt; 10", "&gt; 7", "&gt; 5"):
        assert text in body
    # the housing-corporation row is marked (red/italic in the agreement)
    assert '<tr class="hc">' in body
    assert "<em>Actieve vrijwilligersgroepen</em>" in body
    assert "<em>Sleutelbeheerders</em>" not in body
    detail = response.context["detail"]
    assert [location.name for location in detail.locations] == ["a Noord", "a Zuid"]
    rows = detail.sections[0].rows
    assert [[t.text if t else None for t in row.targets] for row in rows] == [
        ["> 10", "> 7"],
        ["> 5", None],
    ]


def test_coordinator_sees_only_own_room_column(client, tenants, agreement_a):
    client.force_login(tenants.a.coordinator)
    response = client.get(reverse("agreements:detail", args=[agreement_a.pk]))
    assert response.status_code == 200
    detail = response.context["detail"]
    assert [location.name for location in detail.locations] == ["a Noord"]
    assert "&gt; 7" not in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "board", "admin", "funder"])
def test_other_organisation_gets_404(client, tenants, agreement_a, role):
    client.force_login(getattr(tenants.b, role))
    response = client.get(reverse("agreements:detail", args=[agreement_a.pk]))
    assert response.status_code == 404
    response = client.get(reverse("agreements:list"))
    assert "Afspraak Alfa" not in response.content.decode()


def test_login_required(client, agreement_a):
    for url in (reverse("agreements:list"), reverse("agreements:detail", args=[agreement_a.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_detail_query_count(client, tenants, agreement_a, django_assert_max_num_queries):
    client.force_login(tenants.a.board)
    with django_assert_max_num_queries(20):
        client.get(reverse("agreements:detail", args=[agreement_a.pk]))
