"""The BSN eleven-test and the contact-details warning (locations/personal_data.py), pure."""

import pytest

from locations.personal_data import (
    bsn_errors,
    contact_details,
    contact_warnings,
    find_bsns,
    passes_eleven_test,
)

# 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-1*3 = 66 = 6*11; 9*1+8*2+...+2*8-1*2 = 154 = 14*11.
VALID = ["111222333", "123456782", "999999990"]
INVALID = ["123456789", "111222334", "000000000", "999999999"]


@pytest.mark.parametrize("number", VALID)
def test_valid_bsns_pass(number):
    assert passes_eleven_test(number)


@pytest.mark.parametrize("number", INVALID)
def test_invalid_numbers_fail(number):
    assert not passes_eleven_test(number)


@pytest.mark.parametrize("bad", ["12345678", "1234567890", "12345678a"])
def test_the_test_takes_nine_digits_only(bad):
    with pytest.raises(ValueError):
        passes_eleven_test(bad)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("BSN 123456782 gecontroleerd", ["123456782"]),
        ("nummer 1234.56.782", ["1234.56.782"]),
        ("nummer 111 222 333 en 111-222-333", ["111 222 333", "111-222-333"]),
        ("doorverwezen door MaDi, dossier 123456789", []),  # fails the eleven-test
        ("telefoon 0612345678", []),  # ten digits: not a BSN
        ("1123456782", []),  # a longer number holding a valid BSN is not nine digits
        ("", []),
    ],
)
def test_find_bsns_in_free_text(text, found):
    assert find_bsns(text) == found
    assert bool(bsn_errors(text)) == bool(found)


def test_the_message_names_the_number():
    (message,) = bsn_errors("zie 123456782")
    assert "123456782" in message and "BSN" in message


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("mail jan@example.org of bel 06-12345678", ["jan@example.org", "06-12345678"]),
        ("bel +31 6 1234 5678", ["+31 6 1234 5678"]),
        ("020 123 4567", ["020 123 4567"]),
        ("klus om 10:00, 3 uur, 2019-03-01", []),
        ("", []),
    ],
)
def test_contact_details(text, found):
    assert contact_details(text) == found
    assert bool(contact_warnings(text)) == bool(found)
