"""BudgetVsActual.rows_for: the rows of one location in their order, grouped in one pass."""

from datetime import date
from decimal import Decimal

from budgets.actuals import BudgetVsActual, _row

END = date(2019, 6, 30)


def _actual(codes: list[str]) -> BudgetVsActual:
    rows = [
        _row(code, line, "A", f"{line} {code}", False, Decimal(100), Decimal(n), END)
        for n, (code, line) in enumerate((c, line) for c in codes for line in ("A1", "A2"))
    ]
    # Interleave a later line of the first location after the others (older budget versions).
    rows.append(_row(codes[0], "E1", "E", "E1", False, Decimal(5), Decimal(1), END))
    return BudgetVsActual(
        agreement_slug="alfa-2019",
        year=2019,
        start=date(2019, 1, 1),
        end=END,
        budget_version=None,
        locations=[(c, c) for c in codes],
        rows=rows,
        totals={},
    )


def test_rows_for_gives_each_locations_rows_in_order_and_nothing_for_an_unknown_one():
    actual = _actual(["cjm", "mb", "hr"])
    assert [(r.location_code, r.line_code) for r in actual.rows_for("cjm")] == [
        ("cjm", "A1"),
        ("cjm", "A2"),
        ("cjm", "E1"),
    ]
    assert [r.line_code for r in actual.rows_for("hr")] == ["A1", "A2"]
    assert actual.rows_for("elders") == []
    # The answer is a copy: changing it leaves the object as it was.
    actual.rows_for("mb").clear()
    assert len(actual.rows_for("mb")) == 2
