"""The narrative page's form (issue 11)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from locations.personal_data import form_contact_warnings
from reports.narratives.models import TEXT_FIELDS

#: The steps a button may ask for (:data:`reports.narratives.services.Step`).
STEPS = ("save", "submit", "approve")


class NarrativeForm(forms.Form):
    """Highlights, a resident's story and points of attention, and the step (the button
    pressed: ``save``, ``submit``, ``approve``).

    As the registrations pages (``registrations.forms.common.ContactCheckMixin``): an e-mail
    address or telephone number in a text is refused with a Dutch warning
    (:func:`locations.personal_data.form_contact_warnings`) and what was typed is kept, until
    ``confirm_contact`` ("Toch opslaan") is ticked; ``contact_warned`` is then True, and the
    page shows the checkbox. A BSN is refused by the service whatever is ticked."""

    highlights = forms.CharField(
        label=_("Hoogtepunten"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    story = forms.CharField(
        label=_("Verhaal van een bewoner"),
        required=False,
        max_length=5000,
        help_text=_("Zonder naam, adres, e-mailadres, telefoonnummer of BSN."),
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    attention = forms.CharField(
        label=_("Aandachtspunten"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    confirm_contact = forms.BooleanField(
        label=_("Toch opslaan met e-mailadres of telefoonnummer"), required=False
    )
    step = forms.ChoiceField(
        choices=[(step, step) for step in STEPS],
        required=False,
        initial="save",
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contact_warned = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if form_contact_warnings(self, TEXT_FIELDS):
            self.contact_warned = True
        return cleaned

    def texts(self) -> dict[str, str]:
        """The three texts as cleaned (field name -> text)."""
        return {name: self.cleaned_data.get(name, "") for name in TEXT_FIELDS}
