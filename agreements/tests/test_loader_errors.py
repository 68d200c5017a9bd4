"""Bad agreement files: every problem is reported with its line and column, nothing loads.

Each test edits one line of ``VALID`` (line numbers written next to it) and expects the
problem at the position worked out by hand (columns count from 1).
"""

from pathlib import Path

import pytest

from agreements.loader import LoaderError, load_agreement_files, read_agreement_files
from agreements.models import Agreement, Indicator, Target
from locations.models import Location, Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

VALID = """\
format: 1
organisation:
  slug: org-x
  name: Organisatie X
region: testregio
region_name: Testregio
year: 2019
title: Testafspraak 2019
signed_on: 2019-03-21
status: signed
locations:
  - code: noord
    name: Noord
  - code: zuid
    name: Zuid
parties:
  - code: gemeente
    name: Gemeente
    kind: municipality
    funder: true
    location: null
reporting_deadlines:
  - kind: interim
    due_on: 2019-03-29
    period: 2019-Q1
indicators:
  - code: key_holders
    section: OUTPUT
    description: Sleutelbeheerders
    method: count
    targets:
      noord: "> 10"
      zuid: "> 5"
  - code: social
    section: PROCES
    description: Sociale ontmoeting
    method: unique
    categories: [social]
    targets:
      noord: "400"
      zuid: "275"
"""
# Lines: 11 locations, 12 "- code: noord", 14 "- code: zuid", 17 "- code: gemeente",
# 21 party location, 24 due_on, 25 period, 27 "- code: key_holders", 28 section,
# 29 description, 30 method, 31 targets, 32 noord, 33 zuid, 34 "- code: social",
# 38 categories, 39 targets, 40 noord, 41 zuid.


def write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[path])
    return [str(problem) for problem in excinfo.value.problems]


def assert_nothing_loaded():
    assert not Organisation.unscoped.filter(slug="org-x").exists()
    assert Agreement.unscoped.count() == 0
    assert Indicator.unscoped.count() == 0


