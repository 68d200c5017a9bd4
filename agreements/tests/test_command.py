"""``manage.py load_agreement``: summary on success, every problem and exit status 1 on failure."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import translation

from agreements.models import Agreement

FILE_2019 = Path(settings.BASE_DIR) / "data" / "agreements" / "zuidoost-2019.yaml"

pytestmark = pytest.mark.django_db


def test_prints_a_summary_per_file():
    out = StringIO()
    call_command("load_agreement", str(FILE_2019), language="en", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{FILE_2019}: zuidoost-2019 loaded"
    assert "  indicators         28 created, 0 updated, 0 unchanged, 0 removed" in lines
    assert "  targets            112 created, 0 updated, 0 unchanged, 0 removed" in lines

    out = StringIO()
    call_command("load_agreement", str(FILE_2019), language="en", stdout=out)
    assert "  indicators         0 created, 0 updated, 28 unchanged, 0 removed" in (
        out.getvalue().splitlines()
    )


def test_the_summary_is_dutch_by_default():
    """Without ``--language`` the summary is in the active language: Dutch, LANGUAGE_CODE."""
    out = StringIO()
    call_command("load_agreement", str(FILE_2019), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{FILE_2019}: zuidoost-2019 geladen"
    assert "  indicatoren        28 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 verwijderd" in lines
    assert "  streefcijfers      112 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 verwijderd" in lines
    # One budget line (T, the total only) and the volunteer hours of 4 rooms in the 2019 file.
    assert "  begrotingsregels   1 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 verwijderd" in lines
    assert not any("created" in line for line in lines)


def test_language_en_keeps_the_english_lines_whatever_language_is_active(tmp_path):
    """Scripts read the English lines: ``--language en`` gives them exactly, also inside
    another active language; ``--language nl`` gives Dutch inside English."""
    out = StringIO()
    with translation.override("nl"):
        call_command("load_agreement", str(FILE_2019), language="en", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{FILE_2019}: zuidoost-2019 loaded"
    assert "  budget lines       1 created, 0 updated, 0 unchanged, 0 removed" in lines
    assert "  volunteer investments 4 created, 0 updated, 0 unchanged, 0 removed" in lines
    out = StringIO()
    with translation.override("en"):
        call_command("load_agreement", str(FILE_2019), language="nl", stdout=out)
    assert out.getvalue().splitlines()[0] == f"{FILE_2019}: zuidoost-2019 geladen"


def test_language_en_gives_english_problems(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match=r"problems? found; nothing was loaded\.$"):
        call_command("load_agreement", str(bad), language="en", stdout=StringIO(), stderr=err)
    assert f"{bad}:1:1: missing required key 'organisation'" in err.getvalue()


def test_the_help_is_translated():
    from agreements.management.commands.load_agreement import Command

    with translation.override("nl"):
        assert Command().help.startswith("Laad afsprakenbestanden")
    with translation.override("en"):
        assert Command().help.startswith("Load agreement files")


def test_reports_removed_indicators(tmp_path):
    call_command("load_agreement", str(FILE_2019), stdout=StringIO())
    text = FILE_2019.read_text(encoding="utf-8")
    start = text.index("  - code: activation")
    end = text.index("  # --- INPUT ---")
    shorter = tmp_path / "zuidoost-2019.yaml"
    shorter.write_text(text[:start] + text[end:], encoding="utf-8")
    out = StringIO()
    call_command("load_agreement", str(shorter), language="en", stdout=out)
    assert "  removed indicators (no longer in the file): activation" in out.getvalue()
    # the 4 INPUT rows after 'activation' move up one position: updated
    assert "  indicators         0 created, 4 updated, 23 unchanged, 1 removed" in out.getvalue()
    assert "  targets            0 created, 0 updated, 108 unchanged, 4 removed" in out.getvalue()


def test_prints_every_problem_and_loads_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = FILE_2019.read_text(encoding="utf-8")
    bad.write_text(
        text.replace('cjm: "> 40"', 'cjm: "> veertig"').replace("section: INPUT", "section: X", 1),
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError, match=r"^2 problemen gevonden; er is niets geladen\.$"):
        call_command("load_agreement", str(bad), str(FILE_2019), stdout=StringIO(), stderr=err)
    problems = err.getvalue().splitlines()
    assert len(problems) == 2
    assert "indicators[6].targets.cjm: '> veertig' is geen doel" in problems[0]
    assert "indicators[24].section: 'X' is hier niet toegestaan" in problems[1]
    assert Agreement.unscoped.count() == 0


def test_prints_the_problems_in_english_when_english_is_active(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        FILE_2019.read_text(encoding="utf-8").replace('cjm: "> 40"', 'cjm: "> veertig"'),
        encoding="utf-8",
    )
    err = StringIO()
    with (
        translation.override("en"),
        pytest.raises(CommandError, match=r"^1 problem found; nothing was loaded\.$"),
    ):
        call_command("load_agreement", str(bad), stdout=StringIO(), stderr=err)
    assert "indicators[6].targets.cjm: '> veertig' is not a target" in err.getvalue()
    assert Agreement.unscoped.count() == 0


def test_exits_with_status_1_on_problems(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\n", encoding="utf-8")
    with pytest.raises(SystemExit) as excinfo:
        execute_from_command_line(["manage.py", "load_agreement", str(bad)])
    assert excinfo.value.code == 1
    err = capsys.readouterr().err
    assert f"{bad}:1:1: verplichte sleutel 'organisation' ontbreekt" in err
    assert "er is niets geladen" in err
