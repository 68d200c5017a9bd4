"""Narratives per location and quarter (issue 11, "The board steers on it"): what a
coordinator writes beside the figures (highlights, a resident's story, points of attention),
edited and approved by the board, and shown in that quarter's report.

- :mod:`~reports.narratives.models`: :class:`~reports.narratives.models.Narrative`, its
  history (django-simple-history);
- :mod:`~reports.narratives.services`: every write (save, submit, approve), with the rules:
  no BSN, a warning on contact details, nothing written in a closed period;
- :mod:`~reports.narratives.forms`: the page form.

This package imports nothing of :mod:`reports.models` (which imports it): the report object
reads approved narratives through :func:`reports.narratives.services.approved_narratives`.
"""
