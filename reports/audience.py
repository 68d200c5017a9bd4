"""One report arranged for its audience (issue 9, "Report per audience"): the same rows,
arranged, never recomputed.

:func:`arrange` reads a built :class:`~reports.report.ProgressReport` and its ``audience``
(:class:`~reports.report.ReportAudience`, set when the report is issued) and returns an
:class:`Arrangement`: which rows the PDF, the workbook and the web page's report part show,
in which order and under which headings, a party's contribution and the sections an audience
gets on top. It runs no query and computes no figure: rows are selected and reordered, a
funder's rows leave out who entered a figure, and a contribution is read from the report's
own financial section (``report.financial.overview``).

What each audience gets (docs/report-formats.md, "Report per audience"):

- **no audience** (the live progress page, a file downloaded from it): the report as built;
- **municipality**: the report as built (every indicator of every location, items (a)-(d),
  the financial section), without who entered a figure;
- **other funders** (fund, health insurer, benefit agency, sponsor): every row of the
  report's locations (those the party finances) in the agreement's order, who it is for and
  the party's contribution per location and in total beside the financing of all funders;
- **housing corporation**: as another funder, but per location block and in the totals the
  rows marked for housing corporations first ("Van belang voor woningcorporaties",
  highlighted as everywhere), then the others under "Overige prestaties", or only the marked
  rows when ``housing_only``; and the short section "Woonmaatschappelijk werk" with what the
  agreement asks of the reports to housing corporations (``ReportAudience.reporting_text``,
  from the agreement data);
- **board**: everything as built plus the internal notes (who entered which figure, from
  which source).

Narratives (issue 11): every audience of :data:`NARRATIVE_AUDIENCES` gets the approved
narratives of the report's locations (a party's version: the locations it finances, as the
report already is), and so does the report without an audience. That is every audience today:
the board approves a narrative for exactly this use, and it names no resident and no staff
member (who wrote or approved it is not in the report). An audience taken out of the set gets
none (``Arrangement.narratives`` empty) and its issued report stores none
(:func:`without_staff_names`).

Staff names (``ProgressRow.entered_by`` and the note that names them) appear only where the
report is internal: with no audience (the organisation's own page and downloads) and in the
board's version; every party's version leaves them out (:func:`funder_row`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgets.figures import ALL, FunderRow
from locations.formatting import format_euro
from reports.models import Audience
from reports.report import (
    LocationBlock,
    NarrativeEntry,
    ProgressReport,
    ProgressRow,
    ReportAudience,
)


@dataclass(frozen=True)
class RowGroup:
    """Rows shown together under ``heading`` ("": no heading, the report as built);
    ``highlighted``: the group of the rows marked for housing corporations, whose heading
    takes their colour."""

    heading: str
    rows: list[ProgressRow]
    highlighted: bool = False


@dataclass(frozen=True)
class Contribution:
    """What the report's party (``party_name``) finances at one location (``location_code``;
    "all" for the report's locations together), in euros (None: it finances nothing there),
    beside the financing of all funders there (``financing_total``, None when not
    computed). Both figures are the financial section's own."""

    location_code: str
    party_name: str
    amount: Decimal | None
    financing_total: Decimal | None

    @property
    def figures_text(self) -> str:
        """The figures as shown: "€ 2.500,00 van € 108.500,00" ("—" for nothing)."""
        if self.financing_total is None:
            return format_euro(self.amount)
        return _("%(amount)s van %(total)s") % {
            "amount": format_euro(self.amount),
            "total": format_euro(self.financing_total),
        }

    @property
    def text(self) -> str:
        """The line as shown: "Bijdrage Ymere: € 2.500,00 van € 108.500,00"."""
        return _("Bijdrage %(party)s: %(figures)s") % {
            "party": self.party_name,
            "figures": self.figures_text,
        }


@dataclass(frozen=True)
class ArrangedBlock:
    """A location block (or the totals) as its audience sees it.

    ``block`` is the report's block with the rows the audience gets, in the report's order
    (the workbook's ``data`` sheet); ``groups`` the same rows in the order and under the
    headings they are shown; ``left_out`` how many rows ``housing_only`` left out;
    ``contribution`` the party's contribution here (None without a party or financing)."""

    block: LocationBlock
    groups: list[RowGroup]
    left_out: int = 0
    contribution: Contribution | None = None

    @property
    def code(self) -> str:
        """The location code ("all" for the totals)."""
        return self.block.code

    @property
    def name(self) -> str:
        """The location's name (the totals block's name)."""
        return self.block.name

    @property
    def is_total(self) -> bool:
        """True for the totals block over the report's locations."""
        return self.block.is_total

    @property
    def left_out_text(self) -> str:
        """How many rows ``housing_only`` left out here, as a sentence ("" for none)."""
        if not self.left_out:
            return ""
        return ngettext(
            "%(count)s andere prestatie weggelaten: alleen die van belang voor woningcorporaties.",
            "%(count)s andere prestaties weggelaten: alleen die van belang voor woningcorporaties.",
            self.left_out,
        ) % {"count": self.left_out}

    @property
    def shown_rows(self) -> list[ProgressRow]:
        """The rows in the order they are shown (the groups one after the other)."""
        return [row for group in self.groups for row in group.rows]


