"""Forms of the coordinator's day page: the base form, activity sessions and jobs.

The other kinds have their forms in :mod:`registrations.forms.hours` (volunteer hours) and
:mod:`registrations.forms.referrals` (referrals, placements, paid work, minima applications,
debt support).

Every form works on one location and one day (both from the URL, never from the form), keeps
what was entered when it is shown again with errors, and says in plain Dutch what is wrong.
A form is built with ``user``, ``location``, ``date`` and, to correct a record, ``instance``;
:meth:`DayForm.save` calls the matching service of :mod:`registrations.services` and returns
the saved object, or ``None`` after adding the service's errors to the form.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.choices import Category
from locations.models import Location
from registrations.duplicates import similar_participants, similar_volunteers
from registrations.forms.common import (
    ContactCheckMixin,
    ServiceFormMixin,
    code_taken_message,
    participant_field,
    participants_by_code,
    typed_new_participants,
    typed_participants,
)
from registrations.models.participants import Participant
from registrations.services.participants import job_register, session_register, session_update
from registrations.services.referrals import record_update
from registrations.services.rules import date_errors


def similar_records(kind: str, **kwargs) -> list:
    """Participants (``kind`` "participant") or volunteers similar to a new one; ``kwargs`` go
    to :func:`registrations.duplicates.similar_participants` / ``similar_volunteers``."""
    finder = similar_participants if kind == "participant" else similar_volunteers
    return list(finder(**kwargs))


class DayForm(ContactCheckMixin, ServiceFormMixin, forms.Form):
    """Base of the day-page forms; see the module docstring."""

    def __init__(self, data=None, *, user, location: Location, date: datetime.date, instance=None):
        self.user, self.location, self.date, self.instance = user, location, date, instance
        initial = self.initial_from(instance) if instance is not None else None
        super().__init__(data, initial=initial, prefix=self.prefix_for(instance))
        #: Similar existing records found when creating a new participant or volunteer.
        self.similar: list = []

    kind = ""

    @classmethod
    def prefix_for(cls, instance) -> str:
        return f"{cls.kind}-{instance.pk}" if instance is not None else cls.kind

    def initial_from(self, instance) -> dict:
        """Initial values of the edit form for ``instance``."""
        return {}

    def clean(self):
        cleaned = super().clean()
        # the day's date: the record's registration date, at the day page's location
        for error in date_errors(self.date, self.location):
            self.add_error(None, error)
        return cleaned


class ParticipantMixin:
    """Turns the ``participant`` code into a Participant of the location's organisation."""

    def clean_participant(self) -> Participant | None:
        code = self.cleaned_data.get("participant", "").strip()
        if not code:
            return None
        found = participants_by_code(self.location, [code])
        if code.lower() not in found:
            raise ValidationError(
                _(
                    "Deelnemer %(code)s niet gevonden. Controleer de code, of maak de deelnemer "
                    "eerst aan bij een activiteit."
                )
                % {"code": code}
            )
        return found[code.lower()]

    @staticmethod
    def participant_code(instance) -> str:
        return instance.participant.code if instance.participant_id else ""


