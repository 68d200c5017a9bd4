"""Import expenditures from a bookkeeping CSV export (format: docs/import-expenditures.md).

Columns exactly ``date, location, line, amount, description`` (header required, any order,
case ignored; ``;`` or ``,`` delimited, UTF-8). ``line`` is a budget line code (A1 …) of the
current budget (highest position) of the organisation's agreement covering the location in the
date's year; ``handgeld`` names that budget's petty-cash line.

All or nothing: every row is validated first and every problem is reported with its line
number (line 1 is the header); if there is any, nothing is imported. Re-importing a file
doubles nothing: each row gets an ``import_key`` (a hash of the organisation and the row's
normalised content, plus its occurrence number among identical rows of the file) and rows
whose key exists are skipped.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Agreement
from budgets.models import Budget, BudgetLine, Expenditure
from locations.access import Action, Area, build_scope, user_scope
from locations.access.grants import AnyUser
from locations.csv_import import (
    ImportFailed,
    check_header,
    organisation_for_import,
    parse_date,
    read_rows,
)
from locations.models import Location, Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import User

COLUMNS = ("date", "location", "line", "amount", "description")
#: Line code accepted for the budget's petty-cash line (case ignored).
PETTY_CASH_ALIAS = "handgeld"
DESCRIPTION_MAX_LENGTH = Expenditure._meta.get_field("description").max_length
MAX_AMOUNT = Decimal("9999999999.99")
_AMOUNT_RE = re.compile(r"^-?\d[\d.,]*$")
_GROUPED_RE = re.compile(r"^\d{1,3}(\.\d{3})+$")

__all__ = ["ImportFailed", "ImportResult", "import_expenditures", "parse_amount"]


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do): numbers of rows and euros added."""

    rows: int = 0
    added: int = 0
    already_present: int = 0
    amount_added: Decimal = Decimal("0.00")
    dry_run: bool = False


@dataclass(frozen=True)
class _Row:
    line_number: int
    location: Location
    line: BudgetLine
    date: date
    amount: Decimal
    description: str


def parse_amount(text: str) -> Decimal | None:
    """An amount in euros from a bookkeeping export, or None when it is not one.

    Accepts an optional "€" and spaces, an optional leading minus, a decimal comma or dot with
    at most two decimals, and thousands dots (or commas, with a decimal dot): "1.234,56",
    "€ 1.234,56", "1234.56", "1,234.56", "12,5", "1.234" (= 1234: a dot followed by exactly three
    digits and no decimal comma is a thousands separator). Returns a Decimal with cents.
    """
    cleaned = text.replace("€", "").replace("\u00a0", "").replace(" ", "")
    if not _AMOUNT_RE.match(cleaned):
        return None
    sign = "-" if cleaned.startswith("-") else ""
    cleaned = cleaned.lstrip("-")
    last_comma, last_dot = cleaned.rfind(","), cleaned.rfind(".")
    if last_comma >= 0 and last_dot >= 0:
        decimal_mark = "," if last_comma > last_dot else "."
    elif last_comma >= 0:
        decimal_mark = ","
    elif cleaned.count(".") == 1 and len(cleaned) - last_dot - 1 != 3:
        decimal_mark = "."
    else:
        decimal_mark = None
    if decimal_mark is None:
        whole, decimals = cleaned, ""
    else:
        whole, _mark, decimals = cleaned.rpartition(decimal_mark)
        if not decimals.isdigit() or len(decimals) > 2:
            return None
    thousands = "." if decimal_mark != "." else ","
    if thousands in whole:
        if not _GROUPED_RE.match(whole.replace(thousands, ".")):
            return None
        whole = whole.replace(thousands, "")
    if not whole.isdigit():
        return None
    try:
        amount = Decimal(f"{sign}{whole}.{decimals or '0'}").quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return amount if abs(amount) <= MAX_AMOUNT else None


class _Lines:
    """Resolves (location, year, code) to a line of the current budget, read once."""

    def __init__(self, organisation: Organisation):
        agreements = Agreement.objects.filter(organisation=organisation).prefetch_related(
            "locations"
        )
        self.covering: dict[tuple[int, int], list[Agreement]] = defaultdict(list)
        for agreement in agreements:
            for location in agreement.locations.all():
                self.covering[(location.pk, agreement.year)].append(agreement)
        current: dict[int, Budget] = {}
        for budget in Budget.objects.filter(agreement__organisation=organisation).order_by(
            "position", "pk"
        ):
            current[budget.agreement_id] = budget
        self.current = current
        self.lines: dict[int, dict[str, BudgetLine]] = defaultdict(dict)
        self.petty: dict[int, BudgetLine] = {}
        budget_ids = [budget.pk for budget in current.values()]
        for line in BudgetLine.objects.filter(budget_id__in=budget_ids):
            self.lines[line.budget_id][line.code.lower()] = line
            if line.is_petty_cash:
                self.petty[line.budget_id] = line

    def resolve(self, location: Location, year: int, code: str) -> tuple[BudgetLine | None, str]:
        """The line, or None and a plain Dutch problem."""
        agreements = self.covering.get((location.pk, year), [])
        if not agreements:
            return None, _("geen afspraak voor buurtwerkkamer '%(loc)s' in %(year)d") % {
                "loc": location.code,
                "year": year,
            }
        if len(agreements) > 1:
            return None, _("meer dan één afspraak voor '%(loc)s' in %(year)d (%(names)s)") % {
                "loc": location.code,
                "year": year,
                "names": ", ".join(sorted(agreement.slug for agreement in agreements)),
            }
        agreement = agreements[0]
        budget = self.current.get(agreement.pk)
        if budget is None:
            return None, _("afspraak %(agreement)s heeft geen begroting") % {
                "agreement": agreement.slug
            }
        if code.lower() == PETTY_CASH_ALIAS:
            line = self.petty.get(budget.pk)
            if line is None:
                return None, _("de begroting '%(version)s' heeft geen regel voor handgeld") % {
                    "version": budget.version
                }
            return line, ""
        line = self.lines[budget.pk].get(code.lower())
        if line is None:
            known = sorted(line.code for line in self.lines[budget.pk].values())
            return None, _(
                "onbekende begrotingsregel '%(code)s' in '%(version)s' (kies uit: %(known)s)"
            ) % {"code": code, "version": budget.version, "known": ", ".join(known)}
        return line, ""