@dataclass(frozen=True)
class InternalNote:
    """An internal note of the board's version: a figure entered by staff (Interviews,
    Controle) at one location, who entered it, its source and the row's note (its public
    version: who entered it has a column of its own)."""

    location_code: str
    location_name: str
    indicator_code: str
    description: str
    realised_text: str
    entered_by: str
    entered_source: str
    note: str


@dataclass(frozen=True)
class Arrangement:
    """What one report shows to its audience (module docstring).

    ``audience`` is the report's (None: not issued); ``recipient`` who it is for, as shown
    ("Ymere (woningcorporatie)"; "" for the versions that do not say so: no audience, the
    municipality and the board, which show the report as built); ``blocks`` the location blocks,
    then the room groups' blocks (issue 12, ``ProgressReport.groups``), then the totals;
    ``internal`` True when the rows carry who entered a figure (no audience, the board);
    ``housing_section`` the paragraphs of "Woonmaatschappelijk werk"
    (housing corporations; else empty); ``internal_notes`` the board's internal notes (None
    for every other version); ``left_out`` the rows ``housing_only`` left out over all
    blocks; ``narratives`` the approved narratives this audience gets (issue 11; empty for
    an audience outside :data:`NARRATIVE_AUDIENCES`)."""

    audience: ReportAudience | None
    recipient: str
    blocks: list[ArrangedBlock]
    internal: bool
    housing_section: list[str]
    internal_notes: list[InternalNote] | None
    left_out: int
    narratives: list[NarrativeEntry] = field(default_factory=list)

    @property
    def party_version(self) -> bool:
        """True for a housing corporation's and another funder's version: the ones that say
        who they are for, show the party's contribution and add the workbook's "audience"
        sheet."""
        return self.audience is not None and self.audience.kind in PARTY_VERSIONS

    @property
    def extended(self) -> bool:
        """True when the report shows more than as built (a party's version, the board's
        internal notes): the PDF then carries the styles of those parts."""
        return self.party_version or self.internal_notes is not None

    @property
    def locations(self) -> list[ArrangedBlock]:
        """The location blocks, in report order (not the groups' blocks)."""
        return [block for block in self.blocks[:-1] if not block.block.is_group]

    @property
    def groups(self) -> list[ArrangedBlock]:
        """The room groups' blocks (issue 12), in report order."""
        return [block for block in self.blocks[:-1] if block.block.is_group]

    @property
    def totals(self) -> ArrangedBlock:
        """The totals block over the report's locations."""
        return self.blocks[-1]

    @property
    def contributions(self) -> list[Contribution]:
        """The party's contribution per location, then in total (empty without one)."""
        return [block.contribution for block in self.blocks if block.contribution is not None]

    @property
    def left_out_text(self) -> str:
        """What ``housing_only`` left out, as a sentence ("" when nothing)."""
        if not self.left_out:
            return ""
        return _(
            "Alleen de prestaties van belang voor woningcorporaties; de andere prestaties "
            "zijn bij het uitgeven weggelaten."
        )


def funder_row(row: ProgressRow) -> ProgressRow:
    """``row`` as a party's version shows it: without who entered the figure.

    ``entered_by`` is emptied and the note replaced by its public version
    (``ProgressRow.public_note``). A row of a report stored before rows had a public note,
    whose figure was entered by someone, loses its note (it may name them); every other row
    keeps its note. Figures and texts are unchanged."""
    if row.public_note is not None:
        note = row.public_note
    elif row.entered_by:
        note = ""
    else:
        note = row.note
    return replace(row, note=note, entered_by="", public_note=None)


def without_staff_names(report: ProgressReport) -> ProgressReport:
    """``report`` with every row as a party's version shows it (:func:`funder_row`) when its
    audience is a party (municipality, housing corporation, other funder); unchanged for the
    board and without an audience. Issuing stores this report (``IssuedReport.report_json``),
    so that what a funder can be given never names staff (and holds narratives only for an
    audience of :data:`NARRATIVE_AUDIENCES`). Rows are only copied: no figure
    changes, and arranging the result gives the same files."""
    audience = report.audience
    if audience is None or audience.kind == Audience.BOARD:
        return report
    return replace(
        report,
        narratives=report.narratives if audience.kind in NARRATIVE_AUDIENCES else [],
        locations=[
            replace(block, rows=[funder_row(row) for row in block.rows])
            for block in report.locations
        ],
        groups=[
            replace(block, rows=[funder_row(row) for row in block.rows]) for block in report.groups
        ],
        totals=replace(report.totals, rows=[funder_row(row) for row in report.totals.rows]),
    )


#: The audiences whose version says who it is for and shows the party's contribution.
PARTY_VERSIONS = frozenset({Audience.HOUSING_CORPORATION, Audience.FUNDER})

