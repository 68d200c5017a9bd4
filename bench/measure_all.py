"""Every operation of ``bench/run.py measure`` at one size (the database Django points at)."""

from __future__ import annotations

import io
import tempfile
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import quote

from measure import (
    QUARTER,
    SAVE_DAY,
    YEAR,
    Measured,
    Server,
    bare_pdf,
    bare_xlsx,
    board_year_bound,
    board_year_product,
    board_year_rollup_bound,
    ensure_wrk,
    import_bound,
    interleaved,
    load,
    peak_mib,
    quarter_bound,
    rolled_back,
    workbook_values,
    write_import_csv,
)

IMPORT_ROWS = 100_000


def _queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def _explain(sql: str, params) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def _slowest_query_plan(call) -> list[str]:
    """EXPLAIN of the longest-running SELECT that ``call`` issues."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    selects = [q for q in captured.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    slowest = max(selects, key=lambda q: float(q["time"]))
    return _explain(slowest["sql"], None)


def _coordinator(location):
    """A coordinator of ``location`` (created once per database)."""
    from django.contrib.auth import get_user_model

    from locations.models import Membership, Role

    users = get_user_model().objects
    user = users.filter(username="bench-coordinator").first()
    if user is None:
        user = users.create_user("bench-coordinator", password=None)
        membership = Membership.objects.create(
            user=user, organisation=location.organisation, role=Role.COORDINATOR
        )
        membership.locations.set([location])
    return user


def _login_headers(user) -> dict[str, str]:
    """Cookie and CSRF headers of a signed-in session of ``user`` (stored in the database)."""
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    session = client.cookies["sessionid"].value
    return {
        "Cookie": f"sessionid={session}; csrftoken={token}",
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def _check(url: str, body: str, headers: dict[str, str], expected: int) -> None:
    request = urllib.request.Request(  # noqa: S310 (loopback)
        url, data=body.replace("COUNTER", "check").encode(), headers=headers, method="POST"
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        status = opener.open(request).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != expected:
        raise RuntimeError(f"POST {url}: {status}, expected {expected}")


def _remove_saved() -> None:
    """Delete what the saves wrote (jobs and sessions titled "Bench ..."), so that every run
    saves onto a day with the same rows (a day page re-renders the day's rows)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM registrations_attendance WHERE session_id IN "
            "(SELECT id FROM registrations_session WHERE title LIKE 'Bench %')"
        )
        cursor.execute("DELETE FROM registrations_session WHERE title LIKE 'Bench %'")
        cursor.execute("DELETE FROM registrations_job WHERE description LIKE 'Bench %'")


