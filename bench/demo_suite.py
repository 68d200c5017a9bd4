"""Benchmarks run on demand (not part of the test suite): time, peak memory and SQL queries.

Usage, from the project root::

    bin/with-postgres env DEBUG=1 .venv/bin/python bench/run.py demo [--repeat N] [--only NAME]

Creates a fresh database (``bwk_bench`` on the server of ``DATABASE_URL``), migrates it,
loads data/agreements/zuidoost-2019.yaml and generates a year of demo registrations (seed 1),
then measures every benchmark: wall time over N timed runs (time.perf_counter; min and
median), the SQL queries of a timed run (django.test.utils.CaptureQueriesContext; the most
of any run) and, in one extra untimed run, the peak Python memory (tracemalloc, with the
DEBUG query log switched off so it does not count). Prints a table and writes the same to
bench/results/latest.json. The database is dropped at the end unless ``--keep``.
See bench/README.md for what each benchmark measures and a baseline.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"
AGREEMENT_FILE = ROOT / "data" / "agreements" / "zuidoost-2019.yaml"
AGREEMENT = "zuidoost-2019"
PERIOD = "2019-Q4"
#: The import benchmark's file: rows, rows per session (3 of them anonymous), participant
#: codes per location, and the session title and code prefix that mark the imported rows.
IMPORT_ROWS = 20_000
IMPORT_ROWS_PER_SESSION = 25
IMPORT_ANONYMOUS_PER_SESSION = 3
IMPORT_PARTICIPANTS_PER_LOCATION = 400
IMPORT_TITLE = "Benchmark-import"
IMPORT_CODE_PREFIX = "BI-"
#: The benchmarks, in the order they run (see bench/README.md).
NAMES = (
    "generate_demo",
    "progress_report",
    "report_pdf",
    "report_xlsx",
    "import_first",
    "import_again",
    "page_log",
    "page_progress",
    "page_sessions",
)
#: The day shown on the log page (a Monday with demo sessions).
LOG_DAY = date(2019, 10, 14)


@dataclass(frozen=True)
class Case:
    """One benchmark: ``run`` is timed; ``setup`` (untimed) runs before every run."""

    name: str
    run: Callable[[], object]
    setup: Callable[[], None] | None = None


@dataclass(frozen=True)
class Result:
    """What was measured for one benchmark (seconds, MiB, queries per run)."""

    name: str
    runs: int
    min_s: float
    median_s: float
    peak_mib: float
    queries: int


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per benchmark")
    parser.add_argument(
        "--only",
        action="append",
        choices=NAMES,
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(NAMES)}",
    )
    parser.add_argument("--database", default="bwk_bench", help="database to create and drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _server() -> psycopg.Connection:
    """An autocommit connection to the database of DATABASE_URL (to create/drop the bench one)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("DATABASE_URL is not set: run through bin/with-postgres")
    return psycopg.connect(url, autocommit=True)


