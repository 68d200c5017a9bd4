"""Factories for the report tests: the app factories with defaults suited to PROCES rows of a
2019 Zuidoost-like agreement (unique-participant indicators, plain-figure targets, dates early
in 2019)."""

from datetime import date
from decimal import Decimal

import factory

from agreements import factories as agreement_factories
from agreements.choices import Comparator, Method, Section
from registrations import factories as registration_factories


class AgreementFactory(agreement_factories.AgreementFactory):
    region = "zuidoost"
    region_name = "Amsterdam Zuidoost"


class IndicatorFactory(agreement_factories.IndicatorFactory):
    agreement = factory.SubFactory(AgreementFactory)
    section = Section.PROCES
    method = Method.UNIQUE
    method_text = ""
    description = factory.LazyAttribute(lambda o: f"Omschrijving {o.code}")
    categories = factory.LazyFunction(list)


class TargetFactory(agreement_factories.TargetFactory):
    """A plain-figure target ("400") unless told otherwise."""

    indicator = factory.SubFactory(IndicatorFactory)
    comparator = Comparator.AT_LEAST
    value = Decimal(10)
    text = factory.LazyAttribute(
        lambda o: f"{o.value:.0f}" if o.comparator == Comparator.AT_LEAST else f"> {o.value:.0f}"
    )


class ParticipantFactory(registration_factories.ParticipantFactory):
    code = factory.Sequence(lambda n: f"P{n:05d}")


class SessionFactory(registration_factories.SessionFactory):
    date = date(2019, 2, 1)
    title = ""


class AttendanceFactory(registration_factories.AttendanceFactory):
    session = factory.SubFactory(SessionFactory)


class JobFactory(registration_factories.JobFactory):
    date = date(2019, 2, 1)
    description = "Kraan repareren"


def issue_stand_in(
    agreement,
    period: str,
    user,
    *,
    audience: str = "board",
    party=None,
    issued_at=None,
    report_json: str = '{"format": 1}',
    content: bytes = b"stand-in",
):
    """An :class:`~reports.models.IssuedReport` of ``agreement`` and ``period`` ("2019-Q1",
    "2019") issued to the board (or ``audience``/``party``) by ``user`` (the next version),
    at ``issued_at`` (default 31 December of the agreement's year, noon UTC), with
    ``report_json`` as its figures and small stand-in files (``%PDF-`` and ``PK-`` followed
    by ``content``): for tests that need a period issued (closing it needs that:
    reports/closing.py) and not the real files (tests/test_issued_reports.py builds those)."""
    import datetime

    from django.core.files.base import ContentFile

    from reports.models import IssuedReport

    issued = IssuedReport(
        agreement=agreement,
        period=period,
        audience=audience,
        party=party,
        version=1 + IssuedReport.unscoped.filter(agreement=agreement, period=period).count(),
        issued_by=user,
        issued_at=issued_at or datetime.datetime(agreement.year, 12, 31, 12, tzinfo=datetime.UTC),
        software_version="bwk test",
        language="nl",
        report_json=report_json,
        pdf_sha256="0" * 64,
        xlsx_sha256="0" * 64,
    )
    issued.pdf.save("stand-in.pdf", ContentFile(b"%PDF-" + content), save=False)
    issued.xlsx.save("stand-in.xlsx", ContentFile(b"PK-" + content), save=False)
    issued.save()
    return issued
