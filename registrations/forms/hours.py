"""Forms of the day page for volunteer hours: the quick entry of several volunteers' hours,
and the correction of one hours row (see :mod:`registrations.forms.day`)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.forms.common import label_row_fields
from registrations.forms.day import DayForm, similar_records
from registrations.models.volunteers import HoursSpan, Volunteer
from registrations.services.rules import hours_errors, participant_code_errors
from registrations.services.volunteers import hours_register_codes, hours_update

#: Rows of the quick hours entry (more volunteers: save and enter the next batch).
HOURS_ROWS = 6


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
        label=gettext_lazy("Onbekende codes aanmaken als nieuwe vrijwilliger"),
        help_text=gettext_lazy(
            "Zet een vinkje als een code nog niet bestaat en u een nieuwe vrijwilliger wilt maken."
        ),
        required=False,
    )
    create_anyway = forms.BooleanField(
        label=gettext_lazy("Toch aanmaken: het is echt een andere vrijwilliger"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(HOURS_ROWS):
            self.fields[f"volunteer_{n}"] = forms.CharField(
                label=gettext_lazy("Vrijwilliger (code)"),
                help_text=gettext_lazy("De code van de vrijwilliger, bijvoorbeeld V-CJM-012."),
                required=False,
                max_length=40,
                widget=forms.TextInput(attrs={"autocomplete": "off", "list": "volunteer-codes"}),
            )
            self.fields[f"hours_{n}"] = forms.DecimalField(
                label=gettext_lazy("Uren"),
                help_text=gettext_lazy("Hoeveel uur? Bijvoorbeeld 3 of 2,5."),
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
        label_row_fields(self, ("volunteer", "hours"), HOURS_ROWS)

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
            for error in hours_errors(hours, span):
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
            problems = participant_code_errors(code)
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
                self.similar += similar_records(
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
        cleaned["new_codes"] = new_codes
        return cleaned

    def save_with_service(self, data: dict):
        return hours_register_codes(
            user=self.user,
            location=self.location,
            date=self.date,
            span=data["span"],
            entries=data["entries"],
            new_codes=data["new_codes"],
        )


class HoursEditForm(DayForm):
    """Correct one hours row: the hours and whether they are for the day or the week."""

    kind = "hours"
    span = forms.ChoiceField(label=gettext_lazy("Uren per"), choices=HoursSpan.choices)
    hours = forms.DecimalField(
        label=gettext_lazy("Uren"),
        help_text=gettext_lazy("Hoeveel uur? Bijvoorbeeld 3 of 2,5."),
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
            for error in hours_errors(cleaned["hours"], cleaned.get("span", "day")):
                self.add_error("hours", error)
        return cleaned

    def save_with_service(self, data: dict):
        return hours_update(
            user=self.user, record=self.instance, hours=data["hours"], span=data["span"]
        )
