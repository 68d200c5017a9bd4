"""Importing expenditures from a bookkeeping CSV export (budgets.importer and the command)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from budgets.importer import ImportFailed, import_expenditures, parse_amount
from budgets.models import Expenditure
from budgets.tests.actuals_world import make_world

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

D = Decimal

GOOD = (
    "date;location;line;amount;description\n"
    "15-01-2021;a-noord;A1;1.234,56;Salaris januari\n"
    "2021-02-10;A-NOORD;handgeld;€ 12,50;Koffie\n"
    "2021-02-10;a-noord;handgeld;€ 12,50;Koffie\n"
    "\n"
    "2021-03-01;a-zuid;a1;1234.5;\n"
).encode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", D("1234.56")),
        ("€ 1.234,56", D("1234.56")),
        ("€\u00a01.234.567,00", D("1234567.00")),
        ("1234.56", D("1234.56")),
        ("1,234.56", D("1234.56")),
        ("12,5", D("12.50")),
        ("1.234", D("1234.00")),
        ("7", D("7.00")),
        ("-12,50", D("-12.50")),
        ("12,345", None),
        ("1.23.4", None),
        ("12.", None),
        ("abc", None),
        ("", None),
        ("1,234,567", None),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.fixture
def world(tenants):
    return make_world(tenants.a)


def test_good_file_is_imported_on_the_current_budget(world):
    result = import_expenditures(GOOD, organisation_slug="a")
    assert (result.rows, result.added, result.already_present) == (4, 4, 0)
    assert result.amount_added == D("1234.56") + D("12.50") * 2 + D("1234.50")
    rows = list(Expenditure.unscoped.order_by("date", "pk"))
    assert [(e.date, e.location.code, e.line_id, e.amount, e.description) for e in rows] == [
        (date(2021, 1, 15), "a-noord", world["a1"].pk, D("1234.56"), "Salaris januari"),
        (date(2021, 2, 10), "a-noord", world["d1"].pk, D("12.50"), "Koffie"),
        (date(2021, 2, 10), "a-noord", world["d1"].pk, D("12.50"), "Koffie"),
        (date(2021, 3, 1), "a-zuid", world["a1"].pk, D("1234.50"), ""),
    ]
    assert len({e.import_key for e in rows}) == 4  # the two identical rows differ by occurrence


def test_reimport_doubles_nothing_and_adds_only_new_rows(world):
    import_expenditures(GOOD, organisation_slug="a")
    again = import_expenditures(GOOD, organisation_slug="a")
    assert (again.added, again.already_present) == (0, 4)
    assert Expenditure.unscoped.count() == 4
    # A third identical coffee row is a new expenditure; written differently it is the same row.
    more = GOOD + b"10-02-2021;a-noord;D1;12.50;Koffie\n"
    third = import_expenditures(more, organisation_slug="a")
    assert (third.added, third.already_present) == (1, 4)
    assert Expenditure.unscoped.filter(line=world["d1"]).count() == 3


def test_dry_run_writes_nothing(world):
    result = import_expenditures(GOOD, organisation_slug="a", dry_run=True)
    assert (result.dry_run, result.added) == (True, 4)
    assert Expenditure.unscoped.count() == 0


def test_bad_rows_are_all_reported_by_line_number_and_nothing_is_imported(world, tenants):
    data = (
        b"date,location,line,amount,description\n"  # line 1
        b"15-01-2021,a-noord,A1,100,goed\n"  # line 2: fine
        b"31-02-2021,a-noord,A1,100,geen datum\n"  # line 3
        b"15-01-2021,b-noord,A1,100,andere organisatie\n"  # line 4
        b"15-01-2021,a-noord,Q7,100,onbekende regel\n"  # line 5
        b'15-01-2021,a-noord,A1,"12,345",bedrag\n'  # line 6
        b"15-01-2020,a-noord,A1,100,geen afspraak in 2020\n"  # line 7
        b"\n"  # line 8: empty, skipped
        b"15-01-2021,a-noord,A1,0,nul\n"  # line 9
        b"15-01-2021,a-noord,,100,\n"  # line 10
    )
    with pytest.raises(ImportFailed) as failure:
        import_expenditures(data, organisation_slug="a")
    errors = failure.value.errors
    assert [error.split(":")[0] for error in errors] == [
        "regel 3",
        "regel 4",
        "regel 5",
        "regel 6",
        "regel 7",
        "regel 9",
        "regel 10",
    ]
    assert "ongeldige datum '31-02-2021'" in errors[0]
    assert "onbekende buurtwerkkamer 'b-noord'" in errors[1]
    assert "onbekende begrotingsregel 'Q7'" in errors[2] and "A1, D1" in errors[2]
    assert "ongeldig bedrag '12,345'" in errors[3]
    assert "geen afspraak voor buurtwerkkamer 'a-noord' in 2020" in errors[4]
    assert "bedrag is 0" in errors[5]
    assert "begrotingsregel ontbreekt" in errors[6]
    assert Expenditure.unscoped.count() == 0


def test_header_is_checked(world):
    with pytest.raises(ImportFailed) as failure:
        import_expenditures(
            b"date;location;line;bedrag\n15-01-2021;a-noord;A1;5\n", organisation_slug="a"
        )
    assert failure.value.errors == [
        "regel 1: kolom 'amount' ontbreekt.",
        "regel 1: kolom 'description' ontbreekt.",
        "regel 1: onbekende kolom 'bedrag' "
        "(toegestaan: date, location, line, amount, description).",
    ]


def test_petty_cash_alias_needs_a_petty_cash_line(world):
    world["d1"].is_petty_cash = False
    world["d1"].save()
    with pytest.raises(ImportFailed) as failure:
        import_expenditures(GOOD, organisation_slug="a")
    assert failure.value.errors[0].startswith("regel 3: de begroting 'Begroting 2021 (maart)'")


def test_command_imports_and_reports(world, tmp_path, capsys):
    path = tmp_path / "boekhouding.csv"
    path.write_bytes(GOOD)
    call_command("import_expenditures", str(path), "--organisation", "a", "--dry-run")
    assert Expenditure.unscoped.count() == 0
    call_command("import_expenditures", str(path), "--organisation", "a")
    assert Expenditure.unscoped.count() == 4
    out = capsys.readouterr().out
    assert "4 uitgaven toegevoegd" in out

    path.write_bytes(GOOD + b"xx-02-2021;a-noord;A1;5;fout\n")
    with pytest.raises(CommandError, match="1 fout"):
        call_command("import_expenditures", str(path), "--organisation", "a")
    assert "regel 7: ongeldige datum 'xx-02-2021'" in capsys.readouterr().err
    assert Expenditure.unscoped.count() == 4
