"""parse_target: every target form of the 2019 and 2021 agreements, and what it refuses."""

from decimal import Decimal

import pytest

from agreements.choices import Comparator
from agreements.targets import parse_target

# The refusals are asserted in English (their translation; Dutch is the source language).
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("text", "comparator", "value", "value_of", "unit", "normalised"),
    [
        ("> 50%", Comparator.GT, Decimal(50), None, "%", "> 50%"),
        ("> 10", Comparator.GT, Decimal(10), None, "", "> 10"),
        ("> 8", Comparator.GT, Decimal(8), None, "", "> 8"),
        ("> 10 op 20", Comparator.GT, Decimal(10), Decimal(20), "", "> 10 op 20"),
        ("> 20 op 40", Comparator.GT, Decimal(20), Decimal(40), "", "> 20 op 40"),
        ("400", Comparator.AT_LEAST, Decimal(400), None, "", "400"),
        ("Positief", Comparator.POSITIVE, None, None, "", "Positief"),
        ("≥ 5", Comparator.GTE, Decimal(5), None, "", "≥ 5"),
        (">= 5", Comparator.GTE, Decimal(5), None, "", "≥ 5"),
        # free spacing and case are normalised
        ("  >10   op  20 ", Comparator.GT, Decimal(10), Decimal(20), "", "> 10 op 20"),
        (">50 %", Comparator.GT, Decimal(50), None, "%", "> 50%"),
        ("positief", Comparator.POSITIVE, None, None, "", "Positief"),
        ("10 op 20", Comparator.AT_LEAST, Decimal(10), Decimal(20), "", "10 op 20"),
        # Dutch decimal comma
        ("> 7,5", Comparator.GT, Decimal("7.5"), None, "", "> 7,5"),
        ("100%", Comparator.AT_LEAST, Decimal(100), None, "%", "100%"),
    ],
)
def test_parses(text, comparator, value, value_of, unit, normalised):
    parsed = parse_target(text)
    assert parsed.comparator == comparator
    assert parsed.value == value
    assert parsed.value_of == value_of
    assert parsed.unit == unit
    assert parsed.text == normalised


@pytest.mark.parametrize(
    "text",
    ["> tien", "", "   ", "tien", "< 10", "> 10 op", "op 20", "> -5", "1.000", "Negatief",
     "> 10% op 20", "> 10 van 20", "> 5 %%", "=> 5", "> 10 op 20 op 30"],
)  # fmt: skip
def test_refuses_anything_else(text):
    with pytest.raises(ValueError, match="is not a target") as excinfo:
        parse_target(text)
    assert f"'{text}'" in str(excinfo.value)
    assert "'> 10 op 20'" in str(excinfo.value)  # the message gives examples


def test_percentage_over_100_is_refused():
    with pytest.raises(ValueError, match="cannot exceed 100%"):
        parse_target("> 120%")


def test_op_needs_no_more_taking_part_than_referred():
    with pytest.raises(ValueError, match=r"\(30\) cannot exceed the number referred \(20\)"):
        parse_target("> 30 op 20")


def test_result_is_frozen():
    parsed = parse_target("> 10")
    with pytest.raises(AttributeError):
        parsed.value = Decimal(11)
