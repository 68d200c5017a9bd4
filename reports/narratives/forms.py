"""The narrative page's form (issue 11)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.forms.common import ContactCheckMixin
from reports.narratives.models import TEXT_FIELDS

#: The steps a button may ask for (:data:`reports.narratives.services.Step`).
STEPS = ("save", "submit", "approve")


class NarrativeForm(ContactCheckMixin, forms.Form):
    """Highlights, a resident's story and points of attention, and the step (the button
    pressed: ``save``, ``submit``, ``approve``).

    With the registrations pages' :class:`registrations.forms.common.ContactCheckMixin`: an e-mail
    address or telephone number in a text is refused with a Dutch warning
    (:func:`locations.personal_data.form_contact_warnings`) and what was typed is kept, until
    ``confirm_contact`` ("Toch opslaan") is ticked; ``contact_warned`` is then True, and the
    page shows the checkbox. A BSN is refused by the service whatever is ticked."""

    highlights = forms.CharField(
        label=_("Hoogtepunten"),
        help_text=_("Wat ging goed dit kwartaal? Schrijf een paar korte zinnen."),
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
        help_text=_(
            "Wat kan beter, of waar is hulp nodig? Bijvoorbeeld: "
            "te weinig vrijwilligers op vrijdag."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact_checked = TEXT_FIELDS
    step = forms.ChoiceField(
        choices=[(step, step) for step in STEPS],
        required=False,
        initial="save",
        widget=forms.HiddenInput,
    )

    def texts(self) -> dict[str, str]:
        """The three texts as cleaned (field name -> text)."""
        return {name: self.cleaned_data.get(name, "") for name in TEXT_FIELDS}
