"""Issue 12: an admin uploads an agreement file in the browser (all or nothing, every problem
with its line and column) and downloads a loaded agreement as a format-2 file."""

from __future__ import annotations

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Agreement, Indicator

pytestmark = pytest.mark.django_db

FILE = """\
format: 2
organisation:
  slug: a
  name: Coöperatie a
region: upload
region_name: Uploadregio
year: 2022
title: Geüploade afspraak 2022
locations:
  - {code: a-noord, name: a Noord}
indicators:
  - code: keys
    section: OUTPUT
    description: Sleutelbeheerders
    method: count
    targets:
      a-noord: "> 10"
"""


def upload(client, text: str, name: str = "upload-2022.yaml"):
    return client.post(
        reverse("agreements:upload"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), "application/yaml")},
    )


def test_an_admin_loads_a_valid_file_and_is_sent_to_the_agreement(client, tenants):
    client.force_login(tenants.a.admin)
    response = upload(client, FILE)
    agreement = Agreement.unscoped.get(region="upload")
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    assert agreement.organisation == tenants.a.organisation
    assert Indicator.unscoped.get(agreement=agreement).code == "keys"


def test_a_bad_file_lists_every_problem_with_line_and_column_and_loads_nothing(client, tenants):
    client.force_login(tenants.a.admin)
    bad = FILE.replace('a-noord: "> 10"', 'a-noord: "> tien"').replace(
        "year: 2022", "year: 2022\nkleur: rood"
    )
    response = upload(client, bad)
    assert response.status_code == 200
    rows = [(p["line"], p["column"], p["where"]) for p in response.context["problems"]]
    # "kleur" is inserted as line 8 (column 1); the target moves from line 17 to 18, col 16
    assert rows == [(8, 1, "kleur"), (18, 16, "indicators[0].targets.a-noord")]
    content = response.content.decode()
    assert "2 problemen, niets geladen" in content
    assert "&#x27;&gt; tien&#x27; is geen doel" in content
    assert "onbekende sleutel (toegestaan: " in content
    assert not Agreement.unscoped.filter(region="upload").exists()


def test_the_problems_are_in_english_for_a_user_who_chose_english(client, tenants):
    client.force_login(tenants.a.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = upload(client, FILE.replace('a-noord: "> 10"', 'a-noord: "> tien"'))
    assert response.status_code == 200
    assert [p["message"] for p in response.context["problems"]] == [
        "'> tien' is not a target (expected e.g. '> 10', '> 50%', '> 10 op 20', '400', 'Positief')"
    ]
    assert not Agreement.unscoped.filter(region="upload").exists()


def test_the_success_message_is_in_english_for_a_user_who_chose_english(client, tenants):
    client.force_login(tenants.a.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = upload(client, FILE)
    assert response.status_code == 302
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert messages == ["upload-2022.yaml is loaded: upload-2022."]


def test_a_file_for_another_organisation_is_refused_and_loads_nothing(client, tenants):
    client.force_login(tenants.b.admin)
    response = upload(client, FILE)
    assert response.status_code == 200
    assert [p["where"] for p in response.context["problems"]] == ["organisation.slug"]
    assert not Agreement.unscoped.filter(region="upload").exists()


def test_the_download_is_a_format_2_file_of_the_agreement_that_loads_back(client, tenants):
    client.force_login(tenants.a.admin)
    upload(client, FILE)
    agreement = Agreement.unscoped.get(region="upload")
    response = client.get(reverse("agreements:file", args=[agreement.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="upload-2022.yaml"'
    data = yaml.safe_load(response.content.decode("utf-8"))
    assert (data["format"], data["title"], data["indicators"][0]["targets"]) == (
        2,
        "Geüploade afspraak 2022",
        {"a-noord": "> 10"},
    )
    again = upload(client, response.content.decode("utf-8"), "upload-2022.yaml")
    assert again.status_code == 302
    assert Agreement.unscoped.filter(region="upload").count() == 1


def test_the_board_may_neither_upload_nor_download(client, tenants):
    client.force_login(tenants.a.board)
    assert client.get(reverse("agreements:upload")).status_code == 403
    assert upload(client, FILE).status_code == 403
    assert not Agreement.unscoped.filter(region="upload").exists()


def test_the_uploaded_file_is_read_once(client, tenants, monkeypatch):
    from agreements.loader.source import NodeReader

    reads = []
    compose = NodeReader.compose

    def counting_compose(self, path):
        reads.append(path.name)
        return compose(self, path)

    monkeypatch.setattr(NodeReader, "compose", counting_compose)
    client.force_login(tenants.a.admin)
    assert upload(client, FILE).status_code == 302
    assert reads == ["upload-2022.yaml"]


PARTIES = """\
parties:
  - {code: fonds-x, name: Fonds X, kind: fund, funder: true}
"""


def test_the_page_reports_a_party_kind_the_file_changes_and_removed_indicators(client, tenants):
    """A file that gives a party another kind with ``kind_changed: true`` is loaded and the
    page says so (issue 12: "a change of kind needs an explicit flag in the file and is
    reported"); so is an indicator the file no longer has."""
    client.force_login(tenants.a.admin)

    def shown(text: str, name: str) -> list[str]:
        response = upload(client, text, name)
        assert response.status_code == 302, response.content.decode()
        return [str(m) for m in client.get(response["Location"]).context["messages"]]

    other = FILE.replace("region: upload\n", "region: elders\n").replace(
        "indicators:", PARTIES + "indicators:"
    )
    assert shown(other, "elders-2022.yaml") == ["elders-2022.yaml is geladen: elders-2022."]
    extra = (
        "  - {code: extra, section: OUTPUT, description: Extra, method: count,"
        ' targets: {a-noord: "1"}}\n'
    )
    changed = FILE.replace(
        "indicators:",
        PARTIES.replace("kind: fund,", "kind: sponsor, kind_changed: true,")
        + "indicators:\n"
        + extra,
    )
    assert shown(changed, "changed.yaml") == [
        "changed.yaml is geladen: upload-2022.",
        "Dit bestand geeft een partij een andere soort (kind_changed): fonds-x: fund -> sponsor."
        " Andere afspraken houden de soort die zij noemen.",
    ]
    again = FILE.replace("indicators:", PARTIES + "indicators:")
    assert shown(again, "again.yaml") == [
        "again.yaml is geladen: upload-2022.",
        "Indicatoren verwijderd (niet meer in het bestand): extra.",
    ]


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(
    client, tenants, settings, monkeypatch
):
    """The size is checked before the file is read and loaded (``IMPORT_MAX_BYTES``): the
    loader is never called and the page says how large a file may be."""
    settings.IMPORT_MAX_BYTES = len(FILE.encode()) - 1
    client.force_login(tenants.a.admin)

    def never(*args, **kwargs):
        raise AssertionError("the file was read and loaded")

    monkeypatch.setattr("agreements.views.agreement_file_load", never)
    response = upload(client, FILE)
    assert response.status_code == 200
    assert "Het bestand is te groot" in response.content.decode()
    assert not Agreement.unscoped.filter(region="upload").exists()
