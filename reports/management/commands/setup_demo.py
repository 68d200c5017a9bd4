"""``python manage.py setup_demo``: a working demo instance in one command.

Loads the agreements in data/agreements/, creates one demo user per role, generates a year
of demo registrations per agreement, writes the quarterly progress reports (PDF and Excel)
and prints the URL, the logins and the report paths. Only with DEBUG on (it creates users
with known passwords); safe to run again (everything it does is idempotent).

It lives in ``reports``, the top layer, because it uses every app below it.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from agreements.models import Agreement, Party
from budgets.demo import generate_demo_expenditures
from locations.access import system_scope
from locations.accounts.demo import set_up_demo_second_steps
from locations.models import Location, Membership, Organisation, Role

DEMO_PASSWORD = "demo-bwk-2019"  # noqa: S105 (demo only; refused unless DEBUG)
ORGANISATION = "buurtwerkkamer-cooperatie"
AGREEMENT_FILES = ["data/agreements/zuidoost-2019.yaml", "data/agreements/zuidoost-2021.yaml"]
#: (agreement, period) pairs whose reports are written; the main job is 2019-Q2.
REPORTS = [("zuidoost-2019", "2019-Q2"), ("zuidoost-2019", "2019"), ("zuidoost-2021", "2021-Q2")]
USERS = [
    # username, role, location codes (coordinators), party code (funder), staff
    ("coordinator", Role.COORDINATOR, ["cjm"], None, False),
    ("coordinator2", Role.COORDINATOR, ["multibron", "handreiking"], None, False),
    ("board", Role.BOARD, [], None, False),
    ("admin", Role.ADMIN, [], None, True),
    ("funder", Role.FUNDER, [], "gemeente-amsterdam", False),
]


class Command(BaseCommand):
    help = "Set up a demo instance: agreements, users, demo registrations and report files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default="out", help="folder for the report files")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="URL to print")
        parser.add_argument("--seed", type=int, default=2019, help="seed of the demo data")

    @system_scope()  # a command is system code: it acts for no user
    def handle(self, *args: Any, out: str, url: str, seed: int, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("setup_demo creates users with known passwords: only with DEBUG=1.")
        call_command("load_agreement", *AGREEMENT_FILES, stdout=self.stdout)
        organisation = Organisation.objects.get(slug=ORGANISATION)
        logins = self._users(organisation)
        for agreement in Agreement.objects.filter(organisation=organisation).order_by("year"):
            call_command(
                "generate_demo_registrations",
                "--agreement",
                agreement.slug,
                "--organisation",
                ORGANISATION,
                "--seed",
                str(seed),
                stdout=self.stdout,
            )
        demo_2021 = Agreement.objects.get(organisation=organisation, region="zuidoost", year=2021)
        generate_demo_expenditures(demo_2021, seed=seed)
        out_dir = Path(out).resolve()
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for agreement_slug, period in REPORTS:
            for fmt in ("pdf", "xlsx"):
                path = out_dir / f"voortgangsrapportage-{agreement_slug}-{period}.{fmt}"
                call_command(
                    "build_report",
                    "--agreement",
                    agreement_slug,
                    "--period",
                    period,
                    "--format",
                    fmt,
                    "--out",
                    str(path),
                    "--organisation",
                    ORGANISATION,
                    stdout=self.stdout,
                )
                written.append(path)
        self._summary(url, logins, written)

    @transaction.atomic
    def _users(self, organisation: Organisation) -> list[tuple[str, str]]:
        """Create or reset the demo users; return (username, description) pairs."""
        user_model = get_user_model()
        logins = []
        for username, role, location_codes, party_code, staff in USERS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.is_staff = staff
            user.set_password(DEMO_PASSWORD)
            user.save()
            party = (
                Party.objects.get(organisation=organisation, code=party_code)
                if party_code
                else None
            )
            membership, _ = Membership.objects.update_or_create(
                user=user, organisation=organisation, role=role, defaults={"party": party}
            )
            locations = Location.objects.filter(organisation=organisation, code__in=location_codes)
            membership.locations.set(locations)
            where = ", ".join(sorted(location_codes)) or (party_code or organisation.slug)
            logins.append((username, f"{role.label} ({where})"))
        return logins

    def _summary(self, url: str, logins: list[tuple[str, str]], written: list[Path]) -> None:
        w = self.stdout.write
        w("")
        w(self.style.SUCCESS("bwk demo is ready."))
        w(f"URL:    {url}")
        w(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, description in logins:
            w(f"  {username:<13} {description}")
        for line in set_up_demo_second_steps(username for username, _ in logins):
            w(line)
        base = url.rstrip("/")
        w("Pages to try (log in first):")
        w(f"  {base}/registratie/dag/    the coordinator's day page")
        w(f"  {base}/afspraken/          agreements, with their progress reports and budgets")
        w(f"  {base}/begroting/bestuur/  the board page: budget, financing and actual per room")
        w("Quarterly progress reports written:")
        for path in written:
            w(f"  {path}")
