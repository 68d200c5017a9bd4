"""Benchmark of the PDF report's time and peak memory at many rooms (issue 13: "PDF and
Excel of a full quarterly report: <= 1.2x bare WeasyPrint ... with memory bounded for 100
rooms"), run on demand, never in the test suite.

Usage, from the project root::

    bin/with-postgres env DEBUG=1 .venv/bin/python bench/pdf_memory.py [--rooms 100] [--repeat 1]

Creates a fresh database (``bwk_bench_pdf`` on the server of ``DATABASE_URL``), loads
data/agreements/zuidoost-2019.yaml and adds rooms to the agreement up to each size, each a
copy of the first room's targets, budget, financing and volunteer hours
(``excel_memory.add_rooms``; no registrations, so the figures are zero, the tables full
size). It builds the 2019-Q2 report once per size and stores it as JSON
(``reports.serialise``); then every measurement runs in a fresh child process that reads the
report back (rendering runs no query) and renders it once:

- ``product``: ``reports.pdf.progress_report_pdf(report)``, in parts past
  ``BLOCKS_PER_PART`` tables, tagged PDF/UA-1;
- ``single``: the same in one render (``blocks_per_part`` above the report's tables): the
  product before issue 13's parts;
- ``bare``: bare WeasyPrint on the same HTML in one render (``measure.bare_pdf``: the bound
  of ``bench/run.py measure``'s ``pdf``, untagged);
- ``bare_ua``: bare WeasyPrint on the same HTML, tagged PDF/UA-1 as the product.

For each: the wall time of the render, the child's peak resident memory (``ru_maxrss``:
WeasyPrint's Pango, Cairo and HarfBuzz memory is outside Python, so tracemalloc would miss
it) and that peak minus the child's resident memory before the render ("added"), and the
pages. The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_suite import _create_database, _drop_database, _quiet, _setup_django  # noqa: E402
from excel_memory import AGREEMENT_FILE, add_rooms  # noqa: E402

MODES = ("product", "single", "bare", "bare_ua")


def _rss_mib() -> float:
    """This process's resident memory now (VmRSS), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(mode: str, report_path: str) -> dict:
    """Render the report stored at ``report_path`` once as ``mode`` (one of MODES) in this
    process: its seconds, peak and added MiB, pages (module docstring)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwk.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from io import BytesIO

    from measure import bare_pdf
    from pypdf import PdfReader

    from reports import pdf
    from reports.serialise import report_from_json

    report = report_from_json(Path(report_path).read_text())
    html = pdf.progress_report_html(report) if mode.startswith("bare") else ""
    calls = {
        "product": lambda: pdf.progress_report_pdf(report),
        "single": lambda: pdf.progress_report_pdf(report, blocks_per_part=10**6),
        "bare": lambda: bare_pdf(html),
        "bare_ua": lambda: pdf.render_pdf(html),
    }
    before = _rss_mib()
    start = time.perf_counter()
    data = calls[mode]()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "mode": mode,
        "seconds": round(seconds, 2),
        "peak_mib": round(peak, 1),
        "added_mib": round(peak - before, 1),
        "pages": len(PdfReader(BytesIO(data)).pages),
        "kib": round(len(data) / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (argv: command-line arguments); prints a table, returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, nargs="+", default=[100])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each mode")
    parser.add_argument("--only", choices=MODES, action="append", help="only this mode")
    parser.add_argument("--database", default="bwk_bench_pdf")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "REPORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    _create_database(args.database)
    try:
        _setup_django(args.database)
        from agreements.models import Agreement
        from locations.access import system_scope
        from locations.periods import parse_period
        from reports.selectors import progress_report
        from reports.serialise import report_to_json

        print("rooms mode       seconds  peak MiB  added MiB  pages  KiB")
        with system_scope(), tempfile.TemporaryDirectory() as folder:
            _quiet("load_agreement", str(AGREEMENT_FILE))
            agreement = Agreement.objects.get()
            for rooms in sorted(args.rooms):
                add_rooms(agreement, rooms)
                report = progress_report(
                    user=None, agreement=agreement, period=parse_period("2019-Q2")
                )
                path = Path(folder) / f"report-{rooms}.json"
                path.write_text(report_to_json(report))
                for _run in range(args.repeat):
                    for mode in args.only or MODES:  # interleaved: the load weighs on all
                        out = subprocess.run(  # noqa: S603 (fixed arguments)
                            [sys.executable, __file__, "--child", mode, str(path)],
                            capture_output=True,
                            text=True,
                            check=True,
                        )
                        row = json.loads(out.stdout.strip().splitlines()[-1])
                        print(
                            f"{rooms:>5} {mode:<10} {row['seconds']:>8.2f} {row['peak_mib']:>9.1f}"
                            f" {row['added_mib']:>10.1f} {row['pages']:>6} {row['kib']:>5}",
                            flush=True,
                        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(args.database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
