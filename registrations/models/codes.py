"""Pseudonymous codes of participants and volunteers: the code pattern and the BSN rule.

Privacy (DOMAIN.md): a participant or volunteer is a pseudonymous code, never a BSN or other
identifying number. The validators here are the field validators of ``Participant.code`` and
``Volunteer.code``; :func:`registrations.services.rules.participant_code_errors` runs them for
every other entry path (log page, day page, CSV import). The migrations name
``registrations.models.validate_not_bsn`` (re-exported by the package).
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from locations.personal_data import passes_eleven_test

participant_code_validator = RegexValidator(
    r"^(?!\d{8,9}$)[A-Za-z0-9][A-Za-z0-9._-]{1,39}$",
    _(
        "Een deelnemerscode bestaat uit 2 tot 40 letters, cijfers, punten, streepjes of "
        "liggende streepjes en is geen BSN (geen 8 of 9 cijfers)."
    ),
)


def looks_like_bsn(code: str) -> bool:
    """True when ``code`` is or contains something that could be a BSN (DOMAIN.md: never a BSN).

    A BSN (burgerservicenummer) has 8 or 9 digits and passes the 11-check (elfproef):
    9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (8-digit numbers get a leading 0).
    Rejected: a code of only 8-9 digits (with or without dots, spaces or dashes), and any code
    containing a run of 8 or 9 digits that passes the 11-check.
    """
    digits = re.sub(r"\D", "", code)
    if re.fullmatch(r"[\d\s.\-]+", code) and len(digits) in (8, 9):
        return True
    for run in re.findall(r"\d{8,}", code):
        for start in range(len(run)):
            for length in (8, 9):
                window = run[start : start + length]
                if len(window) == length and _passes_eleven_check(window.zfill(9)):
                    return True
    return False


def _passes_eleven_check(nine_digits: str) -> bool:
    return passes_eleven_test(nine_digits)  # the one eleven-test: locations/personal_data.py


def validate_not_bsn(code: str) -> None:
    """Field validator: raise ValidationError when ``code`` looks like a BSN (see above)."""
    if looks_like_bsn(code):
        raise ValidationError(
            _(
                "Deze code lijkt op een BSN. Gebruik nooit een BSN of ander persoonsnummer, "
                "maar een eigen code zoals CJM-0001."
            ),
            code="bsn",
        )
