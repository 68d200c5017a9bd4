"""The read-only API for funders' and municipal systems (issue 9, "API"; docs/api.md).

Django REST framework at ``/api/v1/``, its OpenAPI 3 schema (drf-spectacular) at
``/api/schema/`` and a browsable page at ``/api/docs/``:

- :mod:`~reports.api.access`: the base view (the DRF counterpart of
  :class:`locations.access.views.AccessMixin`: it activates the authenticated user's scope);
  :mod:`~reports.api.limits`: throttling and pagination;
- :mod:`~reports.api.figures`: an issued version's figures, read from its stored report
  object with the Excel ``data`` sheet's own row mapping;
- :mod:`~reports.api.serializers`, :mod:`~reports.api.views`, :mod:`~reports.api.urls`;
- :mod:`~reports.api.tokens`: creating and revoking API tokens (django-rest-knox: stored as a
  digest, never as the token), used by the admin (:mod:`~reports.api.admin`) and the
  ``api_token`` command.
"""