def _drop_database(name: str) -> None:
    with _server() as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _create_database(name: str) -> None:
    _drop_database(name)
    with _server() as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _setup_django(database: str) -> None:
    """Point Django at ``database`` (before setup), set it up and migrate."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwk.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = database
    django.setup()
    # django.test.Client talks to "testserver"; DEBUG's default ALLOWED_HOSTS lack it.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _quiet(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())


def _write_import_csv(path: Path, location_codes: list[str], seed: int = 1) -> None:
    """A CSV of IMPORT_ROWS attendances (docs/import-registrations.md columns), spread over
    the locations, categories and weekdays of 2019; every session its own (date, category)."""
    from agreements.choices import Category

    rng = random.Random(seed)
    days = [date(2019, 1, 1) + timedelta(n) for n in range(365)]
    slots = [(day, category) for day in days if day.weekday() < 5 for category in Category]
    sessions = IMPORT_ROWS // IMPORT_ROWS_PER_SESSION
    per_location = -(-sessions // len(location_codes))
    lines = ["date;location;category;participant;session"]
    for code in location_codes:
        numbers = range(1, IMPORT_PARTICIPANTS_PER_LOCATION + 1)
        pool = [f"{IMPORT_CODE_PREFIX}{code.upper()}-{n:04d}" for n in numbers]
        for day, category in sorted(rng.sample(slots, per_location)):
            named = IMPORT_ROWS_PER_SESSION - IMPORT_ANONYMOUS_PER_SESSION
            participants = rng.sample(pool, named) + [""] * IMPORT_ANONYMOUS_PER_SESSION
            lines += [
                f"{day:%d-%m-%Y};{code};{category.value};{participant};{IMPORT_TITLE}"
                for participant in participants
            ]
    path.write_text("\n".join(lines[: IMPORT_ROWS + 1]) + "\n", encoding="utf-8")


def _cases(workdir: Path) -> list[Case]:
    """Prepare the data (agreement, demo year, users, import file) and return the benchmarks."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from agreements.models import Agreement
    from locations.models import Location, Membership, Role
    from locations.periods import parse_period
    from registrations.models import Participant, Session
    from reports.excel import progress_report_xlsx
    from reports.pdf import progress_report_pdf
    from reports.selectors import progress_report

    _quiet("load_agreement", str(AGREEMENT_FILE))
    demo = ("generate_demo_registrations", "--agreement", AGREEMENT, "--seed", "1")
    _quiet(*demo)
    region, _dash, year = AGREEMENT.rpartition("-")
    agreement = Agreement.objects.select_related("organisation").get(region=region, year=int(year))
    organisation = agreement.organisation
    locations = list(Location.objects.filter(agreements=agreement).order_by("code"))
    period = parse_period(PERIOD)
    report = progress_report(user=None, agreement=agreement, period=period)

    users = get_user_model().objects
    board = users.create_user("bench-board", password=None)
    Membership.objects.create(user=board, organisation=organisation, role=Role.BOARD)
    coordinator = users.create_user("bench-coordinator", password=None)
    membership = Membership.objects.create(
        user=coordinator, organisation=organisation, role=Role.COORDINATOR
    )
    log_location = next(loc for loc in locations if loc.code == "cjm")
    membership.locations.set([log_location])

    def page(user, url: str) -> Callable[[], object]:
        client = Client()
        client.force_login(user)

        def get():
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url}: status {response.status_code}")
            return response

        return get

    csv_path = workdir / "attendances.csv"
    _write_import_csv(csv_path, [loc.code for loc in locations])
    import_file = ("import_registrations", str(csv_path), "--organisation", organisation.slug)

    def clear_import() -> None:
        Session.objects.filter(title=IMPORT_TITLE).delete()
        Participant.objects.filter(code__startswith=IMPORT_CODE_PREFIX).delete()

    def ensure_imported() -> None:
        if not Session.objects.filter(title=IMPORT_TITLE).exists():
            _quiet(*import_file)

    progress_url = f"{reverse('reports:progress', args=[agreement.pk])}?period={PERIOD}"
    log_url = f"{reverse('registrations:log')}?location={log_location.pk}&date={LOG_DAY}"
    return [
        Case("generate_demo", lambda: _quiet(*demo)),
        Case(
            "progress_report",
            lambda: progress_report(user=None, agreement=agreement, period=period),
        ),
        Case("report_pdf", lambda: progress_report_pdf(report)),
        Case("report_xlsx", lambda: progress_report_xlsx(report)),
        Case("import_first", lambda: _quiet(*import_file), setup=clear_import),
        Case("import_again", lambda: _quiet(*import_file), setup=ensure_imported),
        Case("page_log", page(coordinator, log_url)),
        Case("page_progress", page(board, progress_url)),
        Case("page_sessions", page(board, reverse("registrations:session_list"))),
    ]


@contextmanager
def _query_log_off() -> Iterator[None]:
    """Discard DEBUG's SQL log (it would otherwise count towards the memory peak)."""
    from django.db import connection

    saved = connection.queries_log
    connection.queries_log = deque(maxlen=0)
    try:
        yield
    finally:
        connection.queries_log = saved


def _measure(case: Case, repeat: int) -> Result:
    """Run ``case`` ``repeat`` times timed (counting queries), then once under tracemalloc."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times, queries = [], []
    for _run in range(repeat):
        if case.setup:
            case.setup()
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            case.run()
            times.append(time.perf_counter() - start)
        if len(connection.queries_log) >= connection.queries_limit:
            raise RuntimeError(f"{case.name}: over {connection.queries_limit} queries")
        queries.append(len(captured))
    if case.setup:
        case.setup()
    with _query_log_off():
        tracemalloc.start()
        try:
            case.run()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return Result(
        name=case.name,
        runs=repeat,
        min_s=round(min(times), 4),
        median_s=round(statistics.median(times), 4),
        peak_mib=round(peak / 2**20, 1),
        queries=max(queries),
    )


def _table(results: list[Result]) -> str:
    header = f"{'name':<16} {'runs':>4} {'min s':>9} {'median s':>9} {'peak MiB':>9} {'queries':>8}"
    lines = [header, "-" * len(header)]
    lines += [
        f"{r.name:<16} {r.runs:>4} {r.min_s:>9.3f} {r.median_s:>9.3f} "
        f"{r.peak_mib:>9.1f} {r.queries:>8}"
        for r in results
    ]
    return "\n".join(lines)


def _environment() -> dict:
    import django
    from django.db import connection

    return {
        "date": date.today().isoformat(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": connection.pg_version,
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks (argv: the command-line arguments); returns the exit status 0.

    Exits with status 2 on bad arguments (argparse) and raises on a failing benchmark
    (e.g. a page answering other than 200).
    """
    args = _arguments(argv)
    _create_database(args.database)
    try:
        _setup_django(args.database)
        from locations.access import system_scope

        # The benchmark is system code; its pages run in their users' scopes (middleware).
        with tempfile.TemporaryDirectory(prefix="bwk-bench-") as workdir, system_scope():
            cases = _cases(Path(workdir))
            assert tuple(case.name for case in cases) == NAMES
            results = []
            for case in cases:
                if args.only and case.name not in args.only:
                    continue
                print(f"running {case.name} ...", file=sys.stderr, flush=True)
                results.append(_measure(case, args.repeat))
        environment = _environment()
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(args.database)
    print(_table(results))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps({"environment": environment, "results": [asdict(r) for r in results]}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    print(f"written to {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
