"""Benchmarks on demand (never part of the test suite); see bench/README.md.

From the project root, with a PostgreSQL server in ``DATABASE_URL`` (``bin/with-postgres``)::

    python bench/run.py generate --attendances 1000000
    python bench/run.py measure --attendances 100000 1000000 --json out.json
    python bench/run.py demo [--repeat N] [--only NAME]   # the demo-year suite

``generate`` creates the database ``bwk_bench_<N>`` (dropping an old one), migrates it and
fills it (bench/generate.py). ``measure`` measures every operation at every size (generating
a size whose database is missing), writes bench/RESULTS.md and, with ``--json PATH``, a JSON
list with one object per operation and size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS_MD = BENCH / "RESULTS.md"
OPERATIONS = (
    "report_quarter",
    "board_year",
    "save_day_page",
    "save_log_page",
    "pdf",
    "xlsx",
    "import_100k",
)


def database_name(attendances: int) -> str:
    """The benchmark database of a size."""
    return f"bwk_bench_{attendances}"


def _url(name: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("DATABASE_URL is not set: run through bin/with-postgres")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _server():
    import psycopg

    return psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)


def _exists(name: str) -> bool:
    with _server() as server:
        return bool(
            server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )


def _recreate(name: str) -> None:
    from psycopg import sql

    with _server() as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _django(name: str) -> None:
    """Point Django at database ``name`` and set it up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwk.settings")
    os.environ.setdefault("DEBUG", "1")
    for path in (str(ROOT), str(BENCH)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = name
    django.setup()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # DEBUG=1 only lets the settings load without production variables; measured code runs
    # with DEBUG off (no SQL log kept for every query).
    settings.DEBUG = False


def _generate_into(name: str, attendances: int) -> None:
    """Create ``name``, migrate it and generate ``attendances`` (needs Django set up on it)."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    _recreate(name)
    call_command("migrate", verbosity=0)
    from generate import generate

    generate(attendances=attendances, log=lambda line: print(line, file=sys.stderr, flush=True))


def command_generate(args: argparse.Namespace) -> int:
    """``generate --attendances N``: a fresh database ``bwk_bench_<N>`` with N attendances."""
    name = database_name(args.attendances)
    _django(name)
    started = time.perf_counter()
    _generate_into(name, args.attendances)
    print(f"{name}: {args.attendances} attendances in {time.perf_counter() - started:.0f} s")
    return 0


def _machine() -> dict:
    load = os.getloadavg()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in load],
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def command_measure(args: argparse.Namespace) -> int:
    """``measure``: every operation at every size; RESULTS.md and the JSON list."""
    from measure_all import measure_size

    results: list[dict] = []
    machine = _machine()
    sizes_info: dict[int, dict] = {}
    first = True
    for attendances in args.attendances:
        name = database_name(attendances)
        if first:
            _django(name)
            first = False
        else:
            from django.conf import settings
            from django.db import connections

            connections.close_all()
            settings.DATABASES["default"]["NAME"] = name
        if not _exists(name):
            _generate_into(name, attendances)
        measured, info = measure_size(
            attendances=attendances,
            database_url=_url(name),
            repeat=args.repeat,
            only=args.only,
        )
        sizes_info[attendances] = info
        results += [m.as_json() for m in measured]
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    machine["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    from results import write_results

    write_results(RESULTS_MD, results, machine, sizes_info)
    print(f"written {RESULTS_MD.relative_to(ROOT)}" + (f" and {args.json}" if args.json else ""))
    return 0


def command_demo(rest: list[str]) -> int:
    """``demo ...``: the demo-year suite (bench/demo_suite.py) with its own options."""
    sys.path.insert(0, str(BENCH))
    from demo_suite import main

    return main(rest)


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the sub-command; returns the exit status (2: bad arguments)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["demo"]:
        return command_demo(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="fill a benchmark database")
    gen.add_argument("--attendances", type=int, required=True)
    meas = commands.add_parser("measure", help="measure every operation")
    meas.add_argument("--attendances", type=int, nargs="+", default=[100_000, 1_000_000])
    meas.add_argument("--json", metavar="PATH")
    meas.add_argument("--repeat", type=int, default=5, help="timed runs per operation")
    meas.add_argument("--only", action="append", choices=OPERATIONS, metavar="OPERATION")
    commands.add_parser("demo", help="the demo-year suite (bench/demo_suite.py)")
    args = parser.parse_args(argv)
    if args.command == "generate":
        return command_generate(args)
    return command_measure(args)


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    sys.exit(main())
