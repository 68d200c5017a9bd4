"""The budget sections of an agreement file (docs/agreement-format.md, "Budget and financing").

:func:`read_budget_sections` checks the optional top-level keys ``volunteer_rates``,
``budgets``, ``financing``, ``volunteer_hours`` and ``stated_figures`` of one composed file
and returns plain specs (:mod:`budgets.loader.specs`); the agreement loader calls it as the
budgets app's file section (:mod:`budgets.loader`). The rules come from DOMAIN.md
("Budget, financing and the popular budget") and issue 4: amounts are euros with at most two
decimals, never negative; a stated figure is kept as printed, whether or not it agrees with
its parts (the product compares them, the loader does not).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import translation
from yaml.nodes import MappingNode, Node, ScalarNode

from agreements.loader.sections import ReadContext
from agreements.loader.source import FLOAT, INT, NULL, STR, NodeReader, describe, join, max_length
from budgets.loader.specs import (
    BudgetLineSpec,
    BudgetSectionsSpec,
    BudgetSpec,
    FinancingSpec,
    StatedFigureSpec,
    VolunteerHoursSpec,
    VolunteerRateSpec,
)
from budgets.models import MONEY, Budget, BudgetLine, HourKind, LineGroup
from locations.formatting import format_euro, format_hours

SECTIONS = ("volunteer_rates", "budgets", "financing", "volunteer_hours", "stated_figures")
#: The location key of a figure stated for the whole agreement (the "Totaal" column).
ALL = "all"
#: Figures stated as a percentage ("38%"), stored as a fraction (0.38).
SHARE_FIGURES = ("sroi_share", "people_share", "overhead_share", "funders_share")
#: Figures stated in hours ("10.500 uren").
HOUR_FIGURES = ("volunteer_hours_residents", "volunteer_hours_professionals", "volunteer_hours")
#: Every figure name a file may state; the names of the Excel ``budget_data`` sheet (issue 4),
#: plus ``subtotal_AB`` and ``financing_subtotal_housing`` printed in the 2021 agreement.
#: ``financing:<funder code>`` comes on top (only under ``all``).
FIGURES = (
    *(f"subtotal_{group}" for group in LineGroup.values),
    "subtotal_AB",
    "total",
    "sroi_share",
    "people_share",
    "overhead_share",
    "financing_total",
    "financing_subtotal_housing",
    "surplus",
    *HOUR_FIGURES,
    "volunteer_value",
    "popular_budget",
    "funders_share",
)
FUNDER_FIGURE = "financing:"
#: A stated shortfall is a negative surplus.
NEGATIVE_FIGURES = ("surplus",)
_PERCENT = re.compile(r"^(?P<number>.*?)\s*%\Z")
_MONEY_DIGITS = MONEY["max_digits"]
_HOURS = {"places": 1, "digits": 10}
_FIGURE_DIGITS = 10

LINE_OPTIONAL = ("group", "note", "footnote", "petty_cash")
FINANCING_OPTIONAL = ("in_kind", "earmarked", "footnote")


def read_budget_sections(context: ReadContext) -> BudgetSectionsSpec:
    """Check the budget sections of a file; their validated values.

    ``context.top`` holds the file's top-level nodes, ``context.location_codes`` its rooms
    (None when the locations list is unusable) and ``context.parties`` its parties (funders
    are those with ``funder: true``). Problems are recorded in ``context.reader``.
    """
    reader, top, location_codes = context.reader, context.top, context.location_codes
    funders = {party.code for party in context.parties if party.is_funder}
    party_codes = {party.code for party in context.parties}
    return BudgetSectionsSpec(
        volunteer_rates=_volunteer_rates(reader, top.get("volunteer_rates")),
        budgets=_budgets(reader, top.get("budgets"), location_codes),
        financing=_financing(reader, top.get("financing"), location_codes, funders, party_codes),
        volunteer_hours=_volunteer_hours(reader, top.get("volunteer_hours"), location_codes),
        stated_figures=_stated_figures(reader, top.get("stated_figures"), location_codes, funders),
    )


def _money(reader: NodeReader, node: Node | None, where: str) -> Decimal | None:
    """Euros: non-negative, at most two decimals."""
    return reader.decimal(node, where, places=MONEY["decimal_places"], digits=_MONEY_DIGITS)


def _null(node: Node | None) -> bool:
    return node is None or (isinstance(node, ScalarNode) and node.tag == NULL)


def _known_location(
    reader: NodeReader, codes: set[str] | None, code: str, node: Node, where: str
) -> bool:
    """Whether ``code`` is one of the file's locations (reported when not)."""
    if codes is None or code in codes:
        return True
    known = ", ".join(sorted(codes)) or "none"
    reader.problem(node, where, f"unknown location '{code}' (locations in this file: {known})")
    return False


