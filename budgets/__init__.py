"""Budgets, financing and the popular budget (models follow in the budget issue)."""
