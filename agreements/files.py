"""Agreement files in the browser (issue 12): an admin uploads a file and loads it all or
nothing, or downloads a loaded agreement as a file in the current format.

:func:`agreement_file_load` is the service behind the upload page, :func:`agreement_file_text`
behind the download. Who may: ``Action.ADD`` / ``Action.CHANGE`` in ``Area.AGREEMENT`` of the
file's organisation (admins, :mod:`locations.access.rules`); a file for an organisation the
user does not administer is refused like any other problem, before anything is written. The
download's check is the view's (the access layer), not repeated here.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from agreements.loader import (
    LoaderError,
    LoadSummary,
    Problem,
    load_agreement_specs,
    read_agreement_files,
)
from agreements.loader.dump import dump_agreement
from agreements.models import Agreement
from locations.access import Action, Area, build_scope, user_scoped
from locations.access.grants import AnyUser
from locations.models import Organisation

#: The largest file the upload page accepts (bytes); the Zuidoost files are about 40 kB.
MAX_FILE_BYTES = 1_000_000
_SAFE_NAME = re.compile(r"[^-a-zA-Z0-9_.]+")


def _file_name(name: str) -> str:
    """The uploaded file's own name, reduced to safe characters (messages name the file)."""
    base = _SAFE_NAME.sub("_", Path(name or "").name).strip("._")
    return base or "afspraak.yaml"


@user_scoped
def agreement_file_load(*, user: AnyUser, name: str, content: bytes) -> list[LoadSummary]:
    """Check and load one uploaded agreement file (``content``: its bytes, ``name``: the
    file name as uploaded) for ``user``: all of it or nothing.

    Returns the load summaries (one per file). Raises :class:`LoaderError` listing every
    problem (each with the file name, line and column: the same checks as ``load_agreement``),
    also when the file is too large or is for an organisation the user may not add agreements
    to (nothing is written then).
    """
    file_name = _file_name(name)
    if len(content) > MAX_FILE_BYTES:
        raise LoaderError(
            [
                Problem(
                    file_name,
                    None,
                    None,
                    "",
                    _("het bestand is groter dan %(limit)s bytes") % {"limit": MAX_FILE_BYTES},
                )
            ]
        )
    scope = build_scope(user)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / file_name
        path.write_bytes(content)
        specs = read_agreement_files([path])
        problems = []
        for spec in specs:
            organisation = Organisation.objects.filter(slug=spec.organisation_slug).first()
            if organisation is None or not scope.can(
                Action.ADD, Area.AGREEMENT, organisation_id=organisation.pk
            ):
                problems.append(
                    Problem(
                        str(path),
                        None,
                        None,
                        "organisation.slug",
                        _("'%(slug)s' is geen organisatie waarvan u afspraken mag laden")
                        % {"slug": spec.organisation_slug},
                    )
                )
        if problems:
            raise LoaderError(problems)
        summaries = load_agreement_specs(specs)  # the file as read above, not read again
    for summary in summaries:
        summary.file = file_name
    return summaries


def problem_rows(error: LoaderError) -> list[dict[str, object]]:
    """The problems of ``error`` for a page: file name (without the upload's directory),
    line, column, where and message, one dict each, in order."""
    return [
        {
            "file": Path(problem.file).name,
            "line": problem.line,
            "column": problem.column,
            "where": problem.where,
            "message": problem.message,
        }
        for problem in error.problems
    ]


def agreement_file_text(agreement: Agreement) -> str:
    """``agreement`` as a format-2 agreement file (YAML text); loading the text back gives the
    same agreement (:func:`agreements.loader.dump.dump_agreement`). Reads in the active scope:
    who may download is the view's check (``AgreementFileView``: ``Action.CHANGE`` in
    ``Area.AGREEMENT`` through :class:`~agreements.views.AgreementPageMixin`), made once."""
    return dump_agreement(agreement)
