"""Finding likely duplicates before a participant or volunteer is created (issue 3: "Duplicate
participants or volunteers are hard to create by accident (warn on a similar code or nickname
at the same location)").

The rules (pure functions below, one query per look-up):

- **Codes** are compared after :func:`normalise_code`: lower case, separators ("-", "_", ".",
  spaces) removed, leading zeros of every number removed: "CJM-0012", "cjm12" and "Cjm_012"
  are the same code. Two codes are also similar when, normalised and both at least 5
  characters long, they differ by one edit (a character added, removed or replaced, or two
  neighbouring characters swapped): "CJN-0012" ~ "CJM-0012", "CJM-0012X" ~ "CJM-0012".
  Exception: codes whose letters are the same and whose numbers differ ("CJM-0012" and
  "CJM-0013", "CJM-0051" and "CJM-0501") are NOT similar: rooms number their codes in
  series, so those are the neighbours of a new code, not typing errors.
  Codes are compared across the whole organisation (codes are unique per organisation, and a
  person visiting two rooms is one participant: DOMAIN.md, Uniek #).
- **Nicknames** are compared after :func:`normalise_name` (case and accents ignored, spaces
  collapsed: "José" ~ "jose"), at the same home location only (a nickname says little about
  a person elsewhere). Nicknames of 5+ characters are also similar at one edit ("Mohamed" ~
  "Mohammed"). An empty nickname matches nothing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypeVar

from locations.models import Location, Organisation
from registrations.models.participants import Participant
from registrations.models.volunteers import Volunteer

#: Who is looked up: participants, or volunteers.
_Person = TypeVar("_Person", Participant, Volunteer)

_SEPARATORS = re.compile(r"[\s._\-]+")
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")
#: Edit distance 1 is only looked at for normalised codes/names of at least this length.
MIN_FUZZY_LENGTH = 5


def normalise_code(code: str) -> str:
    """``code`` lower-cased, without separators and without leading zeros of its numbers.

    >>> normalise_code("CJM-0012")
    'cjm12'
    >>> normalise_code(" cjm 0 ")
    'cjm0'
    """
    code = _SEPARATORS.sub("", code.strip().lower())
    return _LEADING_ZEROS.sub("", code)


def normalise_name(name: str) -> str:
    """``name`` case-folded, accents removed, runs of spaces made one ("  José " -> "jose")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are equal or differ by one insertion, deletion, replacement
    or swap of two neighbouring characters (optimal string alignment distance <= 1)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def _letters(code: str) -> str:
    return re.sub(r"\d", "", code)


def codes_similar(a: str, b: str) -> bool:
    """True when two codes are similar by the module's rules (``a``, ``b`` as typed)."""
    na, nb = normalise_code(a), normalise_code(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    if min(len(na), len(nb)) < MIN_FUZZY_LENGTH:
        return False
    if _letters(na) == _letters(nb):  # same series, another number
        return False
    return within_one_edit(na, nb)


def names_similar(a: str, b: str) -> bool:
    """True when two nicknames are similar by the module's rules (empty never matches)."""
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    return min(len(na), len(nb)) >= MIN_FUZZY_LENGTH and within_one_edit(na, nb)


def _similar(
    model: type[_Person],
    *,
    organisation: Organisation,
    location: Location | int,
    code: str,
    nickname: str,
    exclude_pk: int | None,
) -> list[_Person]:
    candidates = (
        model.objects.filter(organisation=organisation)
        .select_related("home_location")
        .only("pk", "code", "nickname", "home_location__name", "home_location__code")
        .order_by("code")
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    location_id = getattr(location, "pk", location)
    return [
        candidate
        for candidate in candidates
        if (code and codes_similar(code, candidate.code))
        or (
            nickname
            and candidate.home_location_id == location_id
            and names_similar(nickname, candidate.nickname)
        )
    ]


def similar_participants(
    *,
    organisation: Organisation,
    location: Location | int,
    code: str,
    nickname: str = "",
    exclude_pk: int | None = None,
) -> list[Participant]:
    """Participants of ``organisation`` that may be the one about to be created or edited.

    ``location``: the (home) location of the new participant (Location or its id); ``code``
    and ``nickname`` as typed; ``exclude_pk``: the participant being edited. Returns the
    similar participants ordered by code (with ``home_location`` loaded), by the rules in the
    module docstring. One query; reads within ``organisation`` in the active scope (callers show
    a nickname only to staff of the participant's home location).
    """
    return _similar(
        Participant,
        organisation=organisation,
        location=location,
        code=code,
        nickname=nickname,
        exclude_pk=exclude_pk,
    )


def similar_volunteers(
    *,
    organisation: Organisation,
    location: Location | int,
    code: str,
    nickname: str = "",
    exclude_pk: int | None = None,
) -> list[Volunteer]:
    """Volunteers of ``organisation`` similar to the one about to be created or edited; the
    same rules and shape as :func:`similar_participants`."""
    return _similar(
        Volunteer,
        organisation=organisation,
        location=location,
        code=code,
        nickname=nickname,
        exclude_pk=exclude_pk,
    )
