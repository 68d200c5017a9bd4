"""The pages of the budgets app (URL names in :mod:`budgets.urls`).

:mod:`budgets.views.budget`: the budget page of an agreement (``budgets:budget``);
:mod:`budgets.views.board`: the board pages, budget vs financing vs actual spending and
entering or importing expenditures (``budgets:board_index``, ``budgets:board``).
"""
