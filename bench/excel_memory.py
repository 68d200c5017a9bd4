"""Benchmark of the Excel report's memory at many rooms (issue 13: "PDF and Excel ... with
memory bounded for 100 rooms"), run on demand, never in the test suite.

Usage, from the project root::

    bin/with-postgres env DEBUG=1 .venv/bin/python bench/excel_memory.py [--rooms 100 1000]

Creates a fresh database (``bwk_bench_excel`` on the server of ``DATABASE_URL``; the helpers
of bench/demo_suite.py), migrates it, loads data/agreements/zuidoost-2019.yaml (four rooms,
with targets and a budget) and adds rooms to the agreement until it has the asked number,
each a copy of the first room's targets, budget amounts, financing and volunteer hours (bulk
inserts; no registrations, so the figures are zero, as they are exact). For each size it
builds the 2019-Q2 report (``progress_report``, system scope) once, then writes the workbook
(``reports.excel.progress_report_xlsx``) and reports: the wall time of the write, its peak
Python memory (tracemalloc: what the writer allocates, the report already built), the size
of the file, its number of sheets and its longest formula (Excel refuses formulas over
8,192 characters). The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_suite import _create_database, _drop_database, _quiet, _setup_django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AGREEMENT_FILE = ROOT / "data" / "agreements" / "zuidoost-2019.yaml"
FORMULA_LIMIT = 8192


def _copy_rows(model, first, rooms) -> None:
    """Bulk-insert, for every room of ``rooms``, a copy of ``model``'s rows at ``first``."""
    fields = [
        f.attname for f in model._meta.concrete_fields if not f.primary_key and f.name != "location"
    ]
    originals = list(model.unscoped.filter(location=first))
    model.unscoped.bulk_create(
        [
            model(location=room, **{name: getattr(row, name) for name in fields})
            for row in originals
            for room in rooms
        ],
        batch_size=5000,
    )


def add_rooms(agreement, total: int) -> None:
    """Add rooms ("bench-0004", ...) to ``agreement`` until it has ``total``."""
    from agreements.models import Target
    from budgets.models import BudgetAmount, Financing, VolunteerInvestment
    from locations.models import Location

    current = list(agreement.locations.order_by("code"))
    if len(current) >= total:
        return
    first = current[0]
    rooms = Location.objects.bulk_create(
        [
            Location(
                organisation_id=agreement.organisation_id,
                code=f"bench-{number:04d}",
                name=f"Bench {number:04d}",
            )
            for number in range(len(current), total)
        ]
    )
    agreement.locations.add(*rooms)
    for model in (Target, BudgetAmount, Financing, VolunteerInvestment):
        _copy_rows(model, first, rooms)


def longest_formula(data: bytes) -> int:
    """The length of the longest formula in the .xlsx ``data`` (the text of its ``<f>``
    elements, without the leading "=" Excel does not store), in characters."""
    import re

    longest = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                text = archive.read(name).decode()
                for formula in re.findall(r"<f>(.*?)</f>", text, re.S):
                    longest = max(longest, len(formula))
    return longest


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (argv: command-line arguments); returns 0, or 1 when a workbook has
    a formula over Excel's 8,192 characters."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--database", default="bwk_bench_excel")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    _create_database(args.database)
    too_long = False
    try:
        _setup_django(args.database)
        from agreements.models import Agreement
        from locations.access import system_scope
        from locations.periods import parse_period
        from reports.excel import progress_report_xlsx
        from reports.selectors import progress_report

        columns = ("rooms", "write s", "peak MiB", "file KiB", "sheets", "formula")
        print(" ".join(f"{name:>9}" for name in columns))
        with system_scope():
            _quiet("load_agreement", str(AGREEMENT_FILE))
            agreement = Agreement.objects.get()
            for rooms in sorted(args.rooms):
                add_rooms(agreement, rooms)
                report = progress_report(
                    user=None, agreement=agreement, period=parse_period("2019-Q2")
                )
                tracemalloc.start()
                start = time.perf_counter()
                data = progress_report_xlsx(report)
                seconds = time.perf_counter() - start
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    sheets = sum(n.startswith("xl/worksheets/sheet") for n in archive.namelist())
                longest = longest_formula(data)
                too_long = too_long or longest > FORMULA_LIMIT
                print(
                    f"{len(report.locations):>9} {seconds:>9.2f} {peak:>9.1f}"
                    f" {len(data) / 1024:>9.0f} {sheets:>9} {longest:>9}"
                )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(args.database)
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main())