#: The audiences that get the approved narratives (module docstring; the report without an
#: audience gets them too).
NARRATIVE_AUDIENCES = frozenset(
    {Audience.MUNICIPALITY, Audience.HOUSING_CORPORATION, Audience.FUNDER, Audience.BOARD}
)


def _recipient(audience: ReportAudience | None) -> str:
    if audience is None or audience.kind not in PARTY_VERSIONS:
        return ""
    label = Audience(audience.kind).label if audience.kind in Audience.values else ""
    if not label:
        return audience.party_name
    return f"{audience.party_name} ({label})"


def _funder(report: ProgressReport, audience: ReportAudience | None) -> FunderRow | None:
    """The financing row of the report's party in its own financial section (a party's
    version only), or None."""
    if audience is None or audience.kind not in PARTY_VERSIONS:
        return None
    if not audience.party_code or report.financial is None:
        return None
    funders = report.financial.overview.funders
    return next((f for f in funders if f.code == audience.party_code), None)


def _contribution(report: ProgressReport, funder: FunderRow, party: str, code: str) -> Contribution:
    assert report.financial is not None  # a funder row comes from the financial section
    figures = report.financial.overview.figures.get(code, {})
    total_figure = figures.get("financing_total")
    total = total_figure.computed if total_figure is not None else None
    amount = funder.total if code == ALL else funder.amounts.get(code)
    return Contribution(code, party, amount, total)


def _groups(rows: list[ProgressRow], housing_first: bool, housing_only: bool) -> list[RowGroup]:
    if not housing_first:
        return [RowGroup("", rows)]
    marked = [row for row in rows if row.housing_corporation]
    others = [] if housing_only else [row for row in rows if not row.housing_corporation]
    groups = [
        RowGroup(_("Van belang voor woningcorporaties"), marked, highlighted=True),
        RowGroup(_("Overige prestaties"), others),
    ]
    return [group for group in groups if group.rows]


def _housing_section(report: ProgressReport, reporting_text: str, housing_only: bool) -> list[str]:
    """The paragraphs of the short section "Woonmaatschappelijk werk": what the agreement
    asks of the reports to housing corporations (``reporting_text``, the agreement data's
    ``housing_corporation_reporting``, e.g. 2019: "In de verantwoording naar de
    woningcorporaties toe zal expliciet worden gerefereerd aan de wettelijke kaders ...";
    DOMAIN.md), then how this report shows their indicators, then the agreement it comes
    from. Without a text in the agreement only the second paragraph."""
    how = (
        _(
            "Deze rapportage toont alleen de prestaties van belang voor woningcorporaties, "
            "gemarkeerd met WC."
        )
        if housing_only
        else _(
            "In deze rapportage staan de prestaties van belang voor woningcorporaties per "
            "buurtwerkkamer en in het totaal voorop, gemarkeerd met WC; de overige prestaties "
            "volgen daarna."
        )
    )
    if not reporting_text:
        return [how]
    return [
        reporting_text,
        how,
        _("Bron: %(agreement)s.") % {"agreement": report.agreement_title},
    ]


def _internal_notes(report: ProgressReport) -> list[InternalNote]:
    return [
        InternalNote(
            location_code=block.code,
            location_name=block.name,
            indicator_code=row.indicator_code,
            description=row.description,
            realised_text=row.realised_text,
            entered_by=row.entered_by,
            entered_source=row.entered_source,
            note=row.public_note if row.public_note is not None else row.note,
        )
        for block in report.locations
        for row in block.rows
        if row.entered_by or row.entered_source
    ]


def arrange(report: ProgressReport) -> Arrangement:
    """``report`` arranged for ``report.audience`` (module docstring); no query, no figure
    computed. A report without an audience comes back as built: one group without a heading
    per block, every row as it is."""
    audience = report.audience
    kind = audience.kind if audience is not None else ""
    internal = audience is None or kind == Audience.BOARD
    housing_first = kind == Audience.HOUSING_CORPORATION
    housing_only = housing_first and audience is not None and audience.housing_only
    funder = _funder(report, audience)
    blocks = []
    for block in [*report.locations, *report.groups, report.totals]:
        rows = block.rows if internal else [funder_row(row) for row in block.rows]
        kept = [row for row in rows if row.housing_corporation] if housing_only else rows
        contribution = None
        if funder is not None and audience is not None and not block.is_group:
            contribution = _contribution(report, funder, audience.party_name, block.code)
        blocks.append(
            ArrangedBlock(
                block=replace(block, rows=kept),
                groups=_groups(kept, housing_first, housing_only),
                left_out=len(rows) - len(kept),
                contribution=contribution,
            )
        )
    return Arrangement(
        audience=audience,
        recipient=_recipient(audience),
        blocks=blocks,
        internal=internal,
        housing_section=(
            _housing_section(report, audience.reporting_text, housing_only)
            if housing_first and audience is not None
            else []
        ),
        internal_notes=_internal_notes(report) if kind == Audience.BOARD else None,
        left_out=sum(block.left_out for block in blocks),
        narratives=list(report.narratives)
        if audience is None or kind in NARRATIVE_AUDIENCES
        else [],
    )
