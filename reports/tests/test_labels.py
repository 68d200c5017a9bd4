"""Labels are translated once per language, not once per row (issue 13, "Scale and speed":
96,000 translation calls for the same few labels at 1,000 rooms)."""

from collections import Counter

import pytest
from django.utils import translation

from agreements.choices import Section
from locations.factories import LocationFactory
from reports import labels
from reports.selectors import progress_report
from reports.status import Status
from reports.tests.conftest import build_agreement
from reports.tests.test_selectors import Q2


@pytest.fixture
def translations(monkeypatch) -> Counter:
    """Every message passed to gettext (also through lazy labels), counted; the labels'
    memory emptied first."""
    labels._label.cache_clear()
    labels._text.cache_clear()
    calls: Counter = Counter()
    real = translation._trans.gettext

    def counting(message):
        calls[message] += 1
        return real(message)

    monkeypatch.setattr(translation._trans, "gettext", counting)
    return calls


def test_a_report_translates_as_often_for_six_rooms_as_for_two(world, translations):
    user = world.tenants.a.board
    progress_report(user=user, agreement=world.agreement, period=Q2)
    for_two = sum(translations.values())
    assert translations["Proces"] == 1  # a section label: once, not once per row

    organisation = world.tenants.a.organisation
    extra = [LocationFactory(organisation=organisation) for _ in range(6)]
    bigger = build_agreement(organisation, extra[0], extra[1], region="utrecht")
    bigger.locations.add(*extra)
    labels._label.cache_clear()
    labels._text.cache_clear()
    translations.clear()
    report = progress_report(user=user, agreement=bigger, period=Q2)
    assert len(report.locations) == 6
    assert sum(translations.values()) == for_two
    rows = [row for block in report.locations for row in block.rows]
    assert {(row.section, row.section_label) for row in rows} <= {
        (section.value, str(section.label)) for section in Section
    }
    assert "Proces" in {row.section_label for row in rows}


def test_labels_follow_the_active_language(db):
    with translation.override("nl"):
        dutch = labels.label(Status.BEHIND)
        assert labels.text("Totaal") == "Totaal"
    with translation.override("en"):
        english = labels.label(Status.BEHIND)
        assert english == str(Status.BEHIND.label)
        assert labels.text("Totaal") == translation.gettext("Totaal")
    assert dutch == "achter op schema"
    assert english != dutch