def validate(rows: list[tuple[int, dict[str, str]]], organisation: Organisation) -> list[_Row]:
    """Check every row; return them resolved. Raises ImportFailed listing every bad row."""
    locations = {
        location.code.lower(): location
        for location in Location.objects.filter(organisation=organisation)
    }
    lines = _Lines(organisation)
    good, errors = [], []
    for line_number, row in rows:
        problems = []
        when = parse_date(row["date"])
        if when is None:
            problems.append(
                _("ongeldige datum '%(date)s' (gebruik DD-MM-JJJJ of JJJJ-MM-DD)")
                % {"date": row["date"]}
            )
        location = locations.get(row["location"].lower())
        if location is None:
            problems.append(_("onbekende buurtwerkkamer '%(code)s'") % {"code": row["location"]})
        line = None
        if not row["line"]:
            problems.append(_("begrotingsregel ontbreekt"))
        elif location is not None and when is not None:
            line, problem = lines.resolve(location, when.year, row["line"])
            if line is None:
                problems.append(problem)
        amount = parse_amount(row["amount"])
        if amount is None:
            problems.append(
                _("ongeldig bedrag '%(amount)s' (bijvoorbeeld 1.234,56 of 1234.56)")
                % {"amount": row["amount"]}
            )
        elif amount == 0:
            problems.append(_("bedrag is 0"))
        if DESCRIPTION_MAX_LENGTH is not None and len(row["description"]) > DESCRIPTION_MAX_LENGTH:
            problems.append(
                _("omschrijving langer dan %(max)d tekens") % {"max": DESCRIPTION_MAX_LENGTH}
            )
        if problems:
            errors.append(
                _("regel %(line)d: %(problems)s.")
                % {"line": line_number, "problems": "; ".join(problems)}
            )
            continue
        # Each of these is None only with a problem recorded above.
        assert location is not None and line is not None and when is not None
        assert amount is not None
        good.append(_Row(line_number, location, line, when, amount, row["description"]))
    if errors:
        raise ImportFailed(errors)
    return good


def import_keys(rows: list[_Row], organisation: Organisation) -> list[str]:
    """The import key of each row: "csv:" + SHA-256 (first 48 hex digits) of the organisation
    id, date, location code, line code, amount and description, + ":" + the row's occurrence
    number among identical rows of the file (1, 2, …). Amounts are normalised ("1.234,56" and
    "1234.56" give the same key), so is the line code ("handgeld" = the petty-cash line)."""
    seen: Counter[str] = Counter()
    keys = []
    for row in rows:
        content = "\x1f".join(
            [
                str(organisation.pk),
                row.date.isoformat(),
                row.location.code.lower(),
                row.line.code.lower(),
                str(row.amount),
                row.description,
            ]
        )
        digest = hashlib.sha256(content.encode()).hexdigest()[:48]
        seen[digest] += 1
        keys.append(f"csv:{digest}:{seen[digest]}")
    return keys


def import_expenditures(
    data: bytes,
    *,
    organisation_slug: str | None = None,
    dry_run: bool = False,
    user: AnyUser = None,
) -> ImportResult:
    """Import a bookkeeping CSV export (bytes) into the organisation; return what was done.

    ``organisation_slug`` is required when more than one organisation exists; ``dry_run``
    checks everything and counts what would be added without writing; ``user`` (the web
    upload) is recorded as ``created_by``, must be allowed to add spending in the organisation
    (PermissionDenied otherwise) and the import runs in that user's scope; without ``user``
    (the command) it runs in the caller's scope (:func:`locations.access.system_scope`).
    Raises ImportFailed (nothing imported) on any problem. One transaction.
    """
    header, rows = read_rows(data)
    check_header(header, COLUMNS)
    organisation = organisation_for_import(organisation_slug)
    if user is None:
        return _import(rows, organisation, dry_run=dry_run, user=None)
    build_scope(user).check(Action.ADD, Area.SPENDING, organisation_id=organisation.pk)
    assert isinstance(user, get_user_model())  # the check lets only a signed-in user through
    with user_scope(user):
        return _import(rows, organisation, dry_run=dry_run, user=user)


def _import(
    rows: list[tuple[int, dict[str, str]]],
    organisation: Organisation,
    *,
    dry_run: bool,
    user: User | None,
) -> ImportResult:
    good = validate(rows, organisation)
    keys = import_keys(good, organisation)
    result = ImportResult(rows=len(good), dry_run=dry_run)
    with transaction.atomic():
        present = set(
            Expenditure.objects.filter(
                location__organisation=organisation, import_key__in=keys
            ).values_list("import_key", flat=True)
        )
        new = [
            Expenditure(
                location=row.location,
                line=row.line,
                date=row.date,
                amount=row.amount,
                description=row.description,
                import_key=key,
                created_by=user,
            )
            for row, key in zip(good, keys, strict=True)
            if key not in present
        ]
        result.added = len(new)
        result.already_present = len(good) - len(new)
        result.amount_added = sum((row.amount for row in new), Decimal("0.00"))
        if not dry_run:
            Expenditure.objects.bulk_create(new)
    return result
