"""Four-month periods ("YYYY-Tn") and half years ("YYYY-Hn") beside quarters (issue 12)."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from locations.periods import (
    Period,
    default_period,
    is_period_code,
    open_share,
    parse_period,
    periods_of_year,
)


@pytest.mark.parametrize(
    ("code", "start", "end", "share", "label"),
    [
        ("2018-T1", date(2018, 1, 1), date(2018, 4, 30), Fraction(1, 3),
         "1e viermaandsperiode 2018"),
        ("2018-T2", date(2018, 5, 1), date(2018, 8, 31), Fraction(2, 3),
         "2e viermaandsperiode 2018"),
        ("2018-T3", date(2018, 9, 1), date(2018, 12, 31), Fraction(1), "3e viermaandsperiode 2018"),
        ("2019-H1", date(2019, 1, 1), date(2019, 6, 30), Fraction(1, 2), "1e halfjaar 2019"),
        ("2019-H2", date(2019, 7, 1), date(2019, 12, 31), Fraction(1), "2e halfjaar 2019"),
        ("2019-Q2", date(2019, 4, 1), date(2019, 6, 30), Fraction(1, 2), "2e kwartaal 2019"),
    ],
)  # fmt: skip
def test_parts_of_the_year(code, start, end, share, label):
    period = parse_period(code)
    assert (period.start, period.end, period.share_of_year, period.label) == (
        start,
        end,
        share,
        label,
    )
    assert period.code == code and is_period_code(code)
    assert period.is_quarter  # a part of the year: the report shows the part alone too
    # A room open all year is expected at the part of the year passed.
    assert open_share(period, None, None) == share


def test_lower_case_letters_are_read_and_written_upper_case():
    assert parse_period("2018-t2").code == "2018-T2"
    assert not is_period_code("2018-t2")


@pytest.mark.parametrize("text", ["2018-T4", "2018-T0", "2019-H3", "2019-X1", "2019-T", "2019T1"])
def test_refused(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_quarters_stay_as_they_were():
    assert parse_period("2019-Q3") == Period(2019, 3)
    assert Period(2019, 3).fraction_of_year == Decimal("0.75")
    with pytest.raises(ValueError, match="quarter must be 1-4"):
        Period(2019, 5)


def test_periods_of_year_and_default_period_per_kind():
    assert [p.code for p in periods_of_year(2018, "T")] == ["2018-T1", "2018-T2", "2018-T3", "2018"]
    assert [p.code for p in periods_of_year(2019, "H")] == ["2019-H1", "2019-H2", "2019"]
    # 15 September 2018: T2 (to 31 August) is the latest finished part; before 30 April T1.
    assert default_period(2018, date(2018, 9, 15), "T").code == "2018-T2"
    assert default_period(2018, date(2018, 3, 1), "T").code == "2018-T1"
    assert default_period(2017, date(2019, 1, 1), "H").code == "2017-H2"
    with pytest.raises(ValueError):
        periods_of_year(2019, "M")
