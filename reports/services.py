"""Writes of the reports app: asking for a report file to be built, and trying again."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from agreements.models import Agreement
from locations.access import Action, Area, build_scope, user_scoped
from locations.access.grants import AnyUser
from locations.periods import Period
from reports.models import ReportFile

logger = logging.getLogger(__name__)


def schedule_build(report_file_id: int, user_id: int) -> None:
    """Hand the build of a report file to a Celery worker; when the broker cannot be
    reached (Redis down), build it here, in the request, so the user still gets the file
    (issue 10: "with Redis down the request still answers, never 500"). Eager without a
    broker (settings.CELERY_TASK_ALWAYS_EAGER)."""
    from reports.tasks import build_report_file

    try:
        build_report_file.delay(report_file_id, user_id)
    except (BrokerError, OSError) as error:
        logger.warning(
            "broker unreachable (%s): building report file %s in the request", error, report_file_id
        )
        build_report_file(report_file_id, user_id)


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
    when no broker is configured (settings.CELERY_TASK_ALWAYS_EAGER), and in the request when
    the broker does not answer (:func:`schedule_build`).
    """
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
        transaction.on_commit(lambda: schedule_build(report_file.pk, user.pk))
    return report_file


@user_scoped
def report_file_retry(*, user: AnyUser, report_file: ReportFile) -> ReportFile:
    """Ask again for a file whose build failed or got stuck (:attr:`ReportFile.can_retry`):
    it is pending again, its error and step cleared, and a new build is scheduled after the commit
    (as ``user``, who must be allowed to export the agreement's reports).

    Raises PermissionDenied without that right, ValidationError when the file is done or
    still being built in time (nothing to retry).
    """
    build_scope(user).check(
        Action.EXPORT, Area.REPORT, organisation_id=report_file.agreement.organisation_id
    )
    assert isinstance(user, get_user_model())  # the check lets only a signed-in user through
    with transaction.atomic():
        current = ReportFile.objects.select_for_update().get(pk=report_file.pk)
        if not current.can_retry:
            raise ValidationError(_("Dit bestand is klaar of wordt nog gemaakt."))
        current.status = ReportFile.Status.PENDING
        current.error = ""
        current.started_at = timezone.now()  # asked again: stuck counts from now
        current.finished_at = None
        current.step = ""  # queued again: no step until the new build starts
        current.save(update_fields=["status", "error", "started_at", "finished_at", "step"])
        transaction.on_commit(lambda: schedule_build(current.pk, user.pk))
    return current
