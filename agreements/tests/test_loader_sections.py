"""File sections: other apps extend the agreement file through the loader's registry.

The budgets app registers its sections (the budget loader tests, budgets/tests, prove their
format); here a small "notes" section shows the contract: its key is allowed, it is checked
with the loader's reader (positions, all or nothing), written in the load's transaction and
counted in the summary after the loader's own kinds.
"""

import pytest

from agreements.loader import LoaderError, load_agreement_files
from agreements.loader import sections as registry
from agreements.loader.sections import FileSection, register_section, registered_sections
from agreements.models import Agreement
from agreements.tests.test_loader_errors import VALID, assert_nothing_loaded, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def notes(monkeypatch):
    """A "notes" section (one text, stored as the agreement's source) on top of the registered
    ones, for this test only."""
    monkeypatch.setattr(registry, "_SECTIONS", dict(registry._SECTIONS))
    written = []

    def read(context):
        return context.reader.text(context.top.get("notes"), "notes", nullable=True)

    def write_notes(context, text, counts):
        written.append((context.file, context.year, sorted(context.locations), text))
        if text is not None:
            context.agreement.source = text
            context.agreement.save(update_fields=["source"])
            counts["notes"].updated += 1

    register_section(
        FileSection(name="notes", keys=("notes",), counts=("notes",), read=read, write=write_notes)
    )
    return written


def test_the_budgets_app_registers_its_sections():
    budgets = {section.name: section for section in registered_sections()}["budgets"]
    assert budgets.keys == (
        "volunteer_rates",
        "budgets",
        "financing",
        "volunteer_hours",
        "stated_figures",
    )
    assert budgets.counts[:2] == ("volunteer_rates", "budgets")


def test_a_registered_section_is_read_written_and_counted(tmp_path, notes):
    path = write(tmp_path, VALID + "notes: uit de notulen\n", "ok.yaml")
    summary = load_agreement_files(paths=[path])[0]
    assert Agreement.unscoped.get().source == "uit de notulen"
    assert notes == [(str(path), 2019, ["noord", "zuid"], "uit de notulen")]
    assert summary.notes.updated == 1
    kinds = [kind for kind, _counts in summary.counts()]
    assert kinds[:8] == [
        "organisation",
        "locations",
        "parties",
        "agreements",
        "agreement_parties",
        "indicators",
        "targets",
        "deadlines",
    ]
    assert kinds[-1] == "notes"
    assert "budget_lines" in kinds


def test_a_section_is_written_also_when_the_file_has_none_of_its_keys(tmp_path, notes):
    load_agreement_files(paths=[write(tmp_path, VALID, "ok.yaml")])
    assert [text for *_where, text in notes] == [None]


def test_a_problem_in_a_section_is_reported_with_its_position_and_nothing_loads(tmp_path, notes):
    path = write(tmp_path, VALID + "notes: [een, lijst]\n")
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[path])
    assert [str(problem) for problem in excinfo.value.problems] == [
        f"{path}:42:8: notes: expected text, got a list"
    ]
    assert notes == []
    assert_nothing_loaded()


def test_an_unknown_summary_kind_is_an_attribute_error(tmp_path):
    summary = load_agreement_files(paths=[write(tmp_path, VALID, "ok.yaml")])[0]
    assert summary.budget_lines.created == 0
    with pytest.raises(AttributeError):
        _ = summary.no_such_kind


def test_two_sections_may_not_claim_the_same_key(monkeypatch):
    monkeypatch.setattr(registry, "_SECTIONS", dict(registry._SECTIONS))
    clash = FileSection(name="other", keys=("budgets",), counts=("other",), read=print, write=print)
    with pytest.raises(ValueError, match="clashes with 'budgets': budgets"):
        register_section(clash)
    assert "other" not in {section.name for section in registered_sections()}
