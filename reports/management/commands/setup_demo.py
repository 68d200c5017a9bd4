"""``python manage.py setup_demo``: a working demo instance in one command.

Loads the agreements in data/agreements/, creates one demo user per role and a funder login
per funder the demo issues reports to, generates a year of demo registrations per agreement,
writes the quarterly progress reports (PDF and Excel) to ``--out``, issues the reports of
:data:`ISSUED_PERIODS` to the municipality and to every housing corporation that finances the
agreement (issue 9), and prints the URL, the logins with the reports each funder sees, and
the report paths. Only with DEBUG on (it creates users with known passwords).

The output is in English (``translation.override("en")``): the commands it calls print their
Dutch messages in their English translation, so the whole demo output speaks one language.

Safe to run again, and quick: loading and the users are idempotent; the demo registrations
and spending of an agreement that already has them are kept, and a report file already in
``--out`` is not written again (``--regenerate`` makes both anew); issuing issues only what is
missing. A report already issued to an audience (any version, also one issued by
hand on the archive page) is left as it is: an issued version never changes and is never
deleted, so a second run issues nothing and renders no issued file.

It lives in ``reports``, the top layer, because it uses every app below it.
"""

import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Agreement, Party
from budgets.demo import generate_demo_expenditures
from budgets.models import Expenditure
from locations.access import system_scope
from locations.accounts.demo import set_up_demo_second_steps
from locations.models import Location, Membership, Organisation, Role
from locations.periods import parse_period
from registrations.models import Session
from reports.issuing import AUDIENCE_KINDS, audience_locations, audience_parties, report_issue
from reports.models import Audience, IssuedReport
from reports.narratives.demo import write_demo_narratives

DEMO_PASSWORD = "demo-bwk-2019"  # noqa: S105 (demo only; refused unless DEBUG)
ORGANISATION = "buurtwerkkamer-cooperatie"
AGREEMENT_FILES = ["data/agreements/zuidoost-2019.yaml", "data/agreements/zuidoost-2021.yaml"]
#: (agreement, period) pairs whose reports are written; the main job is 2019-Q2.
REPORTS = [("zuidoost-2019", "2019-Q2"), ("zuidoost-2019", "2019"), ("zuidoost-2021", "2021-Q2")]
#: The periods whose reports are issued, per agreement (issue 9, "Demo and tests").
ISSUED_PERIODS = {
    "zuidoost-2019": ["2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4"],
    "zuidoost-2021": ["2021-Q1", "2021-Q2"],
}
#: The audiences the demo issues to: the municipality and the housing corporations.
ISSUED_AUDIENCES = [Audience.MUNICIPALITY, Audience.HOUSING_CORPORATION]
#: The demo user who issues them (a board member).
ISSUER = "board"
#: The login of each housing corporation's funder: "funder-<party code>", e.g. funder-ymere.
HOUSING_LOGIN = "funder-{code}"
#: A demo user: username, role, location codes (coordinators), party code (funder), staff.
UserRow = tuple[str, Role, list[str], str | None, bool]
USERS: list[UserRow] = [
    # username, role, location codes (coordinators), party code (funder), staff
    ("coordinator", Role.COORDINATOR, ["cjm"], None, False),
    ("coordinator2", Role.COORDINATOR, ["multibron", "handreiking"], None, False),
    ("board", Role.BOARD, [], None, False),
    ("admin", Role.ADMIN, [], None, True),
    ("funder", Role.FUNDER, [], "gemeente-amsterdam", False),  # the municipality
]


@dataclass(frozen=True)
class Recipient:
    """One audience of one agreement the demo issues reports to: the municipality or a
    housing corporation (``party``)."""

    agreement: Agreement
    audience: str  # an Audience value
    party: Party


