"""``python manage.py import_registrations FILE.csv [--organisation SLUG] [--user USERNAME]``.

Imports attendances from a CSV export (or an Excel workbook: a FILE ending in ``.xlsx``),
all or nothing (docs/import-registrations.md), reading
the file as a stream (bounded memory, whatever its size).
Exits non-zero and imports nothing when any row is wrong, listing every bad row. ``--user``
names who imports: the history of every row written records that user.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from locations.access import system_scope
from registrations.importer import ImportFailed, file_kind, import_registrations


class Command(BaseCommand):
    help = "Importeer deelnames uit een CSV-bestand (zie docs/import-registrations.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            type=Path,
            help="CSV-bestand (UTF-8, ; of , gescheiden) of Excel-werkmap (.xlsx)",
        )
        parser.add_argument(
            "--organisation",
            dest="organisation",
            help="Slug van de organisatie (verplicht als er meer dan één is).",
        )
        parser.add_argument(
            "--user",
            dest="username",
            help="Gebruikersnaam van wie importeert (komt in de geschiedenis).",
        )

    @system_scope()  # a command is system code: it acts for no user
    def handle(self, *args, file: Path, organisation: str | None, username: str | None, **options):
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(
                    _("Onbekende gebruiker '%(username)s'.") % {"username": username}
                )
        try:
            handle = file.open("rb")  # streamed: the import never reads the whole file at once
        except OSError as error:
            raise CommandError(
                _("Kan %(file)s niet lezen: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        try:
            with handle:
                result = import_registrations(
                    handle,
                    organisation_slug=organisation,
                    user=user,
                    kind=file_kind(file.name) or "csv",
                )
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(error)
            raise CommandError(
                _("%(count)d fout(en) gevonden; er is niets geïmporteerd.")
                % {"count": len(failure.errors)}
            ) from failure
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Geïmporteerd uit %(file)s: %(created)d activiteiten aangemaakt, "
                    "%(updated)d bijgewerkt, %(unchanged)d ongewijzigd; %(attendances)d "
                    "deelnames toegevoegd; %(participants)d deelnemers aangemaakt; "
                    "%(anonymous)d anonieme bezoeken."
                )
                % {
                    "file": file.name,
                    "created": result.sessions_created,
                    "updated": result.sessions_updated,
                    "unchanged": result.sessions_unchanged,
                    "attendances": result.attendances_added,
                    "participants": result.participants_created,
                    "anonymous": result.anonymous_visits,
                }
            )
        )
