"""Celery tasks: building report files in the background.

Issue 10, "Background reports that never get lost": a build that fails for any reason marks
its file failed with a message the user sees (and can try again: reports.services); the task
is acknowledged only when it has finished and given back when its worker dies (settings:
``CELERY_TASK_ACKS_LATE``, ``CELERY_TASK_REJECT_ON_WORKER_LOST``, the broker's visibility
timeout), so a killed worker leads to the build running again; and no database row lock is
held while WeasyPrint or openpyxl render: the row is claimed and saved in two short
transactions around the build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from locations.access import Action, Area, system_scope, user_scope
from locations.periods import parse_period
from reports.excel import progress_report_xlsx
from reports.models import ReportFile
from reports.pdf import progress_report_pdf
from reports.reminders import reminders_send
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


def _claim(report_file_id: int) -> ReportFile | None:
    """Lock the row for a moment: None for an unknown id; the file as it is when done;
    otherwise count the attempt and note when it started (committed at once, so the build
    that follows holds no lock)."""
    with transaction.atomic(), system_scope():  # the task's own bookkeeping row
        report_file = (
            ReportFile.objects.select_for_update()
            .select_related("agreement__organisation")
            .filter(pk=report_file_id)
            .first()
        )
        if report_file is None or report_file.status == ReportFile.Status.DONE:
            return report_file
        report_file.attempts = F("attempts") + 1
        report_file.started_at = timezone.now()
        report_file.save(update_fields=["attempts", "started_at"])
        report_file.refresh_from_db(fields=["attempts"])
        return report_file


def _finish(report_file: ReportFile, *, content: bytes | None, error: str = "") -> str:
    """Store the built ``content`` (status done) or the failure's ``error`` (status failed)
    in one short transaction; a file another run finished meanwhile is left as it is.
    Returns the resulting status."""
    with transaction.atomic(), system_scope():
        current = ReportFile.objects.select_for_update().get(pk=report_file.pk)
        if current.status == ReportFile.Status.DONE:
            return current.status
        if content is not None:
            current.file.save(report_file_name(report_file), ContentFile(content), save=False)
            current.status = ReportFile.Status.DONE
            current.error = ""
        else:
            current.status = ReportFile.Status.FAILED
            current.error = error
        current.finished_at = timezone.now()
        current.save(update_fields=["file", "status", "error", "finished_at"])
        return current.status


def _step(report_file: ReportFile, step: str) -> None:
    """Note the build's ``step`` (:class:`ReportFile.Step`) on its row at once (one UPDATE,
    committed on its own), so the file's page can say what is happening."""
    with transaction.atomic(), system_scope():
        ReportFile.objects.filter(pk=report_file.pk).update(step=step)


def _build(report_file: ReportFile, user_id: int | None) -> bytes:
    """The file's bytes, built as user ``user_id``: the report inside the user's scope (access
    checked again), rendered after the scope has ended (the report object carries every
    figure it shows, so rendering reads nothing from the database). Raises PermissionDenied
    for a missing, inactive or unauthorised user."""
    user = (
        get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user_id is not None
        else None
    )
    if user is None:
        raise PermissionDenied("no such active user")
    _step(report_file, ReportFile.Step.COUNTING)
    with user_scope(user) as scope:
        scope.check(
            Action.EXPORT, Area.REPORT, organisation_id=report_file.agreement.organisation_id
        )
        report = progress_report(
            user=user, agreement=report_file.agreement, period=parse_period(report_file.period)
        )
    _step(report_file, ReportFile.Step.RENDERING)
    return _BUILDERS[report_file.format](report)  # outside any scope and transaction: no query


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_report_file(report_file_id: int, user_id: int | None) -> str:
    """Build the PDF or Excel file of ReportFile ``report_file_id`` as user ``user_id``.

    Takes ids only. Checks access again (:func:`_build`): a user who may not export the
    agreement's reports, or no longer exists or is inactive, gets the file marked failed.
    Any other error while building marks the file failed too, with a message the user sees
    on the file's page (where it can be tried again); the traceback goes to the log.
    Safe to run twice, and to run again after a worker died mid-build: a finished file is not
    rebuilt. Returns the resulting status ("done", "failed"), or "missing" for an unknown id.
    """
    report_file = _claim(report_file_id)
    if report_file is None:
        return "missing"
    if report_file.status == ReportFile.Status.DONE:
        return report_file.status
    try:
        content = _build(report_file, user_id)
    except PermissionDenied as error:
        logger.warning("report file %s refused for user %s: %s", report_file.pk, user_id, error)
        return _finish(report_file, content=None, error=str(error))
    except Exception as error:  # any failure must end in "failed", never "pending" for ever
        logger.exception("report file %s failed for user %s", report_file.pk, user_id)
        message = _(
            "Er ging iets mis bij het maken van het bestand (%(error)s). Probeer het opnieuw; "
            "lukt het weer niet, meld het dan aan de beheerder."
        ) % {"error": type(error).__name__}
        return _finish(report_file, content=None, error=message)
    status = _finish(report_file, content=content)
    logger.info("report file %s built for user %s", report_file.pk, user_id)
    return status


@shared_task(name="reports.tasks.send_deadline_reminders")
def send_deadline_reminders() -> dict[str, int]:
    """Send today's reminders of reporting deadlines
    (:func:`reports.reminders.reminders_send`); scheduled daily in ``CELERY_BEAT_SCHEDULE``.
    Takes no arguments; safe to run twice (each reminder goes out once). Returns
    ``{"sent": n, "skipped": n, "failed": n}`` and logs it."""
    run = reminders_send()
    summary = {"sent": run.sent, "skipped": run.skipped, "failed": run.failed}
    logger.info("Deadline reminders: %s", summary)
    return summary