def _saves(attendances: int, database_url: str, location, participant_codes, rounds: int):
    """save_day_page and save_log_page: wrk against gunicorn, beside a hello page."""
    from locations.access import system_scope

    wrk = ensure_wrk()
    with system_scope():
        user = _coordinator(location)
    headers = _login_headers(user)
    day_url = f"/registratie/dag/{location.pk}/{SAVE_DAY.isoformat()}/"
    codes = quote(", ".join(participant_codes))
    cases = {
        "save_day_page": (
            day_url,
            "form=job&job-description=Bench+COUNTER",
            {**headers, "HX-Request": "true"},
            200,
        ),
        "save_log_page": (
            "/registratie/",
            f"form=session&location={location.pk}&date={SAVE_DAY.isoformat()}"
            f"&category=social&title=Bench+COUNTER&anonymous_count=1&participants={codes}",
            headers,
            302,
        ),
    }
    results = []
    with Server(database_url) as server:
        for operation, (path, body, case_headers, expected) in cases.items():
            for _ in range(8):  # every worker warm (translations, templates, connections)
                _check(server.url(path), body, case_headers, expected)
            _remove_saved()
            products, bounds = [], []
            for _ in range(rounds):
                products.append(
                    load(wrk, server.url(path), method="POST", body=body, headers=case_headers)
                )
                _remove_saved()
                bounds.append(load(wrk, server.url("/bench-hello/")))
            failed = sum(p.failed for p in products)
            if failed:
                raise RuntimeError(f"{operation}: {failed} failed requests")

            def median(values):
                values = sorted(values)
                return values[len(values) // 2]

            rps = median([p.rps for p in products])
            bound_rps = median([b.rps for b in bounds])
            results.append(
                Measured(
                    operation,
                    attendances,
                    median([p.median_ms for p in products]),
                    median([b.median_ms for b in bounds]),
                    bound_rps / rps,
                    rounds,
                    {
                        "rps": round(rps, 1),
                        "bound_rps": round(bound_rps, 1),
                        "p99_ms": round(median([p.p99_ms for p in products]), 2),
                        "bound_p99_ms": round(median([b.p99_ms for b in bounds]), 2),
                        "share_of_bound_rps": round(rps / bound_rps, 4),
                    },
                )
            )
    return results


def measure_size(*, attendances: int, database_url: str, repeat: int, only):
    """All operations (or those in ``only``) at the current database; returns the Measured
    list and facts about the data (row counts, EXPLAIN plans)."""
    from django.core.management import call_command

    from agreements.models import Agreement
    from locations.access import system_scope
    from locations.models import Location
    from locations.periods import parse_period
    from registrations.models import Attendance, Participant, Session
    from reports.excel import progress_report_xlsx
    from reports.pdf import progress_report_html, progress_report_pdf
    from reports.selectors import progress_report

    def wanted(name: str) -> bool:
        return not only or name in only

    results: list[Measured] = []
    info: dict = {}
    with system_scope():
        agreement = Agreement.objects.select_related("organisation").get(
            region="zuidoost", year=2019
        )
        period = parse_period(QUARTER)
        quarter_locations = list(agreement.locations.order_by("code"))
        quarter_ids = [loc.pk for loc in quarter_locations]
        all_ids = list(Location.objects.values_list("pk", flat=True))
        info["rows"] = {
            "attendances": Attendance.objects.count(),
            "sessions": Session.objects.count(),
            "participants": Participant.objects.count(),
            "locations": len(all_ids),
        }
        print(f"{attendances}: {info['rows']}", flush=True)

        def report():
            return progress_report(user=None, agreement=agreement, period=period)

        ytd = (date(YEAR, 1, 1), date(YEAR, 6, 30))
        quarter = (date(YEAR, 4, 1), date(YEAR, 6, 30))
        if wanted("report_quarter"):
            m = interleaved(
                "report_quarter",
                attendances,
                report,
                lambda: quarter_bound(quarter_ids, ytd, quarter),
                repeat,
            )
            m.extra = {"queries": _queries(report), "bound_queries": 3}
            info["plan_report_quarter"] = _slowest_query_plan(report)
            results.append(m)
            print(m.as_json(), flush=True)
        if wanted("board_year"):

            def year():
                return board_year_product(all_ids, YEAR)

            m = interleaved(
                "board_year",
                attendances,
                year,
                lambda: board_year_rollup_bound(all_ids, YEAR),
                repeat,
            )
            raw = interleaved(
                "board_year_raw", attendances, year, lambda: board_year_bound(all_ids, YEAR), 1
            )
            m.extra = {
                "figures": len(year()),
                "queries": _queries(year),
                "raw_count_distinct_ms": round(raw.bound_median_ms, 2),
            }
            info["plan_board_year"] = _slowest_query_plan(year)
            results.append(m)
            print(m.as_json(), flush=True)
        built = report()
        if wanted("pdf"):
            html = progress_report_html(built)
            m = interleaved(
                "pdf",
                attendances,
                lambda: progress_report_pdf(built),
                lambda: bare_pdf(html),
                max(1, repeat // 2),
            )
            m.extra = {
                "peak_mib": peak_mib(lambda: progress_report_pdf(built)),
                "locations": len(built.locations),
            }
            results.append(m)
            print(m.as_json(), flush=True)
        if wanted("xlsx"):
            values = workbook_values(progress_report_xlsx(built))
            m = interleaved(
                "xlsx",
                attendances,
                lambda: progress_report_xlsx(built),
                lambda: bare_xlsx(values),
                repeat,
            )
            m.extra = {"peak_mib": peak_mib(lambda: progress_report_xlsx(built))}
            results.append(m)
            print(m.as_json(), flush=True)
        if wanted("import_100k"):
            with tempfile.TemporaryDirectory(prefix="bwk-bench-") as workdir:
                path = Path(workdir) / "import.csv"
                write_import_csv(
                    path, [(loc.pk, loc.code) for loc in quarter_locations], IMPORT_ROWS
                )
                slug = agreement.organisation.slug

                def product_import():
                    call_command(
                        "import_registrations",
                        str(path),
                        "--organisation",
                        slug,
                        stdout=io.StringIO(),
                        stderr=io.StringIO(),
                    )

                m = interleaved(
                    "import_100k",
                    attendances,
                    rolled_back(product_import),
                    rolled_back(lambda: import_bound(path, agreement.organisation_id)),
                    max(1, repeat // 3),
                    warm_up=False,  # each run rolls back; the peak-memory run follows
                )
                m.extra = {"rows": IMPORT_ROWS, "peak_mib": peak_mib(rolled_back(product_import))}
                results.append(m)
                print(m.as_json(), flush=True)
        location = quarter_locations[0]
        codes = list(
            Participant.objects.filter(home_location=location)
            .order_by("code")
            .values_list("code", flat=True)[:8]
        )
    if wanted("save_day_page") or wanted("save_log_page"):
        saves = _saves(attendances, database_url, location, codes, rounds=2)
        results += [m for m in saves if wanted(m.operation)]
        for m in saves:
            print(m.as_json(), flush=True)
    return results, info
