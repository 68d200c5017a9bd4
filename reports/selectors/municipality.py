"""The municipality's items of the progress report: what the agreement asks to be stated
explicitly, e.g. (a)-(d) of the 2019 Zuidoost agreement (DOMAIN.md); defined per agreement
(``Agreement.municipality_items``, issue 12)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from agreements.choices import MunicipalityItemKind
from locations.models import Location
from locations.periods import Period
from reports.report import (
    ItemCountRow,
    ItemDefinition,
    MunicipalityItems,
    PartnerRow,
    built_in_definitions,
)


def _spelling(counts: dict[str, int]) -> str:
    """The most frequent of the spellings counted in ``counts`` (ties: the first in sort
    order)."""
    return min(counts, key=lambda spelling: (-counts[spelling], spelling))


def _item_rows(
    rows: Iterable[Mapping[str, Any]], label_field: str, codes: dict[int, str], empty_label: str
) -> tuple[list[ItemCountRow], ItemCountRow]:
    """Grouped ``(location_id, label, n)`` rows as count rows per label (grouped and sorted
    case-insensitively) and the totals row. A group is shown under its most frequent spelling
    (ties: the first in sort order), so the label does not depend on the database's row order."""
    grouped: dict[str, dict[str, int]] = {}
    spellings: dict[str, dict[str, int]] = {}
    totals = dict.fromkeys(codes.values(), 0)
    for row in rows:
        label = (row[label_field] or "").strip() or empty_label
        counts = grouped.setdefault(label.lower(), dict.fromkeys(codes.values(), 0))
        seen = spellings.setdefault(label.lower(), {})
        seen[label] = seen.get(label, 0) + row["n"]
        code = codes[row["location_id"]]
        counts[code] += row["n"]
        totals[code] += row["n"]
    result = [
        ItemCountRow(_spelling(spellings[key]), counts, sum(counts.values()))
        for key, counts in sorted(grouped.items())
    ]
    return result, ItemCountRow(_("Totaal"), totals, sum(totals.values()))


def definitions_of(stored: list[dict[str, str]]) -> list[ItemDefinition]:
    """The item definitions of an agreement's ``municipality_items`` (its stored form, a list
    of ``{"letter", "counts", "title"}``), in order."""
    return [
        ItemDefinition(item["letter"], item["counts"], item.get("title") or "") for item in stored
    ]


def municipality_items(
    *,
    locations: list[Location],
    period: Period,
    definitions: list[ItemDefinition] | None = None,
) -> MunicipalityItems:
    """The municipality's items ``definitions`` (default: the built-in (a)-(d)) for
    ``locations`` over the year to date of ``period``.

    In: the selected locations (ordered as in the report), the period and the agreement's
    item definitions. Must be called inside the caller's scope (:func:`progress_report`
    does): rows are read through the default (scoped) managers. One query per defined kind
    (at most four), whatever the number of locations; a kind not defined is not queried and
    its rows are empty.
    Out: :class:`MunicipalityItems` (counts are numbers of records: referrals, applications,
    supported residents; a person referred twice counts twice, as the municipality asks "how
    many and to whom").
    """
    from registrations.models import (
        DebtSupport,
        MinimaApplication,
        OutgoingReferral,
        PartnerAgreement,
    )

    if definitions is None:
        definitions = built_in_definitions()
    kinds = {definition.kind for definition in definitions}
    start, end = period.ytd_start, period.end
    codes = {location.pk: location.code for location in locations}
    names = {location.pk: location.name for location in locations}
    ids = list(codes)

    def grouped(
        model: type[OutgoingReferral | MinimaApplication | DebtSupport], field: str
    ) -> QuerySet[Any, dict[str, Any]]:
        """(location_id, ``field``, n) rows of ``model`` in the window, grouped."""
        return (
            model.objects.filter(location_id__in=ids, date__range=(start, end))
            .values("location_id", field)
            .annotate(n=Count("pk"))
            .order_by()
        )

    referral_rows: Iterable[Mapping[str, Any]] = []
    minima_rows: Iterable[Mapping[str, Any]] = []
    debt_rows: Iterable[Mapping[str, Any]] = []
    partner_rows: list[PartnerAgreement] = []
    if ids and MunicipalityItemKind.REFERRALS in kinds:
        referral_rows = grouped(OutgoingReferral, "organisation_name")
    if ids and MunicipalityItemKind.MINIMA in kinds:
        minima_rows = grouped(MinimaApplication, "scheme")
    if ids and MunicipalityItemKind.DEBT_SUPPORT in kinds:
        debt_rows = grouped(DebtSupport, "organisation_name")
    if ids and MunicipalityItemKind.PARTNERS in kinds:
        partner_rows = list(
            PartnerAgreement.objects.filter(location_id__in=ids, agreed_on__lte=end).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=start)
            )
        )
    referrals, referrals_total = _item_rows(
        referral_rows, "organisation_name", codes, _("(organisatie niet vermeld)")
    )
    minima, minima_total = _item_rows(minima_rows, "scheme", codes, _("(regeling niet vermeld)"))
    debt, debt_total = _item_rows(
        debt_rows, "organisation_name", codes, _("(organisatie niet vermeld)")
    )
    order = {location.pk: index for index, location in enumerate(locations)}
    partners = [
        PartnerRow(
            codes[p.location_id],
            names[p.location_id],
            p.partner_name,
            p.agreed_on,
            p.ended_on,
            p.note,
        )
        for p in sorted(
            partner_rows,
            key=lambda p: (order[p.location_id], p.partner_name.lower(), p.agreed_on),
        )
    ]
    return MunicipalityItems(
        start=start,
        end=end,
        locations=[(location.code, location.name) for location in locations],
        referrals=referrals,
        referrals_total=referrals_total,
        minima=minima,
        minima_total=minima_total,
        partners=partners,
        debt_support=debt,
        debt_support_total=debt_total,
        definitions=list(definitions),
    )
