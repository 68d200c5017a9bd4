"""What the API gives: agreements, issued report versions and their figures, read only.

Nothing personal is in any of them: no participant or volunteer, no name of who issued a
report or entered a figure (:data:`reports.api.figures.WITHHELD`). Field descriptions are
the API's documentation (the OpenAPI schema, docs/api.md).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement, AgreementParty, Party
from locations.models import Location
from reports.excel import DATA_COLUMNS
from reports.models import IssuedReport, ReportFile


def _absolute(serializer: serializers.BaseSerializer[Any], path: str) -> str:
    """``path`` as an absolute URL of the request being answered (a path without one)."""
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class AgreementPartySerializer(serializers.ModelSerializer[AgreementParty]):
    """A party of an agreement and its role in it."""

    code = serializers.CharField(
        source="party.code", read_only=True, help_text="The party's stable code, e.g. `ymere`."
    )
    name = serializers.CharField(source="party.name", read_only=True)
    kind = serializers.CharField(
        source="party.kind",
        read_only=True,
        help_text="`municipality`, `housing_corporation`, `fund`, `health_insurer`, ...",
    )

    class Meta:
        model = AgreementParty
        fields = ["code", "name", "kind", "is_funder", "is_signatory"]
        read_only_fields = fields


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    """An agreement (samenwerkingsafspraak) the user may see."""

    url = serializers.HyperlinkedIdentityField(view_name="api:agreement_detail")
    slug = serializers.CharField(
        read_only=True, help_text="The agreement's public name, `<region>-<year>`."
    )
    locations: serializers.SlugRelatedField[Location] = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="code",
        help_text="Codes of the agreement's locations the user reaches (a funder: those its "
        "party finances).",
    )
    parties = AgreementPartySerializer(many=True, read_only=True)
    issued_reports_url = serializers.SerializerMethodField(
        help_text="The issued report versions of this agreement the user may see."
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "url",
            "slug",
            "region",
            "region_name",
            "year",
            "title",
            "status",
            "signed_on",
            "locations",
            "parties",
            "issued_reports_url",
        ]
        read_only_fields = fields

    def get_issued_reports_url(self, agreement: Agreement) -> str:
        return _absolute(self, f"{reverse('api:issued_list')}?agreement={agreement.pk}")


class IssuedReportSerializer(serializers.ModelSerializer[IssuedReport]):
    """One issued version of a progress report: what it is, the hashes of its files and where
    to get them and its figures. An issued version never changes."""

    url = serializers.HyperlinkedIdentityField(view_name="api:issued_detail")
    agreement_slug = serializers.CharField(source="agreement.slug", read_only=True)
    party: serializers.SlugRelatedField[Party] = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Code of the party the version is issued to (null for the board).",
    )
    audience = serializers.CharField(
        read_only=True,
        help_text="Who it is issued to: `municipality`, `housing_corporation`, `funder` or "
        "`board`.",
    )
    period = serializers.CharField(
        read_only=True, help_text="`YYYY-Qn` (a quarter, counted year to date) or `YYYY`."
    )
    housing_only = serializers.SerializerMethodField(
        help_text="Only the indicators marked for housing corporations."
    )
    locations = serializers.SerializerMethodField(
        help_text="Codes of the locations the report covers."
    )
    pdf_url = serializers.SerializerMethodField(
        help_text="Download of the issued PDF (with the same token; recorded)."
    )
    xlsx_url = serializers.SerializerMethodField(
        help_text="Download of the issued Excel file (with the same token; recorded)."
    )
    figures_url = serializers.SerializerMethodField(help_text="The figures of this version.")

    class Meta:
        model = IssuedReport
        fields = [
            "id",
            "url",
            "agreement",
            "agreement_slug",
            "period",
            "audience",
            "party",
            "version",
            "issued_at",
            "software_version",
            "language",
            "housing_only",
            "locations",
            "pdf_url",
            "pdf_sha256",
            "xlsx_url",
            "xlsx_sha256",
            "figures_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "agreement": {"help_text": "The agreement's id (`/api/v1/agreements/<id>/`)."},
            "version": {"help_text": "1, 2, ...: issuing again makes the next version."},
            "software_version": {"help_text": "What built it, e.g. `bwk 0.1.0+abc123`."},
            "language": {"help_text": "The language the files were built in (`nl`, `en`)."},
            "pdf_sha256": {"help_text": "SHA-256 (hex) of the issued PDF."},
            "xlsx_sha256": {"help_text": "SHA-256 (hex) of the issued Excel file."},
        }

    def get_housing_only(self, issued: IssuedReport) -> bool:
        return bool(issued.options.get("housing_only", False))

    def get_locations(self, issued: IssuedReport) -> list[str]:
        return [str(code) for code in issued.options.get("locations", [])]

    def _file_url(self, issued: IssuedReport, file_format: str) -> str:
        path = reverse("api:issued_file", kwargs={"pk": issued.pk, "file_format": file_format})
        return _absolute(self, path)

    def get_pdf_url(self, issued: IssuedReport) -> str:
        return self._file_url(issued, ReportFile.Format.PDF)

    def get_xlsx_url(self, issued: IssuedReport) -> str:
        return self._file_url(issued, ReportFile.Format.XLSX)

    def get_figures_url(self, issued: IssuedReport) -> str:
        return _absolute(self, reverse("api:issued_figures", kwargs={"pk": issued.pk}))


@extend_schema_field(OpenApiTypes.NUMBER)
class NumberField(serializers.Field):
    """A figure as the Excel sheet holds it: a JSON number (whole numbers as integers) or
    null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return value


