"""Writes of the reports app: asking for a report file to be built."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from agreements.models import Agreement
from locations.access import Action, Area, build_scope, user_scoped
from locations.access.grants import AnyUser
from locations.periods import Period
from reports.models import ReportFile


@user_scoped
def report_file_request(
    *, user: AnyUser, agreement: Agreement, period: Period, file_format: str
) -> ReportFile:
    """Create a pending :class:`ReportFile` and schedule its build after the commit.

    In: the requesting user, an agreement the user can see, a period of the agreement's year,
    and ``file_format`` ("pdf" or "xlsx").
    Out: the new ReportFile (status pending). Raises PermissionDenied unless the access rules
    let the user export the agreement's reports, ValueError on an unknown format or a period
    outside the agreement's year. The Celery task ``build_report_file`` runs eagerly
    when no broker is configured (settings.CELERY_TASK_ALWAYS_EAGER).
    """
    from reports.tasks import build_report_file

    build_scope(user).check(Action.EXPORT, Area.REPORT, organisation_id=agreement.organisation_id)
    assert isinstance(user, get_user_model())  # the check lets only a signed-in user through
    if file_format not in ReportFile.Format.values:
        raise ValueError(f"unknown report format: {file_format!r}")
    if period.year != agreement.year:
        raise ValueError(f"period {period.code} is not in agreement year {agreement.year}")
    with transaction.atomic():
        report_file = ReportFile.objects.create(
            agreement=agreement, period=period.code, format=file_format, requested_by=user
        )
        transaction.on_commit(lambda: build_report_file.delay(report_file.pk, user.pk))
    return report_file
