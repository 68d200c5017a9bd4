"""The ``plan`` section of an agreement file (issue 12, "Multi-year plans"): loaded, checked
with line and column, and written back identically."""

from pathlib import Path

import pytest

from agreements.loader import LoaderError, load_agreement_files
from agreements.loader.dump import dump_agreement
from agreements.models import Agreement
from reports.plans.models import PlanCost, PlanFinancing, PlanTarget, PlanYear

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]

#: A hand-written plan for 2023-2025 with 2022 as its reference year (organisation "a" of the
#: root conftest, its two rooms in two room groups).
PLAN = """\
format: 2
kind: multi_year_plan
organisation: {slug: a, name: Coöperatie a}
region: west
region_name: West
year: 2023
title: Meerjarenplan West 2023-2025
locations:
  - {code: a-noord, name: a Noord}
  - {code: a-zuid, name: a Zuid}
parties:
  - {code: gemeente, name: Gemeente West, kind: municipality, funder: true}
  - {code: woonco, name: Woonco, kind: housing_corporation, funder: true}
room_groups:
  - {code: noord, name: Groep Noord, locations: [a-noord]}
  - {code: zuid, name: Groep Zuid, locations: [a-zuid]}
indicators:
  - {code: keys, section: OUTPUT, description: Sleutelbeheerders, method: count,
     targets: {region: "> 10"}}
plan:
  reference_year: 2022
  years: [2023, 2024, 2025]
  per_year:
    - year: 2022
      targets: {rooms: '2', volunteers_and_key_holders: '3', unique_participants: '2'}
    - year: 2023
      targets: {rooms: '2', volunteers_and_key_holders: Min. 4, unique_participants: '> 3'}
      costs: {noord: '1000', zuid: '500.50'}
      costs_total: '1600'
      financing: {municipality: '1200', housing_corporation: '300'}
      financing_total: '1500'
    - year: 2024
      targets: {rooms: '3', volunteers_and_key_holders: '5', unique_participants: '10-20'}
      costs: {noord: '1100', zuid: '600'}
      financing: {municipality: '1300', housing_corporation: '400'}
    - year: 2025
      targets: {rooms: '3', volunteers_and_key_holders: '6', unique_participants: '25'}
"""


