"""The operations of ``bench/run.py measure``, each beside its lower bound in the same run.

Every operation is a pair of callables: the product's call and the bound (hand-written SQL
on the same tables, bare WeasyPrint or bare openpyxl on the same content, or a hello-world
page on the same server). :func:`interleaved` runs them alternately (product, bound,
product, ...) so that the load of the shared machine hits both alike; the ratio of the
medians is the result. The saves are measured over HTTP with ``wrk`` against gunicorn on
loopback (:func:`load`).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGREEMENT = ("zuidoost", 2019)
QUARTER = "2019-Q2"
YEAR = 2019
#: The day the saves write on (a weekday of the generated years, before any closed period).
SAVE_DAY = date(2021, 3, 15)
#: wrk: connections (one per wrk thread: each a client with its own session) and seconds
#: per run.
CLIENTS = 20
SECONDS = 8


@dataclass
class Measured:
    """One operation at one size: medians in milliseconds; rps and p99 for the saves."""

    operation: str
    attendances: int
    median_ms: float
    bound_median_ms: float
    ratio: float
    runs: int
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """The JSON object of bench/run.py measure (the issue's field names first)."""
        return {
            "operation": self.operation,
            "attendances": self.attendances,
            "median_ms": round(self.median_ms, 2),
            "bound_median_ms": round(self.bound_median_ms, 2),
            "ratio": round(self.ratio, 3),
            **self.extra,
            "runs": self.runs,
        }


def interleaved(
    operation: str,
    attendances: int,
    product: Callable[[], object],
    bound: Callable[[], object],
    repeat: int,
    warm_up: bool = True,
) -> Measured:
    """Time ``product`` and ``bound`` alternately ``repeat`` times each (after one warm-up of
    each, not counted, unless ``warm_up`` is false); medians in ms, ratio = product / bound."""
    if warm_up:
        product()
        bound()
    times: dict[str, list[float]] = {"p": [], "b": []}
    for _ in range(repeat):
        for key, call in (("p", product), ("b", bound)):
            start = time.perf_counter()
            call()
            times[key].append((time.perf_counter() - start) * 1000)
    p, b = statistics.median(times["p"]), statistics.median(times["b"])
    return Measured(operation, attendances, p, b, p / b, repeat)


def peak_mib(call: Callable[[], object]) -> float:
    """Peak Python memory (tracemalloc) of one run of ``call``, in MiB."""
    tracemalloc.start()
    try:
        call()
        return round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    finally:
        tracemalloc.stop()


def _fetch(sql: str, params) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# -- report_quarter ---------------------------------------------------------------------------


def quarter_bound(location_ids: list[int], ytd: tuple[date, date], quarter: tuple[date, date]):
    """The hand-written SQL for the counted figures of one agreement-quarter report: unique
    participants per location and category and over all (year to date and quarter, with a
    location total distinct over the locations), visits and anonymous visits per location and
    category, jobs per location: three queries."""
    unique = _fetch(
        """
        WITH u AS (
            SELECT s.location_id AS loc, s.category AS cat, s.date AS day, a.participant_id AS pid
            FROM registrations_attendance a JOIN registrations_session s ON s.id = a.session_id
            WHERE s.location_id = ANY(%(locs)s) AND s.date BETWEEN %(start)s AND %(end)s
            UNION ALL
            SELECT j.location_id, 'jobs', j.date, j.participant_id FROM registrations_job j
            WHERE j.location_id = ANY(%(locs)s) AND j.date BETWEEN %(start)s AND %(end)s
              AND j.participant_id IS NOT NULL
        )
        SELECT loc, cat, COUNT(DISTINCT pid),
               COUNT(DISTINCT pid) FILTER (WHERE day BETWEEN %(qstart)s AND %(end)s)
        FROM u GROUP BY GROUPING SETS ((loc, cat), (loc), (cat), ())
        """,
        {"locs": location_ids, "start": ytd[0], "end": ytd[1], "qstart": quarter[0]},
    )
    visits = _fetch(
        """
        SELECT s.location_id, s.category, SUM(s.anonymous_count),
               SUM(s.anonymous_count) FILTER (WHERE s.date >= %(qstart)s),
               SUM(n.identified), SUM(n.identified) FILTER (WHERE s.date >= %(qstart)s)
        FROM registrations_session s
        CROSS JOIN LATERAL (SELECT COUNT(*) AS identified FROM registrations_attendance a
                            WHERE a.session_id = s.id) n
        WHERE s.location_id = ANY(%(locs)s) AND s.date BETWEEN %(start)s AND %(end)s
        GROUP BY 1, 2
        """,
        {"locs": location_ids, "start": ytd[0], "end": ytd[1], "qstart": quarter[0]},
    )
    jobs = _fetch(
        """
        SELECT location_id, COUNT(*), COUNT(*) FILTER (WHERE date >= %(qstart)s)
        FROM registrations_job
        WHERE location_id = ANY(%(locs)s) AND date BETWEEN %(start)s AND %(end)s GROUP BY 1
        """,
        {"locs": location_ids, "start": ytd[0], "end": ytd[1], "qstart": quarter[0]},
    )
    return unique, visits, jobs


# -- board_year -------------------------------------------------------------------------------

CATEGORIES = ("social", "activation", "jobs", "computer", "language", "forms", "debt", "work")


def board_year_product(location_ids: list[int], year: int) -> dict:
    """The product's figures of a year over all rooms: unique participants per room and
    category and in all (reports.counting.unique_participant_counts)."""
    from reports.counting import Window, unique_participant_counts

    return unique_participant_counts(
        location_ids=location_ids,
        category_sets=[frozenset({c}) for c in CATEGORIES] + [frozenset({"all"})],
        windows={"year": Window(date(year, 1, 1), date(year, 12, 31))},
    )


def board_year_rollup_bound(location_ids: list[int], year: int) -> list:
    """Hand-written SQL for the same figures on the exact first-seen rollup
    (registrations_newparticipantsmonth: participants first seen that year, per room or
    organisation, category key and month): per room and key the sum of the year's monthly
    counts, and the total as the sum of the organisations' own counts (every organisation
    of the benchmark has all its rooms among ``location_ids``). The bound the issue sets for
    a year over all rooms."""
    return _fetch(
        """
        SELECT location_id, category, SUM(participants)
        FROM registrations_newparticipantsmonth
        WHERE location_id = ANY(%(locs)s) AND month BETWEEN %(start)s AND %(end)s
        GROUP BY location_id, category
        UNION ALL
        SELECT NULL, category, SUM(participants)
        FROM registrations_newparticipantsmonth
        WHERE location_id IS NULL AND month BETWEEN %(start)s AND %(end)s
          AND organisation_id IN (
              SELECT organisation_id FROM locations_location WHERE id = ANY(%(locs)s))
        GROUP BY category
        """,
        {"locs": location_ids, "start": date(year, 1, 1), "end": date(year, 12, 1)},
    )


def board_year_participant_month_bound(location_ids: list[int], year: int) -> list:
    """Hand-written SQL for the same figures on the participant-month rollup
    (registrations_participantmonth, COUNT(DISTINCT)): the bound before the first-seen
    rollup, kept beside it (``participant_month_bound_ms``)."""
    return _fetch(
        """
        SELECT location_id, category, COUNT(DISTINCT participant_id)
        FROM registrations_participantmonth
        WHERE location_id = ANY(%(locs)s) AND month BETWEEN %(start)s AND %(end)s
        GROUP BY GROUPING SETS ((location_id, category), (location_id), (category), ())
        """,
        {"locs": location_ids, "start": date(year, 1, 1), "end": date(year, 12, 1)},
    )


def board_year_bound(location_ids: list[int], year: int) -> list:
    """Hand-written COUNT(DISTINCT) over the registrations for the same figures."""
    return _fetch(
        """
        WITH u AS (
            SELECT s.location_id AS loc, s.category AS cat, a.participant_id AS pid
            FROM registrations_attendance a JOIN registrations_session s ON s.id = a.session_id
            WHERE s.location_id = ANY(%(locs)s) AND s.date BETWEEN %(start)s AND %(end)s
            UNION ALL
            SELECT j.location_id, 'jobs', j.participant_id FROM registrations_job j
            WHERE j.location_id = ANY(%(locs)s) AND j.date BETWEEN %(start)s AND %(end)s
              AND j.participant_id IS NOT NULL
        )
        SELECT loc, cat, COUNT(DISTINCT pid) FROM u
        GROUP BY GROUPING SETS ((loc, cat), (loc), (cat), ())
        """,
        {"locs": location_ids, "start": date(year, 1, 1), "end": date(year, 12, 31)},
    )


# -- xlsx and pdf ------------------------------------------------------------------------------


def bare_xlsx(values: list[tuple[str, list[list]]]) -> bytes:
    """Bare openpyxl (write-only workbook) writing the same sheets and cell values."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in values:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def workbook_values(data: bytes) -> list[tuple[str, list[list]]]:
    """Sheet titles and cell values of an xlsx file (the bare writer's content)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    return [
        (sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
        for sheet in workbook.worksheets
    ]


def bare_pdf(html: str) -> bytes:
    """Bare WeasyPrint on the same HTML (no template rendering, no static-file fetcher)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(ROOT)).write_pdf()


# -- import_100k ------------------------------------------------------------------------------


def write_import_csv(path: Path, locations: list[tuple[int, str]], rows: int) -> None:
    """A CSV of ``rows`` attendances (docs/import-registrations.md columns) in 2021 at the
    given (id, code) locations: sessions of 20 participants, codes new to the database."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["date", "location", "category", "participant", "session"])
        for n in range(rows):
            session = n // 20
            loc_id, code = locations[session % len(locations)]
            day = date.fromordinal(date(2021, 1, 4).toordinal() + (session // len(locations)) % 300)
            category = CATEGORIES[session % len(CATEGORIES)]
            writer.writerow(
                [f"{day:%d-%m-%Y}", code, category, f"I{loc_id}-{n % 2000:05d}", f"Imp {session}"]
            )


def import_bound(path: Path, organisation_id: int) -> None:
    """Hand-written SQL for the same import: COPY the file into a temporary table, then insert
    the new participants, the sessions and the attendances with three INSERT ... SELECT."""
    from django.db import connection

    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute(
            "CREATE TEMP TABLE imp (day text, loc text, cat text, code text, title text) "
            "ON COMMIT DROP"
        )
        with (
            path.open("rb") as handle,
            cursor.copy(
                "COPY imp FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)"
            ) as copy,
        ):
            while chunk := handle.read(1 << 16):
                copy.write(chunk)
        params = {"org": organisation_id}
        cursor.execute(
            """
            INSERT INTO registrations_participant
                (code, nickname, created_at, home_location_id, organisation_id, is_demo)
            SELECT DISTINCT ON (lower(i.code)) i.code, '', now(), l.id, %(org)s, false
            FROM imp i JOIN locations_location l ON l.code = i.loc AND l.organisation_id = %(org)s
            ON CONFLICT DO NOTHING
            """,
            params,
        )
        cursor.execute(
            """
            INSERT INTO registrations_session
                (date, category, title, anonymous_count, created_at, location_id, is_demo)
            SELECT DISTINCT to_date(i.day, 'DD-MM-YYYY'), i.cat, i.title, 0, now(), l.id, false
            FROM imp i JOIN locations_location l ON l.code = i.loc AND l.organisation_id = %(org)s
            """,
            params,
        )
        cursor.execute(
            """
            INSERT INTO registrations_attendance (participant_id, session_id)
            SELECT p.id, s.id FROM imp i
            JOIN locations_location l ON l.code = i.loc AND l.organisation_id = %(org)s
            JOIN registrations_session s ON s.location_id = l.id
                 AND s.date = to_date(i.day, 'DD-MM-YYYY') AND s.category = i.cat
                 AND s.title = i.title
            JOIN registrations_participant p ON lower(p.code) = lower(i.code)
                 AND p.organisation_id = %(org)s
            ON CONFLICT DO NOTHING
            """,
            params,
        )


def rolled_back(call: Callable[[], object]) -> Callable[[], None]:
    """``call`` inside a transaction that is rolled back, so every run starts alike."""
    from django.db import transaction

    def run() -> None:
        with transaction.atomic():
            call()
            transaction.set_rollback(True)

    return run


# -- the saves over HTTP ------------------------------------------------------------------------


def ensure_wrk() -> str:
    """The path of ``wrk`` (Debian package ``wrk``), installed with apt-get when missing and
    running as root. Raises RuntimeError when it is missing and cannot be installed."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    print("installing wrk (Debian package) ...", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)  # noqa: S607
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk did not install")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on loopback serving bwk (bench/wsgi_hello.py: Django plus a bare hello page at
    ``/bench-hello/``) on the benchmark database, with the production settings file
    (bwk/gunicorn_conf.py: sync workers, ``workers`` of them, the access log to stdout, here
    discarded); a context manager."""

    def __init__(self, database_url: str, workers: int = 2):
        self.port = _free_port()
        self.database_url = database_url
        self.workers = workers

    def __enter__(self) -> Server:
        from django.conf import settings

        # As in production (DEBUG off), over plain HTTP on loopback; the same SECRET_KEY as
        # this process, which signed the benchmark user's session.
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_SSL_REDIRECT": "0",
            "GUNICORN_WORKERS": str(self.workers),
            # No recycling during a run (production: after 1,000 requests): a restarting
            # worker would stall the page being measured for seconds.
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
        }
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "-c",
                str(ROOT / "bwk" / "gunicorn_conf.py"),
                "wsgi_hello:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass
class Load:
    """One wrk run: requests per second, median and p99 latency (ms), failed responses, and
    the requests answered."""

    rps: float
    median_ms: float
    p99_ms: float
    failed: int
    requests: int = 0


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


#: wrk's script: one connection per thread (``-t`` = ``-c``), so each thread is one client with
#: its own session and its own path (its own day); ``CLIENTS_TABLE`` is replaced by the
#: clients' Lua table, "COUNTER" in the body by a text unique in the run (client and request
#: number), "SHOWN" by the number of saves the client made before in the run (what its day
#: page shows, each client saving onto its own day, emptied before the run).
LUA = """
clients = CLIENTS_TABLE
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
end
counter = 0
function request()
  counter = counter + 1
  local client = clients[((id or 1) - 1) % #clients + 1]
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  for name, value in pairs(client.headers) do headers[name] = value end
  -- Client and request number, short numbers apart: a random nine-digit number can pass
  -- the 11-test, and the product refuses a text that may hold a BSN.
  local unique = "c" .. tostring(id or 0) .. "r" .. tostring(counter)
  local body = string.gsub(string.gsub(wrk.body, "COUNTER", unique), "SHOWN", tostring(counter - 1))
  return wrk.format(nil, client.path, headers, body)
end
"""


def _lua_text(value: str) -> str:
    if "]]" in value:
        raise ValueError(f"not writable in Lua: {value!r}")
    return f"[[{value}]]"


def load(
    wrk: str,
    url: str,
    *,
    method="GET",
    body="",
    headers=None,
    clients: list[tuple[str, dict[str, str]]] | None = None,
) -> Load:
    """``wrk`` with CLIENTS connections for SECONDS against ``url``, one connection per wrk
    thread; "COUNTER" in ``body`` is replaced per request by a unique text, "SHOWN" by the
    number of the connection's requests before it. ``clients``:
    (path, headers) per client (its session cookie, CSRF token, its own URL path), used by
    the connections in turn; without it every connection sends ``url`` with ``headers``.
    Non-2xx/3xx answers count as failed."""
    path = "/" + url.split("/", 3)[3]
    entries = []
    for client_path, client_headers in clients or [(path, {})]:
        pairs = ", ".join(f"[ {_lua_text(k)} ] = {_lua_text(v)}" for k, v in client_headers.items())
        entries.append(f"{{path = {_lua_text(client_path)}, headers = {{{pairs}}}}}")
    table = ", ".join(entries)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f'wrk.method = "{method}"\nwrk.body = [[{body}]]\n')
        for name, value in (headers or {}).items():
            script.write(f'wrk.headers["{name}"] = [[{value}]]\n')
        script.write(LUA.replace("CLIENTS_TABLE", "{" + table + "}"))
    try:
        completed = subprocess.run(  # noqa: S603 (fixed arguments)
            [
                wrk,
                f"-t{CLIENTS}",
                f"-c{CLIENTS}",
                f"-d{SECONDS}s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                script.name,
                url,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(script.name)
    out = completed.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    failed_match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: .*timeout (\d+)", out)
    failed = (int(failed_match.group(1)) if failed_match else 0) + (
        int(errors.group(1)) if errors else 0
    )
    if failed:
        print(out, file=sys.stderr)
    if "error" in completed.stderr.lower():
        raise RuntimeError(f"wrk: {completed.stderr.strip()}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return Load(rps, p50, p99, failed, requests)
