"""``python manage.py generate_demo_registrations --agreement zuidoost-2019 --seed N``.

Replaces the demo registrations of the agreement's year and locations (see the package
registrations/demo/): participants, sessions, attendances and jobs, and volunteers,
key holders, volunteer groups, hours, association members, referrals, placements, paid work,
minima applications, debt support, partners, survey rounds and entered results.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agreements.models import Agreement
from locations.access import system_scope
from registrations.demo.generate import generate_demo_registrations


class Command(BaseCommand):
    help = (
        "Genereer een jaar demoregistraties voor de buurtwerkkamers van een afspraak: "
        "deelnemers, activiteiten, klussen, vrijwilligers met uren, sleutelbeheer en groepen, "
        "leden, aanmeldingen en doorverwijzingen, werkplekken, betaald werk, minima-aanvragen, "
        "schuldhulp, partners, enquêtes en ingevoerde resultaten (Interviews, Controle)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agreement", required=True, help="bijv. zuidoost-2019")
        parser.add_argument("--seed", type=int, default=1, help="zelfde seed: zelfde gegevens")
        parser.add_argument("--organisation", help="slug van de organisatie (bij twijfel)")

    @system_scope()  # a command is system code: it acts for no user
    def handle(self, *args, agreement: str, seed: int, organisation: str | None, **options):
        region, _sep, year = agreement.rpartition("-")
        if not region or not year.isdigit():
            raise CommandError(
                _("Onbekende afspraak '%(name)s': gebruik <regio>-<jaar>.") % {"name": agreement}
            )
        # <region>-<year> names the agreement itself, not an offer or plan of that year.
        agreements = Agreement.objects.filter(region=region, year=int(year), kind="agreement")
        if organisation:
            agreements = agreements.filter(organisation__slug=organisation)
        found = list(agreements.select_related("organisation")[:2])
        if not found:
            raise CommandError(
                _("Afspraak '%(name)s' niet gevonden. Laad hem eerst.") % {"name": agreement}
            )
        if len(found) > 1:
            raise CommandError(
                _("Meerdere afspraken '%(name)s': geef --organisation op.") % {"name": agreement}
            )
        result = generate_demo_registrations(agreement=found[0], seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo %(agreement)s (seed %(seed)d): %(participants)d deelnemers, "
                    "%(sessions)d activiteiten, %(attendances)d deelnames, %(jobs)d klussen "
                    "(eerder gemaakte demo verwijderd: %(deleted)d activiteiten)."
                )
                % {
                    "agreement": found[0].slug,
                    "seed": seed,
                    "participants": result.participants,
                    "sessions": result.sessions,
                    "attendances": result.attendances,
                    "jobs": result.jobs,
                    "deleted": result.deleted.get("sessions", 0),
                }
            )
        )
        models = {
            model.__name__: model for model in apps.get_app_config("registrations").get_models()
        }
        self.stdout.write(
            _("Verder: %(records)s.")
            % {
                "records": ", ".join(
                    f"{models[name]._meta.verbose_name_plural} {count}"
                    for name, count in result.records.items()
                )
            }
        )
