"""Forms of the log page: one activity session with participants, and one job (klus).

Participants are entered as codes (the autocomplete fills the same field), so the page works
without JavaScript: ``participants`` takes codes one per line or comma separated;
``new_participants`` takes one new participant per line as ``code`` or ``code, roepnaam``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agreements.choices import Category
from locations.access import Action, Area, build_scope
from locations.access.forms import ScopedFormMixin
from locations.models import Location
from registrations.forms.common import (
    DATE_INPUT_FORMATS,
    ContactCheckMixin,
    SubmissionMixin,
    participants_by_code,
    typed_new_participants,
    typed_participants,
)
from registrations.models.participants import Participant
from registrations.services.rules import date_errors


class _KnownLocationField(forms.ModelChoiceField):
    """A location choice validated against the locations the form was given (``known``, by
    primary key as text) without reading them again (issue 13, "A fast save"); a value
    outside them is refused with the field's ``invalid_choice`` message. The choices shown
    still come from ``queryset``."""

    known: dict[str, Location] | None = None

    def to_python(self, value):
        if self.known is None or value in self.empty_values:
            return super().to_python(value)
        key = value.pk if isinstance(value, Location) else value
        location = self.known.get(str(key))
        if location is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return location


class _LocationDateForm(ContactCheckMixin, SubmissionMixin, ScopedFormMixin, forms.Form):
    """Location (limited to where the user may write, within the active scope) and date, and
    the form's idempotency token (``submission``, :class:`SubmissionMixin`; the log page
    saves through :func:`registrations.services.submissions.submit_once`).

    With a single writable location the location is a hidden field (``single_location``).
    """

    location = _KnownLocationField(
        label=gettext_lazy("Buurtwerkkamer"),
        help_text=gettext_lazy("Kies de buurtwerkkamer waar het gebeurde."),
        queryset=Location.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Kies een van uw buurtwerkkamers.")},
    )
    date = forms.DateField(
        label=gettext_lazy("Datum"),
        help_text=gettext_lazy(
            "De dag van de activiteit, bijvoorbeeld 31-12-2019. Niet later dan vandaag."
        ),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Vul een datum in."),
            "invalid": gettext_lazy("Vul een geldige datum in, bijvoorbeeld 31-12-2019."),
        },
    )

    def __init__(self, *args, user, locations: list[Location] | None = None, **kwargs):
        """``locations``: the user's writable locations when the caller has them already
        (the log page does); otherwise they are read here."""
        self.user = user
        super().__init__(*args, **kwargs)
        if locations is None:
            locations = list(build_scope(user).locations(Action.ADD, Area.REGISTRATION))
        self.fields["location"].queryset = Location.objects.filter(
            pk__in=[location.pk for location in locations]
        ).order_by("name")
        self.fields["location"].known = {str(location.pk): location for location in locations}
        self.single_location = locations[0] if len(locations) == 1 else None
        if self.single_location is not None:
            self.fields["location"].widget = forms.HiddenInput()

    def clean_date(self):
        """The date, unless it is implausible at the chosen location (in the future, or before
        the location's first possible day: the services' rule,
        :func:`registrations.services.rules.date_errors`)."""
        date = self.cleaned_data["date"]
        errors = date_errors(date, self.cleaned_data.get("location") or self.single_location)
        if errors:
            raise forms.ValidationError(errors)
        return date


class SessionLogForm(_LocationDateForm):
    """One activity session: category, title, anonymous head count and participants.

    ``cleaned_data`` gains ``participant_list`` (existing Participants) and
    ``new_participant_list`` ((code, nickname) pairs) after validation.
    """

    category = forms.ChoiceField(
        label=gettext_lazy("Soort activiteit"),
        help_text=gettext_lazy(
            "Kies wat voor activiteit het was, bijvoorbeeld sociale ontmoeting."
        ),
        choices=[("", gettext_lazy("— kies —")), *Category.choices],
        error_messages={"required": gettext_lazy("Kies een soort activiteit.")},
    )
    title = forms.CharField(
        label=gettext_lazy("Titel (optioneel)"),
        help_text=gettext_lazy("Een korte naam, bijvoorbeeld Koffie-ochtend. Mag leeg blijven."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. Koffie-inloop")}),
    )
    anonymous_count = forms.IntegerField(
        label=gettext_lazy("Anonieme bezoekers"),
        help_text=gettext_lazy("Bezoekers van wie u geen code vastlegt."),
        min_value=0,
        max_value=1000,
        required=False,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"min_value": gettext_lazy("Het aantal kan niet negatief zijn.")},
    )
    participants = forms.CharField(
        label=gettext_lazy("Deelnemers (codes)"),
        help_text=gettext_lazy("Eén code per regel of gescheiden door komma's."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    new_participants = forms.CharField(
        label=gettext_lazy("Nieuwe deelnemers"),
        help_text=gettext_lazy("Eén per regel: code, eventueel gevolgd door komma en roepnaam."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )

    def clean_anonymous_count(self) -> int:
        return self.cleaned_data.get("anonymous_count") or 0

    def clean(self):
        cleaned = super().clean()
        location = cleaned.get("location")
        new = self._clean_new_participants(location)
        existing = self._clean_participants(location, new)
        if (
            location is not None
            and not self.errors
            and not existing
            and not new
            and not cleaned.get("anonymous_count")
        ):
            raise forms.ValidationError(
                _("Voeg minstens één deelnemer toe of vul het aantal anonieme bezoekers in.")
            )
        cleaned["participant_list"] = existing
        cleaned["new_participant_list"] = new
        return cleaned

    def _clean_new_participants(self, location: Location | None) -> list[tuple[str, str]]:
        pairs, errors = typed_new_participants(
            self.cleaned_data.get("new_participants", ""), location
        )
        if errors:
            self.add_error("new_participants", errors)
        return pairs

    def _clean_participants(
        self, location: Location | None, new: list[tuple[str, str]]
    ) -> list[Participant]:
        if location is None:
            return []
        found, unknown = typed_participants(
            self.cleaned_data.get("participants", ""), location, new
        )
        if unknown:
            self.add_error(
                "participants",
                ngettext(
                    "Onbekende deelnemerscode: %(codes)s. Controleer de code of maak een "
                    "nieuwe deelnemer aan.",
                    "Onbekende deelnemerscodes: %(codes)s. Controleer de codes of maak "
                    "nieuwe deelnemers aan.",
                    len(unknown),
                )
                % {"codes": ", ".join(unknown)},
            )
        return found


class JobLogForm(_LocationDateForm):
    """One job (klus); ``participant`` is an optional code, resolved to ``participant_obj``."""

    description = forms.CharField(
        label=gettext_lazy("Omschrijving"),
        help_text=gettext_lazy("Wat voor klus was het? Bijvoorbeeld: lamp opgehangen."),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. lamp opgehangen")}),
        error_messages={"required": gettext_lazy("Beschrijf kort wat de klus was.")},
    )
    participant = forms.CharField(
        label=gettext_lazy("Deelnemerscode (optioneel)"),
        help_text=gettext_lazy("De code van de bewoner, bijvoorbeeld CJM-0041. Mag leeg blijven."),
        required=False,
        max_length=40,
    )

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("participant", "").strip()
        location = cleaned.get("location")
        cleaned["participant_obj"] = None
        if code and location is not None:
            found = participants_by_code(location, [code])
            if code.lower() not in found:
                self.add_error(
                    "participant",
                    _(
                        "Onbekende deelnemerscode: %(code)s. Controleer de code, of laat het "
                        "veld leeg als u de code niet weet."
                    )
                    % {"code": code},
                )
            else:
                cleaned["participant_obj"] = found[code.lower()]
        return cleaned
