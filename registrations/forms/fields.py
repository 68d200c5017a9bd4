"""Fields and helpers shared by the registrations forms: date fields that accept
2019-12-31 and 31-12-2019, participant codes typed as text, and finding participants by code."""

from __future__ import annotations

import re

from django import forms
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy

from locations.models import Location
from registrations.models.participants import Participant

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


def split_codes(text: str) -> list[str]:
    """Codes in ``text`` separated by newlines, commas, semicolons or spaces; order kept,
    duplicates (ignoring case) dropped."""
    seen: set[str] = set()
    codes = []
    for code in re.split(r"[\s,;]+", text):
        if code and code.lower() not in seen:
            seen.add(code.lower())
            codes.append(code)
    return codes


def participants_by_code(location: Location, codes: list[str]) -> dict[str, Participant]:
    """Participants of ``location``'s organisation with one of ``codes``, keyed by lower code."""
    if not codes:
        return {}
    found = Participant.objects.annotate(code_lower=Lower("code")).filter(
        organisation_id=location.organisation_id, code_lower__in=[c.lower() for c in codes]
    )
    return {p.code_lower: p for p in found}


def date_field(label, *, required: bool = True) -> forms.DateField:
    """A date field that accepts 2019-12-31 and 31-12-2019, with Dutch messages."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Vul een datum in."),
            "invalid": gettext_lazy("Vul een geldige datum in, bijvoorbeeld 31-12-2019."),
        },
    )


def participant_field(label=None) -> forms.CharField:
    """An optional participant-code field, resolved by ``ParticipantMixin.clean_participant``."""
    return forms.CharField(
        label=label or gettext_lazy("Deelnemerscode (optioneel)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
