"""Reads of agreements for one user: the list, and one agreement with its targets table.

Every selector takes the requesting ``user``, activates that user's scope and reads through
the scoped default managers, so a row outside the scope is simply absent (404 for a detail).
Results are materialised lists, safe to use after the scope ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.http import Http404

from agreements.choices import Section
from agreements.models import Agreement, AgreementParty, Indicator, ReportingDeadline, Target
from locations.access import user_scope
from locations.access.grants import AnyUser
from locations.models import Location

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class IndicatorRow:
    """One row of the targets table: ``targets`` lines up with :attr:`AgreementDetail.locations`
    (None where the agreement states no target for that room)."""

    indicator: Indicator
    targets: list[Target | None]


@dataclass(frozen=True)
class SectionRows:
    """The rows of one section (EFFECT, OUTPUT, PROCES, INPUT) in agreement order."""

    section: str
    label: StrOrPromise
    rows: list[IndicatorRow]


@dataclass(frozen=True)
class AgreementDetail:
    """An agreement with everything its page shows; locations limited to the user's scope
    (a coordinator sees the column of their own room only)."""

    agreement: Agreement
    parties: list[AgreementParty]
    locations: list[Location]
    deadlines: list[ReportingDeadline]
    sections: list[SectionRows]


def agreement_list(*, user: AnyUser) -> list[Agreement]:
    """The agreements ``user`` may see, newest year first within each region."""
    with user_scope(user):
        return list(Agreement.objects.select_related("organisation").order_by("region", "-year"))


def agreement_detail(*, user: AnyUser, pk: int) -> AgreementDetail:
    """Agreement ``pk`` as ``user`` may see it; raises ``Http404`` when it is outside the
    user's scope or does not exist."""
    with user_scope(user):
        agreement = Agreement.objects.select_related("organisation").filter(pk=pk).first()
        if agreement is None:
            raise Http404("No agreement in scope")
        locations = list(agreement.locations.order_by("name"))
        indicators = agreement.indicators.order_by("position").prefetch_related(
            Prefetch("targets", queryset=Target.objects.all(), to_attr="scoped_targets")
        )
        rows_by_section: dict[str, list[IndicatorRow]] = {value: [] for value in Section.values}
        for indicator in indicators:
            by_location = {target.location_id: target for target in indicator.scoped_targets}
            rows_by_section[indicator.section].append(
                IndicatorRow(indicator, [by_location.get(location.pk) for location in locations])
            )
        return AgreementDetail(
            agreement=agreement,
            parties=list(
                agreement.parties.select_related("party", "party__location").order_by("party__name")
            ),
            locations=locations,
            deadlines=list(agreement.deadlines.order_by("due_on")),
            sections=[
                SectionRows(section.value, section.label, rows_by_section[section.value])
                for section in Section
                if rows_by_section[section.value]
            ],
        )
