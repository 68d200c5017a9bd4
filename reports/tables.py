"""django-tables2 tables rendering the rows of ``reports.selectors.progress_report``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agreements.choices import MunicipalityItemKind
from locations import formatting
from reports.report import ItemCountRow, MunicipalityItems, ProgressRow

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from locations.periods import Period


def _header(bound_column: tables.columns.BoundColumn) -> str:
    """A cell's ``data-label``: its column's heading, shown beside the value on a phone
    (static/css/phone-tables.css, issue 14)."""
    return str(bound_column.header)


def _labelled(attrs: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """Column ``attrs`` (a copy of ``attrs``) whose ``td`` carries its heading as
    ``data-label``."""
    labelled = {part: dict(values) for part, values in (attrs or {}).items()}
    labelled.setdefault("td", {})["data-label"] = _header
    return labelled


_NUM = _labelled({"td": {"class": "num"}, "th": {"class": "num"}})
_TEXT = _labelled()


class ProgressTable(tables.Table):
    """One location block (or the totals block) of :class:`ProgressRow` objects.

    Housing-corporation rows get the class "hc" and a "WC" mark; figures are formatted with
    ``locations.formatting`` and never recomputed here.
    """

    section_label = tables.Column(verbose_name=_("Onderdeel"), attrs=_TEXT)
    #: On a phone the row's heading: bold, without a label.
    description = tables.Column(verbose_name=_("Prestatie"), attrs={"td": {"class": "stack-head"}})
    method_label = tables.Column(verbose_name=_("Meetmethode"), attrs=_TEXT)
    target_text = tables.Column(verbose_name=_("Streefcijfer"), attrs=_NUM)
    expected_to_date = tables.Column(verbose_name=_("Pro rata"), attrs=_NUM)
    realised = tables.Column(verbose_name=_("Gerealiseerd"), attrs=_NUM, empty_values=())
    realised_quarter = tables.Column(verbose_name=_("Dit kwartaal"), attrs=_NUM)
    difference = tables.Column(verbose_name=_("Verschil"), attrs=_NUM)
    #: Year reports only (issue 11): the views exclude it otherwise (reports.views.progress).
    previous_realised_text = tables.Column(verbose_name=_("Vorig jaar"), attrs=_NUM)
    status_label = tables.Column(
        verbose_name=_("Status"),
        attrs=_labelled({"td": {"class": lambda record: f"status-{record.status}"}}),
    )

    class Meta:
        orderable = False
        attrs = {"class": "progress stack"}
        row_attrs = {
            "class": lambda record: " ".join(
                name
                for name, applies in [
                    ("hc", record.housing_corporation),
                    ("total", record.category_key == "all"),
                ]
                if applies
            ),
            "data-indicator": lambda record: record.indicator_code,
        }

    def render_description(self, record: ProgressRow) -> SafeString:
        mark = format_html('<span class="hc-mark" title="{}">WC</span> ', _("Woningcorporaties"))
        note = (
            format_html('<br><small class="muted">{}</small>', record.note) if record.note else ""
        )
        return format_html(
            "{}{}{}", mark if record.housing_corporation else "", record.description, note
        )

    def __init__(
        self,
        data: Any,
        *args: Any,
        trace_url: Callable[[ProgressRow], str] | None = None,
        period: Period | None = None,
        **kwargs: Any,
    ) -> None:
        """``trace_url``: the URL of a row's trace page (``reports:trace``); None (the
        default, e.g. for a report rendered to be stored) links nothing. ``period``: the
        report's period, whose part names the column of the part's own figures ("Dit
        kwartaal", "Deze viermaandsperiode", "Dit halfjaar": :attr:`Period.part_heading`)."""
        super().__init__(data, *args, **kwargs)
        self.trace_url = trace_url
        if period is not None:  # the table's own copy of its columns (django-tables2)
            self.columns["realised_quarter"].column.verbose_name = period.part_heading

    def render_expected_to_date(self, value: Decimal) -> str:
        return formatting.format_number(value)

    def render_realised(self, record: ProgressRow) -> str:
        """The selector's display text ("12 op 18", "63%", "8,1", "Positief") and, for a
        survey, the number of respondents beside it. With ``trace_url`` the text links to
        what was counted (issue 11), except "—" (nothing realised)."""
        text: str = record.realised_text
        if self.trace_url is not None and text != "—":
            text = format_html(
                '<a href="{}" title="{}">{}</a>',
                self.trace_url(record),
                _("Wat is hier geteld?"),
                text,
            )
        if record.respondents:
            return format_html(
                '{}<br><small class="muted">{}</small>',
                text,
                ngettext("%(n)s respondent", "%(n)s respondenten", record.respondents)
                % {"n": formatting.format_number(record.respondents)},
            )
        return text

    def render_realised_quarter(self, value: int) -> str:
        return formatting.format_number(value)

    def render_difference(self, value: formatting.Number) -> str:
        return formatting.format_number(value, signed=True)


class VisitTable(tables.Table):
    """Visits per location and category (:class:`VisitRow` objects)."""

    def __init__(self, data: Any, *args: Any, period: Period | None = None, **kwargs: Any) -> None:
        """``period``: the report's period, whose part names the part's columns ("Anoniem
        dit kwartaal", "... deze viermaandsperiode", "... dit halfjaar")."""
        super().__init__(data, *args, **kwargs)
        if period is not None:
            part = {"part": period.part_name}
            self.columns["anonymous_quarter"].column.verbose_name = _("Anoniem %(part)s") % part
            self.columns["visits_quarter"].column.verbose_name = _("Bezoeken %(part)s") % part

    location_name = tables.Column(verbose_name=_("Buurtwerkkamer"), attrs=_TEXT)
    category_label = tables.Column(verbose_name=_("Categorie"), attrs=_TEXT)
    anonymous = tables.Column(verbose_name=_("Anoniem t/m periode"), attrs=_NUM)
    visits = tables.Column(verbose_name=_("Bezoeken t/m periode"), attrs=_NUM)
    anonymous_quarter = tables.Column(verbose_name=_("Anoniem dit kwartaal"), attrs=_NUM)
    visits_quarter = tables.Column(verbose_name=_("Bezoeken dit kwartaal"), attrs=_NUM)

    class Meta:
        orderable = False
        attrs = {"class": "stack"}
        row_attrs = {"class": lambda record: "total" if record.location_code == "all" else ""}

    def render_anonymous(self, value: int) -> str:
        return formatting.format_number(value)

    def render_visits(self, value: int) -> str:
        return formatting.format_number(value)

    def render_anonymous_quarter(self, value: int) -> str:
        return formatting.format_number(value)

    def render_visits_quarter(self, value: int) -> str:
        return formatting.format_number(value)


@dataclass(frozen=True)
class ItemLine:
    """A municipality-item row for a template: label, counts in location order, total."""

    label: str
    values: list[int]
    total: int


@dataclass(frozen=True)
class ItemTable:
    """One municipality item for the template ``reports/_municipality_items.html``: its
    ``letter`` and ``title`` (as stated, else the kind's title), ``kind``, and for a counted
    kind its rows, totals row and label header (``partners`` is rendered from
    ``MunicipalityItems.partners``: empty rows, no totals)."""

    letter: str
    title: StrOrPromise
    kind: str
    rows: list[ItemLine]
    total: ItemLine | None
    label_header: StrOrPromise


def municipality_tables(items: MunicipalityItems | None) -> list[ItemTable]:
    """The municipality's items in the agreement's order (``items.definitions``) for the
    template ``reports/_municipality_items.html``, counts ordered like ``items.locations``.
    Only reorders the selector's figures."""
    if items is None:
        return []
    codes = [code for code, _name in items.locations]

    def line(row: ItemCountRow) -> ItemLine:
        return ItemLine(row.label, [row.counts.get(code, 0) for code in codes], row.total)

    counted = {
        MunicipalityItemKind.REFERRALS: (items.referrals, items.referrals_total, _("Organisatie")),
        MunicipalityItemKind.MINIMA: (items.minima, items.minima_total, _("Regeling")),
        MunicipalityItemKind.DEBT_SUPPORT: (
            items.debt_support,
            items.debt_support_total,
            _("Naar"),
        ),
    }
    tables = []
    for definition in items.definitions:
        title = definition.title or MunicipalityItemKind(definition.kind).label
        if definition.kind in counted:
            rows, total, header = counted[MunicipalityItemKind(definition.kind)]
            tables.append(
                ItemTable(
                    definition.letter,
                    title,
                    definition.kind,
                    [line(row) for row in rows],
                    line(total),
                    header,
                )
            )
        else:
            tables.append(ItemTable(definition.letter, title, definition.kind, [], None, ""))
    return tables