def _text(help_text: str) -> serializers.Field:
    return serializers.CharField(read_only=True, help_text=help_text)


def _date(help_text: str, null: bool = False) -> serializers.Field:
    return serializers.DateField(read_only=True, allow_null=null, help_text=help_text)


def _integer(help_text: str) -> serializers.Field:
    return serializers.IntegerField(read_only=True, allow_null=True, help_text=help_text)


#: Column of the ``data`` sheet -> how the API gives it (type and description: the sheet's,
#: docs/report-formats.md "The data sheet"). Every column of
#: :data:`reports.excel.DATA_COLUMNS` has an entry (a test says so).
FIGURE_FIELDS = {
    "location": lambda: _text("Location code (e.g. `cjm`); `all` for the totals block."),
    "section": lambda: _text("`EFFECT`, `OUTPUT`, `PROCES` or `INPUT`."),
    "indicator": lambda: _text("The indicator's stable code (e.g. `unique_total`)."),
    "category": lambda: _text(
        "PROCES rows: category codes joined with `+` (`social+activation`), `all` for the "
        "total unique participants row; empty for other sections."
    ),
    "description": lambda: _text("The indicator as stated in the agreement."),
    "method": lambda: _text(
        "Method code: `unique`, `jobs`, `count`, `count_of_referred`, `survey`, `interviews`, "
        "`budget`, `audit`."
    ),
    "target_text": lambda: _text(
        'The target as stated ("400", "> 10 op 20", "Positief"; "—" when none).'
    ),
    "target": lambda: NumberField(
        help_text='The target\'s value (10 for "> 10"); null for "Positief" or none.'
    ),
    "realised": lambda: NumberField(
        help_text="Realised year to date, in the target's unit (a share in percent, a mean "
        "score, a count or an entered estimate); null when not registrable."
    ),
    "period_start": lambda: _date("Start of `realised`: 1 January of the agreement year."),
    "period_end": lambda: _date("End of the period (e.g. 2019-06-30 for 2019-Q2)."),
    "realised_quarter": lambda: NumberField(
        help_text="The quarter alone (null for a full-year report)."
    ),
    "quarter_start": lambda: _date("Start of the quarter (null for a full-year report).", True),
    "expected_to_date": lambda: NumberField(help_text="Pro-rata share of the target."),
    "difference": lambda: NumberField(help_text="Realised minus target."),
    "status": lambda: _text(
        "`achieved`, `on_track`, `behind`, `below_target`, `above_target`, `not_recorded` or "
        "`no_target`."
    ),
    "housing_corporation": lambda: serializers.BooleanField(
        read_only=True, help_text="Of explicit interest to housing corporations."
    ),
    "realised_of": lambda: _integer('"X op Y" rows: Y, the number referred (`realised` is X).'),
    "realised_text": lambda: _text(
        'The realised figure as displayed: "12 op 18", "63%", "8,1", "Positief", "—".'
    ),
    "respondents": lambda: _integer("Survey rows: the respondents behind the result."),
    "entered_by": lambda: _text(
        "Always empty in the API (who entered a figure is personal data); kept so that the "
        "fields are the data sheet's columns."
    ),
    "entered_source": lambda: _text("Interviews/Controle rows: the source of the figure."),
    "previous_realised": lambda: NumberField(
        help_text="Year reports: `realised` of the same indicator code and location in the "
        "previous year's agreement (same organisation and region); null when there is none."
    ),
    "previous_realised_text": lambda: _text(
        "Year reports: the previous year's figure as displayed; empty when there is none."
    ),
}


class FigureSerializer(serializers.Serializer):
    """One figure of an issued version: one location (or `all`) and one indicator. The fields
    are the columns of the Excel `data` sheet, in its order (docs/report-formats.md)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        """One field per column of :data:`~reports.excel.DATA_COLUMNS`, in its order (a
        column appended to the sheet before it has an entry here is given as it is)."""
        return {
            column: FIGURE_FIELDS.get(column, serializers.ReadOnlyField)()
            for column in DATA_COLUMNS
        }
