"""The real agreement files load and match their source documents.

Expected values are typed from the source documents: /work/shared/seeds/000_5f2cecc50e5580b9.txt
(2019, table "Afspraken: inzet op na te streven resultaten") and 001_6f732f00ad6a3b62.txt
(2021, table "Prestaties (indicatief) 2021").
"""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from agreements.choices import Comparator
from agreements.loader import load_agreement_files
from agreements.models import Agreement, AgreementParty, Indicator, Party, ReportingDeadline, Target
from locations.access import system_scope
from locations.models import Location, Organisation

DATA = Path(settings.BASE_DIR) / "data" / "agreements"
FILE_2019 = DATA / "zuidoost-2019.yaml"
FILE_2021 = DATA / "zuidoost-2021.yaml"
ORG = "buurtwerkkamer-cooperatie"

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]


def target(year: int, indicator: str, location: str) -> Target:
    return Target.unscoped.get(
        indicator__agreement__year=year,
        indicator__agreement__region="zuidoost",
        indicator__code=indicator,
        location__code=location,
    )


def table_counts() -> dict[str, int]:
    models = [Organisation, Location, Party, Agreement, AgreementParty, Indicator, Target]
    counts = {model.__name__: model.unscoped.count() for model in models}
    counts["ReportingDeadline"] = ReportingDeadline.unscoped.count()
    return counts


# (indicator, location, text as in the source document, comparator, value, value_of, unit)
SPOT_CHECKS_2019 = [
    # EFFECT
    ("confidence", "cjm", "> 50%", Comparator.GT, 50, None, "%"),
    ("benefit_costs", "samensterk", "> 2%", Comparator.GT, 2, None, "%"),
    ("rent_arrears", "handreiking", "> 5", Comparator.GT, 5, None, ""),
    ("liveability", "multibron", "> 70%", Comparator.GT, 70, None, "%"),
    # OUTPUT
    ("active_volunteers", "samensterk", "> 20", Comparator.GT, 20, None, ""),
    ("active_volunteers", "cjm", "> 40", Comparator.GT, 40, None, ""),
    ("paying_members", "cjm", "> 400", Comparator.GT, 400, None, ""),
    ("paying_members", "samensterk", "> 150", Comparator.GT, 150, None, ""),
    ("key_holders", "samensterk", "> 5", Comparator.GT, 5, None, ""),
    ("referred_by_agencies", "multibron", "> 10 op 20", Comparator.GT, 10, 20, ""),
    ("newcomers", "handreiking", "> 10 op 20", Comparator.GT, 10, 20, ""),
    # PROCES
    ("language", "handreiking", "75", Comparator.AT_LEAST, 75, None, ""),
    ("language", "multibron", "50", Comparator.AT_LEAST, 50, None, ""),
    ("unique_total", "multibron", "400", Comparator.AT_LEAST, 400, None, ""),
    ("unique_total", "cjm", "500", Comparator.AT_LEAST, 500, None, ""),
    ("social", "cjm", "400", Comparator.AT_LEAST, 400, None, ""),
    ("jobs", "handreiking", "75", Comparator.AT_LEAST, 75, None, ""),
    ("debt", "samensterk", "30", Comparator.AT_LEAST, 30, None, ""),
    ("forms", "cjm", "200", Comparator.AT_LEAST, 200, None, ""),
    ("work", "multibron", "10", Comparator.AT_LEAST, 10, None, ""),
    # PROCES rows from the evaluation (seed 004): Verbinding 300 + Activering 100 = 400 for CJM
    ("social_connection", "cjm", "300", Comparator.AT_LEAST, 300, None, ""),
    ("activation", "cjm", "100", Comparator.AT_LEAST, 100, None, ""),
    # INPUT
    ("budget_spending", "cjm", "Positief", Comparator.POSITIVE, None, None, ""),
    ("accountable_spending", "handreiking", "Positief", Comparator.POSITIVE, None, None, ""),
    ("staff_volunteers_score", "samensterk", "> 8", Comparator.GT, 8, None, ""),
]


@pytest.fixture
def loaded_2019():
    return load_agreement_files(paths=[FILE_2019])[0]


