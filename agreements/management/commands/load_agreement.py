"""``python manage.py load_agreement PATH [PATH ...] [--language nl|en]``: load agreement
files (YAML).

Every file is checked completely first; when anything is wrong, every problem is printed
(``file:line:column: where: message``) and nothing is loaded. Otherwise all files are
loaded in one transaction and a summary per file is printed. Safe to run again.

Problems, the summary and the help are in the active language: Dutch, the product's
``LANGUAGE_CODE``, unless ``--language`` says otherwise. Scripts that read the summary lines
run it with ``--language en``: those lines are exactly (``docs/agreement-format.md``,
"Loading")::

    <file>: <agreement> loaded
      <kind, padded to 18>  <n> created, <n> updated, <n> unchanged, <n> removed
      removed indicators (no longer in the file): <codes>
      party kinds changed (kind_changed in the file): <changes>
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from agreements.loader import LoaderError, load_agreement_files
from agreements.loader.writer import LoadSummary
from locations.access import system_scope

#: The languages ``--language`` accepts: those of ``settings.LANGUAGES`` (nl, en).
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

#: Kind of row (``LoadSummary.counts``) -> its name in the summary; the English translation
#: of each is the kind with spaces (what scripts read), under its own context (the pages'
#: English differs: "buurtwerkkamers" is "locations" here, "rooms" there). A kind not
#: listed (a new file section's) is shown with spaces for underscores, untranslated.
KIND_NAMES = {
    "organisation": pgettext_lazy("load_agreement summary", "organisatie"),
    "locations": pgettext_lazy("load_agreement summary", "buurtwerkkamers"),
    "parties": pgettext_lazy("load_agreement summary", "partijen"),
    "agreements": pgettext_lazy("load_agreement summary", "afspraken"),
    "agreement_parties": pgettext_lazy("load_agreement summary", "partijen in afspraak"),
    "indicators": pgettext_lazy("load_agreement summary", "indicatoren"),
    "targets": pgettext_lazy("load_agreement summary", "streefcijfers"),
    "deadlines": pgettext_lazy("load_agreement summary", "deadlines"),
    "room_groups": pgettext_lazy("load_agreement summary", "groepen kamers"),
    "region_targets": pgettext_lazy("load_agreement summary", "regiostreefcijfers"),
    "volunteer_rates": pgettext_lazy("load_agreement summary", "uurtarieven"),
    "budgets": pgettext_lazy("load_agreement summary", "begrotingen"),
    "budget_lines": pgettext_lazy("load_agreement summary", "begrotingsregels"),
    "budget_amounts": pgettext_lazy("load_agreement summary", "begrotingsbedragen"),
    "financing": pgettext_lazy("load_agreement summary", "financiering"),
    "volunteer_investments": pgettext_lazy("load_agreement summary", "vrijwilligersuren"),
    "stated_figures": pgettext_lazy("load_agreement summary", "genoemde cijfers"),
    "plan_years": pgettext_lazy("load_agreement summary", "planjaren"),
    "plan_targets": pgettext_lazy("load_agreement summary", "planstreefcijfers"),
    "plan_costs": pgettext_lazy("load_agreement summary", "plankosten"),
    "plan_financing": pgettext_lazy("load_agreement summary", "planfinanciering"),
}


def kind_name(kind: str) -> str:
    """The name of a kind of row (``"budget_lines"``) in the active language."""
    name = KIND_NAMES.get(kind)
    return str(name) if name is not None else kind.replace("_", " ")


def summary_lines(summary: LoadSummary) -> list[str]:
    """The summary of one loaded file as printed, in the active language; the first line
    (file and agreement) is the one printed as a success."""
    lines = [
        _("%(file)s: %(agreement)s geladen")
        % {"file": summary.file, "agreement": summary.agreement}
    ]
    for kind, counts in summary.counts():
        figures = _(
            "%(created)s nieuw, %(updated)s gewijzigd, %(unchanged)s ongewijzigd, "
            "%(removed)s verwijderd"
        ) % {
            "created": counts.created,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
            "removed": counts.removed,
        }
        lines.append(f"  {kind_name(kind):<18} {figures}")
    if summary.removed_indicators:
        lines.append(
            "  "
            + _("indicatoren verwijderd (niet meer in het bestand): %(codes)s")
            % {"codes": ", ".join(summary.removed_indicators)}
        )
    if summary.kind_changes:
        lines.append(
            "  "
            + _("soort van partijen gewijzigd (kind_changed in het bestand): %(changes)s")
            % {"changes": ", ".join(summary.kind_changes)}
        )
    return lines


class Command(BaseCommand):
    """Load the agreement files given (all or nothing) and print a summary per file;
    ``--language nl|en`` sets the language of the problems and the summary (default: the
    active language, ``LANGUAGE_CODE`` when run from ``manage.py``)."""

    @property
    def help(self) -> str:  # type: ignore[override]
        """The command's help, in the active language."""
        return _(
            "Laad afsprakenbestanden (data/agreements/*.yaml); alles of niets, veilig om "
            "opnieuw te draaien."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help=_("afsprakenbestand (YAML)"))
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=None,
            help=_(
                "taal van de meldingen en de samenvatting (standaard: de taal van de "
                "installatie, Nederlands); een script dat de samenvatting leest, geeft en"
            ),
        )

    @system_scope()  # a command is system code: it acts for no user
    def handle(
        self, *args: Any, paths: list[str], language: str | None = None, **options: Any
    ) -> None:
        if language is None:
            self._load(paths)
        else:
            with translation.override(language):
                self._load(paths)

    def _load(self, paths: list[str]) -> None:
        try:
            summaries = load_agreement_files(paths=paths)
        except LoaderError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            count = len(exc.problems)
            raise CommandError(
                ngettext(
                    "%(count)s probleem gevonden; er is niets geladen.",
                    "%(count)s problemen gevonden; er is niets geladen.",
                    count,
                )
                % {"count": count}
            ) from exc
        for summary in summaries:
            first, *rest = summary_lines(summary)
            self.stdout.write(self.style.SUCCESS(first))
            for line in rest:
                self.stdout.write(line)
