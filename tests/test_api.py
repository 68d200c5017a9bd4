"""The funders' API (issue 9, "API"; docs/api.md): tokens created and revoked by an admin and
stored as a digest, every answer scoped by the access layer, figures exactly as issued with
the Excel data sheet's column names, throttling, and a valid OpenAPI 3 schema."""

from __future__ import annotations

import datetime
import hashlib
import json
from io import BytesIO, StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from knox.crypto import hash_token
from knox.models import AuthToken
from openpyxl import load_workbook

from agreements.models import Agreement, Party
from locations.access import system_scope
from locations.factories import MembershipFactory, UserFactory
from locations.models import Location, Role
from locations.periods import parse_period
from registrations.models import Attendance
from reports.api.serializers import FIGURE_FIELDS
from reports.api.tokens import api_token_create
from reports.excel import progress_report_xlsx
from reports.issuing import report_issue
from reports.models import Audience, IssuedReportDownload
from reports.serialise import report_from_json

Q2 = parse_period("2019-Q2")
AGREEMENT_2019 = Path(settings.BASE_DIR) / "data" / "agreements" / "zuidoost-2019.yaml"
AGREEMENTS = reverse("api:agreement_list")
ISSUED = reverse("api:issued_list")


@pytest.fixture(scope="module")
def _zuidoost(module_transaction):
    """The 2019 agreement with a year of demo data, its users, and Q2 issued to the
    municipality and to Ymere (which finances MultiBron and De Handreiking), built once."""
    call_command("load_agreement", str(AGREEMENT_2019), stdout=StringIO())
    call_command(
        "generate_demo_registrations", "--agreement", "zuidoost-2019", "--seed", "2019",
        stdout=StringIO(),
    )  # fmt: skip
    with system_scope():
        agreement = Agreement.objects.get(region="zuidoost", year=2019)
        organisation = agreement.organisation
        parties = {p.code: p for p in Party.objects.filter(organisation=organisation)}
        users = {}
        for role in (Role.BOARD, Role.ADMIN, Role.COORDINATOR):
            users[str(role)] = UserFactory(username=f"api-{role}", is_staff=role == Role.ADMIN)
            MembershipFactory(
                user=users[str(role)],
                organisation=organisation,
                role=role,
                locations=(
                    [Location.objects.get(organisation=organisation, code="cjm")]
                    if role == Role.COORDINATOR
                    else None
                ),
            )
        for code in ("gemeente-amsterdam", "ymere"):
            users[code] = UserFactory(username=f"api-financier-{code}")
            MembershipFactory(
                user=users[code], organisation=organisation, role=Role.FUNDER, party=parties[code]
            )
    issued = {
        "gemeente-amsterdam": report_issue(
            user=users["board"],
            agreement=agreement,
            period=Q2,
            audience=Audience.MUNICIPALITY,
            party=parties["gemeente-amsterdam"],
        ),
        "ymere": report_issue(
            user=users["board"],
            agreement=agreement,
            period=Q2,
            audience=Audience.HOUSING_CORPORATION,
            party=parties["ymere"],
        ),
    }
    return {"agreement": agreement, "parties": parties, "users": users, "issued": issued}


@pytest.fixture
def zuidoost(_zuidoost, db):
    cache.clear()  # the throttles count in the cache
    yield _zuidoost
    cache.clear()


def _token(user) -> str:
    """A new token for ``user``, made as system code (as the ``api_token`` command does)."""
    with system_scope():
        return api_token_create(token=AuthToken(user=user), valid_for=None)


def _get(client, url, token, **params):
    return client.get(url, params, headers={"Authorization": f"Token {token}"})


