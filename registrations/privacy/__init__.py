"""Privacy by design (AVG; issue 10, "Privacy by design"): what of a participant or volunteer
is personal, removing it when the retention period has passed or on the person's request,
and exporting everything about one person.

- :mod:`~registrations.privacy.personal`: the one table of personal fields (which field of
  which record refers to a person and is removed) and :func:`erase_people`, which blanks
  them in the live rows and in the history tables and writes the register
  (:class:`registrations.models.Erasure`);
- :mod:`~registrations.privacy.retention`: who has been inactive for the retention period
  (``BWK_RETENTION_MONTHS``) and the run of the nightly task (:mod:`registrations.tasks`);
- :mod:`~registrations.privacy.subject`: a data subject's requests, for the board and admins:
  the export of everything about one person and the erasure on request.

Counts stay reproducible: no row is deleted and no code, date, category, kind, link or number
changes; only free text that describes the person (nickname, notes, the agency that referred
them, what a job at their home was) is emptied. The pseudonymous row stays, the person is
gone (DOMAIN.md, Privacy).
"""
