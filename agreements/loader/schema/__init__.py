"""The agreement file format (docs/agreement-format.md) as checks that build plain specs.

:func:`read_agreement` walks one composed file with a :class:`NodeReader`, reports every
problem it finds and returns an :class:`AgreementSpec`: plain, already validated values that
the writer puts into the database without further checks. The keys other apps add to the
file (the budget sections) are checked by their registered file sections
(:mod:`agreements.loader.sections`), after the loader's own checks.

One module per topic: :mod:`~agreements.loader.schema.agreement` (the top-level keys,
organisation, locations and parties, and :func:`read_agreement` itself),
:mod:`~agreements.loader.schema.indicators` (indicators, categories and targets),
:mod:`~agreements.loader.schema.deadlines` (reporting deadlines); the checks they share
(unique codes, known location codes) in :mod:`~agreements.loader.schema.common`.
"""

from agreements.loader.schema.agreement import FORMAT_VERSION, read_agreement

__all__ = ["FORMAT_VERSION", "read_agreement"]