def _per_location(
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
        if not _known_location(reader, location_codes, code, key_node, join(where, code)):
            continue
        amount = _money(reader, value_node, join(where, code))
        if amount is not None:
            amounts.append((code, amount, value_node))
    if not triples and not every_location:
        reader.problem(node, where, "name at least one location")
    if every_location and location_codes is not None:
        missing = sorted(location_codes - {code for code, _, _ in triples})
        if missing:
            reader.problem(node, where, f"no amount for location(s): {', '.join(missing)}")
    return amounts


def _pairs(triples: list[tuple[str, Decimal, Node]]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((code, amount) for code, amount, _ in triples)


def _volunteer_rates(reader: NodeReader, node: Node | None) -> tuple[VolunteerRateSpec, ...]:
    if _null(node):
        return ()
    triples = reader.entries(node, "volunteer_rates")
    if triples is None:
        return ()
    specs = []
    for kind, key_node, value_node in triples:
        where = join("volunteer_rates", kind)
        if kind not in HourKind.values:
            allowed = ", ".join(HourKind.values)
            reader.problem(key_node, where, f"'{kind}' is not allowed here (allowed: {allowed})")
            continue
        fields = reader.mapping(value_node, where, required=("rate", "source"))
        if fields is None:
            continue
        rate = _money(reader, fields.get("rate"), join(where, "rate"))
        source = reader.text(fields.get("source"), join(where, "source"))
        if rate is not None and source is not None:
            specs.append(VolunteerRateSpec(kind=kind, rate=rate, source=source))
    return tuple(specs)


def _budgets(
    reader: NodeReader, node: Node | None, location_codes: set[str] | None
) -> tuple[BudgetSpec, ...]:
    specs = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, "budgets")):
        where = join("budgets", index)
        fields = reader.mapping(item, where, required=("version", "lines"), optional=("source",))
        if fields is None:
            continue
        version = reader.text(
            fields.get("version"), join(where, "version"), limit=max_length(Budget, "version")
        )
        if version is not None:
            if version in seen:
                reader.problem(
                    fields["version"],
                    join(where, "version"),
                    f"duplicate budget version '{version}' (also {seen[version]})",
                )
            else:
                seen[version] = where
        specs.append(
            BudgetSpec(
                version=version or "",
                position=index,
                source=reader.text(fields.get("source"), join(where, "source"), nullable=True)
                or "",
                lines=_lines(reader, fields.get("lines"), join(where, "lines"), location_codes),
            )
        )
    return tuple(specs)


