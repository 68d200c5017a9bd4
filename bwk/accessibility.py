"""The accessibility statement (issue 14: "an accessibility statement page
(/toegankelijkheid/) in the format of digitoegankelijk.nl"), for the organisations and
municipalities that must publish one per application (Besluit digitale toegankelijkheid
overheid, EN 301 549 / WCAG 2.2 AA).

Public, no login: like the privacy statement (bwk/privacy.py) it is for everyone, residents
included, and shows nothing of any organisation. It follows the model statement of
digitoegankelijk.nl: the organisation and the application, the status of compliance, the date,
how it was checked, the known problems, feedback and contact, and the complaint procedure
(the organisation first, then the Nationale ombudsman). What it can take from the product it
takes from there: the operator and contact address from the settings, the axe-core version the
test suite runs (package.json).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: The standard checked against.
STANDARD = "WCAG 2.2 AA"
#: The day of the last check; change it with the statement (the model asks for a date).
CHECKED_ON = date(2026, 12, 2)
#: Status of compliance as digitoegankelijk.nl names it (A: voldoet volledig, B: voldoet
#: gedeeltelijk, C: eerste maatregelen genomen, D: voldoet niet, E: niet van toepassing).
STATUS = _("voldoet gedeeltelijk")
#: How many working days the organisation takes to answer a question or complaint.
ANSWER_WITHIN_DAYS = 5


@dataclass(frozen=True)
class KnownProblem:
    """A known problem: what does not meet the standard (``what``), the success criterion,
    and what we do about it (``action``)."""

    what: StrOrPromise
    criterion: str
    action: StrOrPromise


#: What is known not to meet WCAG 2.2 AA yet (issue 14 tracks each).
KNOWN_PROBLEMS: tuple[KnownProblem, ...] = (
    KnownProblem(
        _(
            "De rapportages als PDF zijn gecontroleerd op PDF/UA-kenmerken, maar niet met "
            "een schermlezer getest. Gebruik bij problemen het Excel-bestand of de webpagina "
            "met dezelfde cijfers."
        ),
        "1.3.1",
        _("We testen de PDF met een schermlezer en lossen gevonden problemen op."),
    ),
    KnownProblem(
        _(
            "De technische documentatie van de API (/api/docs/, voor ontwikkelaars van de "
            "systemen van financiers) is de standaardpagina van Swagger UI: die heeft geen "
            "taal op de pagina, te weinig kleurcontrast en te kleine knoppen."
        ),
        "3.1.1, 1.4.3, 2.5.8",
        _(
            "We vervangen deze pagina door een eigen, toegankelijke pagina. Tot die tijd kunt "
            "u de beschrijving van de API bij ons opvragen."
        ),
    ),
    KnownProblem(
        _(
            "Het beheergedeelte (/beheer/) is gebaseerd op de standaardbeheeromgeving van "
            "Django; niet elke pagina daarvan is automatisch gecontroleerd."
        ),
        "4.1.2",
        _("We breiden de automatische controle uit tot elke beheerpagina."),
    ),
)


@functools.cache
def axe_core_version() -> str:
    """The axe-core version the browser tests run (package.json's devDependencies), or ""
    when package.json names none."""
    with (settings.BASE_DIR / "package.json").open(encoding="utf-8") as file:
        return str(json.load(file).get("devDependencies", {}).get("axe-core", ""))


class AccessibilityView(TemplateView):
    """The accessibility statement (GET only; public)."""

    template_name = "accessibility.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            standard=STANDARD,
            checked_on=CHECKED_ON,
            status=STATUS,
            answer_within_days=ANSWER_WITHIN_DAYS,
            known_problems=KNOWN_PROBLEMS,
            axe_version=axe_core_version(),
        )
        return context
