"""The ``reporting_deadlines`` of an agreement file: which report is due when, for which period.

docs/agreement-format.md, "reporting_deadlines"; periods as in :mod:`locations.periods`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from yaml.nodes import Node, ScalarNode

from agreements.choices import DeadlineKind
from agreements.loader.source import INT, STR, NodeReader, describe, join
from agreements.loader.specs import DeadlineSpec
from locations.periods import is_period_code, parse_period


def read_deadlines(
    reader: NodeReader, node: Node | None, year: int | None
) -> tuple[DeadlineSpec, ...]:
    """The ``reporting_deadlines`` list: kind, due date and the period (of the agreement's
    ``year``) each report covers. Problems go to ``reader``."""
    specs = []
    for index, item in enumerate(reader.sequence(node, "reporting_deadlines")):
        where = join("reporting_deadlines", index)
        fields = reader.mapping(item, where, required=("kind", "due_on", "period"))
        if fields is None:
            continue
        kind = reader.choice(fields.get("kind"), join(where, "kind"), DeadlineKind)
        due_on = reader.date(fields.get("due_on"), join(where, "due_on"), nullable=False)
        period = _period(reader, fields.get("period"), join(where, "period"), year)
        specs.append(DeadlineSpec(kind=kind or "", due_on=due_on, period=period or ""))
    return tuple(specs)


def _period(reader: NodeReader, node: Node | None, where: str, year: int | None) -> str | None:
    """A period ``YYYY-Qn`` or ``YYYY`` (an unquoted year is accepted) of the agreement's year."""
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or node.tag not in (STR, INT):
        reader.problem(
            node,
            where,
            _("verwacht een periode (JJJJ-Qn of JJJJ), gevonden: %(found)s")
            % {"found": describe(node)},
        )
        return None
    value = node.value.strip()
    if not is_period_code(value):
        reader.problem(
            node,
            where,
            _("'%(value)s' is geen periode (verwacht bijv. 2019-Q2 of 2019)") % {"value": value},
        )
        return None
    if year is not None and parse_period(value).year != year:
        reader.problem(
            node,
            where,
            _("periode '%(value)s' valt niet in het jaar %(year)s van de afspraak")
            % {"value": value, "year": year},
        )
        return None
    return value