def _lines(
    reader: NodeReader, node: Node | None, where: str, location_codes: set[str] | None
) -> tuple[BudgetLineSpec, ...]:
    specs = []
    seen: dict[str, str] = {}
    petty_cash: str | None = None
    for index, item in enumerate(reader.sequence(node, where)):
        line_where = join(where, index)
        fields = reader.mapping(
            item,
            line_where,
            required=("code", "description", "amounts"),
            optional=LINE_OPTIONAL,
        )
        if fields is None:
            continue
        code = reader.text(
            fields.get("code"),
            join(line_where, "code"),
            code=True,
            limit=max_length(BudgetLine, "code"),
        )
        if code is not None:
            if code in seen:
                reader.problem(
                    fields["code"],
                    join(line_where, "code"),
                    f"duplicate line code '{code}' in this budget (also {seen[code]})",
                )
            else:
                seen[code] = line_where
        group = ""
        if not _null(fields.get("group")):
            group = reader.choice(fields["group"], join(line_where, "group"), LineGroup) or ""
        is_petty_cash = bool(
            reader.boolean(fields.get("petty_cash"), join(line_where, "petty_cash"), default=False)
        )
        if is_petty_cash:
            if petty_cash is not None:
                reader.problem(
                    fields["petty_cash"],
                    join(line_where, "petty_cash"),
                    f"only one petty-cash line per budget (also {petty_cash})",
                )
            petty_cash = petty_cash or line_where
        specs.append(
            BudgetLineSpec(
                code=code or "",
                position=index,
                group=group,
                description=reader.text(fields.get("description"), join(line_where, "description"))
                or "",
                note=reader.text(
                    fields.get("note"),
                    join(line_where, "note"),
                    nullable=True,
                    limit=max_length(BudgetLine, "note"),
                )
                or "",
                footnote=reader.text(
                    fields.get("footnote"), join(line_where, "footnote"), nullable=True
                )
                or "",
                is_petty_cash=is_petty_cash,
                amounts=_pairs(
                    _per_location(
                        reader,
                        fields.get("amounts"),
                        join(line_where, "amounts"),
                        location_codes,
                        every_location=True,
                    )
                ),
            )
        )
    return tuple(specs)


