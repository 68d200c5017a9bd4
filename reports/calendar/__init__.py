"""The reporting calendar (issue 11, "Reporting calendar and reminders"): what it stores and
renders, without the report archive (this package imports nothing of :mod:`reports.models`,
which imports its models).

- :mod:`~reports.calendar.models`: a user's calendar feed token (stored hashed) and the log of
  reminders sent (each once);
- :mod:`~reports.calendar.entries`: :class:`~reports.calendar.entries.DeadlineEntry`, one
  deadline with its status, as plain data;
- :mod:`~reports.calendar.tokens`: creating, renewing, revoking and finding feed tokens;
- :mod:`~reports.calendar.ics`: the iCalendar feed (the ``icalendar`` library).

Which deadlines a user sees and their status: :mod:`reports.deadlines`; the reminders:
:mod:`reports.reminders` (sent by the Celery beat task ``reports.tasks.send_deadline_reminders``).
"""
