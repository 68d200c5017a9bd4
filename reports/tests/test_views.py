"""The progress page and the download flow, for each role and across organisations."""

import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from locations.access import system_scope
from locations.audit import AccessLogEntry
from reports.models import ReportFile

PASSWORD = "test-password-123"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _login(client, user):
    # client.login() calls authenticate() without a request, which django-axes refuses; the
    # password still checks out, and force_login verifies the second step (root conftest).
    assert user.check_password(PASSWORD)
    client.force_login(user)
    return client


def _progress_url(world):
    return reverse("reports:progress", args=[world.agreement.pk])


def test_login_required(client, world):
    response = client.get(_progress_url(world))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_board_sees_every_location_and_the_totals(client, world):
    response = _login(client, world.tenants.a.board).get(
        _progress_url(world), {"period": "2019-Q2"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="block-a-noord"' in body
    assert 'id="block-a-zuid"' in body
    assert 'id="block-all"' in body
    report = response.context["report"]
    totals = {row.indicator_code: row for row in report.totals.rows}
    assert totals["unique_total"].realised == 4
    # The jobs row is marked for housing corporations, the total unique row as a total.
    assert re.search(r'<tr class="hc [^"]*" data-indicator="jobs">', body)
    assert re.search(r'<tr class="total [^"]*" data-indicator="unique_total">', body)
    assert "2e kwartaal 2019" in body


def test_coordinator_sees_own_location_only(client, world):
    response = _login(client, world.tenants.a.coordinator).get(_progress_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="block-a-noord"' in body
    assert 'id="block-a-zuid"' not in body
    location_choices = [
        code for code, _label in response.context["filterset"].form.fields["location"].choices
    ]
    assert [str(value) for value in location_choices] == ["a-noord"]


def test_filters_by_location_section_and_period(client, world):
    response = _login(client, world.tenants.a.board).get(
        _progress_url(world), {"period": "2019-Q1", "location": ["a-zuid"], "section": ["PROCES"]}
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.period.code == "2019-Q1"
    assert [block.code for block in report.locations] == ["a-zuid"]
    assert {row.section for row in report.totals.rows} == {"PROCES"}
    # zuid in Q1: only pC (computer, 01-01-2019).
    assert {r.indicator_code: r.realised for r in report.totals.rows}["unique_total"] == 1


def test_foreign_location_filter_is_rejected(client, world):
    response = _login(client, world.tenants.a.coordinator).get(
        _progress_url(world), {"location": ["a-zuid"]}
    )
    assert response.status_code == 200
    assert response.context["filterset"].form.errors
    assert [block.code for block in response.context["report"].locations] == ["a-noord"]


def test_other_organisation_gets_404(client, world):
    response = _login(client, world.tenants.b.board).get(_progress_url(world))
    assert response.status_code == 404
    response = client.post(
        reverse("reports:request_file"),
        {"agreement": world.agreement.pk, "period": "2019-Q2", "format": "pdf"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_download_flow(
    client, world, django_capture_on_commit_callbacks, file_format, content_type
):
    _login(client, world.tenants.a.board)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:request_file"),
            {"agreement": world.agreement.pk, "period": "2019-Q2", "format": file_format},
        )
    with system_scope():
        report_file = ReportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:file", args=[report_file.pk])
    assert report_file.status == ReportFile.Status.DONE
    download = client.get(response["Location"])
    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    assert (
        f'attachment; filename="voortgang-zuidoost-2019-2019-Q2.{file_format}"'
        == download["Content-Disposition"]
    )
    content = b"".join(download.streaming_content)
    if file_format == "pdf":
        text = PdfReader(BytesIO(content)).pages[4].extract_text()
        assert "850 425 4 3 -846" in text
    else:
        assert "data" in load_workbook(BytesIO(content)).sheetnames


def test_pending_file_shows_status_and_polls(client, world):
    board = world.tenants.a.board
    report_file = ReportFile.objects.create(
        agreement=world.agreement, period="2019-Q2", format="pdf", requested_by=board
    )
    response = _login(client, board).get(reverse("reports:file", args=[report_file.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "wordt gemaakt" not in body  # not started yet: queued
    assert "in de wachtrij" in body
    # Issue 11: htmx polls the status fragment; no <meta refresh> (axe rates it critical).
    assert 'http-equiv="refresh"' not in body
    status_url = reverse("reports:file", args=[report_file.pk])
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in body
    assert "htmx" in body and "<script src=" in body  # htmx itself is served


def test_status_fragment_while_waiting_ready_and_failed(client, world):
    board = world.tenants.a.board
    report_file = ReportFile.objects.create(
        agreement=world.agreement, period="2019-Q2", format="xlsx", requested_by=board
    )
    url = reverse("reports:file", args=[report_file.pk])
    _login(client, board)
    with system_scope():
        ReportFile.objects.filter(pk=report_file.pk).update(
            step=ReportFile.Step.RENDERING, attempts=1, started_at=timezone.now()
        )
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body
    assert "wordt gemaakt: het bestand wordt opgemaakt" in body
    assert 'hx-trigger="every 2s"' in body and "HX-Redirect" not in fragment
    with system_scope():
        stored = ReportFile.objects.get(pk=report_file.pk)
        stored.file.save("x.xlsx", ContentFile(b"xlsx"), save=False)
        stored.status = ReportFile.Status.DONE
        stored.save()
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "Het bestand is klaar." in body and f'href="{url}"' in body
    assert "hx-trigger" not in body  # polling stops
    assert fragment["HX-Redirect"] == url  # the download starts, as the old page did
    assert not AccessLogEntry.unscoped.filter(kind="export").exists()  # nothing downloaded yet
    with system_scope():
        ReportFile.objects.filter(pk=report_file.pk).update(status="failed", error="Kapot.")
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "is mislukt. Kapot." in body and "hx-trigger" not in body
    assert reverse("reports:file_retry", args=[report_file.pk]) in body


def test_bad_download_request_goes_back(client, world):
    response = _login(client, world.tenants.a.board).post(
        reverse("reports:request_file"),
        {"agreement": world.agreement.pk, "period": "2020-Q1", "format": "pdf"},
    )
    assert response.status_code == 302
    assert response["Location"] == _progress_url(world)
    with system_scope():
        assert not ReportFile.objects.exists()


def test_someone_elses_file(client, world):
    report_file = ReportFile.objects.create(
        agreement=world.agreement,
        period="2019-Q2",
        format="pdf",
        requested_by=world.tenants.a.board,
    )
    url = reverse("reports:file", args=[report_file.pk])
    # A coordinator sees one room only: not a file another user asked for.
    assert _login(client, world.tenants.a.coordinator).get(url).status_code == 404
    assert _login(client, world.tenants.b.board).get(url).status_code == 404
    # The organisation's admin sees every room, so may open it.
    assert _login(client, world.tenants.a.admin).get(url).status_code == 200


def test_period_select_shows_the_period_of_the_report_by_default(client, world):
    """Without a chosen period the report shows the default period and the select says so."""
    client.force_login(world.tenants.a.board)
    response = client.get(reverse("reports:progress", args=[world.agreement.pk]))
    period = response.context["period"]
    select = response.context["filterset"].form["period"]
    assert f'<option value="{period.code}" selected>' in str(select)


def test_progress_page_query_count(client, world, django_assert_max_num_queries):
    """The page's queries do not grow with its tables (one per location plus the totals).

    28: 17 before issue 3, plus key holders (1), the budget overview (8, budgets.figures;
    the budget check and the financial section share it) and the municipality's items (4),
    the approved narratives (1) and the locations' ids for the trace links (1, issue 11),
    less none per table; 30 before issue 13 read the measures' rows together, the visits in
    one query and the budget's locations, lines and amounts once for the budget overview and
    budget versus actual."""
    client.force_login(world.tenants.a.board)
    url = reverse("reports:progress", args=[world.agreement.pk])
    with django_assert_max_num_queries(29):
        assert client.get(url).status_code == 200
