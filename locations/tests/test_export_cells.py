"""The safe cells of every export (locations.export_cells): formula-like text stays text,
control characters are replaced, numbers and the product's formulas are kept."""

from datetime import date

import pytest
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from locations.export_cells import csv_field, data_row, set_data, write_data, write_formula

TRIGGERS = ["=1+1", "+31 20", "-2", "@A1", "\tx", "\rx"]


@pytest.mark.parametrize("text", TRIGGERS)
def test_formula_like_text_is_a_quoted_string_cell(text):
    sheet = Workbook().active
    cell = write_data(sheet, 1, 1, text)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


@pytest.mark.parametrize("text", TRIGGERS)
def test_formula_like_text_is_quoted_in_csv(text):
    assert csv_field(text) == "'" + text


def test_every_illegal_character_is_replaced():
    sheet = Workbook().active
    every = "".join(chr(code) for code in range(32))
    cell = set_data(sheet.cell(1, 1), f"a{every}b")
    assert not ILLEGAL_CHARACTERS_RE.search(cell.value)
    assert cell.value == "a" + "\ufffd" * 9 + "\t\n" + "\ufffd" * 2 + "\r" + "\ufffd" * 18 + "b"
    assert csv_field("Ma\x1bDi") == "Ma\ufffdDi"


def test_plain_values_are_kept():
    sheet = Workbook().active
    sheet.append(data_row(sheet, ["Samen DOEN", 3, 2.5, True, date(2019, 1, 2), None]))
    cells = list(sheet[1])
    assert [cell.value for cell in cells[:5]] == ["Samen DOEN", 3, 2.5, True, date(2019, 1, 2)]
    assert [cell.data_type for cell in cells[:4]] == ["s", "n", "n", "b"]
    assert not any(cell.quotePrefix for cell in cells)
    assert [csv_field(value) for value in ["a b", 3, None]] == ["a b", "3", ""]


def test_the_products_formulas_are_formulas():
    sheet = Workbook().active
    cell = write_formula(sheet.cell(1, 1), "=SUM(D5:F5)")
    assert (cell.value, cell.data_type) == ("=SUM(D5:F5)", "f")
    with pytest.raises(ValueError):
        write_formula(sheet.cell(1, 2), "Samen DOEN")
