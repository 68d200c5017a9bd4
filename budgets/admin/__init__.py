"""Django admin of the budgets app (``/beheer/``), tenant-scoped like every admin of the project.

Django's autodiscovery imports this package; importing its modules registers their admins:
:mod:`budgets.admin.budget` (budgets, lines and amounts, financing, volunteer hours and
rates, stated figures beside the computed ones) and :mod:`budgets.admin.actuals`
(expenditures).
"""

from budgets.admin import actuals, budget

__all__ = ["actuals", "budget"]
