"""``python manage.py load_agreement PATH [PATH ...]``: load agreement files (YAML).

Every file is checked completely first; when anything is wrong, every problem is printed
(``file:line:column: where: message``, the message in the active language: Dutch, the
product's ``LANGUAGE_CODE``) and nothing is loaded. Otherwise all files are
loaded in one transaction and a summary per file is printed. Safe to run again.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from agreements.loader import LoaderError, load_agreement_files
from locations.access import system_scope


class Command(BaseCommand):
    help = "Load agreement files (data/agreements/*.yaml); all or nothing, safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="agreement YAML file")

    @system_scope()  # a command is system code: it acts for no user
    def handle(self, *args, paths: list[str], **options):
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
            self.stdout.write(self.style.SUCCESS(f"{summary.file}: {summary.agreement} loaded"))
            for kind, counts in summary.counts():
                self.stdout.write(
                    f"  {kind.replace('_', ' '):<18} {counts.created} created, "
                    f"{counts.updated} updated, {counts.unchanged} unchanged, "
                    f"{counts.removed} removed"
                )
            if summary.removed_indicators:
                self.stdout.write(
                    "  removed indicators (no longer in the file): "
                    + ", ".join(summary.removed_indicators)
                )
            if summary.kind_changes:
                self.stdout.write(
                    "  party kinds changed (kind_changed in the file): "
                    + ", ".join(summary.kind_changes)
                )
