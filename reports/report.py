"""The progress report as one object: plain frozen dataclasses carrying everything a
rendering shows (built by :func:`reports.selectors.progress_report`).

:class:`ProgressReport` holds the realised-vs-target rows per location and in total, the
visits, the municipality's items (a)-(d) and the financial section. The web page, the PDF and
the Excel file are pure functions of it (they run no query and need no scope), and
:mod:`reports.serialise` stores it as JSON and rebuilds it exactly. Fields are only ever
appended, with a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from agreements.choices import BUILT_IN_MUNICIPALITY_ITEMS
from locations.periods import Period
from reports.financial import FinancialSection
from reports.plans.overview import YearOverYear

#: Location code of the totals block (all selected locations together).
TOTAL_CODE = "all"


@dataclass(frozen=True)
class ProgressRow:
    """One indicator at one location (or in the totals block) for a period.

    ``realised`` is the realised figure in the target's unit (reports.measures): for counts
    year-to-date (1 Jan of the agreement year up to the period's end) or the state on the
    period's end date; for "X op Y" the X; for surveys the share in percent (62.5 for 62.5%)
    or the mean score; for Interviews the entered estimate; None when there is none and for
    Positief/Negatief checks. ``realised_quarter`` is the quarter alone, only for
    year-to-date counts in a quarterly report. ``target_value`` is the yearly target,
    ``expected_to_date`` its pro-rata share (only for year-to-date counts), ``difference``
    realised minus the yearly target value.

    Added for issue 3 (at the end, never renamed): ``realised_of`` (Y of "X op Y"),
    ``realised_text`` (the display: "12 op 18", "63%", "8,1", "Positief", "—"),
    ``respondents`` (survey respondents behind the result), ``entered_by`` and
    ``entered_source`` (who entered an Interviews/Controle figure and its source).

    Added for issue 9 ("Report per audience"): ``public_note``, the note as a funder's
    version shows it (without who entered the figure: staff names stay internal); None when
    ``note`` names nobody (and in reports stored before it existed: see
    :func:`reports.audience.funder_row`).

    Added for issue 11 (previous-year figures): in a year report, ``previous_realised`` and
    ``previous_realised_text`` are the realised figure and its display of the same indicator
    code at the same location (or in the totals) in the previous year's report
    (:attr:`ProgressReport.previous_year`); None and "" when there is none (a quarterly
    report, no previous agreement, a code or a location the previous agreement did not have).
    """

    indicator_code: str
    section: str
    section_label: str
    description: str
    method: str
    method_label: str
    categories: tuple[str, ...]
    category_key: str
    housing_corporation: bool
    target_text: str
    target_comparator: str
    target_value: Decimal | None
    target_value_of: Decimal | None
    expected_to_date: Decimal | None
    realised: Decimal | int | None
    realised_quarter: int | None
    difference: Decimal | int | None
    status: str
    status_label: str
    note: str
    realised_of: int | None = None
    realised_text: str = "—"
    respondents: int | None = None
    entered_by: str = ""
    entered_source: str = ""
    public_note: str | None = None
    previous_realised: Decimal | int | None = None
    previous_realised_text: str = ""


@dataclass(frozen=True)
class RoomVersionEntry:
    """A version of a room the report's period overlaps (issue 12, "'light' and 'full'
    versions of a room"): its ``label`` as the agreement states it ("licht", "volledig") and
    its dates, ``starts_on`` up to and including ``ends_on`` (None: no end stated)."""

    label: str
    starts_on: date
    ends_on: date | None = None


@dataclass(frozen=True)
class LocationBlock:
    """The rows of one location, or of all selected locations together (``is_total``), or of
    a group of rooms the agreement names (``is_group``, issue 12: its realised figures over
    its rooms together, distinct participants, never a sum; its own targets).

    ``location_codes`` and ``location_names`` (issue 12): the rooms of a group block, in
    report order; () for the other blocks. ``versions``: the room's versions
    (:class:`RoomVersionEntry`) that overlap the year to date of the report's period, in date
    order (empty when the agreement states none; always empty for the totals and groups)."""

    code: str
    name: str
    rows: list[ProgressRow]
    is_total: bool = False
    is_group: bool = False
    location_codes: tuple[str, ...] = ()
    location_names: tuple[str, ...] = ()
    versions: list[RoomVersionEntry] = field(default_factory=list)


@dataclass(frozen=True)
class VisitRow:
    """Visits in one category at one location (code "all" for the totals), year-to-date and
    for the quarter alone (None for a full-year report)."""

    location_code: str
    location_name: str
    category: str
    category_label: str
    anonymous: int
    visits: int
    anonymous_quarter: int | None
    visits_quarter: int | None


@dataclass(frozen=True)
class ProgressReport:
    """A progress report of one agreement over one period: everything its renderings show.

    ``locations`` (one block per location) and ``totals`` hold the indicator rows,
    ``visits`` the visits, ``municipality`` the municipality's items (a)-(d), ``audience``
    who an issued report is for (:class:`ReportAudience`), ``financial``
    the financial section (:class:`reports.financial.FinancialSection`: the budget figures
    over the report's locations, budget versus actual up to the period's end, the formatted
    tables and the differences with the source; None when the agreement has nothing
    financial for those locations), ``narratives`` the approved narratives of the report's
    locations in its period (:class:`NarrativeEntry`, issue 11). ``generated_on`` is the date
    it was built: the date the files show and carry in their metadata. ``previous_year``
    (issue 11): in a year report, the year whose figures the rows carry beside this year's
    (``ProgressRow.previous_*``; the previous agreement of the same organisation and region);
    None when there are none. ``final``: the report is "definitief" (issued over a period
    whose every day, from 1 January to the period's end, is closed:
    :func:`reports.issuing.period_is_closed`); otherwise it is a "concept" (built on the fly,
    or issued while the period is open). ``logo``: the organisation's logo as a ``data:`` URL
    (:func:`reports.selectors.progress.organisation_logo`), empty for the cooperative's
    default logo; carried in the report so an issued report renders with the logo it was
    issued with. ``groups`` (issue 12): a block per room group of the agreement that has
    targets and whose rooms are all in the report (shown after the rooms, before the
    totals); ``region_compared``: the totals block is compared with the agreement's targets
    for the whole region (the report covers every room of the agreement), not with the sum
    of the rooms' targets. ``plan`` (issue 12): in the report of a multi-year plan (an
    agreement of kind ``multi_year_plan``), the plan against realised per year
    (:func:`reports.plans.selectors.year_over_year`), which the Excel file shows as its sheet
    "Meerjarenplan"; None for every other agreement. Fields are only ever appended, with a
    default.
    """

    agreement_id: int
    agreement_slug: str
    agreement_title: str
    region_name: str
    year: int
    organisation_name: str
    period: Period
    generated_on: date
    locations: list[LocationBlock]
    totals: LocationBlock
    visits: list[VisitRow]
    municipality: MunicipalityItems | None = None
    financial: FinancialSection | None = None
    audience: ReportAudience | None = None
    narratives: list[NarrativeEntry] = field(default_factory=list)
    previous_year: int | None = None
    final: bool = False
    logo: str = ""
    groups: list[LocationBlock] = field(default_factory=list)
    region_compared: bool = False
    plan: YearOverYear | None = None


@dataclass(frozen=True)
class NarrativeEntry:
    """An approved narrative of one of the report's locations (issue 11): ``period`` its
    quarter ("2019-Q2"; a year report carries each quarter's), the three texts as approved
    (``highlights``, ``story``: a resident's story without personal details, ``attention``:
    points of attention; "" when left empty) and the day it was approved. Who wrote and who
    approved it stay internal (not in the report). Which audiences get narratives:
    :func:`reports.audience.arrange`."""

    location_code: str
    location_name: str
    period: str
    highlights: str
    story: str
    attention: str
    approved_on: date


@dataclass(frozen=True)
class ReportAudience:
    """Who an issued report is for (issue 9, "Report per audience"); None on a report that is
    not issued. ``kind``: a :class:`reports.models.Audience` value ("municipality",
    "housing_corporation", "funder", "board"); ``party_code`` / ``party_name`` /
    ``party_kind`` the funder it is issued to ("" for the board); ``housing_only``: a housing
    corporation's report shows only the indicators marked for housing corporations (else
    those first, highlighted, and the others after them). The report's locations are already
    the audience's (a funder's: those its party finances in the agreement).
    ``reporting_text``: what the agreement asks of the report to this audience, as the
    agreement data has it (a housing corporation's: ``Agreement.housing_corporation_reporting``,
    woonmaatschappelijk werk; "" otherwise)."""

    kind: str
    party_code: str = ""
    party_name: str = ""
    party_kind: str = ""
    housing_only: bool = False
    reporting_text: str = ""


@dataclass(frozen=True)
class ItemCountRow:
    """One line of a municipality item: a label (organisation or scheme), the count per
    location code, and the total over the selected locations (a sum: every row is an event)."""

    label: str
    counts: dict[str, int]
    total: int


@dataclass(frozen=True)
class PartnerRow:
    """A partner organisation a location works with under an agreement (item c)."""

    location_code: str
    location_name: str
    partner_name: str
    agreed_on: date
    ended_on: date | None
    note: str


@dataclass(frozen=True)
class ItemDefinition:
    """One item the agreement asks to be stated explicitly (issue 12): its ``letter`` as in
    the document ("a"), ``kind`` what it counts (an
    :class:`agreements.choices.MunicipalityItemKind` value: ``referrals``, ``minima``,
    ``partners``, ``debt_support``) and its ``title`` as stated ("" for the kind's own,
    translated title)."""

    letter: str
    kind: str
    title: str = ""


def built_in_definitions() -> list[ItemDefinition]:
    """The items (a)-(d) of the 2019 Zuidoost agreement, which every report showed before
    the items were defined per agreement (the default of :attr:`MunicipalityItems.definitions`,
    so a report stored before it rebuilds with them)."""
    return [ItemDefinition(letter, kind) for letter, kind in BUILT_IN_MUNICIPALITY_ITEMS]


@dataclass(frozen=True)
class MunicipalityItems:
    """What the municipality's report must state explicitly (2019 agreement; DOMAIN.md
    "How each measurement method is realised", items (a)-(d)), year to date
    (``start`` = 1 Jan of the agreement year .. ``end`` = the period's end).

    - (a) ``referrals``: outgoing referrals to formal care and welfare organisations, one
      row per organisation (names compared case-insensitively), ``referrals_total`` per location;
    - (b) ``minima``: minima-scheme applications submitted through the room, one row per
      scheme, ``minima_total`` per location;
    - (c) ``partners``: partner organisations with their agreement date, active at some time
      in the window (agreed on or before ``end``, not ended before ``start``);
    - (d) ``debt_support``: residents supported towards debt assistance, one row per
      organisation, ``debt_support_total`` per location.

    ``locations`` are (code, name) of the selected locations in report order.
    ``definitions`` are the items the agreement defines, in its order (issue 12): only
    those are shown; the counts of a kind it does not define are empty.
    """

    start: date
    end: date
    locations: list[tuple[str, str]]
    referrals: list[ItemCountRow]
    referrals_total: ItemCountRow
    minima: list[ItemCountRow]
    minima_total: ItemCountRow
    partners: list[PartnerRow]
    debt_support: list[ItemCountRow]
    debt_support_total: ItemCountRow
    definitions: list[ItemDefinition] = field(default_factory=built_in_definitions)

    @property
    def built_in(self) -> bool:
        """Whether these are exactly the built-in items (a)-(d) (their section keeps its
        heading naming them; other items get a plain heading)."""
        return self.definitions == built_in_definitions()
