"""The agreement itself in its file: the top-level keys, organisation, rooms and parties.

:func:`read_agreement` checks the whole file: its own keys here, the indicators
(:mod:`~agreements.loader.schema.indicators`) and reporting deadlines
(:mod:`~agreements.loader.schema.deadlines`), then the registered file sections of other apps
(:mod:`agreements.loader.sections`).
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from yaml.nodes import MappingNode, Node, ScalarNode

from agreements.choices import (
    BUILT_IN_MUNICIPALITY_ITEMS,
    AgreementKind,
    AgreementStatus,
    MunicipalityItemKind,
    PartyKind,
)
from agreements.loader.schema.common import known_location, unique_code
from agreements.loader.schema.deadlines import read_deadlines
from agreements.loader.schema.indicators import REGION_KEY, read_indicators
from agreements.loader.sections import ReadContext, registered_sections
from agreements.loader.source import INT, NULL, NodeReader, join, max_length
from agreements.loader.specs import AgreementSpec, LocationSpec, PartySpec, RoomGroupSpec
from agreements.models import Agreement, Party, RoomGroup, RoomVersion
from locations.models import Location, Organisation

#: The current format version: what a downloaded agreement file says.
FORMAT_VERSION = 2
#: Every version the loader reads (docs/agreement-format.md, "Format versions"): a
#: ``format: 1`` file loads unchanged, with the meaning it always had.
SUPPORTED_FORMATS = (1, 2)

TOP_REQUIRED = (
    "format", "organisation", "region", "region_name", "year", "title", "locations", "indicators"
)  # fmt: skip
#: The loader's own optional keys; the registered file sections' keys follow them.
TOP_OPTIONAL = (
    "signed_on", "status", "source", "housing_corporation_reporting", "parties",
    "reporting_deadlines",
)  # fmt: skip
LOCATION_OPTIONAL = (
    "neighbourhood", "city", "address", "residents_association", "opened_on", "closed_on"
)  # fmt: skip
#: Top-level keys of format 2 (refused in a format-1 file, with their line and column).
TOP_SINCE_2 = ("kind", "offered_on", "follows_offer", "municipality_items", "room_groups")
MUNICIPALITY_ITEM_REQUIRED = ("letter", "counts")
MUNICIPALITY_ITEM_OPTIONAL = ("title",)
#: Longest letter (label) of a municipality item, e.g. ``a`` or ``2b``.
MUNICIPALITY_ITEM_LETTER_LENGTH = 10
#: Longest title of a municipality item.
MUNICIPALITY_ITEM_TITLE_LENGTH = 300
#: Format-2 keys of a location (issue 12): its versions ("licht", "volledig") with dates.
LOCATION_SINCE_2 = ("versions",)
VERSION_REQUIRED = ("label", "from")
VERSION_OPTIONAL = ("until",)
PARTY_OPTIONAL = ("funder", "signatory", "location")
#: Codes a room group may not have: the region's target key, and the code of the report's
#: totals block ("all").
RESERVED_GROUP_CODES = (REGION_KEY, "all")
PARTY_SINCE_2 = ("kind_changed",)


def read_agreement(reader: NodeReader, root: Node) -> AgreementSpec | None:
    """Check one composed agreement file; the spec, or None when ``reader`` holds problems."""
    sections = registered_sections()
    optional = (*TOP_OPTIONAL, *(key for section in sections for key in section.keys))
    since_2 = (*TOP_SINCE_2, *(key for section in sections for key in section.keys_since_2))
    reader.format = _peek_format(root)
    # A multi-year plan (format 2) need not state indicators (issue 12): its figures are in
    # its ``plan`` section; absent or [] is no indicator. Every other kind states at least one.
    is_plan = reader.format >= 2 and _peek_kind(root) == AgreementKind.MULTI_YEAR_PLAN
    required = tuple(key for key in TOP_REQUIRED if key != "indicators" or not is_plan)
    if is_plan:
        optional = ("indicators", *optional)
    top = reader.mapping(root, "", required=required, optional=optional, since_2=since_2)
    if top is None:
        return None
    version = reader.integer(top.get("format"), "format")
    if version is not None and version not in SUPPORTED_FORMATS:
        supported = ", ".join(str(number) for number in SUPPORTED_FORMATS)
        reader.problem(
            top["format"],
            "format",
            _("niet ondersteund format %(version)s (ondersteund: %(supported)s)")
            % {"version": version, "supported": supported},
        )
    organisation = _organisation(reader, top.get("organisation"))
    year = reader.integer(top.get("year"), "year")
    if year is not None and not 2000 <= year <= 2100:
        reader.problem(
            top["year"], "year", _("%(year)s is geen aannemelijk jaar (2000-2100)") % {"year": year}
        )
        year = None
    locations, location_codes = read_locations(reader, top.get("locations"))
    spec_values = {
        "region": reader.text(
            top.get("region"), "region", code=True, limit=max_length(Agreement, "region")
        ),
        "region_name": reader.text(
            top.get("region_name"), "region_name", limit=max_length(Agreement, "region_name")
        ),
        "title": reader.text(top.get("title"), "title", limit=max_length(Agreement, "title")),
        "signed_on": reader.date(top.get("signed_on"), "signed_on"),
        "status": reader.choice(top.get("status"), "status", AgreementStatus)
        if "status" in top
        else AgreementStatus.DRAFT.value,
        "source": reader.text(top.get("source"), "source", nullable=True) or "",
        "kind": reader.choice(top.get("kind"), "kind", AgreementKind)
        if "kind" in top
        else AgreementKind.AGREEMENT.value,
        "offered_on": reader.date(top.get("offered_on"), "offered_on"),
        "follows_offer": _follows_offer(reader, top),
        "housing_corporation_reporting": reader.text(
            top.get("housing_corporation_reporting"), "housing_corporation_reporting", nullable=True
        )
        or "",
        "municipality_items": read_municipality_items(reader, top),
        "parties": read_parties(reader, top.get("parties"), location_codes),
        "deadlines": read_deadlines(reader, top.get("reporting_deadlines"), year),
        "room_groups": read_room_groups(reader, top.get("room_groups"), location_codes),
    }
    spec_values["indicators"] = read_indicators(
        reader,
        top.get("indicators"),
        location_codes,
        group_codes={group.code for group in spec_values["room_groups"]},
        required=not is_plan,
    )
    context = ReadContext(
        reader,
        top,
        location_codes,
        spec_values["parties"],
        frozenset(group.code for group in spec_values["room_groups"]),
    )
    spec_values["sections"] = {section.name: section.read(context) for section in sections}
    if reader.problems:
        return None
    return AgreementSpec(
        file=reader.file,
        organisation_slug=organisation[0],
        organisation_name=organisation[1],
        year=year,
        locations=tuple(locations),
        **spec_values,
    )


def _peek_format(root: Node) -> int:
    """The file's ``format`` when it is a supported whole number, else 1 (the version check
    itself reports a bad value); read first, so keys of a later version are known as such."""
    if isinstance(root, MappingNode):
        for key_node, value_node in root.value:
            if (
                isinstance(key_node, ScalarNode)
                and key_node.value == "format"
                and isinstance(value_node, ScalarNode)
                and value_node.tag == INT
                and value_node.value.strip() in {str(n) for n in SUPPORTED_FORMATS}
            ):
                return int(value_node.value.strip())
    return 1


def _peek_kind(root: Node) -> str | None:
    """The file's ``kind`` as written when it is a plain text, else None (the kind check
    itself reports a bad value); read first, so a plan's optional keys are known as such."""
    if isinstance(root, MappingNode):
        for key_node, value_node in root.value:
            if (
                isinstance(key_node, ScalarNode)
                and key_node.value == "kind"
                and isinstance(value_node, ScalarNode)
            ):
                return str(value_node.value).strip()
    return None


