"""Stable codes of the domain (DOMAIN.md glossary): English codes, Dutch labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    """The four blocks of an agreement's targets table."""

    EFFECT = "EFFECT", _("Effect")
    OUTPUT = "OUTPUT", _("Output")
    PROCES = "PROCES", _("Proces")
    INPUT = "INPUT", _("Input")


class Method(models.TextChoices):
    """Measurement method (the 'Indicator' column of the agreements)."""

    SURVEY = "survey", _("Enquête")
    INTERVIEWS = "interviews", _("Interviews")
    COUNT = "count", _("Aantal")
    COUNT_OF_REFERRED = "count_of_referred", _("Aantal op aangemeld")
    UNIQUE = "unique", _("Uniek #")
    JOBS = "jobs", _("Klussen #")
    BUDGET = "budget", _("Begroting")
    AUDIT = "audit", _("Controle")


class Category(models.TextChoices):
    """Activity categories (PROCES section); the codes are stable across agreement years."""

    SOCIAL = "social", _("Sociale ontmoeting")
    ACTIVATION = "activation", _("Activering")
    JOBS = "jobs", _("Klussen")
    COMPUTER = "computer", _("Computervaardigheid")
    LANGUAGE = "language", _("Taalverwerving Nederlands")
    FORMS = "forms", _("Formulieren")
    DEBT = "debt", _("Schuldhulptoeleiding en budgetadvies")
    WORK = "work", _("Toeleiding naar werk")


#: Pseudo-category of the "total unique participants" row: every category.
ALL_CATEGORIES = "all"
#: The key of what a format-2 agreement file states for the whole region (issue 12): a
#: target's, and a budget amount's, financing's or volunteer hours' key beside room codes.
REGION = "region"


class PartyKind(models.TextChoices):
    """Kind of party to an agreement."""

    MUNICIPALITY = "municipality", _("Gemeente")
    HOUSING_CORPORATION = "housing_corporation", _("Woningcorporatie")
    BENEFIT_AGENCY = "benefit_agency", _("Uitkeringsinstantie")
    FUND = "fund", _("Fonds")
    HEALTH_INSURER = "health_insurer", _("Zorgverzekeraar")
    SPONSOR = "sponsor", _("Sponsor")
    RESIDENTS_ASSOCIATION = "residents_association", _("Bewonersvereniging")
    COOPERATIVE = "cooperative", _("Coöperatie")
    OTHER = "other", _("Overig")


class Comparator(models.TextChoices):
    """How a target compares: '> 10' (gt), '≥ 10' / 'Min. 10' (gte), '400' (at least, as a
    plain figure), 'Positief'; since issue 12 also '≤ 10' / 'max. 10' (at most), '10-20'
    (range) and 'nog niet' (not yet: no target this year)."""

    GT = "gt", ">"
    GTE = "gte", "≥"
    AT_LEAST = "at_least", _("streefcijfer")
    POSITIVE = "positive", _("Positief")
    AT_MOST = "at_most", "≤"
    RANGE = "range", _("van-tot")
    NOT_YET = "not_yet", _("nog geen streefcijfer")


class DeadlineKind(models.TextChoices):
    INTERIM = "interim", _("tussenrapportage")
    FINAL = "final", _("eindrapportage")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    SIGNED = "signed", _("ondertekend")


class AgreementKind(models.TextChoices):
    """What kind of document an agreement file holds (issue 12, "Kinds and status")."""

    AGREEMENT = "agreement", _("samenwerkingsafspraak")
    OFFER = "offer", _("aanbod")
    MULTI_YEAR_PLAN = "multi_year_plan", _("meerjarenplan")


class MunicipalityItemKind(models.TextChoices):
    """What a municipality item of an agreement counts (issue 12: the items the municipality
    asks to be stated explicitly are defined per agreement, e.g. (a)-(d) of the 2019
    Zuidoost agreement; DOMAIN.md). The label is the item's title when the file states none."""

    REFERRALS = "referrals", _("Doorverwijzingen naar formele zorg- en welzijnsorganisaties")
    MINIMA = "minima", _("Digitale aanvragen minimaregeling via de buurtwerkkamer")
    PARTNERS = (
        "partners",
        _("Organisaties waarmee de buurtwerkkamer samenwerkt op basis van een afspraak"),
    )
    DEBT_SUPPORT = "debt_support", _("Bewoners ondersteund richting schuldhulpverlening")


#: The items (letter, kind) every agreement showed before they were defined per agreement:
#: (a)-(d) of the 2019 Zuidoost agreement. A ``format: 1`` file keeps them (docs/
#: agreement-format.md, ``municipality_items``).
BUILT_IN_MUNICIPALITY_ITEMS = (
    ("a", MunicipalityItemKind.REFERRALS.value),
    ("b", MunicipalityItemKind.MINIMA.value),
    ("c", MunicipalityItemKind.PARTNERS.value),
    ("d", MunicipalityItemKind.DEBT_SUPPORT.value),
)


def built_in_municipality_items() -> list[dict[str, str]]:
    """The stored form of :data:`BUILT_IN_MUNICIPALITY_ITEMS` (the default of
    ``Agreement.municipality_items``): a list of ``{"letter", "counts", "title"}`` with an
    empty title (the product's title of the kind, translated)."""
    return [
        {"letter": letter, "counts": kind, "title": ""}
        for letter, kind in BUILT_IN_MUNICIPALITY_ITEMS
    ]
