"""The browser import's pages: access per role, another room 404, size and type limits,
upload then preview then import, the held file checked again, the template files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from locations.access import system_scope
from registrations.importer import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from registrations.models import Attendance, Session
from registrations.tests.test_import_browser_service import ROWS, csv_bytes, xlsx_bytes
from registrations.views.imports import PENDING_SESSION_KEY


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def upload(client, location, data: bytes, name="lijst.csv"):
    return client.post(
        reverse("registrations:import_upload", args=[location.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 200), ("admin", 200), ("board", 403), ("funder", 404)],
)
def test_upload_page_per_role(client, tenants, role, status):
    client.force_login(getattr(tenants.a, role))
    response = client.get(reverse("registrations:import_upload", args=[tenants.a.location.pk]))
    assert response.status_code == status


def test_another_room_and_another_organisation_are_404(client, tenants):
    client.force_login(tenants.a.coordinator)
    for location in (tenants.a.other_location, tenants.b.location):
        url = reverse("registrations:import_upload", args=[location.pk])
        assert client.get(url).status_code == 404
        assert upload(client, location, csv_bytes(ROWS)).status_code == 404
        url = reverse("registrations:import_template_xlsx", args=[location.pk])
        assert client.get(url).status_code == 404


def test_admin_may_import_at_every_room_of_the_organisation(client, tenants):
    client.force_login(tenants.a.admin)
    rows = [[cell.replace("a-noord", "a-zuid") for cell in row] for row in ROWS]
    response = upload(client, tenants.a.other_location, csv_bytes(rows))
    assert response.status_code == 302
    assert client.post(response.url).status_code == 302
    assert Session.unscoped.filter(location=tenants.a.other_location).count() == 2


def test_redirect_page_opens_the_users_room(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = client.get(reverse("registrations:import"))
    assert response.url == reverse("registrations:import_upload", args=[tenants.a.location.pk])
    client.force_login(tenants.a.board)
    assert client.get(reverse("registrations:import")).status_code == 403


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, tenants, settings):
    settings.IMPORT_MAX_BYTES = 100
    client.force_login(tenants.a.coordinator)
    response = upload(client, tenants.a.location, b"x" * 101)
    assert response.status_code == 400
    assert "te groot" in response.content.decode()
    assert PENDING_SESSION_KEY not in client.session


def test_a_far_too_large_request_is_refused_without_its_body(client, tenants, settings):
    settings.IMPORT_MAX_BYTES = 100
    client.force_login(tenants.a.coordinator)
    response = upload(client, tenants.a.location, b"x" * 200_000)
    assert response.status_code == 413
    assert "te groot" in response.content.decode()


def test_another_type_is_refused(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = upload(client, tenants.a.location, b"%PDF-1.4", name="lijst.pdf")
    assert response.status_code == 400
    assert ".xlsx" in response.content.decode()


@pytest.mark.parametrize(("name", "make"), [("lijst.csv", csv_bytes), ("lijst.xlsx", xlsx_bytes)])
def test_upload_preview_then_import_writes_history(client, tenants, name, make):
    client.force_login(tenants.a.coordinator)
    response = upload(client, tenants.a.location, make(ROWS), name=name)
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "CJM-0002" in page and "Alles importeren" in page
    assert Session.unscoped.count() == 0  # the preview writes nothing
    done = client.post(response.url)
    assert done.status_code == 302
    assert Session.unscoped.count() == 2
    assert Attendance.unscoped.count() == 3
    coffee = Session.unscoped.get(title="Koffie-inloop")
    with system_scope():
        history = list(Session.history.filter(id=coffee.pk))
    assert [(row.history_type, row.history_user, row.history_change_reason) for row in history] == [
        ("+", tenants.a.coordinator, "geïmporteerd")
    ]
    assert client.post(response.url).status_code == 404  # the held file is gone


def test_preview_with_problems_offers_no_import_and_import_refuses(client, tenants):
    client.force_login(tenants.a.coordinator)
    rows = [*ROWS, ["14-03-2019", "a-noord", "koffie", "", ""]]
    response = upload(client, tenants.a.location, csv_bytes(rows))
    page = client.get(response.url).content.decode()
    assert "Regel 6" in page and "onbekende categorie" in page
    assert "Alles importeren" not in page
    assert client.post(response.url).status_code == 400
    assert Session.unscoped.count() == 0


def test_a_changed_held_file_is_not_imported(client, tenants, settings):
    client.force_login(tenants.a.coordinator)
    response = upload(client, tenants.a.location, csv_bytes(ROWS))
    entry = next(iter(client.session[PENDING_SESSION_KEY].values()))
    path = f"{settings.MEDIA_ROOT}/{entry['path']}"
    with open(path, "ab") as file:
        file.write(b"\r\n14-03-2019;a-noord;social;CJM-0099;")
    assert client.post(response.url).status_code == 404
    assert Session.unscoped.count() == 0


def test_another_users_upload_is_404(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = upload(client, tenants.a.location, csv_bytes(ROWS))
    held = client.session[PENDING_SESSION_KEY]
    client.force_login(tenants.a.admin)  # a new session: the held upload goes with the old one
    # Even with the coordinator's entry in the admin's session, the upload is not the admin's.
    session = client.session
    session[PENDING_SESSION_KEY] = held
    session.save()
    assert client.get(response.url).status_code == 404
    assert client.post(response.url).status_code == 404


def test_import_needs_the_csrf_token(tenants):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(tenants.a.coordinator)
    assert upload(client, tenants.a.location, csv_bytes(ROWS)).status_code == 403


def test_xlsx_template_has_the_documented_columns_as_a_table(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = client.get(
        reverse("registrations:import_template_xlsx", args=[tenants.a.location.pk])
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    assert headings == [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]
    assert headings == ["date", "location", "category", "participant", "session"]  # the docs
    assert list(sheet.tables.values())[0].ref == "A1:E2"
    assert all(cell.comment is not None for cell in sheet[1])
    assert sheet["B2"].value == "a-noord"
    assert len(workbook.worksheets) == 2


def test_both_templates_import_as_they_are(client, tenants):
    client.force_login(tenants.a.coordinator)
    for kind, name in (("csv", "sjabloon.csv"), ("xlsx", "sjabloon.xlsx")):
        data = client.get(
            reverse(f"registrations:import_template_{kind}", args=[tenants.a.location.pk])
        ).content
        response = upload(client, tenants.a.location, data, name=name)
        page = client.get(response.url).content.decode()
        assert "Alles importeren" in page, page


def test_a_new_upload_replaces_the_rooms_held_file(client, tenants, settings, tmp_path):
    client.force_login(tenants.a.coordinator)
    first = upload(client, tenants.a.location, csv_bytes(ROWS))
    second = upload(client, tenants.a.location, csv_bytes(ROWS[:1]))
    assert client.get(first.url).status_code == 404
    assert client.get(second.url).status_code == 200
    assert len(list((tmp_path / "media" / "imports").iterdir())) == 1


def test_a_page_past_the_last_one_goes_to_the_last_page(client, tenants):
    """The preview of a file of a few rows has one page: ``?pagina=99`` is sent to page 1
    rather than shown as an empty table labelled with the last page's number."""
    client.force_login(tenants.a.coordinator)
    response = upload(client, tenants.a.location, csv_bytes(ROWS))
    answer = client.get(f"{response.url}?pagina=99")
    assert answer.status_code == 302
    assert answer["Location"] == f"{response.url}?pagina=1"
    assert client.get(answer["Location"]).status_code == 200
