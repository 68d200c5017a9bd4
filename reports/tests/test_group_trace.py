"""Issue 12: a room group's realised value is traceable (``reports:group_trace``), like a
room's or the region's: the rows behind the group block's figure, counted over the group's
rooms together, with access through the access layer.

The world is tests/test_agreement_region_targets.py's: rooms noord, zuid and west, the group
noordzuid (noord and zuid). P1 attends at noord and zuid, P2 at noord, P3 at zuid, P4 at
west: the group's unique participants are P1, P2 and P3, 3 (the rooms' sum would be 4),
against the group's target "> 2".
"""

from __future__ import annotations

from datetime import date
from unittest.mock import patch

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from locations.factories import MembershipFactory, UserFactory
from locations.models import Location, Role
from locations.periods import Period
from reports.trace import TraceNotFound, figure_trace
from tests.test_agreement_region_targets import YEAR, _board, _load, _registrations

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]


@pytest.fixture
def world(tmp_path):
    agreement = _load(tmp_path)
    _registrations()
    return agreement


def _coordinator(agreement, *codes):
    user = UserFactory()
    MembershipFactory(
        user=user,
        organisation=agreement.organisation,
        role=Role.COORDINATOR,
        locations=list(Location.objects.filter(code__in=codes)),
    )
    return user


def _url(agreement, group="noordzuid", **params):
    path = reverse("reports:group_trace", args=[agreement.pk, group])
    return f"{path}?{urlencode(params)}"


def test_the_group_trace_counts_the_groups_rooms_together(world):
    trace = figure_trace(
        user=_board(world),
        agreement=world,
        period=YEAR,
        indicator_code="unique_total",
        group_code="noordzuid",
    )
    assert trace.group is not None and trace.group.code == "noordzuid"
    assert trace.location is None
    assert [loc.code for loc in trace.locations] == ["noord", "zuid"]
    # The group block's row: P1, P2, P3 once each against the group's own "> 2".
    assert (trace.row.realised, trace.row.target_text) == (3, "> 2")
    assert trace.evidence.value == 3 and trace.agrees
    # A row per person (P1 at both rooms once); P4 at west is not the group's.
    rooms = sorted(row.location_code for row in trace.evidence.rows)
    assert rooms == ["noord", "noord, zuid", "zuid"]


def test_a_coordinator_must_see_every_room_of_the_group(world):
    def trace(user):
        return figure_trace(
            user=user,
            agreement=world,
            period=YEAR,
            indicator_code="unique_total",
            group_code="noordzuid",
        )

    with pytest.raises(TraceNotFound):
        trace(_coordinator(world, "noord"))  # zuid unseen: never a figure over part of it
    both = trace(_coordinator(world, "noord", "zuid"))
    assert both.row.realised == 3


def test_unknown_group_answers_not_found(world):
    with pytest.raises(TraceNotFound):
        figure_trace(
            user=_board(world),
            agreement=world,
            period=YEAR,
            indicator_code="unique_total",
            group_code="zuidwest",
        )


def test_the_page_shows_the_group_and_its_figure(world, client):
    client.force_login(_board(world))
    response = client.get(_url(world, indicator="unique_total", period="2019"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Groep: Noord en Zuid (Noord, Zuid)" in page
    assert '<dd id="realised">3</dd>' in page
    assert "samen geven ze het cijfer van de rapportage" in page
    assert f"{reverse('reports:progress', args=[world.pk])}?period=2019#block-noordzuid" in page


@pytest.mark.parametrize(
    "group, params",
    [
        ("noordzuid", {}),
        ("noordzuid", {"indicator": "unique_total"}),
        ("zuidwest", {"indicator": "unique_total", "period": "2019"}),
        ("noordzuid", {"indicator": "nope", "period": "2019"}),
        ("noordzuid", {"indicator": "unique_total", "period": "2019", "location": "1"}),
        ("noordzuid", {"figure": "participants", "period": "2019"}),
    ],
)
def test_bad_parameters_answer_404(world, client, group, params):
    client.force_login(_board(world))
    assert client.get(_url(world, group, **params)).status_code == 404


def test_a_coordinator_of_part_of_the_group_and_another_organisation_get_404(world, client):
    client.force_login(_coordinator(world, "noord"))
    assert client.get(_url(world, indicator="unique_total", period="2019")).status_code == 404
    outsider = UserFactory()
    MembershipFactory(user=outsider, role=Role.BOARD)  # another organisation's board
    client.force_login(outsider)
    assert client.get(_url(world, indicator="unique_total", period="2019")).status_code == 404


def test_the_dashboard_and_the_report_page_link_the_groups_values(world, client):
    board = _board(world)
    client.force_login(board)
    link = _url(world, indicator="unique_total", period="2019-Q2").replace("&", "&amp;")
    with patch("reports.views.dashboard.timezone.localdate", return_value=date(2019, 7, 15)):
        dashboard = client.get(reverse("dashboard:index")).content.decode()
    assert link in dashboard
    report = client.get(
        reverse("reports:progress", args=[world.pk]), {"period": Period(2019, 2).code}
    ).content.decode()
    assert link in report
