"""The key figures of a progress report, for the summary page of the PDF: pure functions of
the report as its audience gets it (:func:`reports.audience.arrange`), no query.

Nothing is counted here: every figure is one the report already carries (the "total unique
participants" row of each block, the rows' statuses, the visit rows), so the summary can never
disagree with the tables behind it (STYLE.md, "Figures in one place").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reports.audience import Arrangement
from reports.report import TOTAL_CODE, ProgressReport
from reports.status import ATTENTION_STATUSES, GOOD_STATUSES


@dataclass(frozen=True)
class SummaryRow:
    """One line of the key-figures table: a location (or the totals, ``code`` "all").

    ``unique_realised``/``unique_target_text``: the block's "total unique participants" row
    (category "all"): realised year to date (a count of people, never a sum over the
    locations) and its target as stated; None/"—" when the block has no such row.
    ``visits``: visits year to date over every category (attendances plus anonymous
    visitors; a sum of the visit rows, which are counts of visits). ``rows``: the indicator
    rows shown; ``good``: those achieved or on track; ``attention``: those behind or below
    target; the rest have no target or nothing recorded yet.
    """

    code: str
    name: str
    is_total: bool
    unique_realised: Decimal | int | None
    unique_target_text: str
    visits: int
    rows: int
    good: int
    attention: int


def summary_rows(report: ProgressReport, arrangement: Arrangement) -> list[SummaryRow]:
    """One :class:`SummaryRow` per block of ``arrangement`` (the locations, then the totals),
    from the rows the audience gets; visits from ``report.visits`` (the totals' from the rows
    with location code "all")."""
    visits: dict[str, int] = {}
    for visit in report.visits:
        visits[visit.location_code] = visits.get(visit.location_code, 0) + visit.visits
    rows: list[SummaryRow] = []
    for block in arrangement.blocks:
        shown = block.shown_rows
        unique = next((row for row in shown if row.category_key == "all"), None)
        code = TOTAL_CODE if block.is_total else block.code
        rows.append(
            SummaryRow(
                code=code,
                name=block.name,
                is_total=block.is_total,
                unique_realised=unique.realised if unique is not None else None,
                unique_target_text=unique.target_text if unique is not None else "—",
                visits=visits.get(code, 0),
                rows=len(shown),
                good=sum(1 for row in shown if row.status in GOOD_STATUSES),
                attention=sum(1 for row in shown if row.status in ATTENTION_STATUSES),
            )
        )
    return rows
