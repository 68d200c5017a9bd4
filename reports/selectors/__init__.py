"""Reads of the reports app: the progress report of one agreement and period, built once
inside the user's scope (:func:`progress_report`), and its parts.

- :mod:`~reports.selectors.progress`: :func:`progress_report`;
- :mod:`~reports.selectors.rows`: the indicator rows and the visits;
- :mod:`~reports.selectors.municipality`: the municipality's items (a)-(d).

The report's dataclasses live in :mod:`reports.report` (re-exported here).
"""

from reports.report import (
    TOTAL_CODE,
    ItemCountRow,
    LocationBlock,
    MunicipalityItems,
    PartnerRow,
    ProgressReport,
    ProgressRow,
    VisitRow,
)
from reports.selectors.municipality import municipality_items
from reports.selectors.progress import progress_report

__all__ = [
    "ItemCountRow",
    "LocationBlock",
    "MunicipalityItems",
    "PartnerRow",
    "ProgressReport",
    "ProgressRow",
    "TOTAL_CODE",
    "VisitRow",
    "municipality_items",
    "progress_report",
]
