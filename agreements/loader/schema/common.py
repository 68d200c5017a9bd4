"""Checks the topics of the agreement file share: unique codes, known location codes."""

from __future__ import annotations

from django.utils.translation import gettext as _
from yaml.nodes import Node

from agreements.loader.source import NodeReader


def unique_code(
    reader: NodeReader,
    seen: dict[str, str],
    code: str | None,
    node: Node | None,
    where: str,
    what: str,
) -> None:
    """Report ``code`` when an earlier item (recorded in ``seen``) already used it.

    ``seen`` maps each code to the item that first used it (``where`` without its last
    key, e.g. ``locations[0]``) and is updated; ``what`` names the kind of code in the
    message ("location", "party", "indicator"). Nothing happens for a None code.
    """
    if code is None:
        return
    if code in seen:
        reader.problem(
            node,
            where,
            _("dubbele code %(what)s '%(code)s' (ook %(other)s)")
            % {"what": what, "code": code, "other": seen[code]},
        )
    else:
        seen[code] = where.rsplit(".", 1)[0]


def known_location(
    reader: NodeReader, codes: set[str] | None, code: str, node: Node, where: str
) -> bool:
    """Whether ``code`` is one of the file's locations (reported when not)."""
    if codes is None or code in codes:
        return True
    known = ", ".join(sorted(codes)) or _("geen")
    reader.problem(
        node,
        where,
        _("onbekende locatie '%(code)s' (locaties in dit bestand: %(known)s)")
        % {"code": code, "known": known},
    )
    return False
