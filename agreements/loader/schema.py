"""The agreement file format (docs/agreement-format.md) as checks that build plain specs.

:func:`read_agreement` walks one composed file with a :class:`NodeReader`, reports every
problem it finds and returns an :class:`AgreementSpec`: plain, already validated values that
the writer puts into the database without further checks. The keys other apps add to the
file (the budget sections) are checked by their registered file sections
(:mod:`agreements.loader.sections`), after the loader's own checks.
"""

from __future__ import annotations

from yaml.nodes import Node, ScalarNode

from agreements.choices import (
    ALL_CATEGORIES,
    AgreementStatus,
    Category,
    Comparator,
    DeadlineKind,
    Method,
    PartyKind,
    Section,
)
from agreements.loader.sections import ReadContext, registered_sections
from agreements.loader.source import INT, STR, NodeReader, describe, join, max_length
from agreements.loader.specs import (
    AgreementSpec,
    DeadlineSpec,
    IndicatorSpec,
    LocationSpec,
    PartySpec,
)
from agreements.models import Agreement, Indicator, Party, Target
from agreements.targets import ParsedTarget, parse_target
from locations.models import Location, Organisation
from locations.periods import is_period_code, parse_period

FORMAT_VERSION = 1
#: Methods whose PROCES rows must name the categories they count (DOMAIN.md: Uniek #, Klussen #).
CATEGORY_METHODS = {Method.UNIQUE, Method.JOBS}
#: Methods whose target is "Positief" (Begroting, Controle).
POSITIVE_METHODS = {Method.BUDGET, Method.AUDIT}

TOP_REQUIRED = (
    "format", "organisation", "region", "region_name", "year", "title", "locations", "indicators"
)  # fmt: skip
#: The loader's own optional keys; the registered file sections' keys follow them.
TOP_OPTIONAL = ("signed_on", "status", "source", "parties", "reporting_deadlines")
LOCATION_OPTIONAL = (
    "neighbourhood", "city", "address", "residents_association", "opened_on", "closed_on"
)  # fmt: skip
PARTY_OPTIONAL = ("funder", "signatory", "location")
INDICATOR_OPTIONAL = ("method_text", "housing_corporation", "categories", "source")


def _unique(reader: NodeReader, seen: dict[str, str], code: str | None, node, where, what) -> None:
    """Report ``code`` when an earlier item (recorded in ``seen``) already used it."""
    if code is None:
        return
    if code in seen:
        reader.problem(node, where, f"duplicate {what} code '{code}' (also {seen[code]})")
    else:
        seen[code] = where.rsplit(".", 1)[0]


def read_agreement(reader: NodeReader, root: Node) -> AgreementSpec | None:
    """Check one composed agreement file; the spec, or None when ``reader`` holds problems."""
    sections = registered_sections()
    optional = (*TOP_OPTIONAL, *(key for section in sections for key in section.keys))
    top = reader.mapping(root, "", required=TOP_REQUIRED, optional=optional)
    if top is None:
        return None
    version = reader.integer(top.get("format"), "format")
    if version is not None and version != FORMAT_VERSION:
        reader.problem(
            top["format"], "format", f"unsupported format {version} (expected {FORMAT_VERSION})"
        )
    organisation = _organisation(reader, top.get("organisation"))
    year = reader.integer(top.get("year"), "year")
    if year is not None and not 2000 <= year <= 2100:
        reader.problem(top["year"], "year", f"{year} is not a plausible year (2000-2100)")
        year = None
    locations, location_codes = _locations(reader, top.get("locations"))
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
        "parties": _parties(reader, top.get("parties"), location_codes),
        "deadlines": _deadlines(reader, top.get("reporting_deadlines"), year),
        "indicators": _indicators(reader, top.get("indicators"), location_codes),
    }
    context = ReadContext(reader, top, location_codes, spec_values["parties"])
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


def _organisation(reader: NodeReader, node: Node | None) -> tuple[str, str]:
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


def _locations(reader: NodeReader, node: Node | None) -> tuple[list[LocationSpec], set[str] | None]:
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
        fields = reader.mapping(item, where, required=("code", "name"), optional=LOCATION_OPTIONAL)
        if fields is None:
            continue
        code = reader.text(
            fields.get("code"), join(where, "code"), code=True, limit=max_length(Location, "code")
        )
        _unique(reader, seen, code, fields.get("code"), join(where, "code"), "location")
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
                fields["closed_on"], join(where, "closed_on"), "closed_on is before opened_on"
            )
        specs.append(
            LocationSpec(
                code=code or "",
                name=name or "",
                opened_on=opened_on,
                closed_on=closed_on,
                **{key: value or "" for key, value in texts.items()},
            )
        )
    return specs, set(seen)


def _known_location(
    reader: NodeReader, codes: set[str] | None, code: str, node: Node, where: str
) -> bool:
    """Whether ``code`` is one of the file's locations (reported when not)."""
    if codes is None or code in codes:
        return True
    known = ", ".join(sorted(codes)) or "none"
    reader.problem(node, where, f"unknown location '{code}' (locations in this file: {known})")
    return False


