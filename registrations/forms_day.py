"""Forms of the coordinator's day page: one add/edit form per kind of record.

Every form works on one location and one day (both from the URL, never from the form), keeps
what was entered when it is shown again with errors, and says in plain Dutch what is wrong.
A form is built with ``user``, ``location``, ``date`` and, to correct a record, ``instance``;
:meth:`DayForm.save` calls the matching service of :mod:`registrations.services` and returns
the saved object, or ``None`` after adding the service's errors to the form.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.choices import Category
from locations.models import Location
from registrations import services
from registrations.forms import participants_by_code, split_codes
from registrations.models import (
    HoursSpan,
    Participant,
    PlacementKind,
    ReferralKind,
    Volunteer,
)

#: Rows of the quick hours entry (more volunteers: save and enter the next batch).
HOURS_ROWS = 6


def _similar(kind: str, **kwargs) -> list:
    """Similar participants or volunteers (registrations.duplicates, helper B2b's contract)."""
    from registrations import duplicates

    finder = (
        duplicates.similar_participants if kind == "participant" else duplicates.similar_volunteers
    )
    return list(finder(**kwargs))


class DayForm(forms.Form):
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
        if self.instance is None:
            for error in services.date_errors(self.date):
                self.add_error(None, error)
        return cleaned

    def save(self):
        """Save through the service; return the object or None (errors added to the form)."""
        try:
            return self.save_with_service(self.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
            else:
                self.add_error(None, error.messages)
            return None

    def save_with_service(self, data: dict):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


def participant_field(label=None) -> forms.CharField:
    """An optional participant-code field, resolved by ``ParticipantMixin.clean_participant``."""
    return forms.CharField(
        label=label or gettext_lazy("Deelnemerscode (optioneel)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


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
        choices=[("", gettext_lazy("— kies —")), *Category.choices],
        error_messages={"required": gettext_lazy("Kies een soort activiteit.")},
    )
    title = forms.CharField(label=gettext_lazy("Titel (optioneel)"), required=False, max_length=200)
    anonymous_count = forms.IntegerField(
        label=gettext_lazy("Anonieme bezoekers"),
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
        pairs: list[tuple[str, str]] = []
        errors: list[str] = []
        for line in self.cleaned_data.get("new_participants", "").splitlines():
            if not line.strip():
                continue
            code, _sep, nickname = line.partition(",")
            code, nickname = code.strip(), nickname.strip()
            problems = services.participant_code_errors(code)
            if problems:
                errors.extend(f"{code}: {problem}" for problem in problems)
            elif len(nickname) > 60:
                errors.append(
                    _("%(code)s: de roepnaam is te lang (maximaal 60 tekens).") % {"code": code}
                )
            elif any(code.lower() == other.lower() for other, _n in pairs):
                errors.append(_("%(code)s staat twee keer in de lijst.") % {"code": code})
            else:
                pairs.append((code, nickname))
        taken = participants_by_code(self.location, [code for code, _n in pairs])
        for code, _n in pairs:
            if code.lower() in taken:
                errors.append(
                    _(
                        "%(code)s bestaat al. Zoek de deelnemer op in plaats van een nieuwe "
                        "aan te maken."
                    )
                    % {"code": code}
                )
        if not errors and pairs and not self.cleaned_data.get("create_anyway"):
            for code, nickname in pairs:
                self.similar += _similar(
                    "participant",
                    organisation=self.location.organisation,
                    location=self.location,
                    code=code,
                    nickname=nickname,
                )
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
        new_codes = {code.lower() for code, _n in new}
        codes = [
            code
            for code in split_codes(self.cleaned_data.get("participants", ""))
            if code.lower() not in new_codes
        ]
        found = participants_by_code(self.location, codes)
        unknown = [code for code in codes if code.lower() not in found]
        if unknown:
            self.add_error(
                "participants",
                _(
                    "Deelnemer(s) niet gevonden: %(codes)s. Controleer de code of maak een nieuwe "
                    "deelnemer aan."
                )
                % {"codes": ", ".join(unknown)},
            )
        return [found[code.lower()] for code in codes if code.lower() in found]

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
            return services.session_update(session=self.instance, **common)
        return services.session_register(location=self.location, date=self.date, **common)


class JobDayForm(ParticipantMixin, DayForm):
    """A job (klus) done on the day; ``participant``: optional code of the resident."""

    kind = "job"
    description = forms.CharField(
        label=gettext_lazy("Omschrijving"),
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
            return services.record_update(user=self.user, record=self.instance, changes=fields)
        return services.job_register(
            user=self.user, location=self.location, date=self.date, **fields
        )


class HoursDayForm(DayForm):
    """Quick hours entry: hours of up to :data:`HOURS_ROWS` volunteers on the day or in the week
    starting on the day. Rows are ``volunteer_<n>`` (code) and ``hours_<n>`` (e.g. 3,5).

    An unknown code is refused unless ``create_new`` is ticked; a new code similar to an
    existing volunteer (registrations.duplicates) is refused until ``create_anyway`` is ticked.
    Editing one hours row uses :class:`HoursEditForm`.
    """

    kind = "hours"
    span = forms.ChoiceField(
        label=gettext_lazy("Uren per"),
        choices=HoursSpan.choices,
        initial=HoursSpan.DAY,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Week: de uren in de week die op deze dag begint."),
    )
    create_new = forms.BooleanField(
        label=gettext_lazy("Onbekende codes aanmaken als nieuwe vrijwilliger"), required=False
    )
    create_anyway = forms.BooleanField(
        label=gettext_lazy("Toch aanmaken: het is echt een andere vrijwilliger"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(HOURS_ROWS):
            self.fields[f"volunteer_{n}"] = forms.CharField(
                label=gettext_lazy("Vrijwilliger (code)"),
                required=False,
                max_length=40,
                widget=forms.TextInput(attrs={"autocomplete": "off", "list": "volunteer-codes"}),
            )
            self.fields[f"hours_{n}"] = forms.DecimalField(
                label=gettext_lazy("Uren"),
                required=False,
                max_digits=5,
                decimal_places=2,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
                error_messages={
                    "invalid": gettext_lazy("Vul een getal in, bijvoorbeeld 3,5."),
                    "max_digits": gettext_lazy("Vul een kleiner getal in."),
                    "max_decimal_places": gettext_lazy("Gebruik hooguit twee decimalen."),
                },
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(volunteer field, hours field) per row, for the template."""
        return [(self[f"volunteer_{n}"], self[f"hours_{n}"]) for n in range(HOURS_ROWS)]

    def clean(self):
        cleaned = super().clean()
        span = cleaned.get("span", HoursSpan.DAY)
        typed: list[tuple[int, str, Decimal | None]] = []
        for n in range(HOURS_ROWS):
            code = cleaned.get(f"volunteer_{n}", "").strip()
            hours = cleaned.get(f"hours_{n}")
            if f"hours_{n}" in self.errors:
                continue
            if not code and hours is None:
                continue
            if not code:
                self.add_error(f"volunteer_{n}", _("Vul de code van de vrijwilliger in."))
                continue
            for error in services.hours_errors(hours, span):
                self.add_error(f"hours_{n}", error)
            typed.append((n, code, hours))
        if not typed and not self.errors:
            raise ValidationError(_("Vul voor minstens één vrijwilliger de code en de uren in."))
        found = {
            v.code_lower: v
            for v in Volunteer.objects.annotate(code_lower=Lower("code")).filter(
                organisation_id=self.location.organisation_id,
                code_lower__in=[code.lower() for _n, code, _h in typed],
            )
        }
        new_codes = []
        for n, code, _hours in typed:
            if code.lower() in found:
                continue
            problems = services.participant_code_errors(code)
            if problems:
                self.add_error(f"volunteer_{n}", problems)
            elif not cleaned.get("create_new"):
                self.add_error(
                    f"volunteer_{n}",
                    _(
                        "Vrijwilliger %(code)s niet gevonden. Controleer de code, of vink "
                        "'nieuwe vrijwilliger aanmaken' aan."
                    )
                    % {"code": code},
                )
            elif code.lower() not in {c.lower() for c in new_codes}:
                new_codes.append(code)
        if new_codes and not self.errors and not cleaned.get("create_anyway"):
            for code in new_codes:
                self.similar += _similar(
                    "volunteer",
                    organisation=self.location.organisation,
                    location=self.location,
                    code=code,
                )
            if self.similar:
                self.add_error(
                    None,
                    _(
                        "Er bestaat al een vrijwilliger die erop lijkt: %(similar)s. Is het "
                        "dezelfde persoon? Gebruik dan die code. Anders: vink 'toch aanmaken' aan."
                    )
                    % {"similar": ", ".join(v.code for v in self.similar)},
                )
        cleaned["entries"] = [(code, hours) for _n, code, hours in typed]
        cleaned["found"], cleaned["new_codes"] = found, new_codes
        return cleaned

    def save_with_service(self, data: dict):
        found = dict(data["found"])
        for code in data["new_codes"]:
            found[code.lower()] = services.volunteer_create(
                user=self.user, location=self.location, code=code
            )
        return services.hours_register(
            user=self.user,
            location=self.location,
            date=self.date,
            span=data["span"],
            entries=[(found[code.lower()], hours) for code, hours in data["entries"]],
        )


class HoursEditForm(DayForm):
    """Correct one hours row: the hours and whether they are for the day or the week."""

    kind = "hours"
    span = forms.ChoiceField(label=gettext_lazy("Uren per"), choices=HoursSpan.choices)
    hours = forms.DecimalField(
        label=gettext_lazy("Uren"),
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": gettext_lazy("Vul het aantal uren in."),
            "invalid": gettext_lazy("Vul een getal in, bijvoorbeeld 3,5."),
        },
    )

    def initial_from(self, instance) -> dict:
        return {"span": instance.span, "hours": instance.hours}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hours") is not None:
            for error in services.hours_errors(cleaned["hours"], cleaned.get("span", "day")):
                self.add_error("hours", error)
        return cleaned

    def save_with_service(self, data: dict):
        return services.hours_update(
            user=self.user, record=self.instance, hours=data["hours"], span=data["span"]
        )


class IncomingReferralDayForm(ParticipantMixin, DayForm):
    """A resident referred to the room by an agency, or a newcomer (statushouder)."""

    kind = "incoming"
    referral_kind = forms.ChoiceField(
        label=gettext_lazy("Soort"), choices=ReferralKind.choices, initial=ReferralKind.AGENCY
    )
    agency = forms.CharField(
        label=gettext_lazy("Verwezen door"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. WPI, buurtteam")}),
    )
    participant = participant_field()
    takes_part = forms.BooleanField(label=gettext_lazy("Doet mee"), required=False)

    def initial_from(self, instance) -> dict:
        return {
            "referral_kind": instance.kind,
            "agency": instance.agency,
            "participant": self.participant_code(instance),
            "takes_part": instance.takes_part,
        }

    def save_with_service(self, data: dict):
        fields = {
            "kind": data["referral_kind"],
            "agency": data["agency"],
            "participant": data["participant"],
            "takes_part": data["takes_part"],
        }
        if self.instance is not None:
            return services.record_update(user=self.user, record=self.instance, changes=fields)
        return services.referral_register(
            user=self.user, location=self.location, date=self.date, **fields
        )

    def add_error(self, field, error):
        super().add_error("referral_kind" if field == "kind" else field, error)


class OutgoingReferralDayForm(ParticipantMixin, DayForm):
    """A referral from the room to a care or welfare organisation."""

    kind = "outgoing"
    organisation_name = forms.CharField(
        label=gettext_lazy("Doorverwezen naar"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. MaDi, Samen DOEN")}),
        error_messages={"required": gettext_lazy("Vul in naar welke organisatie is doorverwezen.")},
    )
    participant = participant_field()
    note = forms.CharField(label=gettext_lazy("Toelichting"), required=False, max_length=200)

    def initial_from(self, instance) -> dict:
        return {
            "organisation_name": instance.organisation_name,
            "participant": self.participant_code(instance),
            "note": instance.note,
        }

    def save_with_service(self, data: dict):
        fields = {k: data[k] for k in ("organisation_name", "participant", "note")}
        if self.instance is not None:
            return services.record_update(user=self.user, record=self.instance, changes=fields)
        return services.outgoing_referral_register(
            user=self.user, location=self.location, date=self.date, **fields
        )


class PlacementDayForm(ParticipantMixin, DayForm):
    """A placement that started on the day; the end date is optional."""

    kind = "placement"
    placement_kind = forms.ChoiceField(
        label=gettext_lazy("Soort plek"),
        choices=[("", gettext_lazy("— kies —")), *PlacementKind.choices],
        error_messages={"required": gettext_lazy("Kies de soort plek.")},
    )
    participant = participant_field()
    ended_on = forms.DateField(
        label=gettext_lazy("Gestopt op (optioneel)"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Vul een geldige datum in, bijvoorbeeld 31-12-2019.")
        },
    )

    def initial_from(self, instance) -> dict:
        return {
            "placement_kind": instance.kind,
            "participant": self.participant_code(instance),
            "ended_on": instance.ended_on,
        }

    def save_with_service(self, data: dict):
        fields = {
            "kind": data["placement_kind"],
            "participant": data["participant"],
            "ended_on": data["ended_on"],
        }
        if self.instance is not None:
            return services.record_update(user=self.user, record=self.instance, changes=fields)
        return services.placement_register(
            user=self.user, location=self.location, started_on=self.date, **fields
        )

    def add_error(self, field, error):
        super().add_error("placement_kind" if field == "kind" else field, error)


class PaidWorkDayForm(ParticipantMixin, DayForm):
    """A participant who found paid work on the day."""

    kind = "paidwork"
    participant = participant_field(gettext_lazy("Deelnemerscode"))
    note = forms.CharField(label=gettext_lazy("Toelichting"), required=False, max_length=200)

    def initial_from(self, instance) -> dict:
        return {"participant": self.participant_code(instance), "note": instance.note}

    def save_with_service(self, data: dict):
        fields = {"participant": data["participant"], "note": data["note"]}
        if self.instance is not None:
            return services.record_update(user=self.user, record=self.instance, changes=fields)
        return services.paid_work_register(
            user=self.user, location=self.location, date=self.date, **fields
        )


class MinimaDayForm(ParticipantMixin, DayForm):
    """A minima-scheme application submitted through the room on the day."""

    kind = "minima"
    scheme = forms.CharField(
        label=gettext_lazy("Regeling (optioneel)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. Stadspas")}),
    )
    participant = participant_field()

    def initial_from(self, instance) -> dict:
        return {"scheme": instance.scheme, "participant": self.participant_code(instance)}

    def save_with_service(self, data: dict):
        fields = {"scheme": data["scheme"], "participant": data["participant"]}
        if self.instance is not None:
            return services.record_update(user=self.user, record=self.instance, changes=fields)
        return services.minima_application_register(
            user=self.user, location=self.location, date=self.date, **fields
        )


class DebtSupportDayForm(ParticipantMixin, DayForm):
    """A resident supported towards debt assistance on the day."""

    kind = "debt"
    organisation_name = forms.CharField(
        label=gettext_lazy("Naar (optioneel)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. Madi, schuldhulp")}),
    )
    participant = participant_field()
    note = forms.CharField(label=gettext_lazy("Toelichting"), required=False, max_length=200)

    def initial_from(self, instance) -> dict:
        return {
            "organisation_name": instance.organisation_name,
            "participant": self.participant_code(instance),
            "note": instance.note,
        }

    def save_with_service(self, data: dict):
        fields = {k: data[k] for k in ("organisation_name", "participant", "note")}
        if self.instance is not None:
            return services.record_update(user=self.user, record=self.instance, changes=fields)
        return services.debt_support_register(
            user=self.user, location=self.location, date=self.date, **fields
        )