def _all(client, url, token, **params) -> list[dict]:
    response = _get(client, url, token, page_size=1000, **params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None
    return body["results"]


# Tokens ----------------------------------------------------------------------------------


def test_a_token_made_by_the_command_works_until_it_is_revoked(client, zuidoost):
    out, err = StringIO(), StringIO()
    call_command(
        "api_token", "create", "api-financier-ymere", "--days", "30", stdout=out, stderr=err
    )
    token = out.getvalue().strip()
    assert "api-financier-ymere" in err.getvalue()
    assert _get(client, AGREEMENTS, token).status_code == 200
    stored = AuthToken.objects.get(user=zuidoost["users"]["ymere"])
    in_30_days = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    assert abs(stored.expiry - in_30_days) < datetime.timedelta(minutes=1)

    listing = StringIO()
    call_command("api_token", "list", stdout=listing)
    assert stored.token_key in listing.getvalue() and token not in listing.getvalue()

    call_command("api_token", "revoke", "api-financier-ymere", stdout=StringIO())
    assert not AuthToken.objects.filter(user=zuidoost["users"]["ymere"]).exists()
    response = _get(client, AGREEMENTS, token)
    assert response.status_code == 401
    assert _get(client, AGREEMENTS, "not-a-token").status_code == 401
    assert client.get(AGREEMENTS).status_code == 401  # no token at all


def test_an_expired_token_is_refused(client, zuidoost):
    token = _token(zuidoost["users"]["ymere"])
    AuthToken.objects.filter(user=zuidoost["users"]["ymere"]).update(
        expiry=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert _get(client, AGREEMENTS, token).status_code == 401


def test_the_token_itself_is_not_stored_only_its_digest(zuidoost):
    token = _token(zuidoost["users"]["ymere"])
    stored = AuthToken.objects.get(user=zuidoost["users"]["ymere"])
    assert stored.digest == hash_token(token) != token
    with connection.cursor() as cursor:
        assert AuthToken._meta.db_table == "knox_authtoken"
        cursor.execute("SELECT t::text FROM knox_authtoken t")  # every column of every row
        rows = [row[0] for row in cursor.fetchall()]
    assert len(rows) == 1 and token not in rows[0]
    assert token[: len(stored.token_key)] == stored.token_key  # only its first characters


def test_an_admin_creates_a_token_shown_once_and_revokes_it(client, zuidoost):
    funder = zuidoost["users"]["ymere"]
    client.force_login(zuidoost["users"]["admin"])
    add = reverse("admin:knox_authtoken_add")
    response = client.post(add, {"user": funder.pk, "valid_days": 0})
    assert response.status_code == 200
    stored = AuthToken.objects.get(user=funder)
    token = response.context["token"]
    assert stored.digest == hash_token(token) and stored.expiry is None
    assert token in response.content.decode()
    client.logout()
    assert _get(client, ISSUED, token).status_code == 200

    client.force_login(zuidoost["users"]["admin"])
    listing = client.get(reverse("admin:knox_authtoken_changelist")).content.decode()
    assert stored.token_key in listing and token not in listing
    delete = reverse("admin:knox_authtoken_delete", args=[stored.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    client.logout()
    assert _get(client, ISSUED, token).status_code == 401


def test_an_admin_manages_no_token_of_another_organisation(client, zuidoost, tenants):
    funder = zuidoost["users"]["ymere"]
    _token(funder)
    stored = AuthToken.objects.get(user=funder)
    client.force_login(tenants.b.admin)
    # Not offered, refused when posted anyway, not listed, not deletable.
    add = reverse("admin:knox_authtoken_add")
    assert str(funder) not in client.get(add).content.decode()
    response = client.post(add, {"user": funder.pk, "valid_days": 0})
    assert response.status_code == 200 and "token" not in (response.context or {})
    assert AuthToken.objects.filter(user=funder).count() == 1
    listing = client.get(reverse("admin:knox_authtoken_changelist")).content.decode()
    assert stored.token_key not in listing
    client.post(reverse("admin:knox_authtoken_delete", args=[stored.pk]), {"post": "yes"})
    assert AuthToken.objects.filter(pk=stored.pk).exists()
    # Nor do the board or a coordinator of the same organisation see the tokens at all.
    for user in (zuidoost["users"]["board"], zuidoost["users"]["coordinator"]):
        client.force_login(user)
        assert client.get(reverse("admin:knox_authtoken_changelist")).status_code == 302


# Scoping ---------------------------------------------------------------------------------


def test_a_funder_sees_only_the_reports_issued_to_its_party(client, zuidoost):
    ymere, municipality = zuidoost["issued"]["ymere"], zuidoost["issued"]["gemeente-amsterdam"]
    token = _token(zuidoost["users"]["ymere"])
    listed = _all(client, ISSUED, token)
    assert [row["id"] for row in listed] == [ymere.pk]
    assert listed[0]["party"] == "ymere" and listed[0]["audience"] == "housing_corporation"
    assert sorted(listed[0]["locations"]) == ["handreiking", "multibron"]
    assert listed[0]["pdf_sha256"] == ymere.pdf_sha256
    # Another party's version, its figures and its file: not found.
    for name in ("api:issued_detail", "api:issued_figures"):
        assert _get(client, reverse(name, args=[municipality.pk]), token).status_code == 404
        assert _get(client, reverse(name, args=[ymere.pk]), token).status_code == 200
    # The agreement shows the locations its party finances, no other.
    agreements = _all(client, AGREEMENTS, token)
    assert [a["slug"] for a in agreements] == ["zuidoost-2019"]
    assert sorted(agreements[0]["locations"]) == ["handreiking", "multibron"]


def test_the_municipality_sees_its_own_version_with_every_location(client, zuidoost):
    municipality = zuidoost["issued"]["gemeente-amsterdam"]
    token = _token(zuidoost["users"]["gemeente-amsterdam"])
    listed = _all(client, ISSUED, token)
    assert [row["id"] for row in listed] == [municipality.pk]
    assert sorted(listed[0]["locations"]) == ["cjm", "handreiking", "multibron", "samensterk"]
    ymere = reverse("api:issued_figures", args=[zuidoost["issued"]["ymere"].pk])
    assert _get(client, ymere, token).status_code == 404


def test_another_organisation_s_users_get_404(client, zuidoost, tenants):
    agreement, issued = zuidoost["agreement"], zuidoost["issued"]["ymere"]
    for user in (tenants.b.funder, tenants.b.board, tenants.b.admin):
        token = _token(user)
        assert _all(client, ISSUED, token) == []
        assert zuidoost["agreement"].pk not in [a["id"] for a in _all(client, AGREEMENTS, token)]
        for url in (
            reverse("api:agreement_detail", args=[agreement.pk]),
            reverse("api:issued_detail", args=[issued.pk]),
            reverse("api:issued_figures", args=[issued.pk]),
        ):
            assert _get(client, url, token).status_code == 404, (user, url)


def test_the_board_sees_every_version_a_coordinator_none(client, zuidoost):
    issued = zuidoost["issued"]
    board = _token(zuidoost["users"]["board"])
    assert sorted(row["id"] for row in _all(client, ISSUED, board)) == sorted(
        version.pk for version in issued.values()
    )
    assert (
        _get(client, reverse("api:issued_figures", args=[issued["ymere"].pk]), board).status_code
        == 200
    )
    # A coordinator reads agreements (their location's) but no issued report (rules: ISSUED).
    coordinator = _token(zuidoost["users"]["coordinator"])
    assert [a["locations"] for a in _all(client, AGREEMENTS, coordinator)] == [["cjm"]]
    assert _get(client, ISSUED, coordinator).status_code == 403
    for name in ("api:issued_detail", "api:issued_figures"):
        url = reverse(name, args=[issued["gemeente-amsterdam"].pk])
        assert _get(client, url, coordinator).status_code == 404


def test_the_api_is_read_only_and_gives_nothing_personal(client, zuidoost):
    ymere = zuidoost["issued"]["ymere"]
    token = _token(zuidoost["users"]["ymere"])
    headers = {"Authorization": f"Token {token}"}
    for url in (AGREEMENTS, ISSUED, reverse("api:issued_figures", args=[ymere.pk])):
        assert client.post(url, {}, headers=headers).status_code == 405
        assert client.delete(url, headers=headers).status_code == 405
    texts = [
        _get(client, url, token, page_size=1000).content.decode()
        for url in (
            AGREEMENTS,
            ISSUED,
            reverse("api:issued_detail", args=[ymere.pk]),
            reverse("api:issued_figures", args=[ymere.pk]),
        )
    ]
    board = zuidoost["users"]["board"]
    with system_scope():
        codes = set(
            Attendance.objects.filter(session__location__code="multibron").values_list(
                "participant__code", flat=True
            )[:50]
        )
    for text in texts:
        assert board.username not in text  # who issued it
        assert not any(f'"{code}"' in text for code in codes)  # participant codes
    assert {
        row["entered_by"]
        for row in _all(client, reverse("api:issued_figures", args=[ymere.pk]), token)
    } == {""}


def test_a_funder_s_system_downloads_its_issued_files_with_the_token(client, zuidoost):
    ymere, municipality = zuidoost["issued"]["ymere"], zuidoost["issued"]["gemeente-amsterdam"]
    funder = zuidoost["users"]["ymere"]
    token = _token(funder)
    detail = _get(client, reverse("api:issued_detail", args=[ymere.pk]), token).json()
    for file_format, stored, digest in (
        ("pdf", ymere.pdf, ymere.pdf_sha256),
        ("xlsx", ymere.xlsx, ymere.xlsx_sha256),
    ):
        url = detail[f"{file_format}_url"]
        assert url.endswith(reverse("api:issued_file", args=[ymere.pk, file_format]))
        response = client.get(url, headers={"Authorization": f"Token {token}", "Accept": "*/*"})
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        with stored.open("rb") as file:
            assert body == file.read()
        assert hashlib.sha256(body).hexdigest() == digest == detail[f"{file_format}_sha256"]
    assert list(
        IssuedReportDownload.unscoped.filter(issued_report=ymere)
        .order_by("pk")
        .values_list("format", "downloaded_by")
    ) == [("pdf", funder.pk), ("xlsx", funder.pk)]
    # Any Accept header; another party's file, an unknown format, no token: nothing recorded.
    pdf = reverse("api:issued_file", args=[ymere.pk, "pdf"])
    accept_pdf = client.get(
        pdf, headers={"Authorization": f"Token {token}", "Accept": "application/pdf"}
    )
    assert accept_pdf.status_code == 200
    count = IssuedReportDownload.unscoped.count()
    assert (
        _get(client, reverse("api:issued_file", args=[municipality.pk, "pdf"]), token).status_code
        == 404
    )
    assert (
        _get(client, reverse("api:issued_file", args=[ymere.pk, "docx"]), token).status_code == 404
    )
    assert client.get(pdf).status_code == 401
    assert IssuedReportDownload.unscoped.count() == count


# Figures ---------------------------------------------------------------------------------


def _number(value):
    return None if value is None else float(value)


def test_figures_are_the_stored_report_s_rows_even_after_corrections(client, zuidoost):
    ymere = zuidoost["issued"]["ymere"]
    token = _token(zuidoost["users"]["ymere"])
    url = reverse("api:issued_figures", args=[ymere.pk])
    figures = _all(client, url, token)
    report = report_from_json(ymere.report_json)
    expected = [
        (block.code, row.indicator_code, row.section, row.target_value, row.realised)
        for block in [*report.locations, report.totals]
        for row in block.rows
    ]
    assert [
        (f["location"], f["indicator"], f["section"], _number(f["target"]), _number(f["realised"]))
        for f in figures
    ] == [(code, ind, sec, _number(t), _number(r)) for code, ind, sec, t, r in expected]
    assert {f["location"] for f in figures} == {"multibron", "handreiking", "all"}
    assert {(f["period_start"], f["period_end"]) for f in figures} == {("2019-01-01", "2019-06-30")}
    # The total row counts people once over both rooms: as issued, never a sum.
    totals = {f["location"]: f["realised"] for f in figures if f["indicator"] == "unique_total"}
    assert totals["all"] == next(
        r.realised for r in report.totals.rows if r.indicator_code == "unique_total"
    )
    # Filters.
    only = _all(client, url, token, location="multibron", indicator="unique_total")
    assert [(f["location"], f["indicator"]) for f in only] == [("multibron", "unique_total")]

    # A correction after issuing changes nothing the API gives for the issued version.
    with system_scope():
        Attendance.objects.filter(
            session__location__code="multibron", session__date__range=(Q2.start, Q2.end)
        ).delete()
    assert _all(client, url, token) == figures


def test_figure_fields_are_the_excel_data_sheet_s_columns(client, zuidoost):
    ymere = zuidoost["issued"]["ymere"]
    token = _token(zuidoost["users"]["ymere"])
    workbook = load_workbook(BytesIO(progress_report_xlsx(report_from_json(ymere.report_json))))
    header = [cell.value for cell in next(workbook["data"].iter_rows(max_row=1))]
    assert header[:3] == ["location", "section", "indicator"]
    figures = _all(client, reverse("api:issued_figures", args=[ymere.pk]), token)
    assert figures and all(list(figure) == header for figure in figures)
    # The stored workbook's sheet holds the same rows (totals aside) with the same values.
    with ymere.xlsx.open("rb") as stored:
        sheet = load_workbook(BytesIO(stored.read()))["data"]
    rows = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    located = [f for f in figures if f["location"] != "all"]
    assert len(rows) == len(located)
    for row, figure in zip(rows, located, strict=True):
        for column in ("location", "section", "indicator", "method", "status", "realised_text"):
            assert (row[column] or "") == figure[column], column
        for column in ("target", "realised", "difference"):
            assert _number(row[column]) == _number(figure[column]), column
    # Every column has its own type and description, and the schema documents exactly these
    # fields, in this order.
    assert set(FIGURE_FIELDS) == set(header)
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    assert list(schema["components"]["schemas"]["Figure"]["properties"]) == header


# Limits, schema --------------------------------------------------------------------------


def test_too_many_requests_answer_429_per_user(client, zuidoost):
    rates = {"api_burst": "3/minute", "api_sustained": "1000/day"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        cache.clear()
        ymere = _token(zuidoost["users"]["ymere"])
        answers = [_get(client, AGREEMENTS, ymere).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        refused = _get(client, ISSUED, ymere)
        assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
        # Another user has their own count.
        other = _token(zuidoost["users"]["gemeente-amsterdam"])
        assert _get(client, AGREEMENTS, other).status_code == 200


def test_the_schema_is_valid_openapi_3_and_its_page_is_served_locally(client, zuidoost, tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/agreements/",
        "/api/v1/agreements/{id}/",
        "/api/v1/issued-reports/",
        "/api/v1/issued-reports/{id}/",
        "/api/v1/issued-reports/{id}/figures/",
        "/api/v1/issued-reports/{id}/{file_format}/",
    }
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())
    assert "knoxApiToken" in schema["components"]["securitySchemes"]
    served = client.get(reverse("api:schema"), {"format": "json"})
    assert served.status_code == 200
    assert json.loads(served.content)["paths"].keys() == schema["paths"].keys()
    page = client.get(reverse("api:docs")).content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


def test_figures_are_json_numbers_as_in_the_sheet(client, zuidoost):
    """``target`` and ``realised`` come as JSON numbers (whole numbers as integers), not
    strings: 400 for the stated target "400"."""
    token = _token(zuidoost["users"]["gemeente-amsterdam"])
    issued = zuidoost["issued"]["gemeente-amsterdam"]
    figures = _all(client, reverse("api:issued_figures", args=[issued.pk]), token)
    kinds = {type(f[c]) for f in figures for c in ("target", "realised") if f[c] is not None}
    assert kinds and kinds <= {int, float}
    stated = [f for f in figures if f["target_text"] == "400"]
    assert stated and all(f["target"] == 400 and type(f["target"]) is int for f in stated)
