"""The ``volunteer_rates`` and ``volunteer_hours`` sections: hourly rates and hours per room.

docs/agreement-format.md, "volunteer_rates" and "volunteer_hours"; the volunteer value they
give is computed in :mod:`budgets.figures`.
"""

from __future__ import annotations

from collections.abc import Collection

from django.utils.translation import gettext as _
from yaml.nodes import Node

from agreements.loader.source import NodeReader, join
from budgets.loader.schema.values import HOURS, is_null, known_key, money
from budgets.loader.specs import VolunteerHoursSpec, VolunteerRateSpec
from budgets.models import HourKind


def read_volunteer_rates(reader: NodeReader, node: Node | None) -> tuple[VolunteerRateSpec, ...]:
    """The ``volunteer_rates`` mapping (``residents`` / ``professionals`` -> ``{rate, source}``,
    euros per hour); () when absent. Problems go to ``reader``."""
    if is_null(node):
        return ()
    triples = reader.entries(node, "volunteer_rates")
    if triples is None:
        return ()
    specs = []
    for kind, key_node, value_node in triples:
        where = join("volunteer_rates", kind)
        if kind not in HourKind.values:
            allowed = ", ".join(HourKind.values)
            reader.problem(
                key_node,
                where,
                _("'%(value)s' is hier niet toegestaan (toegestaan: %(allowed)s)")
                % {"value": kind, "allowed": allowed},
            )
            continue
        fields = reader.mapping(value_node, where, required=("rate", "source"))
        if fields is None:
            continue
        rate = money(reader, fields.get("rate"), join(where, "rate"))
        source = reader.text(fields.get("source"), join(where, "source"))
        if rate is not None and source is not None:
            specs.append(VolunteerRateSpec(kind=kind, rate=rate, source=source))
    return tuple(specs)


def read_volunteer_hours(
    reader: NodeReader,
    node: Node | None,
    location_codes: set[str] | None,
    wider: Collection[str] | None = None,
) -> tuple[VolunteerHoursSpec, ...]:
    """The ``volunteer_hours`` mapping: location code (format 2, ``wider``: also ``region``
    or a room group's code) -> residents' and professionals' hours (one decimal); () when
    absent. Problems go to ``reader``."""
    if is_null(node):
        return ()
    triples = reader.entries(node, "volunteer_hours")
    if triples is None:
        return ()
    specs = []
    for code, key_node, value_node in triples:
        where = join("volunteer_hours", code)
        if not known_key(reader, location_codes, wider, code, key_node, where):
            continue
        fields = reader.mapping(value_node, where, required=HourKind.values)
        if fields is None:
            continue
        hours = {
            kind: reader.decimal(fields.get(kind), join(where, kind), **HOURS)
            for kind in HourKind.values
        }
        if None not in hours.values():
            specs.append(
                VolunteerHoursSpec(
                    location=code,
                    residents=hours[HourKind.RESIDENTS],
                    professionals=hours[HourKind.PROFESSIONALS],
                )
            )
    return tuple(specs)
