"""Every operation of ``bench/run.py measure`` at one size (the database Django points at)."""

from __future__ import annotations

import io
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from measure import (
    CLIENTS,
    QUARTER,
    SAVE_DAY,
    YEAR,
    Measured,
    Server,
    bare_pdf,
    bare_xlsx,
    board_year_bound,
    board_year_participant_month_bound,
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


#: The benchmark coordinators' password (a real login: checked and hashed by the login page).
PASSWORD = "bench-Wachtwoord-13"  # noqa: S105 (a throwaway benchmark database)


def _coordinators(location, count: int) -> list[str]:
    """User names of ``count`` coordinators of ``location`` with :data:`PASSWORD` (created
    once per database)."""
    from django.contrib.auth import get_user_model

    from locations.models import Membership, Role

    users = get_user_model().objects
    names = [f"bench-coordinator-{n:02d}" for n in range(1, count + 1)]
    for name in names:
        if users.filter(username=name).exists():
            continue
        user = users.create_user(name, password=PASSWORD)
        membership = Membership.objects.create(
            user=user, organisation=location.organisation, role=Role.COORDINATOR
        )
        membership.locations.set([location])
    return names


def _login_headers(server, username: str) -> dict[str, str]:
    """Cookie and CSRF headers of a session signed in through the login page of ``server``
    (GET for the CSRF cookie and token, POST of user name and password: the password is
    checked and the session created as for a coordinator in a browser)."""
    import http.cookiejar
    import re

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(server.url("/inloggen/")).read().decode()  # noqa: S310 (loopback)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "login_view-current_step": "auth",
            "username": username,
            "password": PASSWORD,
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (loopback)
        server.url("/inloggen/"), data=form, headers={"Referer": server.url("/inloggen/")}
    )
    opener.open(request).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"login of {username} failed")
    return {
        "Cookie": f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}",
        "X-CSRFToken": cookies["csrftoken"],
        "Content-Type": "application/x-www-form-urlencoded",
    }


def _check(url: str, body: str, headers: dict[str, str], expected: int, header: str) -> None:
    """POST ``body`` to ``url`` (nothing saved there before: "SHOWN" is 0); raises
    RuntimeError unless the answer has status ``expected`` and, if given, the header
    ``header`` (the day page's answer by the new row alone: ``HX-Retarget``)."""
    data = body.replace("COUNTER", "check").replace("SHOWN", "0").encode()
    request = urllib.request.Request(  # noqa: S310 (loopback)
        url, data=data, headers=headers, method="POST"
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request)
    except urllib.error.HTTPError as error:
        response = error
    if response.status != expected:
        raise RuntimeError(f"POST {url}: {response.status}, expected {expected}")
    if header and header not in response.headers:
        raise RuntimeError(f"POST {url}: no {header} header in the answer")


def _saved_count(cursor) -> int:
    cursor.execute(
        "SELECT (SELECT COUNT(*) FROM registrations_session WHERE title LIKE 'Bench %') "
        "+ (SELECT COUNT(*) FROM registrations_job WHERE description LIKE 'Bench %')"
    )
    return cursor.fetchone()[0]


def _remove_saved() -> int:
    """Delete what the saves wrote (jobs and sessions titled "Bench ..."), so that every run
    saves onto days with the same rows (a day page re-renders the day's rows). Waits first
    until the server has finished the requests still queued when wrk stopped (the count of
    saved rows is the same twice, 0.3 s apart): deleting while one is still saving fails on
    its attendances. Returns how many records were deleted (what the run saved)."""
    import time

    from django.db import connection

    with connection.cursor() as cursor:
        before = -1
        while (now := _saved_count(cursor)) != before:
            before = now
            time.sleep(0.3)
        cursor.execute(
            "DELETE FROM registrations_attendance WHERE session_id IN "
            "(SELECT id FROM registrations_session WHERE title LIKE 'Bench %')"
        )
        cursor.execute("DELETE FROM registrations_session WHERE title LIKE 'Bench %'")
        cursor.execute("DELETE FROM registrations_job WHERE description LIKE 'Bench %'")
    return now


def _saves(attendances: int, database_url: str, location, participant_codes, rounds: int):
    """save_day_page and save_log_page: wrk against gunicorn, beside a hello page.

    :data:`CLIENTS` coordinators of ``location``, each signed in through the login page
    (before the timed runs) and each with its own session and CSRF token, save at the same
    time; on the day page each saves onto its own day (SAVE_DAY plus its number of days), so
    the section re-rendered after a save holds that coordinator's rows, as for coordinators
    of different rooms, not every row of the run; on the log page all save onto SAVE_DAY."""
    from locations.access import system_scope

    wrk = ensure_wrk()
    with system_scope():
        names = _coordinators(location, CLIENTS)
    codes = quote(", ".join(participant_codes))
    results = []
    with Server(database_url) as server:
        sessions = [_login_headers(server, name) for name in names]
        days = [SAVE_DAY + timedelta(days=n) for n in range(CLIENTS)]
        cases = {
            "save_day_page": (
                [
                    (f"/registratie/dag/{location.pk}/{day.isoformat()}/", headers)
                    for day, headers in zip(days, sessions, strict=True)
                ],
                "form=job&job-description=Bench+COUNTER&shown=SHOWN",
                {"HX-Request": "true"},
                200,
                "HX-Retarget",
            ),
            "save_log_page": (
                [("/registratie/", headers) for headers in sessions],
                f"form=session&location={location.pk}&date={SAVE_DAY.isoformat()}"
                f"&category=social&title=Bench+COUNTER&anonymous_count=1&participants={codes}",
                {},
                302,
                "",
            ),
        }
        for operation, (clients, body, common, expected, header) in cases.items():
            # Every client's first save (and every worker warm: translations, templates,
            # connections), checked for the expected answer.
            _remove_saved()
            for path, headers in clients:
                _check(server.url(path), body, {**headers, **common}, expected, header)
            _remove_saved()
            products, bounds = [], []
            for _ in range(rounds):
                products.append(
                    load(
                        wrk,
                        server.url(clients[0][0]),
                        method="POST",
                        body=body,
                        headers=common,
                        clients=clients,
                    )
                )
                saved = _remove_saved()
                # Every answered request saved (a login page's redirect would count as a
                # 3xx answer): up to one request per client may have been saved after wrk
                # stopped counting.
                if not products[-1].requests <= saved <= products[-1].requests + CLIENTS:
                    raise RuntimeError(
                        f"{operation}: {products[-1].requests} requests answered, {saved} saved"
                    )
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
                        "clients": CLIENTS,
                        "workers": server.workers,
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
            months = interleaved(
                "board_year_participant_month",
                attendances,
                year,
                lambda: board_year_participant_month_bound(all_ids, YEAR),
                repeat,
            )
            m.extra = {
                "figures": len(year()),
                "queries": _queries(year),
                "raw_count_distinct_ms": round(raw.bound_median_ms, 2),
                "participant_month_bound_ms": round(months.bound_median_ms, 2),
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
