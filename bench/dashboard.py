"""Benchmark of the board dashboard (issue 11: "it answers in under 300 ms with the demo
data"), run on demand, never in the test suite.

Usage, from the project root::

    bin/with-postgres env DEBUG=1 .venv/bin/python bench/dashboard.py [--repeat N] [--keep]

Creates a fresh database (``bwk_bench_dashboard`` on the server of ``DATABASE_URL``; the
helpers of bench/run.py), migrates it, loads the demo data as ``setup_demo`` does (both
Zuidoost agreements, a year of demo registrations each with seed 2019, the demo spending of
2021) and a board user, then GETs ``/bestuur/`` (every running agreement: the latest year's,
2021, with its three rooms) and the location page of its first room through
``django.test.Client``: one untimed request first (it draws the charts, which are then
remembered), then N timed ones. Prints min and median wall time and the SQL queries per
request. The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_suite import _create_database, _drop_database, _quiet, _setup_django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AGREEMENT_FILES = [ROOT / "data" / "agreements" / f"zuidoost-{year}.yaml" for year in (2019, 2021)]
BUDGET_MS = 300


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (argv: command-line arguments); returns 0, or 1 when the median of
    the dashboard is over 300 ms."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests (default 20)")
    parser.add_argument("--database", default="bwk_bench_dashboard")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    _create_database(args.database)
    try:
        _setup_django(args.database)
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        from agreements.models import Agreement
        from budgets.demo import generate_demo_expenditures
        from locations.access import system_scope
        from locations.models import Membership, Role

        with system_scope():
            _quiet("load_agreement", *map(str, AGREEMENT_FILES))
            agreements = list(Agreement.objects.order_by("year"))
            for agreement in agreements:
                _quiet(
                    "generate_demo_registrations", "--agreement", agreement.slug, "--seed", "2019"
                )
            generate_demo_expenditures(agreements[-1], seed=2019)
            board = get_user_model().objects.create_user("bench-board", password=None)
            Membership.objects.create(
                user=board, organisation=agreements[-1].organisation, role=Role.BOARD
            )
            latest = agreements[-1]
            first_room = latest.locations.order_by("name").first()
            # The board must use two-factor login: verify the session as after a token.
            device = StaticDevice.objects.create(user=board, name="bench")
        client = Client()
        client.force_login(board)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        pages = {
            "dashboard": reverse("dashboard:index"),
            "location": reverse("dashboard:location", args=[latest.pk, first_room.pk]),
        }
        over = False
        print(f"{'page':<10} {'min ms':>8} {'median ms':>10} {'queries':>8}  ({args.repeat} runs)")
        for name, url in pages.items():
            if client.get(url).status_code != 200:
                raise RuntimeError(f"GET {url} did not answer 200")
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
            median = statistics.median(times)
            over = over or (name == "dashboard" and median > BUDGET_MS)
            print(f"{name:<10} {min(times):>8.1f} {median:>10.1f} {len(queries):>8}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(args.database)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
