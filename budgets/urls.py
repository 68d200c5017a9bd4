"""URL patterns of the budgets app."""

from django.urls import path

from budgets import views, views_board

app_name = "budgets"
urlpatterns = [
    path("<int:agreement_id>/", views.BudgetView.as_view(), name="budget"),
    path("bestuur/", views_board.BoardIndexView.as_view(), name="board_index"),
    path("<int:agreement_id>/bestuur/", views_board.BoardView.as_view(), name="board"),
]
