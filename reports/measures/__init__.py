"""Every indicator realised: the registry indicator code -> measure, and the measures.

The PROCES rows (Uniek #, Klussen #) are counted by :mod:`reports.counting`; every other
indicator of the 2019 and 2021 Zuidoost agreements is realised here (issue 3; DOMAIN.md "How
each measurement method is realised"). Indicator codes are stable across agreement years
(docs/agreement-format.md), so the registry :data:`MEASURES` maps a code to its measure;
:func:`measure_for` falls back on the measurement method for codes not in the registry
(surveys by question code, Interviews and Controle by entered results, Begroting by the budget).

Every measure function takes a :class:`MeasureContext` (the selected locations, the report
period and its windows) and the indicator codes it realises, and answers the whole report in
ONE query (Begroting: none with the selector's budget overview, else the queries of
``budgets.figures.budget_check``), whatever the number of locations:
``{(indicator_code, location_id): Measured}`` for every selected location plus
location ``None`` for the totals block ("all" over the selected locations). Rows are read
through the default (scoped) managers, so inside an active scope only visible rows count.
In a report (:func:`~reports.measures.registry.measure_all`) the measures that count rows
(key holders, volunteer groups, members, placements, partners, paid work, referrals, "X op
Y") share one query: their row querysets, in one shape (``base.Row``), are read together in
one ``UNION ALL`` first (issue 13), and each measure counts the same rows it would read alone.

Windows: "ytd" is 1 January of the agreement year up to the period's end; "quarter" the
quarter alone (only in a quarterly report). "On the end date" means the period's last day.

Kinds (:class:`Kind`) decide how a figure is compared with its target
(``reports.status.status_for``): only year-to-date cumulative counts (``cumulative``,
``x_of_y``) are compared with the pro-rata share of the yearly target during the year; states
at the period's end (``state``), survey results (``share``, ``score``) and entered figures are
compared with the yearly target itself (achieved, else behind; below target at the year's end).

Modules: :mod:`~reports.measures.base` (keys, kinds, :class:`Measured`, the context),
:mod:`~reports.measures.states` (counts on the end date), :mod:`~reports.measures.year_to_date`
(counts over the year to date, "X op Y"), :mod:`~reports.measures.surveys`,
:mod:`~reports.measures.entered` (Interviews, Controle, Begroting) and
:mod:`~reports.measures.registry` (code -> measure).
"""

from reports.measures.base import (
    NEGATIVE_TEXT,
    POSITIVE_TEXT,
    Key,
    Kind,
    Measure,
    MeasureContext,
    Measured,
    MeasureFunction,
)
from reports.measures.entered import budget, entered_results
from reports.measures.registry import BY_METHOD, MEASURES, measure_all, measure_for
from reports.measures.states import (
    active_volunteers,
    key_holders,
    partners,
    paying_members,
    registered_members,
    volunteer_groups,
    work_learning_places,
)
from reports.measures.surveys import SCORE_QUESTIONS, SHARE_QUESTIONS, surveys
from reports.measures.year_to_date import REFERRAL_KINDS, paid_work, referrals, referred_taking_part

__all__ = [
    "BY_METHOD",
    "Key",
    "Kind",
    "MEASURES",
    "Measure",
    "MeasureContext",
    "MeasureFunction",
    "Measured",
    "NEGATIVE_TEXT",
    "POSITIVE_TEXT",
    "REFERRAL_KINDS",
    "SCORE_QUESTIONS",
    "SHARE_QUESTIONS",
    "active_volunteers",
    "budget",
    "entered_results",
    "key_holders",
    "measure_all",
    "measure_for",
    "paid_work",
    "partners",
    "paying_members",
    "referrals",
    "referred_taking_part",
    "registered_members",
    "surveys",
    "volunteer_groups",
    "work_learning_places",
]
