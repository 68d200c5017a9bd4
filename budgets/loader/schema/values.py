"""Values shared by the budget sections: euros, hours, nulls and amounts per room.

Every check records its problems in the :class:`~agreements.loader.source.NodeReader` (file,
line, column and key path) and returns what it could read.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from django.utils.translation import gettext as _
from yaml.nodes import Node, ScalarNode

from agreements.loader.schema.common import known_location
from agreements.loader.sections import ReadContext
from agreements.loader.source import NULL, NodeReader, join
from budgets.models import MONEY, REGION

_MONEY_DIGITS = MONEY["max_digits"]
#: Hours: one decimal, up to ten digits (volunteer hours and stated hour figures).
HOURS = {"places": 1, "digits": 10}


def money(reader: NodeReader, node: Node | None, where: str) -> Decimal | None:
    """Euros: non-negative, at most two decimals."""
    return reader.decimal(node, where, places=MONEY["decimal_places"], digits=_MONEY_DIGITS)


def is_null(node: Node | None) -> bool:
    """Whether a key is absent or written as null (``~`` / empty)."""
    return node is None or (isinstance(node, ScalarNode) and node.tag == NULL)


def wider_keys(context: ReadContext) -> frozenset[str] | None:
    """The keys besides room codes that amounts, financing and volunteer hours may use in
    this file: ``region`` and the room groups' codes in a format-2 file (a room whose code
    is ``region`` keeps it: the key then means the room), None in format 1."""
    if context.reader.format < 2:
        return None
    return frozenset({REGION, *context.group_codes}) - (context.location_codes or set())


def known_key(
    reader: NodeReader,
    location_codes: set[str] | None,
    wider: Collection[str] | None,
    code: str,
    key_node: Node,
    where: str,
) -> bool:
    """Whether ``code`` is a room of the file or (format 2: ``wider`` not None) ``region`` or
    a room group's code; reported with the possible keys when not."""
    if wider is None:
        return known_location(reader, location_codes, code, key_node, where)
    if code in wider or location_codes is None or code in location_codes:
        return True
    known = ", ".join([*sorted(location_codes), *sorted(wider)])
    reader.problem(
        key_node,
        where,
        _("'%(code)s' is geen locatie, groep of 'region' (mogelijk in dit bestand: %(known)s)")
        % {"code": code, "known": known},
    )
    return False


def per_location(
    reader: NodeReader,
    node: Node | None,
    where: str,
    location_codes: set[str] | None,
    *,
    every_location: bool,
    wider: Collection[str] | None = None,
) -> list[tuple[str, Decimal, Node]]:
    """A mapping location code → euros as (code, euros, value node) triples; with
    ``every_location`` each room of the file needs one, otherwise at least one room.

    ``wider`` (format 2, :func:`wider_keys`): ``region`` and the room groups' codes may be
    keys too. With ``every_location`` a mapping that names a room must then name every room,
    and one that names only ``region`` or groups need name no room (issue 12: a line stated
    only for the region)."""
    if node is None:
        return []
    triples = reader.entries(node, where)
    if triples is None:
        return []
    amounts = []
    for code, key_node, value_node in triples:
        if not known_key(reader, location_codes, wider, code, key_node, join(where, code)):
            continue
        amount = money(reader, value_node, join(where, code))
        if amount is not None:
            amounts.append((code, amount, value_node))
    if not triples and not every_location:
        reader.problem(node, where, _("noem ten minste één locatie"))
    named = {code for code, _, _ in triples}
    only_wider = wider is not None and bool(named) and named <= set(wider)
    if every_location and location_codes is not None and not only_wider:
        missing = sorted(location_codes - named)
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
