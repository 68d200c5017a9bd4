"""A report as JSON and back (reports.serialise): the documented shape, an exact rebuild of
every value and its type, the version check and reading a text without a newer field.

The report is conftest's ``full_report`` (financial section with budget versus actual and
differences, municipality items); the round trips of the real Zuidoost reports are in
tests/test_report_json.py.
"""

import json
from dataclasses import fields, is_dataclass, replace
from datetime import date
from decimal import Decimal

import pytest

from locations.periods import Period
from reports.serialise import FORMAT, report_from_json, report_to_json


def leaves(value, path="report"):
    """Every value inside ``value`` as (path, type, repr), containers included, so two
    objects compare equal only when each part has the same type and the same digits
    (Decimal("1.0") == Decimal("1.00"), but their reprs differ)."""
    container = is_dataclass(value) or isinstance(value, dict | list | tuple)
    yield path, type(value), None if container else repr(value)
    if is_dataclass(value):
        for field in fields(value):
            yield from leaves(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}[{key!r}]", type(key), repr(key)
            yield from leaves(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from leaves(item, f"{path}[{index}]")


def test_round_trip_rebuilds_every_value_with_its_type(full_report):
    text = report_to_json(full_report)
    rebuilt = report_from_json(text)
    assert rebuilt == full_report
    assert list(leaves(rebuilt)) == list(leaves(full_report))
    assert report_to_json(rebuilt) == text


def test_the_json_shape(full_report):
    data = json.loads(report_to_json(full_report))
    assert FORMAT == 1
    assert list(data) == ["format", "report"]
    assert data["format"] == 1
    report = data["report"]
    assert report["period"] == {"year": 2019, "quarter": 2}
    assert report["generated_on"] == full_report.generated_on.isoformat()
    # Decimals are strings with their exact digits; tuples are arrays.
    noord_total = report["financial"]["overview"]["figures"]["a-noord"]["total"]
    # (stated figures are stored with four decimals: StatedFigure.value)
    assert (noord_total["computed"], noord_total["stated"]) == ("2000.50", "2100.0000")
    assert report["financial"]["actual"]["totals"]["a-noord"]["spent"] == "450.00"
    assert report["locations"][0]["rows"][0]["categories"] == []
    assert report["municipality"]["locations"] == [["a-noord", "a Noord"], ["a-zuid", "a Zuid"]]


def test_decimals_ints_and_dates_keep_their_form(full_report):
    row = full_report.locations[0].rows[0]
    odd = replace(
        full_report,
        period=Period(2019),
        generated_on=date(2020, 3, 24),
        locations=[
            replace(
                full_report.locations[0],
                rows=[
                    replace(row, realised=7, target_value=Decimal("1E+2")),
                    replace(row, realised=Decimal("7.0"), difference=Decimal("-0.00")),
                ],
            )
        ],
    )
    rebuilt = report_from_json(report_to_json(odd))
    assert list(leaves(rebuilt)) == list(leaves(odd))
    first, second = rebuilt.locations[0].rows
    assert type(first.realised) is int and str(first.target_value) == "1E+2"
    assert type(second.realised) is Decimal and str(second.realised) == "7.0"
    assert str(second.difference) == "-0.00"
    assert rebuilt.period == Period(2019) and rebuilt.generated_on == date(2020, 3, 24)


def test_a_report_without_optional_parts(full_report):
    bare = replace(full_report, municipality=None, financial=None)
    assert report_from_json(report_to_json(bare)) == bare


def test_a_stored_text_without_a_newer_field_gets_its_default(full_report):
    data = json.loads(report_to_json(full_report))
    del data["report"]["financial"]  # as stored before the field was appended
    rebuilt = report_from_json(json.dumps(data))
    assert rebuilt.financial is None
    assert rebuilt == replace(full_report, financial=None)


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"format": 2, "report": {}}', "unknown report format 2"),
        ('{"report": {}}', "format"),
        ("not json", "json"),
        ('{"format": 1, "report": {"agreement_id": 1}}', "Field required"),
        ('{"format": "1", "report": {}}', "format"),
    ],
)
def test_what_is_not_a_stored_report_raises_value_error(text, message):
    with pytest.raises(ValueError, match=f"(?i){message}"):
        report_from_json(text)
