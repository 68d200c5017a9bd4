"""Targets as stated (issue 12): "at least" and "at most" in words and symbols, ranges and
"not yet", each with the printed text kept exactly."""

from decimal import Decimal

import pytest

from agreements.choices import Comparator
from agreements.targets import parse_target

# The refusals are asserted in English (their translation; Dutch is the source language).
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("text", "comparator", "value", "value_max", "unit", "normalised"),
    [
        ("Min. 10", Comparator.GTE, Decimal(10), None, "", "≥ 10"),
        ("min.10", Comparator.GTE, Decimal(10), None, "", "≥ 10"),
        ("minimaal 10", Comparator.GTE, Decimal(10), None, "", "≥ 10"),
        ("Minstens 10", Comparator.GTE, Decimal(10), None, "", "≥ 10"),
        ("ten minste 50%", Comparator.GTE, Decimal(50), None, "%", "≥ 50%"),
        ("max. 5", Comparator.AT_MOST, Decimal(5), None, "", "≤ 5"),
        ("Maximaal 5%", Comparator.AT_MOST, Decimal(5), None, "%", "≤ 5%"),
        ("hoogstens 3", Comparator.AT_MOST, Decimal(3), None, "", "≤ 3"),
        ("≤ 3", Comparator.AT_MOST, Decimal(3), None, "", "≤ 3"),
        ("<= 3", Comparator.AT_MOST, Decimal(3), None, "", "≤ 3"),
        ("10-20", Comparator.RANGE, Decimal(10), Decimal(20), "", "10-20"),
        ("10 – 20", Comparator.RANGE, Decimal(10), Decimal(20), "", "10-20"),
        ("10 - 20%", Comparator.RANGE, Decimal(10), Decimal(20), "%", "10-20%"),
        ("10 tot 20", Comparator.RANGE, Decimal(10), Decimal(20), "", "10-20"),
        ("tussen 10 en 20", Comparator.RANGE, Decimal(10), Decimal(20), "", "10-20"),
        ("van 7,5 tot en met 12", Comparator.RANGE, Decimal("7.5"), Decimal(12), "", "7,5-12"),
        ("nog niet", Comparator.NOT_YET, None, None, "", "nog niet"),
        ("Nog  niet", Comparator.NOT_YET, None, None, "", "nog niet"),
        ("n.v.t.", Comparator.NOT_YET, None, None, "", "nog niet"),
        ("-", Comparator.NOT_YET, None, None, "", "nog niet"),
    ],
)
def test_parses_targets_as_stated(text, comparator, value, value_max, unit, normalised):
    parsed = parse_target(text)
    assert (parsed.comparator, parsed.value, parsed.value_max, parsed.unit) == (
        comparator,
        value,
        value_max,
        unit,
    )
    assert parsed.text == normalised
    assert parsed.printed == text  # kept exactly, spacing and case included


def test_printed_text_of_the_old_forms_is_kept_too():
    assert parse_target("  >10   op  20 ").printed == "  >10   op  20 "
    assert parse_target("400").printed == "400"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("20-10", r"lower bound \(20\) cannot exceed the upper bound \(10\)"),
        ("10%-20", "is not a target"),
        ("50-120%", "cannot exceed 100%"),
        ("max. 5 op 10", "is not a target"),
        ("minimaal", "is not a target"),
        ("maxi 5", "is not a target"),
    ],
)
def test_refuses(text, message):
    with pytest.raises(ValueError, match=message):
        parse_target(text)


# --- Loaded from a file ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_targets_as_stated_load_with_their_printed_text(tmp_path):
    from agreements.loader import LoaderError, load_agreement_files
    from agreements.models import Target
    from agreements.tests.test_loader_errors import VALID

    text = VALID.replace('noord: "> 10"', 'noord: "Min.  10"').replace(
        'zuid: "> 5"', 'zuid: "nog niet"'
    )
    text = text.replace('noord: "400"', 'noord: "300 tot 400"').replace(
        'zuid: "275"', 'zuid: "max. 275"'
    )
    path = tmp_path / "stated.yaml"
    path.write_text(text, encoding="utf-8")
    load_agreement_files(paths=[path])
    found = {
        (t.indicator.code, t.location.code): (
            t.printed_text, t.text, t.comparator, t.value, t.value_max
        )
        for t in Target.unscoped.select_related("indicator", "location")
    }  # fmt: skip
    assert found == {
        ("key_holders", "noord"): ("Min.  10", "≥ 10", "gte", Decimal(10), None),
        ("key_holders", "zuid"): ("nog niet", "nog niet", "not_yet", None, None),
        ("social", "noord"): ("300 tot 400", "300-400", "range", Decimal(300), Decimal(400)),
        ("social", "zuid"): ("max. 275", "≤ 275", "at_most", Decimal(275), None),
    }
    # A range's bounds are checked with the line and column of the target.
    path.write_text(text.replace('"300 tot 400"', '"400-300"'), encoding="utf-8")
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[path])
    assert [str(p).split(": ", 1)[0].rsplit(":", 2)[1:] for p in excinfo.value.problems] == [
        ["40", "14"]
    ]
