"""PDF rendering: WeasyPrint wrapped once, and the progress report as PDF.

The PDF is a pure function of the :class:`~reports.selectors.ProgressReport`: rendering runs
no query and needs no scope, and the same report gives the same bytes (WeasyPrint writes no
creation date or file identifier; the date the PDF shows is ``report.generated_on``).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from locations.periods import Period
from reports.audience import arrange
from reports.report import ProgressReport, VisitRow
from reports.tables import municipality_tables


def render_pdf(html: str, base_url: str) -> bytes:
    """Render an HTML document to PDF bytes with WeasyPrint.

    ``base_url`` resolves relative links (stylesheets, images). The only place WeasyPrint is
    imported, so a rendering change happens here once.
    """
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def progress_report_html(report: ProgressReport) -> str:
    """The HTML of the PDF (template ``reports/progress_pdf.html``) for ``report``, arranged
    for its audience (:func:`reports.audience.arrange`); reads nothing but the report (no
    query)."""
    period: Period = report.period
    arrangement = arrange(report)
    return render_to_string(
        "reports/progress_pdf.html",
        {
            "report": report,
            "period": period,
            "arrangement": arrangement,
            "blocks": arrangement.blocks,
            "visit_groups": _visit_groups(report),
            "items": report.municipality,
            "item_tables": municipality_tables(report.municipality),
            "page_label": _("pagina"),
            "of_label": _("van"),
            "financial": report.financial,
        },
    )


def progress_report_pdf(report: ProgressReport) -> bytes:
    """The progress report as an A4 PDF: title page, one table per location, the totals
    table over the locations, the visits table, the municipality's items (a)-(d) and the
    financial section with its appendix (when the report has one); for an issued report
    arranged for its audience (docs/report-formats.md "Report per audience"). No query; the
    same report gives the same bytes."""
    return render_pdf(progress_report_html(report), base_url=str(settings.BASE_DIR))


def _visit_groups(report: ProgressReport) -> list[tuple[str, list[VisitRow]]]:
    """Visit rows grouped by location name, in report order (totals last)."""
    groups: dict[str, list[VisitRow]] = {}
    for row in report.visits:
        groups.setdefault(row.location_name, []).append(row)
    return list(groups.items())
