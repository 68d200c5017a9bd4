"""Issue 12: a loaded agreement downloaded as a format-2 file loads back identically.

For both Zuidoost files: the dump loaded over the loaded agreement changes no row (every
kind of row "unchanged"), and loaded into an empty database it gives the same file again and
the same figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import transaction

from agreements.loader import load_agreement_files
from agreements.loader.dump import dump_agreement
from agreements.models import Agreement
from budgets.figures import budget_overview

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]

DATA = Path(settings.BASE_DIR) / "data" / "agreements"


class _Rollback(Exception):
    pass


def figures_of(agreement: Agreement) -> dict:
    overview = budget_overview(agreement)
    return {
        "figures": {
            where: {name: (f.computed, f.stated, f.stated_text) for name, f in figures.items()}
            for where, figures in overview.figures.items()
        },
        "funders": [
            (f.code, f.name, f.kind, f.amounts, f.in_kind, f.earmarked, f.footnotes)
            for f in overview.funders
        ],
        "lines": overview.lines,
        "rates": overview.rates,
    }


@pytest.mark.parametrize("name", ["zuidoost-2019", "zuidoost-2021"])
def test_a_downloaded_agreement_loads_back_identically(tmp_path, name):
    original = DATA / f"{name}.yaml"
    dumped = tmp_path / f"{name}-dump.yaml"
    try:
        with transaction.atomic():
            load_agreement_files(paths=[original])
            agreement = Agreement.objects.get()
            text = dump_agreement(agreement)
            before = figures_of(agreement)
            dumped.write_text(text, encoding="utf-8")
            assert yaml.safe_load(text)["format"] == 2
            # Loaded over the agreement it came from, the dump changes nothing.
            (summary,) = load_agreement_files(paths=[dumped])
            for kind, counts in summary.counts():
                assert (counts.created, counts.updated, counts.removed) == (0, 0, 0), kind
            assert summary.removed_indicators == []
            raise _Rollback
    except _Rollback:
        pass
    assert not Agreement.objects.exists()
    # Loaded into an empty database, it gives the same file and the same figures.
    load_agreement_files(paths=[dumped])
    agreement = Agreement.objects.get()
    assert dump_agreement(agreement) == text
    assert figures_of(agreement) == before
