"""Write once per submitted form (issue 10, double submission and races).

Every form that writes through a service carries an idempotency token, new each time the form
is rendered empty (:class:`registrations.forms.common.SubmissionMixin`); the form (or the log
page) calls its service through :func:`submit_once`. The token is stored in the database
(:class:`registrations.models.submissions.FormSubmission`, unique per user and token), not
in the session: only a unique index decides between two requests that arrive at the same
moment, whereas two requests of one session both read the session before either saves it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from locations.access import user_scoped
from locations.access.grants import AnyUser
from locations.models import Location
from registrations.models.submissions import FormSubmission
from registrations.services.base import violated_constraint

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_T = TypeVar("_T")

#: How long a submitted form's token is kept. A token only has to outlive the ways one form
#: is sent twice: a double click or tap (milliseconds), a request retried over a slow
#: connection (seconds to minutes), the browser's back button or "send again" on a page left
#: open (hours). After a day the row is removed when the same user submits a form again;
#: sending a form rendered more than a day ago writes again.
SUBMISSION_LIFETIME = datetime.timedelta(days=1)


def _refused() -> ValidationError:
    return ValidationError(
        _(
            "Dit formulier is al eens verstuurd en wat het vastlegde bestaat niet meer; "
            "er is niets opnieuw opgeslagen."
        )
    )


def _result_of(result: Any) -> tuple[str, list[int], bool]:
    """(model label, primary keys, many) of what a service returned: a saved model instance
    or a list of them; ("", [], False) for anything else."""
    many = isinstance(result, list)
    rows = result if many else [result]
    if not rows or not all(isinstance(row, models.Model) and row.pk for row in rows):
        return "", [], False
    return rows[0]._meta.label, [row.pk for row in rows], many


def _signed_in(user: AnyUser) -> User | None:
    return user if isinstance(user, get_user_model()) else None


def _replay(*, user: User, token: str) -> Any:
    """What the first submission with ``token`` wrote, read again in the user's scope; raises
    ValidationError when it wrote nothing we can show or it has been deleted since."""
    submission = FormSubmission.objects.filter(user=user, token=token).first()
    if submission is None or not submission.result_model:
        raise _refused()
    model = apps.get_model(submission.result_model)
    found = model._default_manager.in_bulk(submission.result_ids)
    if len(found) != len(submission.result_ids):
        raise _refused()
    rows = [found[pk] for pk in submission.result_ids]
    return rows if submission.many else rows[0]


@user_scoped
def is_submitted(*, user: AnyUser, token: str) -> bool:
    """Whether a form with ``token`` (non-empty) was already submitted by ``user`` and what
    it wrote committed (one query). A form sent again can then skip its checks, which would
    refuse what the first submission wrote ("this member number exists"), and get the first
    one's result from :func:`submit_once`."""
    author = _signed_in(user)
    if author is None or not token:
        return False
    return FormSubmission.objects.filter(user=author, token=token).exists()


@user_scoped
def submit_once(*, user: AnyUser, location: Location, token: str, save: Callable[[], _T]) -> _T:
    """Run ``save`` (a service call) once per submitted form; return what it returned.

    - ``token``: the form's idempotency token (32 hex characters; empty: no token, ``save``
      simply runs, e.g. a form rendered before tokens existed).
    - The first call with ``token`` for ``user`` inserts a :class:`FormSubmission` and runs
      ``save`` in the same transaction, storing the ids of what it returned (a model instance
      or a list of them). A call that comes at the same moment waits for that transaction at
      the unique index: when it committed, nothing is written and the stored records are
      returned (read again in the user's scope); when ``save`` failed (a ValidationError, a
      PermissionDenied: nothing was written), the token is free and the call runs ``save``
      itself.
    - ``location``: where the form writes (the submission is scoped like the records).
    Raises PermissionDenied for a user who is not signed in, what ``save`` raises, or
    ValidationError (Dutch) when the token was used for records deleted since. Submissions
    of ``user`` older than :data:`SUBMISSION_LIFETIME` are removed in the same transaction.
    """
    author = _signed_in(user)
    if author is None:  # only signed-in users write; the service would refuse as well
        raise PermissionDenied
    if not token:
        return save()
    try:
        with transaction.atomic():
            submission = FormSubmission.objects.create(user=author, location=location, token=token)
            result = save()
            submission.result_model, submission.result_ids, submission.many = _result_of(result)
            submission.save(update_fields=["result_model", "result_ids", "many"])
            FormSubmission.objects.filter(
                user=author, created_at__lt=timezone.now() - SUBMISSION_LIFETIME
            ).delete()
        return result
    except IntegrityError as error:
        if violated_constraint(error) != "form_submission_unique":
            raise
    return _replay(user=author, token=token)