def write(tmp_path: Path, text: str, name: str = "west-plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_plan(tmp_path: Path, text: str = PLAN) -> Agreement:
    """Load ``text`` and return the plan it describes."""
    load_agreement_files(paths=[write(tmp_path, text)])
    return Agreement.objects.get(region="west", kind="multi_year_plan")


def problems(tmp_path: Path, text: str) -> list[tuple[int | None, int | None, str]]:
    with pytest.raises(LoaderError) as caught:
        load_agreement_files(paths=[write(tmp_path, text)])
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_plan_is_stored_as_stated(tmp_path):
    plan = load_plan(tmp_path)
    years = PlanYear.objects.filter(agreement=plan).order_by("year")
    assert [(y.year, y.is_reference) for y in years] == [
        (2022, True),
        (2023, False),
        (2024, False),
        (2025, False),
    ]
    y2023 = years.get(year=2023)
    assert (y2023.stated_costs_total, y2023.stated_financing_total) == (1600, 1500)
    target = PlanTarget.objects.get(plan_year=y2023, measure="volunteers_and_key_holders")
    assert (target.printed_text, target.text, target.comparator, target.value) == (
        "Min. 4",
        "≥ 4",
        "gte",
        4,
    )
    ranged = PlanTarget.objects.get(plan_year__year=2024, measure="unique_participants")
    assert (ranged.comparator, ranged.value, ranged.value_max) == ("range", 10, 20)
    assert sorted(PlanCost.objects.filter(plan_year=y2023).values_list("group_code", "amount")) == [
        ("noord", 1000),
        ("zuid", pytest.approx(500.5)),
    ]
    assert sorted(
        PlanFinancing.objects.filter(plan_year__year=2024).values_list("funder_kind", "amount")
    ) == [("housing_corporation", 400), ("municipality", 1300)]
    assert not PlanCost.objects.filter(plan_year__year=2025).exists()


def test_loading_again_changes_nothing_and_removes_what_the_file_drops(tmp_path):
    load_plan(tmp_path)
    [summary] = load_agreement_files(paths=[write(tmp_path, PLAN)])
    assert (summary.plan_years.created, summary.plan_years.unchanged) == (0, 4)
    assert summary.plan_targets.unchanged == 12
    shorter = PLAN.replace("years: [2023, 2024, 2025]", "years: [2023, 2024]").replace(
        "    - year: 2025\n      targets: {rooms: '3', volunteers_and_key_holders: '6', "
        "unique_participants: '25'}\n",
        "",
    )
    [summary] = load_agreement_files(paths=[write(tmp_path, shorter)])
    assert (summary.plan_years.removed, summary.plan_targets.removed) == (1, 3)
    assert not PlanYear.objects.filter(year=2025).exists()


def test_round_trip(tmp_path):
    plan = load_plan(tmp_path)
    first = dump_agreement(plan)
    load_agreement_files(paths=[write(tmp_path, first, "dumped.yaml")])
    assert dump_agreement(Agreement.objects.get(pk=plan.pk)) == first
    assert "costs_total: '1600'" in first
    assert "volunteers_and_key_holders: Min. 4" in first


#: The plan without its indicators (issue 12: a plan's figures are in its ``plan`` section).
INDICATORS = (
    "indicators:\n"
    "  - {code: keys, section: OUTPUT, description: Sleutelbeheerders, method: count,\n"
    '     targets: {region: "> 10"}}\n'
)


@pytest.mark.parametrize("indicators", ["", "indicators: []\n", "indicators:\n"])
def test_a_plan_may_state_no_indicators_and_round_trips(tmp_path, indicators):
    assert INDICATORS in PLAN
    plan = load_plan(tmp_path, PLAN.replace(INDICATORS, indicators))
    assert not plan.indicators.exists()
    assert PlanYear.objects.filter(agreement=plan).count() == 4  # 2022-2025
    first = dump_agreement(plan)
    assert "indicators: []" in first
    [summary] = load_agreement_files(paths=[write(tmp_path, first, "dumped.yaml")])
    assert (summary.indicators.created, summary.plan_years.unchanged) == (0, 4)
    assert dump_agreement(Agreement.objects.get(pk=plan.pk)) == first


def test_an_agreement_or_an_offer_must_still_state_an_indicator(tmp_path):
    for kind in ("agreement", "offer"):
        text = PLAN.replace("kind: multi_year_plan", f"kind: {kind}").replace(INDICATORS, "")
        text = text[: text.index("plan:\n")]  # a plan section is for plans only
        assert problems(tmp_path, text) == [(1, 1, "verplichte sleutel 'indicators' ontbreekt")]
        empty = text + "indicators: []\n"
        line = empty.splitlines().index("indicators: []") + 1
        assert problems(tmp_path, empty) == [(line, 13, "de lijst mag niet leeg zijn")]


def test_plan_section_in_a_file_that_is_no_plan(tmp_path):
    text = PLAN.replace("kind: multi_year_plan\n", "")
    line = text.splitlines().index("plan:") + 1
    assert problems(tmp_path, text) == [
        (line + 1, 3, "'plan' hoort alleen in een bestand met kind: multi_year_plan")
    ]


def test_a_year_outside_years(tmp_path):
    text = PLAN.replace("    - year: 2025\n", "    - year: 2026\n")
    line = text.splitlines().index("    - year: 2026") + 1
    [(at_line, column, message)] = problems(tmp_path, text)
    assert (at_line, column) == (line, 13)
    assert "2026" in message and "2022, 2023, 2024, 2025" in message


def test_bad_target_text_and_unknown_codes(tmp_path):
    text = (
        PLAN.replace("unique_participants: '25'", "unique_participants: veel")
        .replace("costs: {noord: '1100'", "costs: {oost: '1100'")
        .replace("housing_corporation: '400'", "bank: '400'")
    )
    lines = text.splitlines()
    found = problems(tmp_path, text)
    assert len(found) == 3
    unknown_group, unknown_kind, bad_target = sorted(found)
    target_line = next(i for i, ln in enumerate(lines, 1) if "veel" in ln)
    assert bad_target[:2] == (target_line, lines[target_line - 1].index("veel") + 1)
    assert "'veel' is geen doel" in bad_target[2]
    group_line = next(i for i, ln in enumerate(lines, 1) if "oost" in ln)
    assert unknown_group[:2] == (group_line, lines[group_line - 1].index("oost") + 1)
    assert "oost" in unknown_group[2] and "noord, zuid" in unknown_group[2]
    kind_line = next(i for i, ln in enumerate(lines, 1) if "bank" in ln)
    assert unknown_kind[:2] == (kind_line, lines[kind_line - 1].index("bank") + 1)


def test_an_implausible_year(tmp_path):
    text = PLAN.replace("reference_year: 2022", "reference_year: 1922")
    line = text.splitlines().index("  reference_year: 1922") + 1
    found = problems(tmp_path, text)
    assert (line, 19, "1922 is geen aannemelijk jaar (2000-2100)") in found


def test_plan_in_a_format_1_file_is_a_format_2_key(tmp_path):
    text = PLAN.replace("format: 2", "format: 1")
    messages = [message for _line, _column, message in problems(tmp_path, text)]
    assert any("'plan' is een sleutel van format 2" in message for message in messages)