def test_the_valid_file_loads(tmp_path):
    summary = load_agreement_files(paths=[write(tmp_path, VALID)])[0]
    assert (summary.locations.created, summary.indicators.created, summary.targets.created) == (
        2,
        2,
        4,
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "section: OUTPUT",
            "section: IMPACT",
            "bad.yaml:28:14: indicators[0].section: 'IMPACT' is not allowed here "
            "(allowed: EFFECT, OUTPUT, PROCES, INPUT)",
        ),
        (
            'noord: "> 10"',
            'noord: "> tien"',
            "bad.yaml:32:14: indicators[0].targets.noord: '> tien' is not a target "
            "(expected e.g. '> 10', '> 50%', '> 10 op 20', '400', 'Positief')",
        ),
        (
            '      zuid: "> 5"\n',
            "",
            "bad.yaml:32:7: indicators[0].targets: no target for location(s): zuid",
        ),
        (
            "- code: social",
            "- code: key_holders",
            "bad.yaml:34:11: indicators[1].code: duplicate indicator code 'key_holders' "
            "(also indicators[0])",
        ),
        (
            "    name: Zuid\n",
            "    name: Zuid\n  - code: noord\n    name: Noord bis\n",
            "bad.yaml:16:11: locations[2].code: duplicate location code 'noord' "
            "(also locations[0])",
        ),
        (
            "due_on: 2019-03-29",
            "due_on: 2019-02-30",
            "bad.yaml:24:13: reporting_deadlines[0].due_on: '2019-02-30' is not a valid date "
            "(expected YYYY-MM-DD)",
        ),
        (
            "signed_on: 2019-03-21",
            'signed_on: "21-03-2019"',
            "bad.yaml:9:12: signed_on: '21-03-2019' is not a valid date (expected YYYY-MM-DD)",
        ),
        (
            "    description: Sleutelbeheerders\n",
            "",
            "bad.yaml:27:5: indicators[0]: missing required key 'description'",
        ),
        (
            "    method: count\n",
            "    method: count\n    colour: red\n",
            "bad.yaml:31:5: indicators[0].colour: unknown key (allowed: code, section, "
            "description, method, targets, method_text, housing_corporation, categories, source)",
        ),
        ("format: 1", "format: 3", "bad.yaml:1:9: format: unsupported format 3 (supported: 1, 2)"),
        ("year: 2019", "year: twee", "bad.yaml:7:7: year: expected a whole number, got text"),
        (
            "    funder: true",
            "    funder: misschien",
            "bad.yaml:20:13: parties[0].funder: expected true or false, got text",
        ),
        (
            "kind: municipality",
            "kind: gemeente",
            "bad.yaml:19:11: parties[0].kind: 'gemeente' is not allowed here (allowed: "
            "municipality, housing_corporation, benefit_agency, fund, health_insurer, sponsor, "
            "residents_association, cooperative, other)",
        ),
        (
            "    location: null",
            "    location: west",
            "bad.yaml:21:15: parties[0].location: unknown location 'west' "
            "(locations in this file: noord, zuid)",
        ),
        (
            "period: 2019-Q1",
            "period: 2019-Q5",
            "bad.yaml:25:13: reporting_deadlines[0].period: '2019-Q5' is not a period "
            "(expected e.g. 2019-Q2 or 2019)",
        ),
        (
            "period: 2019-Q1",
            "period: 2019-q1",
            "bad.yaml:25:13: reporting_deadlines[0].period: '2019-q1' is not a period "
            "(expected e.g. 2019-Q2 or 2019)",
        ),
        (
            "period: 2019-Q1",
            "period: 2020-Q1",
            "bad.yaml:25:13: reporting_deadlines[0].period: period '2020-Q1' is not in the "
            "agreement's year 2019",
        ),
        (
            "  - kind: interim",
            "  - kind: tussentijds",
            "bad.yaml:23:11: reporting_deadlines[0].kind: 'tussentijds' is not allowed here "
            "(allowed: interim, final)",
        ),
        (
            "categories: [social]",
            "categories: [social, all]",
            "bad.yaml:38:17: indicators[1].categories: 'all' must stand alone",
        ),
        (
            "categories: [social]",
            "categories: [sociaal]",
            "bad.yaml:38:18: indicators[1].categories[0]: 'sociaal' is not a category (allowed: "
            "social, activation, jobs, computer, language, forms, debt, work, all)",
        ),
        (
            "categories: [social]",
            "categories: []",
            "bad.yaml:38:17: indicators[1].categories: a PROCES row of method unique must name "
            "its categories",
        ),
        (
            "    method: count\n",
            "    method: count\n    categories: [social]\n",
            "bad.yaml:31:17: indicators[0].categories: only PROCES rows have categories "
            "(this is OUTPUT)",
        ),
        (
            'noord: "> 10"',
            'noord: "> 10 op 20"',
            "bad.yaml:32:14: indicators[0].targets.noord: '> 10 op 20': 'X op Y' targets are "
            "only for method count_of_referred",
        ),
        (
            'noord: "> 10"',
            'noord: "Positief"',
            "bad.yaml:32:14: indicators[0].targets.noord: 'Positief': 'Positief' is the target "
            "of methods budget and audit, and only of those (this row: count)",
        ),
        (
            '      zuid: "> 5"\n',
            '      zuid: "> 5"\n      zuid: "> 6"\n',
            "bad.yaml:34:7: indicators[0].targets.zuid: duplicate key (first at line 33)",
        ),
        (
            "  - code: noord\n    name: Noord\n",
            "  - code: noord\n    name: Noord\n"
            "    closed_on: 2018-01-01\n    opened_on: 2019-01-01\n",
            "bad.yaml:14:16: locations[0].closed_on: closed_on is before opened_on",
        ),
    ],
)
def test_each_problem_is_reported_with_its_position(tmp_path, old, new, expected):
    path = write(tmp_path, edit(old, new))
    assert problems_of(path) == [f"{path.parent}/{expected}"]
    assert_nothing_loaded()


