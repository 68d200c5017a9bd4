"""Counts with a noun read right for one and for several, in Dutch and in English (issue 14:
"1 deelnemer", "3 deelnemers").

The texts are built by the functions the pages use, from stand-in rows (no database); the
English forms come from the compiled catalogue ``locale/en/LC_MESSAGES/django.mo``.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from budgets.views.board import _import_message
from registrations.views.day_sections import _session_text
from registrations.views.records import _survey_text


def _session(codes: list[str]) -> SimpleNamespace:
    attendances = [SimpleNamespace(participant=SimpleNamespace(code=c)) for c in codes]
    return SimpleNamespace(
        attendances=SimpleNamespace(all=lambda: attendances),
        get_category_display=lambda: "Sociale ontmoeting",
        title="",
        anonymous_count=2,
    )


def _survey(respondents: int) -> SimpleNamespace:
    return SimpleNamespace(
        date=None,
        get_audience_display=lambda: "deelnemers",
        title="",
        respondents=respondents,
        results=SimpleNamespace(all=lambda: []),
    )


def _import(rows: int) -> SimpleNamespace:
    return SimpleNamespace(dry_run=True, rows=rows, added=rows, amount_added=10, already_present=0)


@pytest.mark.parametrize(
    ("language", "one", "several"),
    [
        ("nl", "1 deelnemer: CJM-0001", "3 deelnemers: CJM-0001, CJM-0002, CJM-0003"),
        ("en", "1 participant: CJM-0001", "3 participants: CJM-0001, CJM-0002, CJM-0003"),
    ],
)
def test_a_session_on_the_day_page_counts_its_participants(language, one, several):
    with translation.override(language):
        assert _session_text(_session(["CJM-0001"]))[1].startswith(one + " · ")
        codes = ["CJM-0001", "CJM-0002", "CJM-0003"]
        assert _session_text(_session(codes))[1].startswith(several + " · ")


@pytest.mark.parametrize(
    ("language", "one", "several"),
    [("nl", "1 respondent", "24 respondenten"), ("en", "1 respondent", "24 respondents")],
)
def test_a_survey_round_on_the_records_page_counts_its_respondents(language, one, several):
    with translation.override(language):
        assert _survey_text(_survey(1), {})[1] == one
        assert _survey_text(_survey(24), {})[1] == several


@pytest.mark.parametrize(
    ("language", "one", "several"),
    [
        ("nl", "Proefimport: 1 regel in orde;", "Proefimport: 5 regels in orde;"),
        ("en", "Trial import: 1 line OK;", "Trial import: 5 lines OK;"),
    ],
)
def test_the_expenditure_import_counts_its_lines(language, one, several):
    with translation.override(language):
        assert _import_message(_import(1)).startswith(one)
        assert _import_message(_import(5)).startswith(several)