def _follows_offer(reader: NodeReader, top: dict[str, Node]) -> int | None:
    """``follows_offer``: the year of the offer (same organisation and region) this agreement
    followed, or None. Only an agreement follows an offer."""
    node = top.get("follows_offer")
    if node is None or (isinstance(node, ScalarNode) and node.tag == NULL):
        return None
    year = reader.integer(node, "follows_offer")
    kind_node = top.get("kind")
    kind = kind_node.value if isinstance(kind_node, ScalarNode) else AgreementKind.AGREEMENT
    if year is not None and kind != AgreementKind.AGREEMENT:
        reader.problem(
            node, "follows_offer", _("alleen een afspraak (kind: agreement) volgt op een aanbod")
        )
        return None
    return year


def read_municipality_items(
    reader: NodeReader, top: dict[str, Node]
) -> tuple[tuple[str, str, str], ...]:
    """``municipality_items`` (format 2): the items the municipality asks to be stated
    explicitly, as (letter, kind, title) in the file's order; title "" when not stated.

    A ``format: 1`` file has the built-in (a)-(d) of the 2019 Zuidoost agreement
    (:data:`~agreements.choices.BUILT_IN_MUNICIPALITY_ITEMS`), which every agreement showed
    before the key existed; a ``format: 2`` file without the key has none. Checked: letters
    unique and at most 10 characters, ``counts`` one of the kinds, each kind at most once.
    """
    if reader.format < 2:
        return tuple((letter, kind, "") for letter, kind in BUILT_IN_MUNICIPALITY_ITEMS)
    items: list[tuple[str, str, str]] = []
    letters: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for index, node in enumerate(
        reader.sequence(top.get("municipality_items"), "municipality_items")
    ):
        where = f"municipality_items[{index}]"
        fields = reader.mapping(
            node, where, required=MUNICIPALITY_ITEM_REQUIRED, optional=MUNICIPALITY_ITEM_OPTIONAL
        )
        if fields is None:
            continue
        letter = reader.text(
            fields.get("letter"), f"{where}.letter", limit=MUNICIPALITY_ITEM_LETTER_LENGTH
        )
        kind = reader.choice(fields.get("counts"), f"{where}.counts", MunicipalityItemKind)
        title = reader.text(
            fields.get("title"),
            f"{where}.title",
            nullable=True,
            limit=MUNICIPALITY_ITEM_TITLE_LENGTH,
        )
        if letter is not None:
            if letter in letters:
                reader.problem(
                    fields["letter"],
                    f"{where}.letter",
                    _("letter '%(letter)s' komt twee keer voor (ook bij %(other)s)")
                    % {"letter": letter, "other": letters[letter]},
                )
            letters.setdefault(letter, where)
        if kind is not None:
            if kind in kinds:
                reader.problem(
                    fields["counts"],
                    f"{where}.counts",
                    _("'%(kind)s' wordt al geteld door %(other)s")
                    % {"kind": kind, "other": kinds[kind]},
                )
            kinds.setdefault(kind, where)
        if letter is not None and kind is not None:
            items.append((letter, kind, title or ""))
    return tuple(items)


