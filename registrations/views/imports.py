"""The browser import of registrations: upload, preview, import all or nothing (issue 14).

The same named interface, rules and code as ``manage.py import_registrations``
(:mod:`registrations.importer`, docs/import-registrations.md), for one room at a time:

- ``/registratie/import/`` opens the upload page of the user's (remembered) room;
- ``/registratie/import/<location>/``: upload a CSV file or an Excel workbook (.xlsx);
- ``/registratie/import/<location>/<token>/``: the preview of every row with every problem
  next to its line (paginated, every bad row listed); POST imports everything or nothing;
- ``/registratie/import/<location>/sjabloon.csv`` and ``sjabloon.xlsx``: the template files.

The uploaded file is held between preview and import in the default storage under
``imports/`` (:data:`PENDING_SESSION_KEY` in the uploader's session names it with its room,
kind and SHA-256); no row data travels in the form. The import step reads the stored file
again, checks its hash and checks every row again. Access: the register/add permission on the
room (:mod:`locations.access`): another room answers 404, the board 403, funders 404.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.csv_import import ImportFailed, size_errors
from locations.models import Location
from registrations.forms.imports import ImportUploadForm
from registrations.import_template import COLUMNS, template_csv, template_xlsx
from registrations.importer import (
    COLUMN_HELP,
    PreviewRow,
    import_registrations,
    preview_registrations,
)
from registrations.views.common import chosen_location, remember_location

#: Session key: token -> the held upload {"path", "sha256", "location", "kind", "name"}.
PENDING_SESSION_KEY = "registrations_imports"
#: Rows per preview page (every bad row is listed on each page regardless).
PREVIEW_PAGE_ROWS = 100
#: Bytes a multipart request may hold on top of the file (the form's other fields).
_FORM_OVERHEAD_BYTES = 65_536


def upload_url(location: Location) -> str:
    """The import's upload page of ``location``."""
    return reverse("registrations:import_upload", args=[location.pk])


class ImportRedirectView(AccessMixin, View):
    """``/registratie/import/``: redirect to the upload page of the remembered (or first)
    room the user may register at; 403 when there is none."""

    access_area = Area.REGISTRATION
    access_actions = {"get": Action.ADD}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        locations = list(self.scope.locations(Action.ADD, Area.REGISTRATION))
        if not locations:
            raise PermissionDenied(self.denied_message())
        return HttpResponseRedirect(upload_url(chosen_location(request, locations)))


class _RoomImportView(AccessMixin, View):
    """A page of the import at the room of the URL: 404 when the user cannot see it, 403 when
    they may not register there (GET and POST both need the add permission)."""

    access_area = Area.REGISTRATION
    access_actions = {"get": Action.ADD, "post": Action.ADD}

    def get_target(self) -> Location:
        self.location = self.find(Location.objects.all(), pk=self.kwargs["location_id"])
        return self.location


class ImportUploadView(_RoomImportView):
    """Upload a file; a good upload is stored and the user sent to its preview."""

    template_name = "registrations/import/upload.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        remember_location(request, self.location)
        return self._render(ImportUploadForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.IMPORT_MAX_BYTES + _FORM_OVERHEAD_BYTES:
            # the body is not read: far too large
            return self._render(ImportUploadForm(), status=413, errors=size_errors(length))
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form, status=400)
        token = _hold(request, self.location, form.cleaned_data["file"], form.cleaned_data["kind"])
        return HttpResponseRedirect(
            reverse("registrations:import_preview", args=[self.location.pk, token])
        )

    def _render(
        self, form: ImportUploadForm, status: int = 200, errors: list[str] | None = None
    ) -> HttpResponse:
        context = {
            "location": self.location,
            "form": form,
            "errors": [*(errors or []), *form.non_field_errors()],
            "columns": [(name, COLUMN_HELP[name]) for name in COLUMNS],
            "max_mib": settings.IMPORT_MAX_BYTES // 1_048_576,
        }
        return render(self.request, self.template_name, context, status=status)


