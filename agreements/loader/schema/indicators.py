"""The ``indicators`` of an agreement file: rows per section, their categories and targets.

docs/agreement-format.md, "indicators"; the sections, methods and categories from DOMAIN.md;
a target is parsed by :func:`agreements.targets.parse_target` and must fit its row's method.
"""

from __future__ import annotations

from collections.abc import Collection

from django.utils.translation import gettext as _
from yaml.nodes import Node, ScalarNode

from agreements.choices import ALL_CATEGORIES, REGION, Category, Method, Section
from agreements.loader.schema.common import known_location, unique_code
from agreements.loader.source import INT, STR, NodeReader, describe, join, max_length
from agreements.loader.specs import IndicatorSpec
from agreements.models import Indicator, Target
from agreements.targets import ParsedTarget, method_mismatch, parse_target

#: Methods whose PROCES rows must name the categories they count (DOMAIN.md: Uniek #, Klussen #).
CATEGORY_METHODS = {Method.UNIQUE, Method.JOBS}
INDICATOR_OPTIONAL = ("method_text", "housing_corporation", "categories", "source")
#: The target key of the whole region (format 2, issue 12): all the agreement's rooms.
REGION_KEY = REGION


def read_indicators(
    reader: NodeReader,
    node: Node | None,
    location_codes: set[str] | None,
    *,
    group_codes: Collection[str] = (),
    required: bool = True,
) -> tuple[IndicatorSpec, ...]:
    """The ``indicators`` list (at least one; ``required`` False, a multi-year plan's: it may
    be empty or null): per row its section, method, categories and
    a target per location of the file (``location_codes``; None when the locations list is
    unusable). In a format-2 file a row's ``targets`` may also hold ``region`` and the codes
    of the file's room groups (``group_codes``); such a row need not name every room.
    Problems go to ``reader``."""
    if node is None:
        return ()
    specs = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, "indicators", non_empty=required)):
        where = join("indicators", index)
        fields = reader.mapping(
            item,
            where,
            required=("code", "section", "description", "method", "targets"),
            optional=INDICATOR_OPTIONAL,
        )
        if fields is None:
            continue
        code = reader.text(
            fields.get("code"), join(where, "code"), code=True, limit=max_length(Indicator, "code")
        )
        unique_code(reader, seen, code, fields.get("code"), join(where, "code"), "indicator")
        section = reader.choice(fields.get("section"), join(where, "section"), Section)
        method = reader.choice(fields.get("method"), join(where, "method"), Method)
        categories = _categories(
            reader, item, fields.get("categories"), join(where, "categories"), section, method
        )
        room_targets, region_targets = _targets(
            reader,
            fields.get("targets"),
            join(where, "targets"),
            location_codes,
            method,
            group_codes if reader.format >= 2 else None,
        )
        specs.append(
            IndicatorSpec(
                code=code or "",
                position=index,
                section=section or "",
                description=reader.text(fields.get("description"), join(where, "description"))
                or "",
                method=method or "",
                method_text=reader.text(
                    fields.get("method_text"),
                    join(where, "method_text"),
                    nullable=True,
                    limit=max_length(Indicator, "method_text"),
                )
                or "",
                housing_corporation=bool(
                    reader.boolean(
                        fields.get("housing_corporation"),
                        join(where, "housing_corporation"),
                        default=False,
                    )
                ),
                categories=categories,
                source=reader.text(fields.get("source"), join(where, "source"), nullable=True)
                or "",
                targets=room_targets,
                region_targets=region_targets,
            )
        )
    return tuple(specs)