def _financing(
    reader: NodeReader,
    node: Node | None,
    location_codes: set[str] | None,
    funders: set[str],
    party_codes: set[str],
) -> tuple[FinancingSpec, ...]:
    specs = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, "financing")):
        where = join("financing", index)
        fields = reader.mapping(
            item, where, required=("funder", "amounts"), optional=FINANCING_OPTIONAL
        )
        if fields is None:
            continue
        funder = _funder(reader, fields.get("funder"), join(where, "funder"), funders, party_codes)
        if funder is not None:
            if funder in seen:
                reader.problem(
                    fields["funder"],
                    join(where, "funder"),
                    f"duplicate funder '{funder}' (also {seen[funder]})",
                )
            else:
                seen[funder] = where
        amounts = _pairs(
            _per_location(
                reader,
                fields.get("amounts"),
                join(where, "amounts"),
                location_codes,
                every_location=False,
            )
        )
        parts = {
            name: _parts(reader, fields.get(name), join(where, name), location_codes, dict(amounts))
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
        reader.problem(node, where, f"party '{code}' is not a funder (it has no 'funder: true')")
    else:
        known = ", ".join(sorted(funders)) or "none"
        reader.problem(node, where, f"unknown funder '{code}' (funders in this file: {known})")
    return None


def _parts(
    reader: NodeReader,
    node: Node | None,
    where: str,
    location_codes: set[str] | None,
    amounts: dict[str, Decimal],
) -> tuple[tuple[str, Decimal], ...]:
    """In-kind or earmarked parts per location: each of an amount of the same funder."""
    if _null(node):
        return ()
    kept = []
    for code, part, value_node in _per_location(
        reader, node, where, location_codes, every_location=False
    ):
        if code not in amounts:
            reader.problem(
                value_node, join(where, code), f"no amount for location '{code}' in amounts"
            )
        elif part > amounts[code]:
            reader.problem(
                value_node,
                join(where, code),
                f"the part ({part}) is more than the amount ({amounts[code]})",
            )
        else:
            kept.append((code, part))
    return tuple(kept)


def _volunteer_hours(
    reader: NodeReader, node: Node | None, location_codes: set[str] | None
) -> tuple[VolunteerHoursSpec, ...]:
    if _null(node):
        return ()
    triples = reader.entries(node, "volunteer_hours")
    if triples is None:
        return ()
    specs = []
    for code, key_node, value_node in triples:
        where = join("volunteer_hours", code)
        if not _known_location(reader, location_codes, code, key_node, where):
            continue
        fields = reader.mapping(value_node, where, required=HourKind.values)
        if fields is None:
            continue
        hours = {
            kind: reader.decimal(fields.get(kind), join(where, kind), **_HOURS)
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


def _stated_figures(
    reader: NodeReader, node: Node | None, location_codes: set[str] | None, funders: set[str]
) -> tuple[StatedFigureSpec, ...]:
    if _null(node):
        return ()
    triples = reader.entries(node, "stated_figures")
    if triples is None:
        return ()
    specs = []
    for code, key_node, value_node in triples:
        where = join("stated_figures", code)
        if code != ALL and not _known_location(reader, location_codes, code, key_node, where):
            continue
        figures = reader.entries(value_node, where)
        for figure, figure_key, figure_node in figures or ():
            figure_where = join(where, figure)
            if not _figure_name(reader, figure, figure_key, figure_where, code, funders):
                continue
            spec = _stated_figure(reader, figure_node, figure_where, figure)
            if spec is not None:
                value, text, source = spec
                specs.append(
                    StatedFigureSpec(
                        location=None if code == ALL else code,
                        figure=figure,
                        value=value,
                        text=text,
                        source=source,
                    )
                )
    return tuple(specs)


def _figure_name(
    reader: NodeReader, figure: str, node: Node, where: str, location: str, funders: set[str]
) -> bool:
    """Whether ``figure`` is a known figure name (reported when not)."""
    if figure in FIGURES:
        return True
    if figure.startswith(FUNDER_FIGURE):
        funder = figure.removeprefix(FUNDER_FIGURE)
        if location != ALL:
            reader.problem(
                node,
                where,
                f"'{figure}' is stated only under '{ALL}' (a funder's amount per location "
                "is its financing)",
            )
            return False
        if funder not in funders:
            known = ", ".join(sorted(funders)) or "none"
            reader.problem(
                node, where, f"unknown funder '{funder}' (funders in this file: {known})"
            )
            return False
        return True
    reader.problem(
        node,
        where,
        f"'{figure}' is not a figure name (allowed: {', '.join(FIGURES)}, "
        f"{FUNDER_FIGURE}<funder code>)",
    )
    return False


def _stated_figure(
    reader: NodeReader, node: Node, where: str, figure: str
) -> tuple[Decimal, str, str] | None:
    """(value, text as printed, source) of one stated figure, written either as the value
    alone or as a mapping ``{value, text, source}``."""
    text = source = ""
    value_node = node
    if isinstance(node, MappingNode):
        fields = reader.mapping(node, where, required=("value",), optional=("text", "source"))
        if fields is None or "value" not in fields:
            return None
        value_node = fields["value"]
        text = reader.text(fields.get("text"), join(where, "text"), nullable=True) or ""
        source = reader.text(fields.get("source"), join(where, "source"), nullable=True) or ""
        where = join(where, "value")
    if not isinstance(value_node, ScalarNode) or value_node.tag not in (STR, INT, FLOAT):
        reader.problem(value_node, where, f"expected a number, got {describe(value_node)}")
        return None
    written = value_node.value.strip()
    percent = _PERCENT.match(written)
    if figure in SHARE_FIGURES:
        if percent is None:
            reader.problem(
                value_node,
                where,
                f"'{written}' is not a percentage ({figure} is written as printed, e.g. '38%')",
            )
            return None
        number = reader.decimal(
            value_node, where, places=2, digits=5, text=percent["number"].strip()
        )
        if number is None:
            return None
        return number / 100, text or written, source
    if percent is not None:
        reader.problem(
            value_node,
            where,
            f"'{written}' is a percentage; only {', '.join(SHARE_FIGURES)} are",
        )
        return None
    if figure in HOUR_FIGURES:
        number = reader.decimal(value_node, where, **_HOURS)
        if number is None:
            return None
        return number, text or _printed(number, hours=True), source
    number = reader.decimal(
        value_node,
        where,
        places=MONEY["decimal_places"],
        digits=_FIGURE_DIGITS + MONEY["decimal_places"],
        negative=figure in NEGATIVE_FIGURES,
    )
    if number is None:
        return None
    return number, text or _printed(number, hours=False), source


def _printed(number: Decimal, *, hours: bool) -> str:
    """The default printed form of a stated figure given without a ``text``: the house
    format in Dutch, as the source documents print it (10500 hours -> "10.500 uren",
    -250.50 euros -> "-€ 250,50", 52532 -> "€ 52.532"; :mod:`locations.formatting`)."""
    with translation.override("nl"):
        if hours:
            return f"{format_hours(number)} uren"
        return format_euro(number, cents=None)
