"""The upload form of the browser import of registrations (docs/import-registrations.md)."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from locations.csv_import import size_errors
from registrations.importer import file_kind


class ImportUploadForm(forms.Form):
    """One file: a CSV export or an Excel workbook (.xlsx). ``clean_file`` refuses a file over
    ``settings.IMPORT_MAX_BYTES`` from its stated size, before any of it is read, and any
    other extension; ``cleaned_data["kind"]`` is then "csv" or "xlsx"."""

    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy("Een CSV-bestand (UTF-8) of een Excel-werkmap (.xlsx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        errors = size_errors(upload.size or 0)  # the stated size: nothing read yet
        if errors:
            raise forms.ValidationError(errors)
        kind = file_kind(upload.name or "")
        if kind is None:
            raise forms.ValidationError(
                _("Kies een CSV-bestand (.csv) of een Excel-werkmap (.xlsx).")
            )
        self.cleaned_data["kind"] = kind
        return upload


__all__ = ["ImportUploadForm", "file_kind"]
