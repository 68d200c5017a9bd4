"""The ``plan`` section of an agreement file (docs/agreement-format.md, "``plan`` (2)").

Only a ``kind: multi_year_plan`` file may have it. It states the plan's ``reference_year``,
its ``years`` and, per year (``per_year``, the reference year or one of ``years``), the
region-level ``targets`` (target texts, :func:`agreements.targets.parse_target`), the
``costs`` per room group code of the file's ``room_groups`` and the ``financing`` per funder
category (a party kind), in euros as stated, with optional stated totals (``costs_total``,
``financing_total``). Every problem is recorded with its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from agreements.choices import AgreementKind, PartyKind
from agreements.loader.sections import ReadContext
from agreements.loader.source import NodeReader, join
from agreements.targets import ParsedTarget, parse_target
from budgets.models import MONEY
from reports.plans.models import PlanMeasure

KEY = "plan"
_YEAR_KEYS = ("targets", "costs", "costs_total", "financing", "financing_total")


@dataclass(frozen=True)
class PlanYearSpec:
    """One year of the plan as stated: targets by measure, costs by room group code and
    financing by party kind (in the file's order), and the stated totals (None: not stated)."""

    year: int
    targets: tuple[tuple[str, ParsedTarget], ...]
    costs: tuple[tuple[str, Decimal], ...]
    financing: tuple[tuple[str, Decimal], ...]
    costs_total: Decimal | None = None
    financing_total: Decimal | None = None


@dataclass(frozen=True)
class PlanSpec:
    """A plan section, validated: the reference year, the plan years, and the stated figures
    per year (``per_year``, in the file's order)."""

    reference_year: int
    years: tuple[int, ...]
    per_year: tuple[PlanYearSpec, ...]


def _money(reader: NodeReader, node: Node | None, where: str) -> Decimal | None:
    return reader.decimal(node, where, places=MONEY["decimal_places"], digits=MONEY["max_digits"])


def _year(reader: NodeReader, node: Node | None, where: str) -> int | None:
    """A plausible year (2000-2100, as the file's own ``year``)."""
    year = reader.integer(node, where)
    if year is not None and node is not None and not 2000 <= year <= 2100:
        reader.problem(
            node, where, _("%(year)s is geen aannemelijk jaar (2000-2100)") % {"year": year}
        )
        return None
    return year


def _group_codes(node: Node | None) -> set[str]:
    """The codes of the file's ``room_groups`` (checked by the loader itself)."""
    codes: set[str] = set()
    if not isinstance(node, SequenceNode):
        return codes
    for item in node.value:
        if isinstance(item, MappingNode):
            for key, value in item.value:
                if getattr(key, "value", None) == "code" and isinstance(value, ScalarNode):
                    codes.add(str(value.value).strip())
    return codes


def _kind(node: Node | None) -> str:
    if isinstance(node, ScalarNode):
        return str(node.value).strip()
    return AgreementKind.AGREEMENT


def read_plan(context: ReadContext) -> PlanSpec | None:
    """Check the ``plan`` section of one file; its spec, or None when absent or invalid.

    In: the loader's :class:`~agreements.loader.sections.ReadContext` (problems go to its
    reader). A ``plan`` in a file that is no ``kind: multi_year_plan`` is a problem; a plan
    file without one loads as a plan with no plan years.
    """
    reader, top = context.reader, context.top
    node = top.get(KEY)
    is_plan = _kind(top.get("kind")) == AgreementKind.MULTI_YEAR_PLAN
    if node is None:
        return None
    if not is_plan:
        reader.problem(
            node,
            KEY,
            _("'plan' hoort alleen in een bestand met kind: multi_year_plan"),
        )
        return None
    fields = reader.mapping(node, KEY, required=("reference_year", "years", "per_year"))
    if fields is None:
        return None
    reference_year = _year(reader, fields.get("reference_year"), join(KEY, "reference_year"))
    years: list[int] = []
    for index, item in enumerate(reader.sequence(fields.get("years"), join(KEY, "years"))):
        where = join(join(KEY, "years"), index)
        year = _year(reader, item, where)
        if year is None:
            continue
        if year in years or year == reference_year:
            reader.problem(item, where, _("jaar %(year)s staat er al") % {"year": year})
            continue
        years.append(year)
    allowed = [*([reference_year] if reference_year is not None else []), *years]
    group_codes = _group_codes(top.get("room_groups"))
    per_year: list[PlanYearSpec] = []
    seen: set[int] = set()
    for index, item in enumerate(reader.sequence(fields.get("per_year"), join(KEY, "per_year"))):
        spec = _read_year(reader, item, join(join(KEY, "per_year"), index), allowed, group_codes)
        if spec is None:
            continue
        if spec.year in seen:
            reader.problem(
                item,
                join(join(KEY, "per_year"), index),
                _("jaar %(year)s staat er al") % {"year": spec.year},
            )
            continue
        seen.add(spec.year)
        per_year.append(spec)
    if reference_year is None or not years:
        return None
    return PlanSpec(reference_year, tuple(years), tuple(per_year))


def _read_year(
    reader: NodeReader, node: Node, where: str, allowed: list[int], group_codes: set[str]
) -> PlanYearSpec | None:
    """One item of ``per_year``: its year (one of ``allowed``) and figures."""
    fields = reader.mapping(node, where, required=("year",), optional=_YEAR_KEYS)
    if fields is None:
        return None
    year_node = fields.get("year")
    year = reader.integer(year_node, join(where, "year"))
    if year is None or year_node is None:
        return None
    if year not in allowed:
        reader.problem(
            year_node,
            join(where, "year"),
            _("jaar %(year)s is niet het referentiejaar en staat niet in years (%(years)s)")
            % {"year": year, "years": ", ".join(str(y) for y in allowed)},
        )
        return None
    targets: list[tuple[str, ParsedTarget]] = []
    targets_node = fields.get("targets")
    for measure, key_node, value_node in (
        reader.entries(targets_node, join(where, "targets")) or [] if targets_node else []
    ):
        at = join(join(where, "targets"), measure)
        if measure not in PlanMeasure.values:
            reader.problem(
                key_node,
                at,
                _("onbekende sleutel (toegestaan: %(allowed)s)")
                % {"allowed": ", ".join(PlanMeasure.values)},
            )
            continue
        text = reader.text(value_node, at)
        if text is None:
            continue
        try:
            targets.append((measure, parse_target(text)))
        except ValueError as exc:
            reader.problem(value_node, at, str(exc))
    costs = _amounts(
        reader, fields.get("costs"), join(where, "costs"), group_codes, _("groep (room_groups)")
    )
    financing = _amounts(
        reader,
        fields.get("financing"),
        join(where, "financing"),
        set(PartyKind.values),
        _("soort financier"),
    )
    costs_total = _money(reader, fields.get("costs_total"), join(where, "costs_total"))
    financing_total = _money(reader, fields.get("financing_total"), join(where, "financing_total"))
    return PlanYearSpec(
        year, tuple(targets), tuple(costs), tuple(financing), costs_total, financing_total
    )


def _amounts(
    reader: NodeReader, node: Node | None, where: str, codes: set[str], what: str
) -> list[tuple[str, Decimal]]:
    """A mapping code -> euros whose codes are among ``codes`` (``what`` names them)."""
    if node is None:
        return []
    amounts: list[tuple[str, Decimal]] = []
    for code, key_node, value_node in reader.entries(node, where) or []:
        at = join(where, code)
        if code not in codes:
            reader.problem(
                key_node,
                at,
                _("onbekende %(what)s '%(code)s' (bekend: %(known)s)")
                % {"what": what, "code": code, "known": ", ".join(sorted(codes)) or _("geen")},
            )
            continue
        amount = _money(reader, value_node, at)
        if amount is not None:
            amounts.append((code, amount))
    return amounts