def read_room_groups(
    reader: NodeReader, node: Node | None, location_codes: set[str] | None
) -> tuple[RoomGroupSpec, ...]:
    """``room_groups`` (format 2, issue 12): groups of the file's rooms whose codes an
    indicator's ``targets`` may use beside room codes and ``region``.

    Each item is ``{code, name, locations}``; checked: codes unique, never a room's code nor
    ``region`` or ``all``, ``locations`` a non-empty list of the file's room codes without
    repeats. Problems go to ``reader`` (a group is kept in the result with them: its code is
    then known to the targets, and the file loads nothing anyway).
    """
    groups: list[RoomGroupSpec] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, "room_groups")):
        where = join("room_groups", index)
        fields = reader.mapping(item, where, required=("code", "name", "locations"))
        if fields is None:
            continue
        code = reader.text(
            fields.get("code"), join(where, "code"), code=True, limit=max_length(RoomGroup, "code")
        )
        unique_code(reader, seen, code, fields.get("code"), join(where, "code"), "room_group")
        if code is not None and (code in RESERVED_GROUP_CODES or code in (location_codes or set())):
            reader.problem(
                fields["code"],
                join(where, "code"),
                _(
                    "groepscode '%(code)s' is al de code van een locatie, "
                    "of gereserveerd (%(reserved)s)"
                )
                % {"code": code, "reserved": ", ".join(RESERVED_GROUP_CODES)},
            )
        name = reader.text(
            fields.get("name"), join(where, "name"), limit=max_length(RoomGroup, "name")
        )
        members: list[str] = []
        rooms_where = join(where, "locations")
        for position, room_node in enumerate(
            reader.sequence(fields.get("locations"), rooms_where, non_empty=True)
        ):
            room_where = join(rooms_where, position)
            room = reader.text(room_node, room_where)
            if room is None:
                continue
            if not known_location(reader, location_codes, room, room_node, room_where):
                continue
            if room in members:
                reader.problem(
                    room_node,
                    room_where,
                    _("locatie '%(code)s' staat twee keer in de groep") % {"code": room},
                )
                continue
            members.append(room)
        if code is not None:
            # Kept also with a problem (the file then loads nothing), so targets for the
            # group are not reported as unknown keys besides.
            groups.append(RoomGroupSpec(code=code, name=name or "", locations=tuple(members)))
    return tuple(groups)


