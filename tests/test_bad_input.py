"""Bad input answers a clear message and writes nothing, never a server error (issue 10, "Bad
input: a clear error, nothing lost, never a 500"): extreme dates in a day page URL, a NUL byte
in the participant search, in a CSV import (command and web upload) and in an agreement file,
a CSV field over the csv module's limit, YAML nested thousands deep, a CSV header with a
column twice, and a nickname with a line break."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from agreements.loader import LoaderError, read_agreement_files
from agreements.models import Agreement
from budgets.models import Expenditure
from budgets.tests.actuals_world import make_world
from locations.access import system_scope
from locations.csv_import import ImportFailed, read_rows
from registrations.models import Participant, Session

HEADER = "date;location;category;participant;session\n"


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("0001-01-01", "Op deze dag kan niets worden geregistreerd: De datum 01-01-0001 ligt vóór"),
        ("9999-12-31", "Deze dag ligt in de toekomst"),
    ],
)
def test_a_day_page_at_the_ends_of_the_calendar(client, tenants, day, message):
    client.force_login(tenants.a.coordinator)
    url = reverse("registrations:day", args=[tenants.a.location.pk, day])
    response = client.get(url)
    assert response.status_code == 200
    assert message in response.content.decode()
    response = client.post(
        url, {"form": "session", "category": "social", "anonymous_count": "3", "title": "x"}
    )
    assert response.status_code == 200
    with system_scope():
        assert not Session.objects.exists()


def test_a_nul_byte_in_the_participant_search(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = client.post(reverse("registrations:participant_search"), {"q": "CJM\x00"})
    assert response.status_code == 200
    assert response.json() == {"results": []}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER + "14-03-2019;a-noord;social;CJM-0001;Koffie\x00\n", "regel 2: een NUL-teken"),
        (
            HEADER + "14-03-2019;a-noord;social;CJM-0001;" + "x" * 140_000 + "\n",
            "regel 2: een veld",
        ),
        ("date;location;date;participant;session\n", "regel 1: kolom 'date' staat er twee keer"),
    ],
)
def test_a_bad_csv_file_is_refused_by_the_command(tmp_path, tenants, content, message, capsys):
    path = tmp_path / "import.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match="er is niets geïmporteerd"):
        call_command("import_registrations", str(path), "--organisation", "a")
    assert message in capsys.readouterr().err
    with system_scope():
        assert not Session.objects.exists()
        assert not Participant.objects.exists()


def test_read_rows_names_the_problem():
    with pytest.raises(ImportFailed) as failure:
        read_rows(b"a;b\n1;\x002\n")
    assert failure.value.errors == [
        "regel 2: een NUL-teken (byte 0) hoort niet in een CSV-bestand; "
        "sla het bestand opnieuw op als CSV UTF-8."
    ]


@pytest.fixture
def expenditures_url(tenants):
    with system_scope():
        world = make_world(tenants.a)
    return reverse("budgets:board", kwargs={"agreement_id": world["agreement"].pk})


@pytest.mark.parametrize(
    "content",
    [
        b"date;location;line;amount;description\n01-04-2021;a-noord;A1;10;go\x00ed\n",
        b"date;location;line;amount;description\n01-04-2021;a-noord;A1;10;"
        + b"x" * 140_000
        + b"\n",
        b"date;location;line;amount;amount\n01-04-2021;a-noord;A1;10;10\n",
    ],
)
def test_a_bad_csv_upload_is_refused(client, tenants, expenditures_url, content):
    client.force_login(tenants.a.admin)
    upload = SimpleUploadedFile("uitgaven.csv", content)
    response = client.post(expenditures_url, {"form": "import", "file": upload})
    assert response.status_code == 200
    assert "Er is niets geïmporteerd." in response.content.decode()
    with system_scope():
        assert not Expenditure.objects.exists()


VALID_START = "format: 1\norganisation:\n  slug: org-x\n  name: Organisatie X\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VALID_START + "region: test\x00regio\n", "5:13: een NUL-teken (byte 0) hoort niet"),
        (VALID_START + "region: " + "[" * 5000 + "]" * 5000 + "\n", "dieper genest dan 50"),
        (
            VALID_START + "region:\n" + "".join("  " * i + "- \n" for i in range(5000)),
            "dieper genest dan 50",
        ),
    ],
)
def test_a_hostile_agreement_file_is_refused(tmp_path, text, message):
    path = Path(tmp_path) / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoaderError) as failure:
        read_agreement_files([path])
    assert message in str(failure.value)
    assert not Agreement.unscoped.exists()


def test_an_import_over_the_size_limit_is_refused(settings, tmp_path, tenants, capsys):
    settings.IMPORT_MAX_BYTES = 100
    path = tmp_path / "import.csv"
    path.write_text(HEADER + "14-03-2019;a-noord;social;CJM-0001;Koffie\n" * 3, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_registrations", str(path), "--organisation", "a")
    assert "Het bestand is te groot (" in capsys.readouterr().err
    with system_scope():
        assert not Session.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(settings, client, tenants, expenditures_url):
    settings.IMPORT_MAX_BYTES = 60
    client.force_login(tenants.a.admin)
    content = b"date;location;line;amount;description\n" + b"01-04-2021;a-noord;A1;10;x\n" * 3
    upload = SimpleUploadedFile("uitgaven.csv", content)
    response = client.post(expenditures_url, {"form": "import", "file": upload})
    assert response.status_code == 200
    assert "Het bestand is te groot (" in response.content.decode()
    with system_scope():
        assert not Expenditure.objects.exists()
