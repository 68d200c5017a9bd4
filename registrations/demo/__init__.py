"""Realistic demo registrations for one agreement year (``generate_demo_registrations``).

For each location of the agreement: pseudonymous participants ("CJM-0001", some with a
nickname), a weekly rhythm of sessions per category, a core of weekly regulars and many
occasional visitors, quieter summer and Christmas weeks, anonymous walk-ins, and jobs.
Unique participants per category and in total land at about 1.5 times the location's targets
(the 2019 evaluation found the rooms about 50% above target, DOMAIN.md); a few participants
also visit a second location.

Then everything else coordinators record (volunteers, key holders, groups, hours, association
members, referrals, placements, paid work, minima applications, debt support, partners,
surveys, entered Interviews and Controle results): see :mod:`registrations.demo.records`.

Deterministic for a seed: one ``random.Random(seed)``, stable ordering. Everything made is
marked ``is_demo``; a new run first deletes the demo rows of that year and those locations.

No history, on purpose: unlike every other write of registrations (which keep history, also
in bulk: :func:`registrations.tracking.bulk_create_tracked`), the demo generator writes with
plain ``bulk_create`` and deletes with raw deletes, so demo data leaves no historical rows. A
run writes tens of thousands of fake rows (about 63,000 attendances and 12,000 hours rows for
the two Zuidoost years); history would double that work and fill the Geschiedenis pages with
generated noise. So a demo participant's history page shows nothing; its ``is_demo`` flag
tells it apart (README, "History").

The parts:

- :mod:`~registrations.demo.generate`: :func:`generate_demo_registrations` (one run, one
  transaction) and deleting the previous run's rows;
- :mod:`~registrations.demo.participants`: participants, sessions with attendances, jobs;
- :mod:`~registrations.demo.records`: the records generator and the records' delete, built
  from :mod:`~registrations.demo.base` (state, helpers), :mod:`~registrations.demo.volunteers`,
  :mod:`~registrations.demo.referrals` and :mod:`~registrations.demo.surveys`;
- :mod:`~registrations.demo.common`: nicknames, open days and quiet weeks, code prefixes.
"""

from registrations.demo.generate import (
    DEMO_MODELS,
    DemoResult,
    delete_demo,
    generate_demo_registrations,
    refresh_statistics,
)
from registrations.demo.participants import LocationTargets, location_targets
from registrations.demo.records import RECORD_MODELS, RecordsGenerator, delete_demo_records

__all__ = [
    "DEMO_MODELS",
    "RECORD_MODELS",
    "DemoResult",
    "LocationTargets",
    "RecordsGenerator",
    "delete_demo",
    "delete_demo_records",
    "generate_demo_registrations",
    "location_targets",
    "refresh_statistics",
]
