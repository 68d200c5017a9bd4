"""import_registrations: good files (BOM, ';', DD-MM-YYYY), every bad row reported, re-import."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from locations.access import system_scope
from registrations.factories import ParticipantFactory, SessionFactory
from registrations.models import Attendance, Participant, Session

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

GOOD = (
    "date;location;category;participant;session\r\n"
    "14-03-2019;a-noord;social;CJM-0001;Koffie-inloop\r\n"
    "14-03-2019;a-noord;social;cjm-0002;Koffie-inloop\r\n"
    "14-03-2019;a-noord;social;;Koffie-inloop\r\n"
    "14-03-2019;a-noord;social;;Koffie-inloop\r\n"
    "14-03-2019;a-noord;social;CJM-0001;Koffie-inloop\r\n"
    "2019-03-15;A-ZUID;Forms;CJM-0002;\r\n"
    ";;;;\r\n"
)


def _run(tmp_path, text: str, *args, encoding="utf-8-sig"):
    path = tmp_path / "import.csv"
    path.write_bytes(text.encode(encoding))
    call_command("import_registrations", str(path), "--organisation", "a", *args)


def test_good_file_with_bom_semicolons_and_dutch_dates(tmp_path, tenants, capsys):
    ParticipantFactory(home_location=tenants.a.other_location, code="CJM-0002")
    _run(tmp_path, GOOD)

    coffee = Session.unscoped.get(title="Koffie-inloop")
    assert (coffee.location, coffee.date, coffee.category) == (
        tenants.a.location,
        datetime.date(2019, 3, 14),
        "social",
    )
    assert coffee.anonymous_count == 2
    with system_scope():
        codes = sorted(coffee.participants.values_list("code", flat=True))
    assert codes == ["CJM-0001", "CJM-0002"]
    forms = Session.unscoped.get(category="forms")
    assert (forms.location, forms.date, forms.title) == (
        tenants.a.other_location,
        datetime.date(2019, 3, 15),
        "",
    )
    assert list(forms.participants.values_list("code", flat=True)) == ["CJM-0002"]
    created = Participant.unscoped.get(code="CJM-0001")
    assert created.home_location == tenants.a.location
    assert Participant.unscoped.count() == 2
    out = capsys.readouterr().out
    assert "2 activiteiten aangemaakt, 0 bijgewerkt" in out
    assert "3 deelnames toegevoegd; 1 deelnemers aangemaakt; 2 anonieme bezoeken" in out


def test_comma_delimited_without_bom_and_without_session_column(tmp_path, tenants):
    _run(
        tmp_path,
        "date,location,category,participant\n2019-06-01,a-noord,language,TAAL-1\n",
        encoding="utf-8",
    )
    session = Session.unscoped.get()
    assert (session.category, session.title, session.anonymous_count) == ("language", "", 0)


def test_every_bad_row_is_reported_and_nothing_imported(tmp_path, tenants, capsys):
    text = (
        "date;location;category;participant;session\n"
        "31-02-2019;a-noord;social;CJM-0001;\n"
        "2019-03-14;b-noord;social;CJM-0002;\n"
        "2019-03-14;a-noord;koffie;123456782;\n"
        "2019-03-14;a-noord;social;CJM-0003;\n"
        "14/03/2019;onbekend;social;met spatie;\n"
    )
    with pytest.raises(CommandError, match="4 fout"):
        _run(tmp_path, text)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 4
    assert err[0] == "regel 2: ongeldige datum '31-02-2019' (gebruik JJJJ-MM-DD of DD-MM-JJJJ)."
    assert err[1] == "regel 3: onbekende buurtwerkkamer 'b-noord'."
    assert err[2].startswith("regel 4: onbekende categorie 'koffie' (kies uit: social, ")
    assert "deelnemerscode '123456782'" in err[2]
    assert err[3].startswith("regel 6: ongeldige datum '14/03/2019'")
    assert "onbekende buurtwerkkamer 'onbekend'" in err[3]
    assert "deelnemerscode 'met spatie'" in err[3]
    assert not Session.unscoped.exists()
    assert not Participant.unscoped.exists()


def test_missing_and_unknown_columns(tmp_path, tenants, capsys):
    with pytest.raises(CommandError):
        _run(tmp_path, "date;location;deelnemer\n2019-03-14;a-noord;X-1\n")
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "regel 1: kolom 'category' ontbreekt.",
        "regel 1: kolom 'participant' ontbreekt.",
        "regel 1: onbekende kolom 'deelnemer' (toegestaan: category, date, location, "
        "participant, session).",
    ]


def test_organisation_is_required_with_several(tmp_path, tenants, capsys):
    path = tmp_path / "import.csv"
    path.write_text(GOOD)
    with pytest.raises(CommandError):
        call_command("import_registrations", str(path))
    assert "--organisation" in capsys.readouterr().err


def test_reimport_doubles_nothing_and_sets_anonymous_count(tmp_path, tenants, capsys):
    _run(tmp_path, GOOD)
    _run(tmp_path, GOOD)
    assert Session.unscoped.count() == 2
    assert Attendance.unscoped.count() == 3
    assert Participant.unscoped.count() == 2
    assert Session.unscoped.get(title="Koffie-inloop").anonymous_count == 2
    out = capsys.readouterr().out.splitlines()[-1]
    assert "0 activiteiten aangemaakt, 0 bijgewerkt, 2 ongewijzigd; 0 deelnames toegevoegd" in out


def test_file_is_source_of_truth_for_sessions_it_names(tmp_path, tenants, capsys):
    logged = SessionFactory(
        location=tenants.a.location,
        date=datetime.date(2019, 3, 14),
        category="social",
        title="Koffie-inloop",
        anonymous_count=9,
    )
    untouched = SessionFactory(location=tenants.a.location, title="Eettafel", anonymous_count=4)
    _run(tmp_path, GOOD)
    logged.refresh_from_db()
    untouched.refresh_from_db()
    assert logged.anonymous_count == 2  # set to the file's two empty rows, not 9 + 2
    with system_scope():
        assert logged.attendances.count() == 2
    assert untouched.anonymous_count == 4
    assert "1 activiteiten aangemaakt, 1 bijgewerkt" in capsys.readouterr().out


def test_not_utf8_is_refused(tmp_path, tenants, capsys):
    with pytest.raises(CommandError):
        _run(tmp_path, GOOD.replace("Koffie", "Caf\u00e9"), encoding="latin-1")
    assert "geen UTF-8" in capsys.readouterr().err