def _organisation(reader: NodeReader, node: Node | None) -> tuple[str, str]:
    """(slug, name) of the ``organisation`` mapping; empty strings where unusable."""
    if node is None:
        return ("", "")
    fields = reader.mapping(node, "organisation", required=("slug", "name"))
    if fields is None:
        return ("", "")
    slug = reader.text(
        fields.get("slug"), "organisation.slug", code=True, limit=max_length(Organisation, "slug")
    )
    name = reader.text(
        fields.get("name"), "organisation.name", limit=max_length(Organisation, "name")
    )
    return (slug or "", name or "")


def read_locations(
    reader: NodeReader, node: Node | None
) -> tuple[list[LocationSpec], set[str] | None]:
    """The rooms, and the set of their codes (None when the list itself is unusable, so
    that targets and parties are not all reported as pointing at unknown rooms)."""
    if node is None:
        return [], None
    problems_before = len(reader.problems)
    items = reader.sequence(node, "locations", non_empty=True)
    if not items and len(reader.problems) > problems_before:
        return [], None
    specs: list[LocationSpec] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(items):
        where = join("locations", index)
        fields = reader.mapping(
            item,
            where,
            required=("code", "name"),
            optional=(*LOCATION_OPTIONAL, *LOCATION_SINCE_2),
            since_2=LOCATION_SINCE_2,
        )
        if fields is None:
            continue
        code = reader.text(
            fields.get("code"), join(where, "code"), code=True, limit=max_length(Location, "code")
        )
        unique_code(reader, seen, code, fields.get("code"), join(where, "code"), "location")
        texts = {
            name: reader.text(
                fields.get(name), join(where, name), nullable=True, limit=max_length(Location, name)
            )
            for name in ("neighbourhood", "city", "address", "residents_association")
        }
        name = reader.text(
            fields.get("name"), join(where, "name"), limit=max_length(Location, "name")
        )
        opened_on = reader.date(fields.get("opened_on"), join(where, "opened_on"))
        closed_on = reader.date(fields.get("closed_on"), join(where, "closed_on"))
        if opened_on and closed_on and closed_on < opened_on:
            reader.problem(
                fields["closed_on"], join(where, "closed_on"), _("closed_on ligt voor opened_on")
            )
        specs.append(
            LocationSpec(
                code=code or "",
                name=name or "",
                opened_on=opened_on,
                closed_on=closed_on,
                versions=read_room_versions(
                    reader, fields.get("versions"), join(where, "versions")
                ),
                **{key: value or "" for key, value in texts.items()},
            )
        )
    return specs, set(seen)


