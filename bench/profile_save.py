"""Profile of the coordinator's save (issue 13, "A fast save"), run on demand, never in the
test suite.

Usage, from the project root, on a generated benchmark database (``bench/run.py generate``)::

    bin/with-postgres env DEBUG=1 .venv/bin/python bench/profile_save.py \
        [--attendances 100000] [--saves 200] [--only day|log] [--top 40] [--queries]

Signs a coordinator of the first Zuidoost room in, as ``measure`` does
(``bench-coordinator-01``, the benchmark's own, created when missing), through
``django.test.Client`` (the WSGI handler, DEBUG off, the production middleware), makes one
untimed save of each kind, then ``--saves`` timed saves of each kind as ``bench/run.py
measure`` sends them under cProfile: a job on the day page with htmx (going round the
CLIENTS days of the benchmark's clients, so a day's section grows as in a run, each saying
how many rows its page shows) and a session
with eight participants on the log page. Prints per kind the wall time per save, the queries
of one save (``--queries``: their SQL) and the functions with the most cumulative and own
time; with ``--time``, no profile: the median wall time and CPU time (this process: Django,
not PostgreSQL) of a save over 10 batches. Deletes what it saved.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import _django, database_name  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the profile (argv: command-line arguments); returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendances", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=200, help="timed saves of each kind")
    parser.add_argument("--only", choices=["day", "log"], action="append")
    parser.add_argument("--top", type=int, default=40, help="functions listed per ordering")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one save")
    parser.add_argument(
        "--time",
        action="store_true",
        help="no cProfile: the median wall and CPU time of a save over 10 batches",
    )
    args = parser.parse_args(argv)
    _django(database_name(args.attendances))

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from measure import CLIENTS, SAVE_DAY
    from measure_all import _coordinators, _remove_saved

    from agreements.models import Agreement
    from locations.access import system_scope
    from registrations.models import Participant

    with system_scope():
        agreement = Agreement.objects.get(region="zuidoost", year=2019)
        location = agreement.locations.order_by("code").first()
        name = _coordinators(location, 1)[0]
        codes = list(
            Participant.objects.filter(home_location=location)
            .order_by("code")
            .values_list("code", flat=True)[:8]
        )
    client = Client()
    client.force_login(get_user_model().objects.get(username=name))
    days = [SAVE_DAY + timedelta(days=n) for n in range(CLIENTS)]
    kinds = {
        "day": (
            f"/registratie/dag/{location.pk}/{{day}}/",
            {"form": "job", "job-description": "Bench p{n}", "shown": "{shown}"},
            {"HTTP_HX_REQUEST": "true"},
            200,
        ),
        "log": (
            "/registratie/",
            {
                "form": "session",
                "location": location.pk,
                "date": SAVE_DAY.isoformat(),
                "category": "social",
                "title": "Bench p{n}",
                "anonymous_count": "1",
                "participants": ", ".join(codes),
            },
            {},
            302,
        ),
    }
    try:
        for kind, (url, data, headers, expected) in kinds.items():
            if args.only and kind not in args.only:
                continue

            def save(n: int, url=url, data=data, headers=headers, expected=expected) -> None:
                # Save n goes onto day n % CLIENTS, which then shows n // CLIENTS rows.
                body = {
                    k: str(v).replace("{n}", str(n)).replace("{shown}", str(n // CLIENTS))
                    for k, v in data.items()
                }
                path = url.replace("{day}", days[n % CLIENTS].isoformat())
                status = client.post(path, body, **headers).status_code
                if status != expected:
                    raise RuntimeError(f"POST {url}: {status}, expected {expected}")

            save(0)
            with CaptureQueriesContext(connection) as captured:
                save(1)
            # Copied now: every request's start empties the connection's log.
            queries = captured.captured_queries
            if args.time:
                batch = max(args.saves // 10, 1)
                walls, cpus = [], []
                for first in range(2, 2 + 10 * batch, batch):
                    wall, cpu = time.perf_counter(), time.process_time()
                    for n in range(first, first + batch):
                        save(n)
                    walls.append((time.perf_counter() - wall) / batch * 1000)
                    cpus.append((time.process_time() - cpu) / batch * 1000)
                print(
                    f"== {kind} page: {statistics.median(walls):.2f} ms a save, "
                    f"{statistics.median(cpus):.2f} ms of it CPU in this process (medians of 10 "
                    f"batches of {batch}), {len(queries)} queries"
                )
                _remove_saved()
                continue
            profile = cProfile.Profile()
            started = time.perf_counter()
            profile.enable()
            for n in range(2, args.saves + 2):
                save(n)
            profile.disable()
            per_save = (time.perf_counter() - started) / args.saves * 1000
            print(f"== {kind} page: {per_save:.2f} ms a save (under cProfile), ", end="")
            print(f"{len(queries)} queries")
            if args.queries:
                for query in queries:
                    print(f"  {query['time']} s  {query['sql'][:300]}")
            for order in ("cumulative", "tottime"):
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
                print(out.getvalue())
            _remove_saved()
    finally:
        _remove_saved()
    return 0


if __name__ == "__main__":
    sys.exit(main())
