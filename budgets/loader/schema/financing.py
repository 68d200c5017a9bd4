"""The ``financing`` section: per funder its amounts per room, in-kind and earmarked parts.

docs/agreement-format.md, "financing"; a funder is a party of the file with ``funder: true``.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from django.utils.translation import gettext as _
from yaml.nodes import Node

from agreements.loader.source import NodeReader, join
from budgets.loader.schema.values import is_null, pairs, per_location
from budgets.loader.specs import FinancingSpec

FINANCING_OPTIONAL = ("in_kind", "earmarked", "footnote")
#: Keys of format 2: ``intended: true`` marks the entry's amounts as intended ("beoogd"), not
#: committed; a funder may have one committed and one intended entry.
FINANCING_SINCE_2 = ("intended",)


def read_financing(
    reader: NodeReader,
    node: Node | None,
    location_codes: set[str] | None,
    funders: set[str],
    party_codes: set[str],
    wider: Collection[str] | None = None,
) -> tuple[FinancingSpec, ...]:
    """The ``financing`` list: one spec per funder (a party with ``funder: true``, once), its
    amounts (euros) for at least one location and the in-kind / earmarked parts of those
    amounts. ``wider`` (format 2): ``region`` and group codes, allowed as keys beside rooms.
    Problems go to ``reader``."""
    specs = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, "financing")):
        where = join("financing", index)
        fields = reader.mapping(
            item,
            where,
            required=("funder", "amounts"),
            optional=FINANCING_OPTIONAL,
            since_2=FINANCING_SINCE_2,
        )
        if fields is None:
            continue
        funder = _funder(reader, fields.get("funder"), join(where, "funder"), funders, party_codes)
        intended = bool(
            reader.boolean(fields.get("intended"), join(where, "intended"), default=False)
        )
        if funder is not None:
            key = f"{funder} (intended)" if intended else funder
            if key in seen:
                reader.problem(
                    fields["funder"],
                    join(where, "funder"),
                    _("dubbele financier '%(key)s' (ook %(other)s)")
                    % {"key": key, "other": seen[key]},
                )
            else:
                seen[key] = where
        amounts = pairs(
            per_location(
                reader,
                fields.get("amounts"),
                join(where, "amounts"),
                location_codes,
                every_location=False,
                wider=wider,
            )
        )
        parts = {
            name: _parts(
                reader, fields.get(name), join(where, name), location_codes, dict(amounts), wider
            )
            for name in ("in_kind", "earmarked")
        }
        specs.append(
            FinancingSpec(
                funder=funder or "",
                amounts=amounts,
                in_kind=parts["in_kind"],
                earmarked=parts["earmarked"],
                footnote=reader.text(fields.get("footnote"), join(where, "footnote"), nullable=True)
                or "",
                is_intended=intended,
            )
        )
    return tuple(specs)


def _funder(
    reader: NodeReader, node: Node | None, where: str, funders: set[str], party_codes: set[str]
) -> str | None:
    """A party code of the file with ``funder: true``."""
    code = reader.text(node, where, code=True)
    if code is None:
        return None
    if code in funders:
        return code
    if code in party_codes:
        reader.problem(
            node,
            where,
            _("partij '%(code)s' is geen financier (zij heeft geen 'funder: true')")
            % {"code": code},
        )
    else:
        known = ", ".join(sorted(funders)) or _("geen")
        reader.problem(
            node,
            where,
            _("onbekende financier '%(code)s' (financiers in dit bestand: %(known)s)")
            % {"code": code, "known": known},
        )
    return None


def _parts(
    reader: NodeReader,
    node: Node | None,
    where: str,
    location_codes: set[str] | None,
    amounts: dict[str, Decimal],
    wider: Collection[str] | None,
) -> tuple[tuple[str, Decimal], ...]:
    """In-kind or earmarked parts per location (or region / group): each of an amount of the
    same funder."""
    if is_null(node):
        return ()
    kept = []
    for code, part, value_node in per_location(
        reader, node, where, location_codes, every_location=False, wider=wider
    ):
        if code not in amounts:
            reader.problem(
                value_node,
                join(where, code),
                _("geen bedrag voor locatie '%(code)s' in amounts") % {"code": code},
            )
        elif part > amounts[code]:
            reader.problem(
                value_node,
                join(where, code),
                _("het deel (%(part)s) is meer dan het bedrag (%(amount)s)")
                % {"part": part, "amount": amounts[code]},
            )
        else:
            kept.append((code, part))
    return tuple(kept)
