"""Values shared by the budget sections: euros, hours, nulls and amounts per room.

Every check records its problems in the :class:`~agreements.loader.source.NodeReader` (file,
line, column and key path) and returns what it could read.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from yaml.nodes import Node, ScalarNode

from agreements.loader.schema.common import known_location
from agreements.loader.source import NULL, NodeReader, join
from budgets.models import MONEY

_MONEY_DIGITS = MONEY["max_digits"]
#: Hours: one decimal, up to ten digits (volunteer hours and stated hour figures).
HOURS = {"places": 1, "digits": 10}


def money(reader: NodeReader, node: Node | None, where: str) -> Decimal | None:
    """Euros: non-negative, at most two decimals."""
    return reader.decimal(node, where, places=MONEY["decimal_places"], digits=_MONEY_DIGITS)


def is_null(node: Node | None) -> bool:
    """Whether a key is absent or written as null (``~`` / empty)."""
    return node is None or (isinstance(node, ScalarNode) and node.tag == NULL)


def per_location(
    reader: NodeReader,
    node: Node | None,
    where: str,
    location_codes: set[str] | None,
    *,
    every_location: bool,
) -> list[tuple[str, Decimal, Node]]:
    """A mapping location code → euros as (code, euros, value node) triples; with
    ``every_location`` each room of the file needs one, otherwise at least one room."""
    if node is None:
        return []
    triples = reader.entries(node, where)
    if triples is None:
        return []
    amounts = []
    for code, key_node, value_node in triples:
        if not known_location(reader, location_codes, code, key_node, join(where, code)):
            continue
        amount = money(reader, value_node, join(where, code))
        if amount is not None:
            amounts.append((code, amount, value_node))
    if not triples and not every_location:
        reader.problem(node, where, _("noem ten minste één locatie"))
    if every_location and location_codes is not None:
        missing = sorted(location_codes - {code for code, _, _ in triples})
        if missing:
            reader.problem(
                node,
                where,
                _("geen bedrag voor locatie(s): %(missing)s") % {"missing": ", ".join(missing)},
            )
    return amounts


def pairs(triples: list[tuple[str, Decimal, Node]]) -> tuple[tuple[str, Decimal], ...]:
    """(location code, euros) pairs of :func:`per_location` triples, in order."""
    return tuple((code, amount) for code, amount, _ in triples)
