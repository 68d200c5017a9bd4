"""What the registrations forms share: date fields that accept 2019-12-31 and 31-12-2019,
participant codes typed as text, finding participants by code, the idempotency token of a
form (:class:`SubmissionMixin`) and saving through a service once per submitted form
(:class:`ServiceFormMixin`)."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from locations.models import Location
from locations.personal_data import form_contact_warnings
from registrations.models.participants import Participant
from registrations.services.rules import nickname_errors, participant_code_errors
from registrations.services.submissions import is_submitted, submit_once

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]

#: The free-text fields of the page forms that are checked for contact details: a title,
#: description, organisation, note, explanation or source (issue 10, "No BSN": warn on
#: e-mail addresses and telephone numbers in free text).
CONTACT_CHECKED = (
    "title",
    "description",
    "agency",
    "organisation_name",
    "note",
    "partner_name",
    "name",
    "scheme",
    "explanation",
    "source",
)


class ContactCheckMixin:
    """Form mixin of the day, log and records pages: an e-mail address or telephone number in
    one of the form's :data:`CONTACT_CHECKED` fields is refused with a Dutch warning
    (:func:`locations.personal_data.contact_warnings`) unless ``confirm_contact`` ("Toch
    opslaan") is ticked, as the admin does (``registrations.admin.base``) and as the duplicate
    warning works. ``contact_warned`` is True after a clean that warned: the templates show
    the checkbox only then. Goes before ``forms.Form`` in the bases; a form that checks other
    fields sets ``contact_checked`` (the narratives form: its three texts)."""

    fields: dict
    contact_checked: tuple[str, ...] = CONTACT_CHECKED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact_warned = False
        self.fields["confirm_contact"] = forms.BooleanField(
            label=gettext_lazy("Toch opslaan met e-mailadres of telefoonnummer"),
            required=False,
        )

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        if form_contact_warnings(self, self.contact_checked):
            self.contact_warned = True
        return cleaned


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
        errors.extend(code_taken_message(code) for code, _n in pairs if code.lower() in taken)
    return pairs, errors


def code_taken_message(code: str) -> str:
    """The refusal of a new participant whose ``code`` exists already (Dutch, active
    language): one text for the check of :func:`typed_new_participants` and for a participant
    registered at the same moment by someone else (the day page's similarity check)."""
    return _("%(code)s bestaat al. Zoek de deelnemer op in plaats van een nieuwe aan te maken.") % {
        "code": code
    }


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


def date_field(label, *, required: bool = True, help_text="") -> forms.DateField:
    """A date field that accepts 2019-12-31 and 31-12-2019, with Dutch messages; ``help_text``
    the short help shown beside it."""
    return forms.DateField(
        label=label,
        help_text=help_text,
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


#: Name of the hidden field with a form's idempotency token (:class:`SubmissionMixin`).
SUBMISSION_FIELD = "submission"

_TOKEN = re.compile(r"[0-9a-f]{32}")


def new_token() -> str:
    """A new idempotency token: 32 random hex characters (a UUID4)."""
    return uuid.uuid4().hex


class SubmissionMixin:
    """Adds the hidden field ``submission``: a new random token each time the form is rendered
    empty, sent back unchanged when it is rendered again with errors. Templates render it
    with ``{{ form.submission }}``. ``cleaned_data["submission"]`` is the token, or "" when
    none (or no well-formed one) was sent: then the form simply writes
    (:func:`registrations.services.submissions.submit_once`).

    A form sent again after its first submission committed is valid whatever its checks say
    now (they may refuse what the first one wrote: "member number L-17 exists"): saving it
    gives the first submission's result. The form needs ``self.user``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[SUBMISSION_FIELD] = forms.CharField(
            required=False, max_length=32, widget=forms.HiddenInput, initial=new_token
        )

    def clean_submission(self) -> str:
        token = self.cleaned_data.get(SUBMISSION_FIELD, "").strip().lower()
        return token if _TOKEN.fullmatch(token) else ""

    def is_valid(self) -> bool:
        """Django's check; when it fails, True all the same (errors cleared) if this form's
        token was submitted before (:func:`is_submitted`, one query, only then)."""
        if super().is_valid():
            return True
        if is_submitted(user=self.user, token=self.cleaned_data.get(SUBMISSION_FIELD, "")):
            self._errors.clear()
            return True
        return False


class ServiceFormMixin(SubmissionMixin):
    """A form that writes through a service: :meth:`save` calls :meth:`save_with_service`
    with the cleaned data once per submitted form (:func:`submit_once` with the form's token
    and ``self.location``: the same form sent again gets what the first one saved) and
    returns what it returns, or ``None`` after adding the service's ValidationError to the
    form (on the field it names when the form has that field, else as a form error), so the
    page shows it next to what was entered."""

    def save(self):
        """Save through the service; return the object or None (errors added to the form)."""
        try:
            return submit_once(
                user=self.user,
                location=self.location,
                token=self.cleaned_data.get(SUBMISSION_FIELD, ""),
                save=lambda: self.save_with_service(self.cleaned_data),
            )
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


def label_row_fields(form: forms.Form, names: tuple[str, ...], rows: int) -> None:
    """Give the fields ``<name>_<n>`` of ``form`` (n from 0 to ``rows`` - 1), shown in a
    table under column headers without a label of their own, an accessible name: their label
    and row number (``aria-label``, e.g. "Uren, rij 2"). Changes the widgets in place."""
    for n in range(rows):
        for name in names:
            field = form.fields[f"{name}_{n}"]
            field.widget.attrs["aria-label"] = _("%(label)s, rij %(row)d") % {
                "label": field.label,
                "row": n + 1,
            }
