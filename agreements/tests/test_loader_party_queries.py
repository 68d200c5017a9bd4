"""The agreement loader writes a file's parties in a constant number of queries (issue 11
review): the same for a file with 2 parties as for one with 6."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.loader import load_agreement_files
from agreements.models import AgreementParty, Party

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]


def _file(tmp_path: Path, organisation: str, region: str, parties: int, name: str) -> Path:
    """A format-2 agreement of ``organisation`` in ``region`` with ``parties`` parties
    (codes p0, p1, ...; named ``name`` and their number), the first at the room."""
    lines = [
        "format: 2",
        f"organisation: {{slug: {organisation}, name: Coöperatie {organisation}}}",
        f"region: {region}",
        f"region_name: Regio {region}",
        "year: 2022",
        f"title: Afspraak {region} 2022",
        "locations:",
        f"  - {{code: {organisation}-noord, name: Noord}}",
        "parties:",
    ]
    for i in range(parties):
        room = f", location: {organisation}-noord" if i == 0 else ""
        lines.append(f"  - {{code: p{i}, name: {name} {i}, kind: fund, funder: true{room}}}")
    lines += [
        "indicators:",
        "  - {code: keys, section: OUTPUT, description: Sleutelbeheerders, method: count,"
        f" targets: {{{organisation}-noord: '> 10'}}}}",
    ]
    path = tmp_path / f"{organisation}-{region}-{name.replace(' ', '-')}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def _queries(path: Path) -> int:
    with CaptureQueriesContext(connection) as captured:
        load_agreement_files(paths=[path])
    return len(captured.captured_queries)


def _load_queries(tmp_path: Path, parties: int) -> list[int]:
    """The queries of four loads for an organisation of its own with ``parties`` parties:
    new, the same file again (unchanged), every party renamed (updated), and a second
    agreement of the same parties (parties already in another agreement)."""
    organisation = f"q{parties}"
    counts = [
        _queries(_file(tmp_path, organisation, "west", parties, "Partij")),
        _queries(_file(tmp_path, organisation, "west", parties, "Partij")),
        _queries(_file(tmp_path, organisation, "west", parties, "Andere naam")),
        _queries(_file(tmp_path, organisation, "oost", parties, "Andere naam")),
    ]
    assert sorted(
        Party.objects.filter(organisation__slug=organisation).values_list("name", flat=True)
    ) == [f"Andere naam {i}" for i in range(parties)]
    roles = AgreementParty.objects.filter(party__organisation__slug=organisation)
    assert sorted(roles.values_list("agreement__region", "party__code")) == sorted(
        (region, f"p{i}") for region in ("west", "oost") for i in range(parties)
    )
    return counts


def test_the_parties_of_a_file_are_written_in_a_constant_number_of_queries(tmp_path):
    assert _load_queries(tmp_path, 2) == _load_queries(tmp_path, 6)


def test_a_file_with_fewer_parties_removes_the_roles_it_no_longer_has(tmp_path):
    load_agreement_files(paths=[_file(tmp_path, "q", "west", 3, "Partij")])
    load_agreement_files(paths=[_file(tmp_path, "q", "west", 1, "Partij")])
    roles = AgreementParty.objects.filter(agreement__region="west")
    assert list(roles.values_list("party__code", flat=True)) == ["p0"]
    assert Party.objects.filter(organisation__slug="q").count() == 3  # parties are kept
