"""Forms for actual spending: one expenditure (board page and admin) and a CSV upload.

Choices are limited to the active scope (:class:`ScopedFormMixin`) and, on the board page, to
the agreement's locations where the user may add spending and the lines of its current
budget. Every problem is a plain Dutch
message; an invalid form is shown again with what was entered.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.expenditures import expenditure_problems, line_label
from budgets.importer import parse_amount
from budgets.models import Budget, BudgetLine, Expenditure
from locations.access import Action, Area, require_scope
from locations.access.forms import ScopedFormMixin
from locations.csv_import import size_errors
from locations.models import Location

DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]


class LineChoiceField(forms.ModelChoiceField):
    """A budget line, labelled with its agreement: "zuidoost-2021 · (D1) Handgeld …"."""

    def label_from_instance(self, obj: BudgetLine) -> str:
        return line_label(obj)


class AmountField(forms.CharField):
    """Euros as typed in Dutch or English notation ("12,50", "€ 1.234,56", "1234.56");
    cleans to a Decimal with cents (rules: :func:`budgets.importer.parse_amount`)."""

    default_error_messages = {
        "invalid": gettext_lazy("Vul een bedrag in euro's in, bijvoorbeeld 12,50 of 1.234,56."),
        "zero": gettext_lazy("Het bedrag mag niet 0 zijn."),
    }

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        amount = parse_amount(text)
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if amount == 0:
            raise forms.ValidationError(self.error_messages["zero"], code="zero")
        return amount


class ExpenditureCheckMixin:
    """``clean()`` refusing a line whose agreement does not cover the location or whose year
    differs from the date's (:func:`budgets.expenditures.expenditure_problems`)."""

    def clean(self):
        cleaned = super().clean()
        location, line, on = cleaned.get("location"), cleaned.get("line"), cleaned.get("date")
        if location is not None and line is not None and on is not None:
            for problem in expenditure_problems(location=location, line=line, on=on):
                self.add_error("line", problem)
        return cleaned


class ExpenditureForm(ExpenditureCheckMixin, ScopedFormMixin, forms.ModelForm):
    """Enter one expenditure of ``agreement`` on the board page (admins only)."""

    location = forms.ModelChoiceField(
        label=gettext_lazy("Buurtwerkkamer"),
        queryset=Location.objects.all(),
        error_messages={
            "required": gettext_lazy("Kies een buurtwerkkamer."),
            "invalid_choice": gettext_lazy("Kies een buurtwerkkamer van deze afspraak."),
        },
    )
    line = LineChoiceField(
        label=gettext_lazy("Begrotingsregel"),
        queryset=BudgetLine.objects.all(),
        error_messages={
            "required": gettext_lazy("Kies een begrotingsregel."),
            "invalid_choice": gettext_lazy("Kies een regel van de huidige begroting."),
        },
    )
    date = forms.DateField(
        label=gettext_lazy("Datum"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Vul een datum in."),
            "invalid": gettext_lazy("Vul een geldige datum in, bijvoorbeeld 31-12-2021."),
        },
    )
    amount = AmountField(
        label=gettext_lazy("Bedrag (euro)"),
        error_messages={"required": gettext_lazy("Vul een bedrag in.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    class Meta:
        model = Expenditure
        fields = ["location", "line", "date", "amount", "description"]

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["location"].queryset = (
            require_scope()
            .locations(Action.ADD, Area.SPENDING)
            .filter(agreements=agreement)
            .order_by("name")
        )
        budget = Budget.objects.filter(agreement=agreement).order_by("-position", "-pk").first()
        self.fields["line"].queryset = (
            self.fields["line"]
            .queryset.filter(budget=budget)
            .select_related("budget__agreement")
            .order_by("position")
        )
        self.fields["description"].label = _("Omschrijving")


class ExpenditureAdminForm(ExpenditureCheckMixin, forms.ModelForm):
    """The admin's expenditure form: the same location/line/date check as the board page."""

    class Meta:
        model = Expenditure
        fields = ["location", "line", "date", "amount", "description"]


class ExpenditureImportForm(forms.Form):
    """Upload a bookkeeping CSV export (docs/import-expenditures.md)."""

    file = forms.FileField(
        label=gettext_lazy("CSV-bestand"),
        error_messages={
            "required": gettext_lazy("Kies een CSV-bestand."),
            "empty": gettext_lazy("Het bestand is leeg."),
        },
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Alleen controleren (niets opslaan)"), required=False
    )

    def clean_file(self):
        """The upload, refused before it is read when it is larger than an import accepts
        (:func:`locations.csv_import.size_errors`, ``settings.IMPORT_MAX_BYTES``)."""
        upload = self.cleaned_data["file"]
        errors = size_errors(upload.size)
        if errors:
            raise forms.ValidationError(errors)
        return upload