class TestThe2019File:
    """The 2019 file, loaded once for these tests (they only read); its load summary."""

    @pytest.fixture(scope="class")
    @classmethod
    def loaded_2019(cls, class_transaction):
        return load_agreement_files(paths=[FILE_2019])[0]

    @pytest.mark.parametrize(
        ("indicator", "location", "text", "comparator", "value", "value_of", "unit"),
        SPOT_CHECKS_2019,
    )
    def test_2019_targets_match_the_source_document(
        self, loaded_2019, indicator, location, text, comparator, value, value_of, unit
    ):
        stored = target(2019, indicator, location)
        assert stored.text == text
        assert stored.comparator == comparator
        assert stored.value == (None if value is None else Decimal(value))
        assert stored.value_of == (None if value_of is None else Decimal(value_of))
        assert stored.unit == unit

    def test_2019_agreement_shape(self, loaded_2019):
        agreement = Agreement.unscoped.get(organisation__slug=ORG, region="zuidoost", year=2019)
        assert agreement.title == "Samenwerkingsafspraken Buurtwerkkamers Amsterdam Zuidoost 2019"
        assert agreement.signed_on == datetime.date(2019, 3, 21)
        assert agreement.status == "signed"
        # What the agreement asks of the reports to the housing corporations (seed 000 l. 137)
        assert agreement.housing_corporation_reporting.startswith(
            "In de verantwoording naar de woningcorporaties toe zal expliciet worden gerefereerd"
        )
        assert "'woonmaatschappelijk werk'" in agreement.housing_corporation_reporting
        assert sorted(agreement.locations.values_list("code", flat=True)) == [
            "cjm", "handreiking", "multibron", "samensterk"
        ]  # fmt: skip
        # 26 rows in the agreement's table (5 EFFECT, 9 OUTPUT, 8 PROCES, 4 INPUT) plus the
        # 2 PROCES rows of the evaluation; 4 rooms each.
        sections = {
            section: Indicator.unscoped.filter(agreement=agreement, section=section).count()
            for section in ("EFFECT", "OUTPUT", "PROCES", "INPUT")
        }
        assert sections == {"EFFECT": 5, "OUTPUT": 9, "PROCES": 10, "INPUT": 4}
        assert Target.unscoped.filter(indicator__agreement=agreement).count() == 28 * 4
        # the red/italic rows of the source table
        assert set(
            Indicator.unscoped.filter(agreement=agreement, housing_corporation=True).values_list(
                "code", flat=True
            )
        ) == {
            "liveability",
            "rent_arrears",
            "volunteer_groups",
            "newcomers",
            "jobs",
            "forms",
            "debt",
        }
        social = Indicator.unscoped.get(agreement=agreement, code="social")
        assert social.categories == ["social", "activation"]
        assert social.method_text == "Uniek #"
        assert Indicator.unscoped.get(agreement=agreement, code="unique_total").categories == [
            "all"
        ]
        assert Indicator.unscoped.get(agreement=agreement, code="confidence").categories == []
        assert Indicator.unscoped.get(agreement=agreement, code="activation").method_text == ""
        # "tussenrapportages op 29 maart, 27 juni, 30 september en 31 december 2019 met een
        # eindrapportage op 24 maart 2020"
        assert list(
            agreement.deadlines.order_by("due_on").values_list("kind", "due_on", "period")
        ) == [
            ("interim", datetime.date(2019, 3, 29), "2019-Q1"),
            ("interim", datetime.date(2019, 6, 27), "2019-Q2"),
            ("interim", datetime.date(2019, 9, 30), "2019-Q3"),
            ("interim", datetime.date(2019, 12, 31), "2019-Q4"),
            ("final", datetime.date(2020, 3, 24), "2019"),
        ]
        samen_sterk = Location.unscoped.get(organisation__slug=ORG, code="samensterk")
        assert samen_sterk.closed_on == datetime.date(2020, 12, 31)
        assert samen_sterk.address == "Gravestein 28-30"
        bv = AgreementParty.unscoped.get(agreement=agreement, party__code="bv-cjm")
        assert (bv.is_funder, bv.is_signatory, bv.party.location.code) == (False, True, "cjm")
        rochdale = AgreementParty.unscoped.get(agreement=agreement, party__code="rochdale")
        assert (rochdale.is_funder, rochdale.party.kind) == (True, "housing_corporation")

    def test_2019_summary_counts(self, loaded_2019):
        assert loaded_2019.agreement == "zuidoost-2019"
        assert loaded_2019.locations.created == 4
        assert loaded_2019.parties.created == 14
        assert loaded_2019.indicators.created == 28
        assert loaded_2019.targets.created == 112
        assert loaded_2019.deadlines.created == 5