def _hold(request: HttpRequest, location: Location, upload: UploadedFile, kind: str) -> str:
    """Store ``upload`` under ``imports/`` and remember it in the session; return its token."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    token = secrets.token_urlsafe(16)
    path = default_storage.save(f"imports/{token}.{kind}", upload)
    pending = dict(request.session.get(PENDING_SESSION_KEY, {}))
    for earlier, entry in list(pending.items()):  # a new upload replaces the room's last one
        if entry["location"] == location.pk:
            default_storage.delete(entry["path"])
            del pending[earlier]
    pending[token] = {
        "path": path,
        "sha256": digest.hexdigest(),
        "location": location.pk,
        "kind": kind,
        "name": upload.name,
        "user": request.user.pk,
    }
    request.session[PENDING_SESSION_KEY] = pending
    return token


class ImportPreviewView(_RoomImportView):
    """GET: the preview of a held upload (``?pagina=N``); POST: import it all or nothing.

    404 for a token this user's session does not hold for this room, or a stored file whose
    hash changed. After an import the held file is deleted and the user sent to the upload
    page with the summary; a file with any problem imports nothing and is shown again.
    """

    template_name = "registrations/import/preview.html"

    def _pending(self) -> dict[str, Any]:
        entry = self.request.session.get(PENDING_SESSION_KEY, {}).get(self.kwargs["token"])
        if (
            entry is None
            or entry["location"] != self.location.pk
            or entry["user"] != self.request.user.pk
        ):
            raise Http404(_("Deze upload bestaat niet (meer); upload het bestand opnieuw."))
        return entry

    def _open(self, entry: dict[str, Any]) -> BinaryIO:
        try:
            file = default_storage.open(entry["path"], "rb")
        except OSError as error:
            raise Http404(
                _("Deze upload bestaat niet (meer); upload het bestand opnieuw.")
            ) from error
        digest = hashlib.sha256()
        for chunk in iter(lambda: file.read(65_536), b""):
            digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            file.close()
            raise Http404(_("Het bewaarde bestand is veranderd; upload het opnieuw."))
        file.seek(0)
        return cast(BinaryIO, file)  # a storage File proxies read, seek and tell

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(self._pending())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = self._pending()
        with self._open(entry) as file:
            try:
                result = import_registrations(
                    file, user=request.user, kind=entry["kind"], location=self.location
                )
            except ImportFailed:
                messages.error(
                    request, _("Er is niets geïmporteerd: los eerst de problemen hieronder op.")
                )
                return self._render(entry, status=400)
        _forget(request, self.kwargs["token"], entry)
        messages.success(
            request,
            _(
                "Geïmporteerd uit %(file)s: %(created)d activiteiten aangemaakt, "
                "%(updated)d bijgewerkt, %(unchanged)d ongewijzigd; %(attendances)d "
                "deelnames toegevoegd; %(participants)d deelnemers aangemaakt; "
                "%(anonymous)d anonieme bezoeken."
            )
            % {
                "file": entry["name"],
                "created": result.sessions_created,
                "updated": result.sessions_updated,
                "unchanged": result.sessions_unchanged,
                "attendances": result.attendances_added,
                "participants": result.participants_created,
                "anonymous": result.anonymous_visits,
            },
        )
        return HttpResponseRedirect(upload_url(self.location))

    def _render(self, entry: dict[str, Any], status: int = 200) -> HttpResponse:
        try:
            page_number = max(1, int(self.request.GET.get("pagina", "1")))
        except ValueError:
            page_number = 1
        file_errors: list[str] = []
        preview = None
        with self._open(entry) as file:
            try:
                preview = preview_registrations(
                    file,
                    location=self.location,
                    kind=entry["kind"],
                    first=(page_number - 1) * PREVIEW_PAGE_ROWS,
                    count=PREVIEW_PAGE_ROWS,
                )
            except ImportFailed as failure:
                file_errors = failure.errors
        page = None
        if preview is not None:
            page = Paginator(range(preview.total), PREVIEW_PAGE_ROWS).get_page(page_number)
            if page.number != page_number and self.request.method == "GET":  # past the last page
                return HttpResponseRedirect(f"{self.request.path}?pagina={page.number}")
        context = {
            "location": self.location,
            "name": entry["name"],
            "rows": [_cells(row) for row in preview.rows] if preview else [],
            "bad": [_cells(row) for row in preview.bad] if preview else [],
            "columns": COLUMNS,
            "file_errors": file_errors,
            "preview": preview,
            "page": page,
            "importable": preview is not None and not preview.bad and preview.total > 0,
        }
        return render(self.request, self.template_name, context, status=status)


def _cells(row: PreviewRow) -> tuple[int, list[str], list[str]]:
    """A preview row for the template: (line, the cells in :data:`COLUMNS` order, problems)."""
    return row.line, [row.cells.get(name, "") for name in COLUMNS], row.problems


def _forget(request: HttpRequest, token: str, entry: dict[str, Any]) -> None:
    """Delete a held upload and its session entry."""
    default_storage.delete(entry["path"])
    pending = dict(request.session.get(PENDING_SESSION_KEY, {}))
    pending.pop(token, None)
    request.session[PENDING_SESSION_KEY] = pending


class ImportTemplateView(_RoomImportView):
    """The template file (``kind`` "csv" or "xlsx") with the room's code in its example row
    (dated today)."""

    access_actions = {"get": Action.ADD}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        today = timezone.localdate()
        if self.kwargs["kind"] == "xlsx":
            data = template_xlsx(self.location, today)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            data = template_csv(self.location, today)
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(data, content_type=content_type)
        name = f"{_('deelnames')}-{self.location.code}.{self.kwargs['kind']}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