class Command(BaseCommand):
    help = (
        "Set up a demo instance: agreements, users, demo registrations, report files and the "
        "reports issued to the municipality and the housing corporations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default="out", help="folder for the report files")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="URL to print")
        parser.add_argument("--seed", type=int, default=2019, help="seed of the demo data")
        parser.add_argument(
            "--regenerate",
            action="store_true",
            help="make the demo registrations, spending and report files anew even when present",
        )

    @system_scope()  # a command is system code: it acts for no user
    def handle(
        self, *args: Any, out: str, url: str, seed: int, regenerate: bool = False, **options: Any
    ) -> None:
        if not settings.DEBUG:
            raise CommandError("setup_demo creates users with known passwords: only with DEBUG=1.")
        with translation.override("en"):
            self._set_up(out=out, url=url, seed=seed, regenerate=regenerate)

    def _set_up(self, *, out: str, url: str, seed: int, regenerate: bool) -> None:
        """The demo's steps (see the module docstring); ``regenerate`` makes the demo
        registrations, spending and report files anew even when they are there."""
        call_command("load_agreement", *AGREEMENT_FILES, language="en", stdout=self.stdout)
        organisation = Organisation.objects.get(slug=ORGANISATION)
        recipients = _recipients(organisation)
        housing = sorted(
            {r.party.code for r in recipients if r.audience == Audience.HOUSING_CORPORATION}
        )
        users: list[UserRow] = [
            *USERS,
            *((HOUSING_LOGIN.format(code=code), Role.FUNDER, [], code, False) for code in housing),
        ]
        logins = self._users(organisation, users)
        generated = False
        for agreement in Agreement.objects.filter(organisation=organisation).order_by("year"):
            if not regenerate and _has_demo_registrations(agreement):
                self.stdout.write(
                    f"Demo registrations of {agreement.slug} kept (--regenerate makes them anew)."
                )
                continue
            generated = True
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
        if (
            generated
            or not Expenditure.objects.filter(
                line__budget__agreement=demo_2021, is_demo=True
            ).exists()
        ):
            generate_demo_expenditures(demo_2021, seed=seed)
        self._narratives(organisation, seed)
        out_dir = Path(out).resolve()
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for agreement_slug, period in REPORTS:
            for fmt in ("pdf", "xlsx"):
                path = out_dir / f"voortgangsrapportage-{agreement_slug}-{period}.{fmt}"
                written.append(path)
                if path.exists() and not (regenerate or generated):
                    continue
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
        issued_now = self._issue(recipients)
        self._summary(url, logins, users, recipients, issued_now, written, organisation)

    def _narratives(self, organisation: Organisation, seed: int) -> None:
        """Approved narratives for every room and issued quarter (:data:`ISSUED_PERIODS`):
        written by the room's demo coordinator (else the admin), approved by the board, so
        the reports written and issued below carry them (issue 11)."""
        by_name = {u.username: u for u in get_user_model().objects.filter(username__in=[
            "coordinator", "coordinator2", "admin", ISSUER
        ])}  # fmt: skip
        writers = [by_name[name] for name in ("coordinator", "coordinator2", "admin")]
        written = 0
        for agreement in Agreement.objects.filter(organisation=organisation).order_by("year"):
            written += write_demo_narratives(
                agreement,
                ISSUED_PERIODS.get(agreement.slug, []),
                writers=writers,
                approver=by_name[ISSUER],
                seed=seed,
            )
        self.stdout.write(f"Demo narratives: {written} written and approved now.")

    @transaction.atomic
    def _users(self, organisation: Organisation, users: list[UserRow]) -> list[tuple[str, str]]:
        """Create or reset the demo users of ``users`` (rows shaped like :data:`USERS`);
        return (username, description) pairs."""
        user_model = get_user_model()
        logins = []
        for username, role, location_codes, party_code, staff in users:
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

    def _issue(self, recipients: list[Recipient]) -> int:
        """Issue, as the demo's board user, every report of :data:`ISSUED_PERIODS` to every
        recipient that has no version of it yet; return how many were issued now. Versions
        already there are left alone (never changed, never deleted). Each issue renders a PDF
        (WeasyPrint, a few seconds) and an Excel file: the first run's 30 take 1-2 minutes."""
        issuer = get_user_model().objects.get(username=ISSUER)
        missing = [
            (recipient, code)
            for recipient in recipients
            for code in ISSUED_PERIODS[recipient.agreement.slug]
            if not IssuedReport.objects.filter(
                agreement=recipient.agreement,
                period=code,
                audience=recipient.audience,
                party=recipient.party,
            ).exists()
        ]
        if missing:
            self.stdout.write(
                f"Issuing {len(missing)} reports (PDF and Excel, a few seconds each) ..."
            )
        started = time.monotonic()
        for recipient, code in missing:
            version = report_issue(
                user=issuer,
                agreement=recipient.agreement,
                period=parse_period(code),
                audience=recipient.audience,
                party=recipient.party,
            )
            self.stdout.write(f"Issued {version}")
        if missing:
            self.stdout.write(
                f"Issued {len(missing)} reports in {time.monotonic() - started:.0f} s."
            )
        return len(missing)

    def _summary(
        self,
        url: str,
        logins: list[tuple[str, str]],
        users: list[UserRow],
        recipients: list[Recipient],
        issued_now: int,
        written: list[Path],
        organisation: Organisation,
    ) -> None:
        w = self.stdout.write
        width = max(len(username) for username, _ in logins) + 2
        w("")
        w(self.style.SUCCESS("bwk demo is ready."))
        w(f"URL:    {url}")
        w(f"Logins (password for all: {DEMO_PASSWORD}):")
        for username, description in logins:
            w(f"  {username:<{width}}{description}")
        for line in set_up_demo_second_steps(username for username, _ in logins):
            w(line)
        base = url.rstrip("/")
        w("Pages to try (log in first):")
        w(f"  {base}/                    the start page: a funder sees the reports issued to it")
        day = _demo_day_url(organisation)
        w(f"  {base}{day}  the coordinator's day page, on a day with demo data")
        w(f"  {base}/afspraken/          agreements, with their progress reports and budgets")
        w(f"  {base}/begroting/bestuur/  the board page: budget, financing and actual per room")
        for agreement in sorted({r.agreement for r in recipients}, key=lambda a: a.year):
            archive = reverse("reports:issued", args=[agreement.pk])
            w(f"  {base}{archive}  the archive of {agreement.slug}: issue a report (board, admin)")
        total = IssuedReport.objects.filter(agreement__in={r.agreement for r in recipients}).count()
        w(
            f"Reports issued by {ISSUER} ({issued_now} now, {total} in the archive; an issued "
            "version never changes), on each funder's start page:"
        )
        party_logins = {party: username for username, _r, _l, party, _s in users if party}
        for party_code, username in sorted(party_logins.items(), key=lambda item: item[1]):
            self._funder_sees(width, username, party_code, recipients)
        w("Quarterly progress reports written:")
        for path in written:
            w(f"  {path}")

    def _funder_sees(
        self, width: int, username: str, party_code: str, recipients: list[Recipient]
    ) -> None:
        """Print what ``username`` (the funder login of ``party_code``) finds on its start
        page: per agreement the periods issued to its party and the rooms they cover."""
        mine = [r for r in recipients if r.party.code == party_code]
        if not mine:
            return
        versions = IssuedReport.objects.filter(
            agreement__in={r.agreement for r in mine}, party=mine[0].party
        ).select_related("agreement")
        periods: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
        for version in versions:
            rooms = tuple(sorted(version.options.get("locations", [])))
            periods[(version.agreement.slug, rooms)].add(version.period)
        self.stdout.write(f"  {username:<{width}}{mine[0].party.name}")
        for (slug, rooms), codes in sorted(periods.items()):
            self.stdout.write(
                f"  {'':<{width}}  {slug}: {', '.join(sorted(codes))} ({', '.join(rooms)})"
            )


def _has_demo_registrations(agreement: Agreement) -> bool:
    """Whether ``agreement``'s rooms have demo sessions in its year (the rows
    ``generate_demo_registrations`` makes, marked ``is_demo``)."""
    return Session.objects.filter(
        is_demo=True, location__in=agreement.locations.all(), date__year=agreement.year
    ).exists()


def _demo_day_url(organisation: Organisation) -> str:
    """The path of the day page the demo suggests: the first demo coordinator's first room on
    the last day with demo sessions there, on or before today (the plain ``/registratie/dag/``
    opens on today, which has no demo data)."""
    code = USERS[0][2][0]
    location = Location.objects.get(organisation=organisation, code=code)
    last = (
        Session.objects.filter(location=location, is_demo=True, date__lte=timezone.localdate())
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if last is None:
        return reverse("registrations:day_today")
    return reverse(
        "registrations:day", kwargs={"location_id": location.pk, "date": last.isoformat()}
    )


def _recipients(organisation: Organisation) -> list[Recipient]:
    """Who the demo issues reports to, per agreement of :data:`ISSUED_PERIODS`: its
    municipality (a funder of kind municipality) and every housing corporation that finances
    it (a financing row of more than € 0, :func:`reports.issuing.audience_locations`)."""
    recipients = []
    for slug in ISSUED_PERIODS:
        region, year = slug.rsplit("-", 1)
        agreement = Agreement.objects.get(organisation=organisation, region=region, year=int(year))
        for agreement_party in audience_parties(agreement):
            party = agreement_party.party
            for audience in ISSUED_AUDIENCES:
                if party.kind not in AUDIENCE_KINDS[audience]:
                    continue
                # None: every location (the municipality); [] for a party financing none.
                if audience_locations(agreement, audience, party) != []:
                    recipients.append(Recipient(agreement, audience, party))
    return recipients
