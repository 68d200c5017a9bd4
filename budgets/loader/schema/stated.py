"""The ``stated_figures`` section: figures as the source documents print them.

docs/agreement-format.md, "stated_figures". A stated figure is kept as printed, whether or
not it agrees with its parts: the product compares it with the computed one
(:mod:`budgets.figures`), the loader does not. Format 2 lets a figure be stated several times
(issue 12: different passages or documents), as a list of values each with its source.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from agreements.loader.schema.common import known_location
from agreements.loader.source import FLOAT, INT, STR, NodeReader, describe, join
from budgets.figures.groups import is_ratio_name
from budgets.loader.schema.values import HOURS, is_null
from budgets.loader.specs import StatedFigureSpec
from budgets.models import MONEY, LineGroup
from locations.formatting import format_euro, format_hours

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
_FIGURE_DIGITS = 10


def read_stated_figures(
    reader: NodeReader,
    node: Node | None,
    location_codes: set[str] | None,
    funders: set[str],
    own_figures: Collection[str] = (),
) -> tuple[StatedFigureSpec, ...]:
    """The ``stated_figures`` mapping: location code or ``all`` -> figure name -> the figure as
    the source prints it (kept as printed; the product compares it with the computed one),
    in format 2 also a list of such values. One spec per stated value, in file order.
    ``own_figures``: the figure names the file's budgets define (``subtotal_<group>`` of
    their groups, their ratio codes), known besides :data:`FIGURES`.
    Problems go to ``reader``."""
    if is_null(node):
        return ()
    triples = reader.entries(node, "stated_figures")
    if triples is None:
        return ()
    specs = []
    for code, key_node, value_node in triples:
        where = join("stated_figures", code)
        if code != ALL and not known_location(reader, location_codes, code, key_node, where):
            continue
        figures = reader.entries(value_node, where)
        for figure, figure_key, figure_node in figures or ():
            figure_where = join(where, figure)
            if figure not in own_figures and not _figure_name(
                reader, figure, figure_key, figure_where, code, funders
            ):
                continue
            for position, (value, text, source) in _stated_values(
                reader, figure_node, figure_where, figure
            ):
                specs.append(
                    StatedFigureSpec(
                        location=None if code == ALL else code,
                        figure=figure,
                        value=value,
                        text=text,
                        source=source,
                        position=position,
                    )
                )
    return tuple(specs)


def _stated_values(
    reader: NodeReader, node: Node, where: str, figure: str
) -> list[tuple[int, tuple[Decimal, str, str]]]:
    """(position, (value, text, source)) of each value a figure is stated with: one at
    position 0 for the value alone or a mapping; in a ``format: 2`` file also a non-empty
    list of those forms (several passages or documents), positions in list order. A list in
    a ``format: 1`` file is reported and read as nothing (format 1 states one value)."""
    if not isinstance(node, SequenceNode):
        value = _stated_figure(reader, node, where, figure)
        return [] if value is None else [(0, value)]
    if reader.format < 2:
        reader.problem(
            node,
            where,
            _(
                "meerdere vermelde waarden (een lijst) zijn format 2; dit bestand zegt "
                "format: %(format)s (schrijf format: 2 om ze te gebruiken)"
            )
            % {"format": reader.format},
        )
        return []
    items = reader.sequence(node, where, non_empty=True)
    values = []
    for position, item in enumerate(items):
        value = _stated_figure(reader, item, join(where, position), figure)
        if value is not None:
            values.append((position, value))
    return values


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
                _(
                    "'%(figure)s' staat alleen onder '%(all)s' (het bedrag van een financier "
                    "per locatie is zijn financiering)"
                )
                % {"figure": figure, "all": ALL},
            )
            return False
        if funder not in funders:
            known = ", ".join(sorted(funders)) or _("geen")
            reader.problem(
                node,
                where,
                _("onbekende financier '%(code)s' (financiers in dit bestand: %(known)s)")
                % {"code": funder, "known": known},
            )
            return False
        return True
    reader.problem(
        node,
        where,
        _("'%(figure)s' is geen naam van een cijfer (toegestaan: %(allowed)s, %(funder)s<code>)")
        % {"figure": figure, "allowed": ", ".join(FIGURES), "funder": FUNDER_FIGURE},
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
        reader.problem(
            value_node,
            where,
            _("verwacht een getal, gevonden: %(found)s") % {"found": describe(value_node)},
        )
        return None
    written = value_node.value.strip()
    percent = _PERCENT.match(written)
    if is_ratio_name(figure):
        if percent is None:
            reader.problem(
                value_node,
                where,
                _(
                    "'%(written)s' is geen percentage (%(figure)s wordt geschreven zoals "
                    "gedrukt, bijv. '38%%')"
                )
                % {"written": written, "figure": figure},
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
            _("'%(written)s' is een percentage; alleen %(shares)s zijn dat")
            % {"written": written, "shares": ", ".join(SHARE_FIGURES)},
        )
        return None
    if figure in HOUR_FIGURES:
        number = reader.decimal(value_node, where, **HOURS)
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
