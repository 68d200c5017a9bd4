"""Status rules added for issue 3 (reports.status.status_for), worked out by hand."""

from decimal import Decimal

import pytest

from locations.periods import Period
from reports.status import Status, status_for

Q2, Q4 = Period(2019, 2), Period(2019, 4)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # "Positief" targets: Positief achieved, Negatief below target, no outcome not recorded.
        ({"positive": True, "comparator": "positive", "period": Q2}, Status.ACHIEVED),
        ({"positive": False, "comparator": "positive", "period": Q2}, Status.BELOW_TARGET),
        ({"positive": None, "comparator": "positive", "period": Q2}, Status.NOT_RECORDED),
        ({"positive": True, "comparator": None, "period": Q2}, Status.NO_TARGET),
        # "> 10 op 20" is judged on X alone (issue 12; until then Y had to reach 20 too):
        # 11 op 20 and 11 op 19 achieved (11 > 10); 15 op 18 achieved, 10 op 40 not (10 is
        # not > 10); Q2 pro rata X > 5: 6 op 10 and 6 op 9 on track, 5 op 10 behind.
        ({"realised": 11, "realised_of": 20, "period": Q4}, Status.ACHIEVED),
        ({"realised": 11, "realised_of": 19, "period": Q4}, Status.ACHIEVED),
        ({"realised": 15, "realised_of": 18, "period": Q4}, Status.ACHIEVED),
        ({"realised": 10, "realised_of": 40, "period": Q4}, Status.BELOW_TARGET),
        ({"realised": 6, "realised_of": 10, "period": Q2}, Status.ON_TRACK),
        ({"realised": 6, "realised_of": 9, "period": Q2}, Status.ON_TRACK),
        ({"realised": 5, "realised_of": 10, "period": Q2}, Status.BEHIND),  # 5 is not > 5
    ],
)
def test_checks_and_x_op_y(kwargs, expected):
    defaults = {
        "realised": None,
        "comparator": "gt",
        "target_value": Decimal(10),
        "target_value_of": Decimal(20),
    }
    if "positive" in kwargs:
        defaults.update(target_value=None, target_value_of=None)
    assert status_for(**{**defaults, **kwargs}) == expected


def test_states_and_surveys_are_not_pro_rata():
    # "> 10" in Q2: 6 meets the pro-rata 5, but a state or survey is never pro rata.
    common = {"realised": 6, "comparator": "gt", "target_value": Decimal(10), "period": Q2}
    assert status_for(**common) == Status.ON_TRACK
    assert status_for(**common, pro_rata=False) == Status.BEHIND
    assert status_for(**{**common, "realised": 11}, pro_rata=False) == Status.ACHIEVED
    assert status_for(**{**common, "period": Q4}, pro_rata=False) == Status.BELOW_TARGET


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # "≤ 10" (max. 10), a year-to-date count: 11 is above it whenever; 10 achieved at the
        # year's end, on track during the year; a state (not pro rata) achieved at once.
        ({"realised": 11, "period": Q2}, Status.ABOVE_TARGET),
        ({"realised": 10, "period": Q4}, Status.ACHIEVED),
        ({"realised": 4, "period": Q2}, Status.ON_TRACK),
        ({"realised": 4, "period": Q2, "pro_rata": False}, Status.ACHIEVED),
        # a range "10-20": 21 above; 10 and 20 achieved; 9 below at the year's end; in Q2 the
        # pro-rata lower bound is 5: 5 on track, 4 behind.
        ({"comparator": "range", "target_value_max": 20, "realised": 21, "period": Q4},
         Status.ABOVE_TARGET),
        ({"comparator": "range", "target_value_max": 20, "realised": 10, "period": Q4},
         Status.ACHIEVED),
        ({"comparator": "range", "target_value_max": 20, "realised": 20, "period": Q4},
         Status.ACHIEVED),
        ({"comparator": "range", "target_value_max": 20, "realised": 9, "period": Q4},
         Status.BELOW_TARGET),
        ({"comparator": "range", "target_value_max": 20, "realised": 5, "period": Q2},
         Status.ON_TRACK),
        ({"comparator": "range", "target_value_max": 20, "realised": 4, "period": Q2},
         Status.BEHIND),
        # "nog niet": no target this year, never achieved, whatever was realised.
        ({"comparator": "not_yet", "target_value": None, "realised": 50, "period": Q4},
         Status.NO_TARGET),
        ({"comparator": "not_yet", "target_value": None, "realised": None, "positive": True,
          "period": Q4},
         Status.NO_TARGET),
    ],
)  # fmt: skip
def test_at_most_range_and_not_yet(kwargs, expected):
    defaults = {"comparator": "at_most", "target_value": Decimal(10)}
    assert status_for(**{**defaults, **kwargs}) == expected