def test_2021_loads_and_matches_the_source_document():
    load_agreement_files(paths=[FILE_2021])
    agreement = Agreement.unscoped.get(organisation__slug=ORG, region="zuidoost", year=2021)
    assert agreement.status == "draft"
    assert agreement.signed_on is None
    assert agreement.housing_corporation_reporting == (
        "In het rood en schuin gedrukt staan alle prestaties van belang voor een "
        "woningcorporatie, passend in de opdracht van de Woningwet."
    )
    with system_scope():
        assert agreement.locations.count() == 3  # Samen Sterk closed in December 2020
    assert agreement.deadlines.count() == 0
    assert Indicator.unscoped.filter(agreement=agreement).count() == 27
    assert Target.unscoped.filter(indicator__agreement=agreement).count() == 27 * 3
    assert target(2021, "key_holders", "cjm").text == "> 15"
    newcomers = target(2021, "newcomers", "handreiking")
    assert (newcomers.text, newcomers.value, newcomers.value_of) == ("> 20 op 40", 20, 40)
    assert target(2021, "debt", "cjm").value == 70
    assert target(2021, "debt", "handreiking").value == 40
    assert target(2021, "unique_total", "handreiking").text == "400"
    assert target(2021, "registered_members", "multibron").text == "> 100"
    assert target(2021, "benefit_costs", "multibron").unit == "%"
    assert target(2021, "scaling_partners", "cjm").text == "> 20"


def test_loading_twice_duplicates_nothing():
    load_agreement_files(paths=[FILE_2019, FILE_2021])
    first = table_counts()
    summaries = load_agreement_files(paths=[FILE_2019, FILE_2021])
    assert table_counts() == first
    for summary in summaries:
        for kind, counts in summary.counts():
            assert counts.created == counts.removed == 0, (summary.file, kind)
    # issue 12: the party both files name differently keeps each file's name on its role
    # in that agreement, so nothing changes on a second load (it used to flip every load)
    assert summaries[0].parties.updated == 0
    assert summaries[0].agreement_parties.updated == summaries[1].agreement_parties.updated == 0
    assert summaries[0].targets.unchanged == 112
    assert summaries[0].deadlines.unchanged == 5


def test_changes_are_applied_and_removed_rows_reported(tmp_path, loaded_2019):
    data = yaml.safe_load(FILE_2019.read_text(encoding="utf-8"))
    data["title"] = "Samenwerkingsafspraken 2019 (herzien)"
    data["indicators"] = [i for i in data["indicators"] if i["code"] != "activation"]
    language = next(i for i in data["indicators"] if i["code"] == "language")
    language["targets"]["handreiking"] = "> 80"
    data["reporting_deadlines"] = data["reporting_deadlines"][:4]
    data["parties"] = [p for p in data["parties"] if p["code"] != "stichting-doen"]
    # a room dropped from the file stays in the database (only its link to the agreement goes)
    data["locations"] = [loc for loc in data["locations"] if loc["code"] != "samensterk"]
    data["parties"] = [p for p in data["parties"] if p.get("location") != "samensterk"]
    for indicator in data["indicators"]:
        del indicator["targets"]["samensterk"]
    # the budget sections follow: no Samen Sterk column, no Stichting DOEN row
    del data["budgets"][0]["lines"][0]["amounts"]["samensterk"]
    data["financing"] = [f for f in data["financing"] if f["funder"] != "stichting-doen"]
    for financing in data["financing"]:
        del financing["amounts"]["samensterk"]
        if financing.get("in_kind") == {"samensterk": "15000"}:
            del financing["in_kind"]
    del data["volunteer_hours"]["samensterk"]
    del data["stated_figures"]["samensterk"]
    del data["stated_figures"]["all"]["financing:stichting-doen"]
    changed = tmp_path / "zuidoost-2019.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    summary = load_agreement_files(paths=[changed])[0]

    assert summary.removed_indicators == ["activation"]
    assert summary.indicators.removed == 1
    # activation's 4 targets, and the Samen Sterk target of the 27 remaining rows
    assert summary.targets.removed == 4 + 27
    assert summary.targets.updated == 1
    assert summary.agreements.updated == 1
    assert summary.deadlines.removed == 1
    assert summary.agreement_parties.removed == 2  # Stichting DOEN, Bewonersgroep Samen Sterk
    # 9 funders × 4 rooms before: Stichting DOEN's 4 rows and the 8 other funders' Samen Sterk
    # rows go, their other 8 × 3 rows stay as they were
    assert (summary.financing.removed, summary.financing.unchanged) == (4 + 8, 8 * 3)
    assert summary.budget_amounts.removed == 1
    assert summary.volunteer_investments.removed == 1
    # Samen Sterk's 4 stated figures and the stated Totaal of Stichting DOEN
    assert summary.stated_figures.removed == 4 + 1
    agreement = Agreement.unscoped.get(region="zuidoost", year=2019)
    assert agreement.title == "Samenwerkingsafspraken 2019 (herzien)"
    assert target(2019, "language", "handreiking").text == "> 80"
    assert not Indicator.unscoped.filter(agreement=agreement, code="activation").exists()
    assert Location.unscoped.filter(code="samensterk").exists()
    assert Party.unscoped.filter(code="stichting-doen").exists()
    with system_scope():
        assert agreement.locations.count() == 3
