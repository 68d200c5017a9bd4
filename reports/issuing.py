"""Issuing a progress report to an audience, and reading the archive (issue 9, "Issuing and
the archive", "Report per audience").

Issuing builds the report once for the audience's locations (:func:`audience_locations`),
renders the PDF and the Excel file from that one object, and stores the object (as JSON), both
files and a SHA-256 of each in an :class:`~reports.models.IssuedReport` that never changes:
correcting registrations afterwards, or removing personal data, changes nothing in it.
Re-issuing makes the next version; every version stays.

Audiences: the **municipality** (every location of the agreement), a **housing
corporation** and any **other funder** (the locations its party finances in the agreement:
a financing row of more than € 0), and the **board** (every location). The figures of a funder's
report are counted over its locations together (distinct participants over those rooms,
never a sum of the rooms' counts): the selector builds the report for them. The stored
report and both files are arranged for the audience (:mod:`reports.audience`); a party's
(every audience but the board) never names the staff who entered a figure, in its files nor
in its stored figures.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.choices import PartyKind
from agreements.models import Agreement, AgreementParty, Party, PeriodClosure
from budgets.models import Financing
from locations.access import Action, Area, build_scope, user_scoped
from locations.access.grants import AnyUser
from locations.db_routing import reads_from
from locations.periods import Period
from reports.audience import without_staff_names
from reports.excel import progress_report_xlsx
from reports.models import Audience, IssuedReport
from reports.pdf import progress_report_pdf
from reports.report import ReportAudience
from reports.selectors import progress_report
from reports.serialise import report_to_json

#: The party kinds each funder audience is for (the board has no party).
AUDIENCE_KINDS: dict[str, frozenset[str]] = {
    Audience.MUNICIPALITY: frozenset({PartyKind.MUNICIPALITY}),
    Audience.HOUSING_CORPORATION: frozenset({PartyKind.HOUSING_CORPORATION}),
    Audience.FUNDER: frozenset(
        {PartyKind.FUND, PartyKind.HEALTH_INSURER, PartyKind.BENEFIT_AGENCY, PartyKind.SPONSOR}
    ),
}


def software_version() -> str:
    """What built a report: "bwk <version>" (``settings.BWK_VERSION``, the version in
    pyproject.toml), with ``settings.BWK_RELEASE`` (e.g. the git commit of the deployed
    image) after a "+" when it is set."""
    release = settings.BWK_RELEASE
    return f"bwk {settings.BWK_VERSION}" + (f"+{release}" if release else "")


def audience_parties(agreement: Agreement) -> list[AgreementParty]:
    """The agreement's funders a report can be issued to (their party loaded), by name."""
    return list(
        AgreementParty.objects.filter(agreement=agreement, is_funder=True)
        .select_related("party")
        .order_by("party__name")
    )


def audience_locations(
    agreement: Agreement, audience: str, party: Party | None
) -> list[str] | None:
    """The location codes of an audience's report: None (every location of the agreement)
    for the municipality and the board; for a housing corporation or another funder the
    locations its party finances in ``agreement`` (in the active scope; financing of the
    region or a room group: all their rooms)."""
    if audience in (Audience.MUNICIPALITY, Audience.BOARD) or party is None:
        return None
    rows = Financing.objects.filter(agreement=agreement, party=party, amount__gt=0)
    # Financing of the region reaches every room of the agreement, of a room group the
    # group's rooms (issue 12); one query.
    codes = (
        rows.filter(location__isnull=False)
        .values_list("location__code", flat=True)
        .union(
            rows.filter(location__isnull=True, room_group__isnull=True).values_list(
                "agreement__locations__code", flat=True
            ),
            rows.filter(location__isnull=True, room_group__isnull=False).values_list(
                "room_group__locations__code", flat=True
            ),
        )
    )
    return sorted(code for code in set(codes) if code is not None)


def _check(
    agreement: Agreement, period: Period, audience: str, party: Party | None
) -> tuple[str, str]:
    """ValidationError (Dutch) for a period outside the agreement's year, or a party that
    does not fit the audience or is no funder of the agreement. Returns the party's (name,
    kind) as the agreement states them (:func:`_as_stated`; ("", "") without a party)."""
    if period.code not in {p.code for p in agreement.reporting_periods()}:
        raise ValidationError({"period": _("Kies een periode van het jaar van de afspraak.")})
    if audience == Audience.BOARD:
        if party is not None:
            raise ValidationError(
                {"party": _("Een rapportage voor het bestuur heeft geen partij.")}
            )
        return "", ""
    if party is None:
        raise ValidationError({"party": _("Kies de partij aan wie de rapportage gaat.")})
    name, kind = _as_stated(agreement, party)
    if kind not in AUDIENCE_KINDS.get(audience, frozenset()):
        message = _("%(party)s is geen %(audience)s.")
        raise ValidationError(
            {"party": message % {"party": name, "audience": Audience(audience).label}}
        )
    if not AgreementParty.objects.filter(agreement=agreement, party=party, is_funder=True).exists():
        raise ValidationError(
            {"party": _("%(party)s financiert deze afspraak niet.") % {"party": name}}
        )
    return name, kind


