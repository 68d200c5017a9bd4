"""Benchmark of the registrations import's memory (issue 13: "peak memory of ... a 100k-row
import; a 1M-row import must stream, not hold the file"), run on demand, never in the tests.

Usage, from the project root::

    bin/with-postgres env DEBUG=1 .venv/bin/python bench/import_memory.py [--rows 100000 1000000]
        [--tracemalloc]

Creates a fresh database (``bwk_bench_import`` on the server of ``DATABASE_URL``; the helpers
of bench/demo_suite.py), migrates it and loads data/agreements/zuidoost-2019.yaml (four rooms).
For each size it writes a CSV (docs/import-registrations.md columns, ``;``): sessions of 20
rows (17 participants, 3 anonymous visitors) in 2021, spread over the four rooms, the
categories and 300 days, with 2,000 participant codes per room, all new to the database. Each
import runs in a fresh child process (``call_command("import_registrations", FILE, ...)`` with
``IMPORT_MAX_BYTES`` raised above the file's size), inside a transaction that is rolled back,
so every size starts from the same empty database. Reported per size: the file's size, the wall
time, the child's resident memory after Django's setup and its peak resident memory during the
import (``VmRSS`` of /proc/self/status sampled every 20 ms; Linux only), so the difference is
what the import adds, and the process's ``ru_maxrss`` (which includes the setup's own peak,
about 100 MiB); and with ``--tracemalloc`` the import's peak Python allocation (tracemalloc;
several times slower). The child runs with ``settings.DEBUG`` off, as production does: with it
on, Django keeps the SQL of the last 9,000 queries (bulk inserts included) in memory. The
database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_suite import _create_database, _drop_database, _quiet, _setup_django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AGREEMENT_FILE = ROOT / "data" / "agreements" / "zuidoost-2019.yaml"
ROWS_PER_SESSION = 20
ANONYMOUS_PER_SESSION = 3
CODES_PER_ROOM = 2000
CATEGORIES = ("social", "activation", "computer", "language", "forms", "debt", "work")


def write_csv(path: Path, rooms: list[str], rows: int) -> None:
    """Write ``rows`` attendances at the room codes ``rooms`` to ``path`` (module docstring)."""
    first = datetime.date(2021, 1, 4).toordinal()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["date", "location", "category", "participant", "session"])
        for n in range(rows):
            session, seat = divmod(n, ROWS_PER_SESSION)
            room = rooms[session % len(rooms)]
            day = datetime.date.fromordinal(first + (session // len(rooms)) % 300)
            category = CATEGORIES[session % len(CATEGORIES)]
            code = (
                ""
                if seat < ANONYMOUS_PER_SESSION
                else f"IMP-{room.upper()}-{(session * 7 + seat) % CODES_PER_ROOM:04d}"
            )
            writer.writerow([f"{day:%d-%m-%Y}", room, category, code, f"Imp {session}"])


def _status_mib(field: str) -> float:
    """A memory figure of this process from /proc/self/status (Linux; in KiB there), in MiB:
    ``VmRSS`` the resident memory now, ``VmHWM`` its peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


class _PeakSampler(threading.Thread):
    """Samples this process's resident memory (``VmRSS``) every 20 ms until stopped; ``peak``
    is the largest seen, in MiB. (``VmHWM`` cannot be reset reliably and ``ru_maxrss``
    already holds Django's setup peak, about 100 MiB, above what the streamed import needs.)"""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = _status_mib("VmRSS")
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.02):
            self.peak = max(self.peak, _status_mib("VmRSS"))

    def stop(self) -> float:
        self.stopped.set()
        self.join()
        return max(self.peak, _status_mib("VmRSS"))


class _RolledBack(Exception):
    """Raised inside the import's transaction to roll it back."""


def child(path: Path, database: str, organisation: str, trace: bool, batch_rows: int) -> None:
    """Run one import of ``path`` in this (fresh) process and print its figures as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwk.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = database
    django.setup()
    # DEBUG (needed for the settings without a production environment) would keep the SQL of
    # the last 9,000 queries, bulk inserts included: not what production holds.
    settings.DEBUG = False
    from django.core.management import call_command
    from django.db import connection, transaction

    if batch_rows:
        from registrations import importer

        importer.BATCH_ROWS = batch_rows

    connection.ensure_connection()
    baseline = _status_mib("VmRSS")
    sampler = _PeakSampler()
    sampler.start()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    out = io.StringIO()
    try:
        with transaction.atomic():
            call_command(
                "import_registrations", str(path), "--organisation", organisation, stdout=out
            )
            raise _RolledBack
    except _RolledBack:
        pass
    seconds = time.perf_counter() - start
    sampled = sampler.stop()
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mib": sampled,
                "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "baseline_mib": baseline,
                "traced": peak,
                "summary": out.getvalue().strip(),
            }
        )
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (argv: command-line arguments); returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--database", default="bwk_bench_import")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace allocations")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--batch-rows", type=int, default=0, help="rows per write batch (default: the importer's)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--organisation", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.database, args.organisation, args.tracemalloc, args.batch_rows)
        return 0
    _create_database(args.database)
    try:
        _setup_django(args.database)
        from agreements.models import Agreement
        from locations.access import system_scope

        with system_scope():
            _quiet("load_agreement", str(AGREEMENT_FILE))
            agreement = Agreement.objects.get()
            rooms = sorted(agreement.locations.values_list("code", flat=True))
            slug = agreement.organisation.slug
        from django.db import connections

        connections.close_all()
        columns = ("rows", "file MiB", "seconds", "peak RSS", "before", "added", "maxrss")
        columns += ("traced",)
        print(" ".join(f"{name:>9}" for name in columns), flush=True)
        with tempfile.TemporaryDirectory(prefix="bwk-bench-") as workdir:
            for rows in sorted(args.rows):
                path = Path(workdir) / f"import-{rows}.csv"
                write_csv(path, rooms, rows)
                env = {**os.environ, "IMPORT_MAX_BYTES": str(path.stat().st_size + 1)}
                command = [sys.executable, __file__, "--child", str(path)]
                command += ["--database", args.database, "--organisation", slug]
                command += ["--tracemalloc"] if args.tracemalloc else []
                command += ["--batch-rows", str(args.batch_rows)]
                done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
                if done.returncode:
                    print(done.stderr[-3000:], file=sys.stderr)
                    raise SystemExit(done.returncode)
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                traced = figures["traced"]
                print(
                    f"{rows:>9} {path.stat().st_size / 2**20:>9.1f} {figures['seconds']:>9.1f}"
                    f" {figures['rss_mib']:>9.1f} {figures['baseline_mib']:>9.1f}"
                    f" {figures['rss_mib'] - figures['baseline_mib']:>9.1f}"
                    f" {figures['maxrss_mib']:>9.1f}"
                    f" {'-' if traced is None else f'{traced:.1f}':>9}",
                    flush=True,
                )
                print(f"{'':>9} {figures['summary']}", flush=True)
                path.unlink()
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(args.database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
