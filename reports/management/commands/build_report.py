"""``manage.py build_report``: write an agreement's progress report as PDF or Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from agreements.choices import AgreementKind
from agreements.models import Agreement
from locations.access import system_scope
from locations.periods import parse_period
from reports.excel import progress_report_xlsx
from reports.pdf import progress_report_pdf
from reports.selectors import progress_report

BUILDERS = {"pdf": progress_report_pdf, "xlsx": progress_report_xlsx}


class Command(BaseCommand):
    help = (
        "Schrijf de voortgangsrapportage van een samenwerkingsafspraak als PDF of Excel, "
        "bijv. --agreement zuidoost-2019 --period 2019-Q2 --format pdf --out rapport.pdf"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--agreement",
            required=True,
            help=(
                "<regio>-<jaar>, bijv. zuidoost-2019; een aanbod of meerjarenplan: "
                "<regio>-<jaar>-offer of <regio>-<jaar>-multi_year_plan"
            ),
        )
        parser.add_argument(
            "--period",
            required=True,
            help="YYYY-Qn, YYYY-Tn, YYYY-Hn of YYYY, bijv. 2019-Q2 of 2018-T2",
        )
        parser.add_argument("--format", required=True, choices=sorted(BUILDERS))
        parser.add_argument("--out", required=True, help="pad van het bestand dat geschreven wordt")
        parser.add_argument("--organisation", help="code (slug) van de organisatie")

    @system_scope()  # a command is system code: it acts for no user
    def handle(self, *args: Any, **options: Any) -> None:
        agreement = self._agreement(options["agreement"], options["organisation"])
        try:
            period = parse_period(options["period"])
        except ValueError as error:
            raise CommandError(
                _(
                    "Ongeldige periode %(period)r: gebruik YYYY-Qn (kwartaal), YYYY-Tn "
                    "(viermaandsperiode), YYYY-Hn (halfjaar) of YYYY."
                )
                % {"period": options["period"]}
            ) from error
        if period.year != agreement.year:
            raise CommandError(
                _("Periode %(period)s valt buiten het jaar van de afspraak (%(year)s).")
                % {"period": period.code, "year": agreement.year}
            )
        report = progress_report(user=None, agreement=agreement, period=period)
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(_("Map bestaat niet: %(path)s") % {"path": out.parent})
        out.write_bytes(BUILDERS[options["format"]](report))
        self.stdout.write(_("Rapportage geschreven naar %(path)s") % {"path": out.resolve()})

    def _agreement(self, name: str, organisation: str | None) -> Agreement:
        """The agreement ``name`` names (``Agreement.slug``: ``<region>-<year>``, or
        ``<region>-<year>-<kind>`` for an offer or a multi-year plan, e.g.
        ``utrecht-2022-offer``), of ``organisation`` when given. Raises CommandError (Dutch)
        for a malformed, unknown or ambiguous name."""
        kind = AgreementKind.AGREEMENT
        for other in (AgreementKind.OFFER, AgreementKind.MULTI_YEAR_PLAN):
            if name.endswith(f"-{other.value}"):
                kind, name = other, name.removesuffix(f"-{other.value}")
        region, _dash, year = name.rpartition("-")
        if not region or not year.isdigit():
            raise CommandError(
                _("Ongeldige afspraak %(name)r: gebruik <regio>-<jaar>.") % {"name": name}
            )
        # <region>-<year> names the agreement itself, not an offer or plan of that year.
        agreements = Agreement.objects.select_related("organisation").filter(
            region=region, year=int(year), kind=kind
        )
        if organisation:
            agreements = agreements.filter(organisation__slug=organisation)
        found = list(agreements[:2])
        if not found:
            raise CommandError(_("Onbekende afspraak %(name)r.") % {"name": name})
        if len(found) > 1:
            raise CommandError(
                _("Afspraak %(name)r bestaat bij meer organisaties: geef --organisation.")
                % {"name": name}
            )
        return found[0]
