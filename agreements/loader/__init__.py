"""Loading agreement files (data/agreements/*.yaml, format in docs/agreement-format.md).

:func:`load_agreement_files` checks every file completely first and loads nothing when any
problem is found (:class:`LoaderError` lists them all, each with file, line and column); a
valid set of files is loaded in one transaction, idempotently.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from agreements.loader.schema import read_agreement
from agreements.loader.source import LoaderError, NodeReader, Problem
from agreements.loader.specs import AgreementSpec
from agreements.loader.writer import Counts, LoadSummary, link_offers, write_agreement
from locations.access import system_scope

__all__ = [
    "AgreementSpec",
    "Counts",
    "LoadSummary",
    "LoaderError",
    "Problem",
    "load_agreement_files",
    "load_agreement_specs",
    "read_agreement_files",
]


def read_agreement_files(paths: Iterable[str | Path]) -> list[AgreementSpec]:
    """Check agreement files without touching the database.

    Returns one :class:`AgreementSpec` per path, in order. Raises :class:`LoaderError` with
    every problem of every file, also when two files describe the same agreement
    (organisation, region, year and kind).
    """
    problems: list[Problem] = []
    specs: list[AgreementSpec] = []
    first_file: dict[tuple[str, str, int, str], str] = {}
    for path in paths:
        reader = NodeReader(str(path))
        root = reader.compose(Path(path))
        spec = read_agreement(reader, root) if root is not None else None
        problems.extend(reader.problems)
        if spec is None:
            continue
        if spec.key in first_file:
            problems.append(
                Problem(
                    spec.file,
                    None,
                    None,
                    "",
                    _("beschrijft dezelfde afspraak (%(slug)s) als %(other)s")
                    % {"slug": spec.slug, "other": first_file[spec.key]},
                )
            )
        first_file.setdefault(spec.key, spec.file)
        specs.append(spec)
    if problems:
        raise LoaderError(problems)
    return specs


@system_scope()  # system code: loads for no user
def load_agreement_files(*, paths: Iterable[str | Path]) -> list[LoadSummary]:
    """Check, then load agreement files: all of them in one transaction, or none.

    Returns a :class:`LoadSummary` per file. Raises :class:`LoaderError` when any file has a
    problem (nothing is written) or when a row to remove is still in use (rolled back).
    """
    return load_agreement_specs(read_agreement_files(paths))


@system_scope()  # system code: loads for no user
def load_agreement_specs(specs: list[AgreementSpec]) -> list[LoadSummary]:
    """Load agreement files already checked by :func:`read_agreement_files` (``specs``, as it
    returned them; for a caller that looks at the specs before loading, e.g. the upload page,
    without reading the files again): all of them in one transaction, or none.

    Returns a :class:`LoadSummary` per spec. Raises :class:`LoaderError` when a row to remove
    is still in use (rolled back).
    """
    with transaction.atomic():
        summaries = [write_agreement(spec) for spec in specs]
        link_offers(specs)
        return summaries
