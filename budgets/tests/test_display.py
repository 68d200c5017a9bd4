"""How budget figures are shown on the budget page and in the report (pure, no database)."""

from decimal import Decimal as D

import pytest

from budgets.display import Cell, figure_label, format_difference, format_value
from budgets.figures import Figure
from budgets.models import StatedFigure


@pytest.mark.parametrize(
    ("name", "page", "report"),
    [
        ("subtotal_A", "Subtotaal (A) Inzet mensen", "Subtotaal (A) inzet mensen"),
        ("total", "Totaal begroting", "Totaal begroting"),
        (
            "overhead_share",
            "Aandeel overhead: (A3) + (E) als percentage van totaal",
            "Aandeel indirecte kosten (overhead): (A3) + (E) als percentage van totaal",
        ),
        ("financing_total", "Totaal financiering (directe euro's)", "Totaal financiering"),
        ("volunteer_hours_residents", "Uren bewoners", "Vrijwillige inzet bewoners (uren)"),
        ("volunteer_value", "Vrijwillige inzet in euro's", "Waarde vrijwillige inzet"),
        ("subtotal_AB", "(A) + (B) Subtotaal inzet mensen", "(A) + (B) Subtotaal inzet mensen"),
        ("no_such_figure", "no_such_figure", "no_such_figure"),
    ],
)
def test_each_page_keeps_its_own_wording(name, page, report):
    assert figure_label(name) == page
    assert figure_label(name, report=True) == report


def test_a_funder_figure_is_labelled_with_the_funders_name():
    names = {"rochdale": "Rochdale"}
    assert figure_label("financing:rochdale", names) == "Financiering Rochdale"
    assert figure_label("financing:rochdale", names, report=True) == "Financiering Rochdale"
    assert figure_label("financing:ymere") == "Financiering ymere"


def test_values_by_kind_on_the_page_and_in_the_report():
    assert format_value("money", D("125568")) == "€ 125.568"
    assert format_value("money", D("1234.50")) == "€ 1.234,50"
    assert format_value("money", D("35460"), report=True) == "€ 35.460,00"
    assert format_value("money", D("-68")) == "-€ 68"
    assert format_value("share", D("0.375")) == "38%"
    assert format_value("hours", D("10500")) == "10.500"
    assert format_value("money", None) == "—"


def test_differences_are_shown_with_their_sign():
    share = Figure.build("sroi_share", D(41) / D(100), StatedFigure(value=D("0.38"), text="38%"))
    assert share.differs and format_difference(share.kind, share.difference) == "+3 %-punt"
    assert format_difference(share.kind, share.difference, report=True) == "+3 procentpunt"
    assert format_difference("share", D("-0.025"), report=True) == "-2,5 procentpunt"
    money = Figure.build("total", D(125500), StatedFigure(value=D(125568), text="€ 125.568"))
    assert format_difference(money.kind, money.difference) == "-€ 68"
    assert format_difference(money.kind, money.difference, report=True) == "-€ 68,00"
    assert format_difference("money", D(1000)) == "+€ 1.000"
    assert format_difference("hours", D(1500)) == "+1.500"
    assert format_difference("money", None) == "—"


def test_a_cell_of_a_figure_the_source_states_differently():
    figure = Figure.build("surplus", D(-68), StatedFigure(value=D(0), text=""))
    cell = Cell.of(figure)
    assert cell == Cell(
        text="-€ 68", differs=True, stated_text="€ 0", difference_text="-€ 68", negative=True
    )
    assert Cell.of(figure, report=True).text == "-€ 68,00"
    assert Cell.of(None) == Cell("—")
