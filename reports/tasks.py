"""Celery tasks: building report files in the background."""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from locations.access import Action, Area, system_scope, user_scope
from locations.periods import parse_period
from reports.excel import progress_report_xlsx
from reports.models import ReportFile
from reports.pdf import progress_report_pdf
from reports.report import ProgressReport
from reports.selectors import progress_report

logger = logging.getLogger(__name__)

#: The builder of each file format, keyed by the stored value (``ReportFile.format``).
_BUILDERS: dict[str, Callable[[ProgressReport], bytes]] = {
    ReportFile.Format.PDF: progress_report_pdf,
    ReportFile.Format.XLSX: progress_report_xlsx,
}


def report_file_name(report_file: ReportFile) -> str:
    """The download name of a report file: ``voortgang-<agreement>-<period>.<format>``."""
    return f"voortgang-{report_file.agreement.slug}-{report_file.period}.{report_file.format}"


@shared_task
def build_report_file(report_file_id: int, user_id: int | None) -> str:
    """Build the PDF or Excel file of ReportFile ``report_file_id`` as user ``user_id``.

    Takes ids only. Checks access again: the report is built inside the user's scope
    (:func:`locations.access.user_scope`), and a user who may not export the agreement's
    reports (or no longer exists or is inactive) gets the file marked failed. The file is
    rendered after the scope has ended: the report object carries every figure it shows, so
    rendering reads nothing from the database.
    Safe to run twice: the row is locked while building and a finished file is not rebuilt.
    Returns the resulting status ("done", "failed"), or "missing" for an unknown id.
    """
    with transaction.atomic():
        with system_scope():  # the task's own bookkeeping row; access is checked below
            report_file = (
                ReportFile.objects.select_for_update()
                .select_related("agreement__organisation")
                .filter(pk=report_file_id)
                .first()
            )
        if report_file is None:
            return "missing"
        if report_file.status == ReportFile.Status.DONE:
            return report_file.status
        user = (
            get_user_model().objects.filter(pk=user_id, is_active=True).first()
            if user_id is not None
            else None
        )
        try:
            if user is None:
                raise PermissionDenied("no such active user")
            with user_scope(user) as scope:
                scope.check(
                    Action.EXPORT,
                    Area.REPORT,
                    organisation_id=report_file.agreement.organisation_id,
                )
                report = progress_report(
                    user=user,
                    agreement=report_file.agreement,
                    period=parse_period(report_file.period),
                )
            content = _BUILDERS[report_file.format](report)  # outside any scope: no query
        except (PermissionDenied, ValueError) as error:
            report_file.status = ReportFile.Status.FAILED
            report_file.error = str(error)
            report_file.finished_at = timezone.now()
            report_file.save(update_fields=["status", "error", "finished_at"])
            logger.warning("report file %s failed for user %s: %s", report_file.pk, user_id, error)
            return report_file.status
        report_file.file.save(report_file_name(report_file), ContentFile(content), save=False)
        report_file.status = ReportFile.Status.DONE
        report_file.error = ""
        report_file.finished_at = timezone.now()
        report_file.save(update_fields=["file", "status", "error", "finished_at"])
        logger.info("report file %s built for user %s", report_file.pk, user_id)
        return report_file.status
