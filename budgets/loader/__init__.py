"""The budget sections of the agreement file, registered with the agreement loader.

``volunteer_rates``, ``budgets``, ``financing``, ``volunteer_hours`` and ``stated_figures``
(docs/agreement-format.md, "Budget and financing") are checked by
:func:`budgets.loader.schema.read_budget_sections` and written by
:func:`budgets.loader.writer.write_budget_sections`. :data:`SECTION` is registered in
:meth:`budgets.apps.BudgetsConfig.ready`, so the agreement loader (a lower layer) never
imports this app.
"""

from agreements.loader.sections import FileSection
from budgets.loader.dump import dump_budget_sections
from budgets.loader.schema import SECTIONS, read_budget_sections
from budgets.loader.writer import COUNTS, write_budget_sections

#: The budgets app's part of the agreement file.
SECTION = FileSection(
    name="budgets",
    keys=SECTIONS,
    counts=COUNTS,
    read=read_budget_sections,
    write=write_budget_sections,
    dump=dump_budget_sections,
)
