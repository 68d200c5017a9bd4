"""What the registrations forms share: date fields that accept 2019-12-31 and 31-12-2019,
participant codes typed as text, finding participants by code, and saving through a service
(:class:`ServiceFormMixin`)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
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


class ServiceFormMixin:
    """A form that writes through a service: :meth:`save` calls :meth:`save_with_service`
    with the cleaned data and returns what it returns, or ``None`` after adding the service's
    ValidationError to the form (on the field it names when the form has that field, else
    as a form error), so the page shows it next to what was entered."""

    def save(self):
        """Save through the service; return the object or None (errors added to the form)."""
        try:
            return self.save_with_service(self.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    self.add_error(name if name in self.fields else None, messages)
            else:
                self.add_error(None, error.messages)
            return None

    def save_with_service(self, data: dict):  # pragma: no cover - every subclass defines it
        """Call the service with ``data`` (the cleaned data); return the saved object."""
        raise NotImplementedError