def _categories(
    reader: NodeReader,
    item: Node,
    node: Node | None,
    where: str,
    section: str | None,
    method: str | None,
) -> tuple[str, ...]:
    """The categories of a row (see the rules in docs/agreement-format.md); ``item`` is the
    row, where a missing list is reported."""
    items = reader.sequence(node, where)
    codes: list[str] = []
    allowed = [*Category.values, ALL_CATEGORIES]
    for index, item in enumerate(items):
        code = reader.text(item, join(where, index))
        if code is None:
            continue
        if code not in allowed:
            reader.problem(
                item,
                join(where, index),
                _("'%(code)s' is geen categorie (toegestaan: %(allowed)s)")
                % {"code": code, "allowed": ", ".join(allowed)},
            )
        elif code in codes:
            reader.problem(
                item,
                join(where, index),
                _("categorie '%(code)s' staat er twee keer") % {"code": code},
            )
        else:
            codes.append(code)
    if ALL_CATEGORIES in codes and len(codes) > 1:
        reader.problem(node, where, _("'%(all)s' moet alleen staan") % {"all": ALL_CATEGORIES})
    if section is not None and section != Section.PROCES and items:
        reader.problem(
            node,
            where,
            _("alleen PROCES-rijen hebben categorieën (dit is %(section)s)") % {"section": section},
        )
    if section == Section.PROCES and method in CATEGORY_METHODS and not items:
        reader.problem(
            node or item,
            where,
            _("een PROCES-rij met method %(method)s moet haar categorieën noemen")
            % {"method": method},
        )
    return tuple(codes)


def _targets(
    reader: NodeReader,
    node: Node | None,
    where: str,
    location_codes: set[str] | None,
    method: str | None,
    group_codes: Collection[str] | None,
) -> tuple[tuple[tuple[str, ParsedTarget], ...], tuple[tuple[str, ParsedTarget], ...]]:
    """The parsed target per location, and (format 2: ``group_codes`` not None) per room
    group and for ``region``. Every location of the file needs one, unless the row states a
    region target (format 2: the region's rooms may then be left without one)."""
    if node is None:
        return (), ()
    triples = reader.entries(node, where)
    if triples is None:
        return (), ()
    targets = []
    region_targets = []
    wider = {REGION_KEY, *group_codes} if group_codes is not None else set()
    for code, key_node, value_node in triples:
        target_where = join(where, code)
        is_wider = code in wider and code not in (location_codes or set())
        if not is_wider and group_codes is not None and code not in (location_codes or {code}):
            rooms = location_codes or set()
            known = ", ".join([*sorted(rooms), *sorted(wider - rooms)])
            reader.problem(
                key_node,
                target_where,
                _(
                    "'%(code)s' is geen locatie, groep of 'region' "
                    "(mogelijk in dit bestand: %(known)s)"
                )
                % {"code": code, "known": known},
            )
            continue
        if not is_wider and not known_location(
            reader, location_codes, code, key_node, target_where
        ):
            continue
        if not isinstance(value_node, ScalarNode) or value_node.tag not in (STR, INT):
            reader.problem(
                value_node,
                target_where,
                _("verwacht een doel zoals '> 10', gevonden: %(found)s")
                % {"found": describe(value_node)},
            )
            continue
        try:
            parsed = parse_target(value_node.value)
        except ValueError as exc:
            reader.problem(value_node, target_where, str(exc))
            continue
        message = method_mismatch(parsed, method)
        if message:
            reader.problem(value_node, target_where, message)
        elif len(parsed.text) > max_length(Target, "text") or len(parsed.printed) > max_length(
            Target, "printed_text"
        ):
            reader.problem(value_node, target_where, _("de tekst van het doel is te lang"))
        elif is_wider:
            region_targets.append((code, parsed))
        else:
            targets.append((code, parsed))
    has_region = any(code == REGION_KEY for code, _, _ in triples) and group_codes is not None
    if location_codes is not None and not has_region:
        missing = sorted(location_codes - {code for code, _, _ in triples})
        if missing:
            reader.problem(
                node,
                where,
                _("geen doel voor locatie(s): %(missing)s") % {"missing": ", ".join(missing)},
            )
    return tuple(targets), tuple(region_targets)