def test_unknown_location_in_targets_is_reported_with_the_missing_one(tmp_path):
    path = write(tmp_path, edit('zuid: "275"', 'west: "275"'))
    assert problems_of(path) == [
        f"{path}:41:7: indicators[1].targets.west: unknown location 'west' "
        "(locations in this file: noord, zuid)",
        f"{path}:40:7: indicators[1].targets: no target for location(s): zuid",
    ]
    assert_nothing_loaded()


def test_yaml_syntax_error_has_its_position(tmp_path):
    # an unquoted '>' starts a folded block in YAML: the commonest mistake in these files
    path = write(tmp_path, edit('noord: "> 10"', "noord: > 10"))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:32:")
    assert "YAML syntax error" in problem
    assert_nothing_loaded()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ":1:1: the file is empty"),
        ("- 1\n- 2\n", ":1:1: expected a mapping (key: value lines), got a list"),
        ("format: 1\n", ":1:1: missing required key 'organisation'"),
    ],
)
def test_files_without_an_agreement(tmp_path, text, expected):
    path = write(tmp_path, text)
    problems = problems_of(path)
    assert problems[0] == f"{path}{expected}"


def test_missing_file(tmp_path):
    (problem,) = problems_of(tmp_path / "nowhere.yaml")
    assert problem.startswith(f"{tmp_path}/nowhere.yaml: cannot read file:")


def test_one_file_with_several_problems_reports_all_of_them(tmp_path):
    text = (
        VALID.replace("section: OUTPUT", "section: IMPACT")
        .replace('noord: "> 10"', 'noord: "> tien"')
        .replace("due_on: 2019-03-29", "due_on: 2019-02-30")
        .replace("- code: social", "- code: key_holders")
        .replace("    description: Sleutelbeheerders\n", "")
    )
    path = write(tmp_path, text)
    positions = [problem.split(": ", 1)[0] for problem in problems_of(path)]
    # removing the description line moves every line after 28 up by one
    assert sorted(positions) == sorted(
        [
            f"{path}:24:13",  # bad date
            f"{path}:27:5",  # missing description
            f"{path}:28:14",  # unknown section
            f"{path}:31:14",  # bad target
            f"{path}:33:11",  # duplicate indicator code
        ]
    )
    assert_nothing_loaded()


def test_a_valid_file_is_not_loaded_when_another_one_is_bad(tmp_path):
    good = write(tmp_path, VALID, "good.yaml")
    bad = write(tmp_path, edit("section: OUTPUT", "section: IMPACT"), "bad.yaml")
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[good, bad])
    assert len(excinfo.value.problems) == 1
    assert_nothing_loaded()
    assert Location.unscoped.count() == 0


def test_a_failed_reload_leaves_the_database_unchanged(tmp_path):
    load_agreement_files(paths=[write(tmp_path, VALID, "v1.yaml")])
    before = list(Target.unscoped.order_by("pk").values_list("pk", "text"))
    # valid changes early in the file, one bad target at the end
    text = (
        VALID.replace("title: Testafspraak 2019", "title: Gewijzigd")
        .replace('noord: "> 10"', 'noord: "> 12"')
        .replace('zuid: "275"', 'zuid: "veel"')
    )
    with pytest.raises(LoaderError):
        load_agreement_files(paths=[write(tmp_path, text, "v2.yaml")])
    assert Agreement.unscoped.get().title == "Testafspraak 2019"
    assert list(Target.unscoped.order_by("pk").values_list("pk", "text")) == before


def test_two_files_for_the_same_agreement_are_refused(tmp_path):
    first = write(tmp_path, VALID, "first.yaml")
    second = write(tmp_path, VALID, "second.yaml")
    with pytest.raises(LoaderError) as excinfo:
        read_agreement_files([first, second])
    assert [str(p) for p in excinfo.value.problems] == [
        f"{second}: describes the same agreement (testregio-2019) as {first}"
    ]
