"""The participant code rules: pattern and 'never a BSN' (pure, no database)."""

import pytest

from registrations.models import looks_like_bsn
from registrations.services import participant_code_errors


@pytest.mark.parametrize(
    "code",
    [
        "111222333",  # 9 digits passing the 11-check: 9+8+7+12+10+8+9+6-3 = 66
        "123456782",  # 9+16+21+24+25+24+21+16-2 = 154 = 14 x 11
        "123456789",  # 9 digits, fails the 11-check: still refused (only digits)
        "12345678",  # 8 digits
        "1234.56.782",  # a BSN written with dots
        "AB123456782",  # contains a BSN
    ],
)
def test_bsn_like_codes_are_refused(code):
    assert looks_like_bsn(code)
    assert participant_code_errors(code)


@pytest.mark.parametrize("code", ["CJM-0001", "X123456789", "mb.17", "1234567"])
def test_ordinary_codes_pass(code):
    # X123456789: windows 12345678 (sum 104), 23456789 (138), 123456789 (147): none / 11.
    assert not looks_like_bsn(code)
    assert participant_code_errors(code) == []


@pytest.mark.parametrize("code", ["", "A", "met spatie", "-begint-met-streep", "x" * 41])
def test_malformed_codes_are_refused(code):
    assert participant_code_errors(code)