def period_is_closed(agreement: Agreement, period: Period) -> bool:
    """True when every day the report over ``period`` counts, from 1 January
    (``period.ytd_start``) to the period's end, lies in a closure of ``agreement`` that is not
    reopened (:class:`agreements.models.PeriodClosure`): its figures can no longer change,
    so a report issued now is "definitief" (``ProgressReport.final``); otherwise "concept".
    A Q2 report is final once Q1 and Q2 (or the year) are closed, a year report once the
    year or all four quarters are. One query, in the active scope.
    """
    closures = PeriodClosure.objects.filter(
        agreement=agreement,
        reopened_at__isnull=True,
        ends_on__gte=period.ytd_start,
        starts_on__lte=period.end,
    ).order_by("starts_on")
    covered_to = period.ytd_start - timedelta(days=1)
    for closure in closures:
        if closure.starts_on > covered_to + timedelta(days=1):
            return False
        covered_to = max(covered_to, closure.ends_on)
    return covered_to >= period.end


def _as_stated(agreement: Agreement, party: Party) -> tuple[str, str]:
    """(name, kind) of ``party`` as ``agreement`` states them (its role, issue 12), else the
    party's own."""
    role = AgreementParty.objects.filter(agreement=agreement, party=party).first()
    if role is None:
        return party.name, party.kind
    return role.stated_name, role.stated_kind


def _file_name(issued: IssuedReport, party: Party | None, extension: str) -> str:
    whom = party.code if party is not None else issued.audience
    slug = issued.agreement.slug
    return f"voortgang-{slug}-{issued.period}-{whom}-v{issued.version}.{extension}"


@user_scoped
def report_issue(
    *,
    user: AnyUser,
    agreement: Agreement,
    period: Period,
    audience: str,
    party: Party | None = None,
    housing_only: bool = False,
) -> IssuedReport:
    """Issue the progress report of ``agreement`` over ``period`` to ``audience`` (a
    :class:`~reports.models.Audience` value; ``party`` the funder it goes to, None for the
    board); return the new :class:`~reports.models.IssuedReport` (the next version).

    ``housing_only`` (housing corporations): the report shows only the indicators marked for
    housing corporations (else those first, then the others); stored in
    ``IssuedReport.options``. A housing corporation's report carries what the agreement asks
    of its reports (``Agreement.housing_corporation_reporting``). Raises PermissionDenied
    unless ``user`` may issue the organisation's reports (the board and admins),
    ValidationError (Dutch) for a period outside the agreement's year or a party that does
    not fit. One transaction: the row and both files are stored together, or nothing.
    """
    build_scope(user).check(Action.ISSUE, Area.REPORT, organisation_id=agreement.organisation_id)
    assert isinstance(user, get_user_model())  # the check let only a signed-in user through
    party_name, party_kind = _check(agreement, period, audience, party)
    codes = audience_locations(agreement, audience, party)
    # From the primary, never a lagging replica: the issued version counts every saved
    # registration (locations.db_routing).
    with reads_from(DEFAULT_DB_ALIAS):
        report = progress_report(
            user=user, agreement=agreement, period=period, location_codes=codes
        )
    report = replace(
        report,
        audience=ReportAudience(
            kind=audience,
            party_code=party.code if party else "",
            party_name=party_name,
            party_kind=party_kind,
            housing_only=housing_only and audience == Audience.HOUSING_CORPORATION,
            reporting_text=(
                agreement.housing_corporation_reporting
                if audience == Audience.HOUSING_CORPORATION
                else ""
            ),
        ),
    )
    report = replace(without_staff_names(report), final=period_is_closed(agreement, period))
    pdf, xlsx = progress_report_pdf(report), progress_report_xlsx(report)
    with transaction.atomic():
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()  # one at a time
        latest = IssuedReport.objects.filter(
            agreement=agreement, period=period.code, audience=audience, party=party
        ).aggregate(latest=Max("version"))["latest"]
        version = (latest or 0) + 1
        issued = IssuedReport(
            agreement=agreement,
            period=period.code,
            audience=audience,
            party=party,
            version=version,
            options={
                "housing_only": bool(report.audience and report.audience.housing_only),
                "locations": [block.code for block in report.locations],
            },
            issued_by=user,
            issued_at=timezone.now(),
            software_version=software_version(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            report_json=report_to_json(report),
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            xlsx_sha256=hashlib.sha256(xlsx).hexdigest(),
        )
        issued.pdf.save(_file_name(issued, party, "pdf"), ContentFile(pdf), save=False)
        issued.xlsx.save(_file_name(issued, party, "xlsx"), ContentFile(xlsx), save=False)
        issued.save()
    return issued