def _parties(
    reader: NodeReader, node: Node | None, location_codes: set[str] | None
) -> tuple[PartySpec, ...]:
    specs = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, "parties")):
        where = join("parties", index)
        fields = reader.mapping(
            item, where, required=("code", "name", "kind"), optional=PARTY_OPTIONAL
        )
        if fields is None:
            continue
        code = reader.text(
            fields.get("code"), join(where, "code"), code=True, limit=max_length(Party, "code")
        )
        _unique(reader, seen, code, fields.get("code"), join(where, "code"), "party")
        location = reader.text(fields.get("location"), join(where, "location"), nullable=True)
        if location is not None:
            _known_location(
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
            )
        )
    return tuple(specs)


def _period(reader: NodeReader, node: Node | None, where: str, year: int | None) -> str | None:
    """A period ``YYYY-Qn`` or ``YYYY`` (an unquoted year is accepted) of the agreement's year."""
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or node.tag not in (STR, INT):
        reader.problem(node, where, f"expected a period (YYYY-Qn or YYYY), got {describe(node)}")
        return None
    value = node.value.strip()
    if not is_period_code(value):
        reader.problem(node, where, f"'{value}' is not a period (expected e.g. 2019-Q2 or 2019)")
        return None
    if year is not None and parse_period(value).year != year:
        reader.problem(node, where, f"period '{value}' is not in the agreement's year {year}")
        return None
    return value


def _deadlines(reader: NodeReader, node: Node | None, year: int | None) -> tuple[DeadlineSpec, ...]:
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
                f"'{code}' is not a category (allowed: {', '.join(allowed)})",
            )
        elif code in codes:
            reader.problem(item, join(where, index), f"category '{code}' is listed twice")
        else:
            codes.append(code)
    if ALL_CATEGORIES in codes and len(codes) > 1:
        reader.problem(node, where, f"'{ALL_CATEGORIES}' must stand alone")
    if section is not None and section != Section.PROCES and items:
        reader.problem(node, where, f"only PROCES rows have categories (this is {section})")
    if section == Section.PROCES and method in CATEGORY_METHODS and not items:
        reader.problem(
            node or item, where, f"a PROCES row of method {method} must name its categories"
        )
    return tuple(codes)


def _targets(
    reader: NodeReader,
    node: Node | None,
    where: str,
    location_codes: set[str] | None,
    method: str | None,
) -> tuple[tuple[str, ParsedTarget], ...]:
    """The parsed target per location; every location of the file needs one."""
    if node is None:
        return ()
    triples = reader.entries(node, where)
    if triples is None:
        return ()
    targets = []
    for code, key_node, value_node in triples:
        target_where = join(where, code)
        if not _known_location(reader, location_codes, code, key_node, target_where):
            continue
        if not isinstance(value_node, ScalarNode) or value_node.tag not in (STR, INT):
            reader.problem(
                value_node,
                target_where,
                f"expected a target such as '> 10', got {describe(value_node)}",
            )
            continue
        try:
            parsed = parse_target(value_node.value)
        except ValueError as exc:
            reader.problem(value_node, target_where, str(exc))
            continue
        message = _method_mismatch(parsed, method)
        if message:
            reader.problem(value_node, target_where, message)
        elif len(parsed.text) > max_length(Target, "text"):
            reader.problem(value_node, target_where, "the target text is too long")
        else:
            targets.append((code, parsed))
    if location_codes is not None:
        missing = sorted(location_codes - {code for code, _, _ in triples})
        if missing:
            reader.problem(node, where, f"no target for location(s): {', '.join(missing)}")
    return tuple(targets)


def _method_mismatch(parsed: ParsedTarget, method: str | None) -> str | None:
    """Why a target does not fit the row's method ("X op Y" only for 'Aantal op aangemeld',
    "Positief" only for 'Begroting'/'Controle'), or None."""
    if method is None:
        return None
    if method == Method.COUNT_OF_REFERRED and parsed.value_of is None:
        return f"'{parsed.text}': method {method} needs a target 'X op Y' (e.g. '> 10 op 20')"
    if method != Method.COUNT_OF_REFERRED and parsed.value_of is not None:
        return f"'{parsed.text}': 'X op Y' targets are only for method {Method.COUNT_OF_REFERRED}"
    if (parsed.comparator == Comparator.POSITIVE) != (method in POSITIVE_METHODS):
        return (
            f"'{parsed.text}': 'Positief' is the target of methods budget and audit, "
            f"and only of those (this row: {method})"
        )
    return None


def _indicators(
    reader: NodeReader, node: Node | None, location_codes: set[str] | None
) -> tuple[IndicatorSpec, ...]:
    if node is None:
        return ()
    specs = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, "indicators", non_empty=True)):
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
        _unique(reader, seen, code, fields.get("code"), join(where, "code"), "indicator")
        section = reader.choice(fields.get("section"), join(where, "section"), Section)
        method = reader.choice(fields.get("method"), join(where, "method"), Method)
        categories = _categories(
            reader, item, fields.get("categories"), join(where, "categories"), section, method
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
                targets=_targets(
                    reader, fields.get("targets"), join(where, "targets"), location_codes, method
                ),
            )
        )
    return tuple(specs)