def read_room_versions(
    reader: NodeReader, node: Node | None, where: str
) -> tuple[tuple[str, datetime.date, datetime.date | None], ...]:
    """A room's ``versions`` (format 2, issue 12): a list of ``{label, from, until}`` (until
    optional: to the end), each label a text of at most 40 characters, ``until`` not before
    ``from``, the versions in date order without overlap. Problems go to ``reader``; returns
    the valid versions as (label, from, until)."""
    if node is None:
        return ()
    versions: list[tuple[str, datetime.date, datetime.date | None]] = []
    for index, item in enumerate(reader.sequence(node, where)):
        at = join(where, index)
        fields = reader.mapping(item, at, required=VERSION_REQUIRED, optional=VERSION_OPTIONAL)
        if fields is None:
            continue
        label = reader.text(
            fields.get("label"), join(at, "label"), limit=max_length(RoomVersion, "label")
        )
        start = reader.date(fields.get("from"), join(at, "from"), nullable=False)
        end = reader.date(fields.get("until"), join(at, "until"))
        if start and end and end < start:
            reader.problem(fields["until"], join(at, "until"), _("until ligt voor from"))
            continue
        if label and start:
            previous = versions[-1] if versions else None
            if previous is not None and (previous[2] is None or previous[2] >= start):
                reader.problem(
                    fields["from"],
                    join(at, "from"),
                    _("deze versie begint voor de vorige eindigt (versies in datumvolgorde)"),
                )
                continue
            versions.append((label, start, end))
    return tuple(versions)


def read_parties(
    reader: NodeReader, node: Node | None, location_codes: set[str] | None
) -> tuple[PartySpec, ...]:
    """The ``parties`` list: unique codes, a kind, whether a party funds or signs, and the
    room it belongs to (a location code of the file, or None). Problems go to ``reader``."""
    specs = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, "parties")):
        where = join("parties", index)
        fields = reader.mapping(
            item,
            where,
            required=("code", "name", "kind"),
            optional=PARTY_OPTIONAL,
            since_2=PARTY_SINCE_2,
        )
        if fields is None:
            continue
        code = reader.text(
            fields.get("code"), join(where, "code"), code=True, limit=max_length(Party, "code")
        )
        unique_code(reader, seen, code, fields.get("code"), join(where, "code"), "party")
        location = reader.text(fields.get("location"), join(where, "location"), nullable=True)
        if location is not None:
            known_location(
                reader, location_codes, location, fields["location"], join(where, "location")
            )
        specs.append(
            PartySpec(
                code=code or "",
                name=reader.text(
                    fields.get("name"), join(where, "name"), limit=max_length(Party, "name")
                )
                or "",
                kind=reader.choice(fields.get("kind"), join(where, "kind"), PartyKind) or "",
                is_funder=bool(
                    reader.boolean(fields.get("funder"), join(where, "funder"), default=False)
                ),
                is_signatory=bool(
                    reader.boolean(fields.get("signatory"), join(where, "signatory"), default=False)
                ),
                location_code=location,
                kind_changed=bool(
                    reader.boolean(
                        fields.get("kind_changed"), join(where, "kind_changed"), default=False
                    )
                ),
                kind_position=_position(fields.get("kind")),
            )
        )
    return tuple(specs)


def _position(node: Node | None) -> tuple[int, int] | None:
    """(line, column) of ``node``, counting from 1; None for an absent node."""
    if node is None:
        return None
    return (node.start_mark.line + 1, node.start_mark.column + 1)
