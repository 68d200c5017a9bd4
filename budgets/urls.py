"""URL patterns of the budgets app."""

from django.urls import path

from budgets.views import board, budget

app_name = "budgets"
urlpatterns = [
    path("<int:agreement_id>/", budget.BudgetView.as_view(), name="budget"),
    path("bestuur/", board.BoardIndexView.as_view(), name="board_index"),
    path("<int:agreement_id>/bestuur/", board.BoardView.as_view(), name="board"),
]
