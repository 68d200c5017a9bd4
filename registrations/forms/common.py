"""What the registrations forms share: date fields that accept 2019-12-31 and 31-12-2019,
participant codes typed as text, finding participants by code, and saving through a service
(:class:`ServiceFormMixin`)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from locations.models import Location
from registrations.models.participants import Participant
from registrations.services.rules import nickname_errors, participant_code_errors

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


def typed_new_participants(
    text: str, location: Location | None
) -> tuple[list[tuple[str, str]], list[str]]:
    """The new participants typed one per line as ``code`` or ``code, roepnaam``.

    Out: ``(pairs, errors)``: the (code, nickname) pairs that are fine, in order, and Dutch
    messages for the rest: a code the pattern or the BSN rule refuses, a nickname over 60
    characters, a code twice in the list, and (when ``location`` is given) a code that already
    exists in the location's organisation. Used by the log page and the day page.
    """
    pairs: list[tuple[str, str]] = []
    errors: list[str] = []
    # Lines end at a line feed only (a browser sends CR LF): str.splitlines() would also split
    # at a Unicode line separator inside a nickname and make it another participant.
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        code, _sep, nickname = line.partition(",")
        code, nickname = code.strip(), nickname.strip()
        problems = participant_code_errors(code)
        if problems:
            errors.extend(f"{code}: {problem}" for problem in problems)
        elif nickname_errors(nickname):
            errors.extend(f"{code}: {problem}" for problem in nickname_errors(nickname))
        elif len(nickname) > 60:
            errors.append(
                _("%(code)s: de roepnaam is te lang (maximaal 60 tekens).") % {"code": code}
            )
        elif any(code.lower() == other.lower() for other, _n in pairs):
            errors.append(_("%(code)s staat twee keer in de lijst.") % {"code": code})
        else:
            pairs.append((code, nickname))
    if location is not None:
        taken = participants_by_code(location, [code for code, _n in pairs])
        errors.extend(
            _("%(code)s bestaat al. Zoek de deelnemer op in plaats van een nieuwe aan te maken.")
            % {"code": code}
            for code, _n in pairs
            if code.lower() in taken
        )
    return pairs, errors


def typed_participants(
    text: str, location: Location, new: list[tuple[str, str]]
) -> tuple[list[Participant], list[str]]:
    """The known participants typed as codes (one per line or separated by commas), leaving
    out the codes of ``new`` participants: ``(participants found in the location's
    organisation, in the order typed; the codes not found)``."""
    new_codes = {code.lower() for code, _n in new}
    codes = [code for code in split_codes(text) if code.lower() not in new_codes]
    found = participants_by_code(location, codes)
    unknown = [code for code in codes if code.lower() not in found]
    return [found[code.lower()] for code in codes if code.lower() in found], unknown


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