class SessionDayForm(DayForm):
    """An activity session of the day with its participants (codes) and anonymous visitors.

    ``participants``: codes of known participants (the picker fills it; without JavaScript one
    code per line); ``new_participants``: one new participant per line, ``code, roepnaam``.
    A new code similar to an existing participant at the location (registrations.duplicates)
    is refused until ``create_anyway`` is ticked.
    """

    kind = "session"
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
    )
    anonymous_count = forms.IntegerField(
        label=gettext_lazy("Anonieme bezoekers"),
        help_text=gettext_lazy("Hoeveel mensen kwamen er zonder code? Bijvoorbeeld 4."),
        min_value=0,
        max_value=1000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": gettext_lazy("Het aantal kan niet negatief zijn."),
            "max_value": gettext_lazy("Vul hooguit 1000 anonieme bezoekers in."),
            "invalid": gettext_lazy("Vul een heel getal in."),
        },
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
    create_anyway = forms.BooleanField(
        label=gettext_lazy("Toch aanmaken: het is echt een andere deelnemer"), required=False
    )

    def initial_from(self, instance) -> dict:
        codes = [a.participant.code for a in instance.attendances.all()]
        return {
            "category": instance.category,
            "title": instance.title,
            "anonymous_count": instance.anonymous_count,
            "participants": "\n".join(sorted(codes, key=str.lower)),
        }

    def clean(self):
        cleaned = super().clean()
        cleaned["anonymous_count"] = cleaned.get("anonymous_count") or 0
        new = self._clean_new()
        existing = self._clean_existing(new)
        if not self.errors and not existing and not new and not cleaned["anonymous_count"]:
            raise ValidationError(
                _("Voeg minstens één deelnemer toe of vul het aantal anonieme bezoekers in.")
            )
        cleaned["participant_list"], cleaned["new_participant_list"] = existing, new
        return cleaned

    def _clean_new(self) -> list[tuple[str, str]]:
        pairs, errors = typed_new_participants(
            self.cleaned_data.get("new_participants", ""), self.location
        )
        if not errors and pairs and not self.cleaned_data.get("create_anyway"):
            for code, nickname in pairs:
                found = similar_records(
                    "participant",
                    organisation=self.location.organisation,
                    location=self.location,
                    code=code,
                    nickname=nickname,
                )
                if any(p.code.lower() == code.lower() for p in found):
                    # Registered by someone else since the check above: it exists, it is not
                    # merely similar.
                    errors.append(code_taken_message(code))
                    continue
                self.similar += found
            if self.similar:
                errors.append(
                    _(
                        "Er bestaat al een deelnemer die erop lijkt: %(similar)s. Is het dezelfde "
                        "persoon? Zoek die dan op. Anders: vink 'toch aanmaken' aan."
                    )
                    % {"similar": ", ".join(p.code for p in self.similar)}
                )
        if errors:
            self.add_error("new_participants", errors)
        return pairs

    def _clean_existing(self, new: list[tuple[str, str]]) -> list[Participant]:
        found, unknown = typed_participants(
            self.cleaned_data.get("participants", ""), self.location, new
        )
        if unknown:
            self.add_error(
                "participants",
                _(
                    "Deelnemer(s) niet gevonden: %(codes)s. Controleer de code of maak een nieuwe "
                    "deelnemer aan."
                )
                % {"codes": ", ".join(unknown)},
            )
        return found

    def save_with_service(self, data: dict):
        common = {
            "user": self.user,
            "category": data["category"],
            "title": data["title"],
            "participant_ids": [p.pk for p in data["participant_list"]],
            "new_participants": data["new_participant_list"],
            "anonymous_count": data["anonymous_count"],
        }
        if self.instance is not None:
            return session_update(session=self.instance, **common)
        return session_register(location=self.location, date=self.date, **common)


class JobDayForm(ParticipantMixin, DayForm):
    """A job (klus) done on the day; ``participant``: optional code of the resident."""

    kind = "job"
    description = forms.CharField(
        label=gettext_lazy("Omschrijving"),
        help_text=gettext_lazy("Wat voor klus was het? Bijvoorbeeld: lamp opgehangen."),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. lamp opgehangen")}),
        error_messages={"required": gettext_lazy("Beschrijf kort wat de klus was.")},
    )
    participant = participant_field(gettext_lazy("Voor deelnemer (code, optioneel)"))

    def initial_from(self, instance) -> dict:
        return {"description": instance.description, "participant": self.participant_code(instance)}

    def save_with_service(self, data: dict):
        fields = {"description": data["description"], "participant": data["participant"]}
        if self.instance is not None:
            return record_update(user=self.user, record=self.instance, changes=fields)
        return job_register(user=self.user, location=self.location, date=self.date, **fields)
