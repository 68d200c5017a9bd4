"""Personal numbers and contact details in text: the one validator module (issue 10, "No BSN";
DOMAIN.md, Privacy: "Never a BSN").

- :func:`passes_eleven_test`: the BSN eleven-test (elfproef) of nine digits;
- :func:`find_bsns` / :func:`bsn_errors`: nine-digit numbers in a text that pass it: refused
  in every participant code and free-text field (registrations/services/rules.py applies it on
  every entry path: the pages, the services, the admin, the CSV import);
- :func:`contact_details` / :func:`contact_warnings`: e-mail addresses and telephone numbers
  in free text: a warning the user sees and may confirm (they are rarely needed to count
  anything, and a report never needs them).

The eleven-test (source: the BSN's definition, Wet algemene bepalingen burgerservicenummer,
and the Dutch government's "elfproef"): for digits d1..d9,
9*d1 + 8*d2 + 7*d3 + 6*d4 + 5*d5 + 4*d6 + 3*d7 + 2*d8 - 1*d9 is divisible by 11 (and not all
zero). About one in eleven random nine-digit numbers passes: such a number in a free-text
field is refused even when it is not a BSN (an ordernumber, say); the message says how to
write it instead.

A number counts as nine digits when it stands alone (no digit directly before or after) and
is written as ``123456782``, or grouped as ``1234.56.782`` or ``123 456 782`` (dots, dashes
or spaces), the ways a BSN is written on a card or a letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_SEP = r"[.\- ]"
_NINE_DIGITS = re.compile(
    rf"(?<!\d)(?:\d{{9}}|\d{{4}}{_SEP}\d{{2}}{_SEP}\d{{3}}|\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}})(?![\d])"
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
#: A Dutch telephone number: 0 or +31 / 0031, then nine digits, spaces and dashes allowed.
_PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[ \-]?\d){9}(?!\d)")


def passes_eleven_test(digits: str) -> bool:
    """True when ``digits`` (exactly nine characters 0-9) passes the BSN eleven-test (see the
    module docstring); "000000000" does not. Raises ValueError for anything but nine
    digits."""
    if len(digits) != 9 or not digits.isdigit():
        raise ValueError(f"nine digits expected, got {digits!r}")
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True))
    return total % 11 == 0 and digits != "000000000"


def find_bsns(text: str) -> list[str]:
    """The nine-digit numbers in ``text`` (as written) that pass the eleven-test, in order of
    appearance; empty list when there are none."""
    return [
        match.group(0)
        for match in _NINE_DIGITS.finditer(text)
        if passes_eleven_test(re.sub(r"\D", "", match.group(0)))
    ]


def bsn_errors(text: str) -> list[str]:
    """Dutch message when ``text`` holds a number that may be a BSN (:func:`find_bsns`);
    empty list: fine. The one refusal of every code and free-text field."""
    if not text or not find_bsns(text):
        return []
    return [
        _(
            "Deze tekst bevat een nummer dat een BSN kan zijn (%(number)s). Leg nooit een BSN "
            "of ander persoonsnummer vast; laat het nummer weg of schrijf het anders."
        )
        % {"number": find_bsns(text)[0]}
    ]


def contact_details(text: str) -> list[str]:
    """The e-mail addresses and Dutch telephone numbers in ``text``, as written, e-mail
    addresses first; empty list when there are none."""
    if not text:
        return []
    return [m.group(0) for m in _EMAIL.finditer(text)] + [m.group(0) for m in _PHONE.finditer(text)]


def contact_warnings(text: str) -> list[str]:
    """Dutch warning when ``text`` holds an e-mail address or a telephone number
    (:func:`contact_details`), for the user to confirm or remove; empty list: none."""
    found = contact_details(text)
    if not found:
        return []
    return [
        _(
            "Deze tekst bevat een e-mailadres of telefoonnummer (%(found)s). Is dat echt nodig? "
            "Haal het weg, of vink 'Toch opslaan' aan."
        )
        % {"found": ", ".join(found[:3])}
    ]


def form_contact_warnings(form: Any, names: Iterable[str]) -> bool:
    """Add :func:`contact_warnings` to ``form`` (a bound Django form after ``clean``) for each
    of ``names`` that is one of its fields, holds text and has no error yet, unless its
    ``confirm_contact`` checkbox is ticked. Returns True when a warning was added. The one
    check of the page forms (``registrations.forms.common.ContactCheckMixin``) and the admin
    (``registrations.admin.base.ContactWarningFormMixin``)."""
    if form.cleaned_data.get("confirm_contact"):
        return False
    warned = False
    for name in names:
        value = form.cleaned_data.get(name)
        if name in form.fields and isinstance(value, str) and name not in form.errors:
            for warning in contact_warnings(value):
                form.add_error(name, warning)
                warned = True
    return warned
