"""Celery tasks of the registrations app: the nightly removal of personal details whose
retention period has passed (issue 10, "Retention"; scheduled in ``CELERY_BEAT_SCHEDULE``,
sent by the beat service of docker-compose)."""

from __future__ import annotations

import logging

from celery import shared_task

from registrations.privacy.retention import retention_run

logger = logging.getLogger(__name__)


@shared_task(name="registrations.tasks.remove_expired_personal_details")
def remove_expired_personal_details() -> dict[str, object]:
    """Run :func:`registrations.privacy.retention.retention_run` for today; safe to run again
    (a second run finds nothing left to remove). Takes no arguments; returns
    ``{"cutoff": "YYYY-MM-DD", "participants": n, "volunteers": n}`` (people with anything
    removed) and logs it."""
    result = retention_run()
    summary = {
        "cutoff": result.cutoff.isoformat(),
        "participants": result.participants,
        "volunteers": result.volunteers,
    }
    logger.info("Retention: personal details removed %s", summary)
    return summary
