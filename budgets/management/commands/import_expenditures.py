"""``python manage.py import_expenditures FILE.csv --organisation SLUG [--dry-run]``.

Imports expenditures from a bookkeeping CSV export, all or nothing
(docs/import-expenditures.md). Exits non-zero and imports nothing when any row is wrong,
listing every bad row with its line number.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from budgets.importer import ImportFailed, import_expenditures
from locations.access import system_scope


class Command(BaseCommand):
    help = "Importeer uitgaven uit een boekhoudexport (CSV; zie docs/import-expenditures.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV-bestand (UTF-8, ; of , gescheiden)")
        parser.add_argument(
            "--organisation",
            dest="organisation",
            help="Slug van de organisatie (verplicht als er meer dan één is).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            dest="dry_run",
            help="Alleen controleren en tellen; niets opslaan.",
        )

    @system_scope()  # a command is system code: it acts for no user
    def handle(self, *args, file: Path, organisation: str | None, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Kan %(file)s niet lezen: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        try:
            result = import_expenditures(data, organisation_slug=organisation, dry_run=dry_run)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(
                _("%(count)d fout(en) gevonden; er is niets geïmporteerd.")
                % {"count": len(failure.errors)}
            ) from failure
        if dry_run:
            message = _(
                "Proefimport van %(file)s (niets opgeslagen): %(rows)d regels in orde; "
                "%(added)d zouden worden toegevoegd (€ %(amount)s), %(present)d waren er al."
            )
        else:
            message = _(
                "Geïmporteerd uit %(file)s: %(rows)d regels; %(added)d uitgaven toegevoegd "
                "(€ %(amount)s), %(present)d waren er al."
            )
        self.stdout.write(
            self.style.SUCCESS(
                message
                % {
                    "file": file.name,
                    "rows": result.rows,
                    "added": result.added,
                    "amount": result.amount_added,
                    "present": result.already_present,
                }
            )
        )
