"""PDF rendering: WeasyPrint wrapped once, and the progress report as PDF.

The PDF is a pure function of the :class:`~reports.selectors.ProgressReport`: rendering runs
no query and needs no scope, and the same report gives the same bytes (WeasyPrint writes no
creation date or file identifier; the date the PDF shows is ``report.generated_on``).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from weasyprint.urls import URLFetcher, URLFetcherResponse

from locations.periods import Period
from reports import chart_data
from reports.audience import Arrangement, arrange
from reports.charts import Chart
from reports.pdf_join import Part, join_parts
from reports.report import ProgressReport, VisitRow
from reports.summary import summary_rows
from reports.tables import municipality_tables

#: The base URL of every PDF: a host that never resolves (``.invalid``, RFC 2606), so a
#: relative link or a ``{% static %}`` path becomes a URL under it, which
#: :class:`StaticFilesFetcher` answers from the project's static files without any network.
PDF_BASE_URL = "https://bwk.invalid/"
#: Where the project's static files are, as WeasyPrint sees them (``/static/css/bwk.css``).
STATIC_BASE_URL = urljoin(PDF_BASE_URL, settings.STATIC_URL)
#: WeasyPrint's PDF variant for every PDF: PDF/UA-1, tagged for accessibility (issue 11).
PDF_VARIANT = "pdf/ua-1"
#: The cooperative's default logo (a static file), for an organisation without its own.
DEFAULT_LOGO = "img/report-logo.svg"
#: Past this many tables (rooms, room groups, totals) the PDF is rendered in parts of this
#: many tables each (:func:`progress_report_pdf`): WeasyPrint keeps every box of a document
#: until it is written, so one render of 100 rooms held about 900 MB (issue 13).
BLOCKS_PER_PART = 10


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint's URL fetcher restricted to the project's own static files (issue 10).

    A URL under :data:`STATIC_BASE_URL` is answered with the static file of that name found by
    Django's static file finders (``STATICFILES_DIRS`` and the apps' ``static/``); a
    ``data:`` URL is decoded as WeasyPrint does. Everything else raises ValueError, which
    WeasyPrint logs and skips (no image, stylesheet or attachment): no ``file://`` or plain
    path, no ``..`` out of the static files, no http(s), ftp or any other network access.
    """

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)  # the bytes are in the URL itself
        if not url.startswith(STATIC_BASE_URL):
            raise ValueError(f"only the project's static files may be fetched, not {url}")
        name = unquote(urlsplit(url).path).removeprefix(urlsplit(STATIC_BASE_URL).path)
        parts = PurePosixPath(name).parts
        if not parts or ".." in parts or name.startswith("/"):
            raise ValueError(f"not a static file name: {name}")
        found = finders.find(name)
        if not isinstance(found, str):
            raise ValueError(f"no static file {name}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(html: str) -> bytes:
    """Render an HTML document to PDF bytes with WeasyPrint, as a tagged PDF/UA-1
    (:data:`PDF_VARIANT`: the structure tree, the document's language and title, so screen
    readers can read it; ``pdfinfo`` says "Tagged: yes").

    Links resolve against :data:`PDF_BASE_URL` and are fetched by
    :class:`StaticFilesFetcher`: only the project's static files reach the PDF, never a local
    file or the network. The only place WeasyPrint renders, so a rendering change happens here
    once (the parts of a long report are laid out by :func:`_layout`, the same setup).
    """
    return _layout(html).write_pdf(pdf_variant=PDF_VARIANT)


def progress_report_html(report: ProgressReport) -> str:
    """The HTML of the PDF (template ``reports/progress_pdf.html``) for ``report``, arranged
    for its audience (:func:`reports.audience.arrange`), as one document; reads nothing but
    the report (no query)."""
    return _single_html(_context(report))


def _single_html(context: dict[str, Any]) -> str:
    """The PDF's HTML as one document, from the template ``context`` of :func:`_context`."""
    return render_to_string(
        "reports/progress_pdf.html",
        {
            **context,
            "front": True,
            "tail": True,
            "numbered_blocks": _numbered(context["blocks"]),
            "contents": [(anchor, title, None, False) for anchor, title in context["contents"]],
        },
    )


def _context(report: ProgressReport) -> dict[str, Any]:
    """What every part of the PDF's template reads of ``report`` (no query)."""
    period: Period = report.period
    arrangement = arrange(report)
    status_label, status_note = status_mark(report)
    return {
        "report": report,
        "period": period,
        "arrangement": arrangement,
        "blocks": arrangement.blocks,
        "visit_groups": _visit_groups(report),
        "items": report.municipality,
        "item_tables": municipality_tables(report.municipality),
        "page_label": _("Pagina"),
        "of_label": _("van"),
        "financial": report.financial,
        "status_label": status_label,
        "status_note": status_note,
        "logo_src": report.logo or urljoin(STATIC_BASE_URL, DEFAULT_LOGO),
        "summary": summary_rows(report, arrangement),
        "contents": contents(report, arrangement),
        "summary_charts": summary_charts(arrangement, report),
        "repeat_location": True,
    }


def _numbered(blocks: Sequence[Any], start: int = 1) -> list[tuple[int, Any]]:
    """``blocks`` with their number in the whole PDF (the anchor ``blok-<n>``)."""
    return list(enumerate(blocks, start=start))


def status_mark(report: ProgressReport) -> tuple[str, str]:
    """The PDF's status mark and its explanation (Dutch): "Definitief" for a report issued
    over a closed period (``report.final``: :func:`reports.issuing.period_is_closed`),
    otherwise "Concept" (built on the fly, e.g. the progress page's download or
    ``build_report``, or issued while the period is still open)."""
    if report.final:
        return _("Definitief"), _(
            "Uitgegeven over een afgesloten periode: de cijfers veranderen niet meer."
        )
    return _("Concept"), _(
        "De periode is nog niet afgesloten (of de rapportage is niet uitgegeven): de cijfers "
        "kunnen nog veranderen."
    )


def contents(report: ProgressReport, arrangement: Arrangement) -> list[tuple[str, str]]:
    """The table of contents of the PDF: (anchor id, title) of every section the PDF has,
    in order; the page numbers are filled in by WeasyPrint (``target-counter``)."""
    entries: list[tuple[str, str]] = []
    if arrangement.housing_section:
        entries.append(("woonmaatschappelijk-werk", _("Woonmaatschappelijk werk")))
    entries.append(("samenvatting", _("Samenvatting")))
    for number, block in enumerate(arrangement.blocks, start=1):
        title = f"{_('Totaal')}: {block.name}" if block.is_total else block.name
        entries.append((f"blok-{number}", title))
    entries.append(("bezoeken", _("Bezoeken")))
    if report.municipality:
        entries.append(("gemeente", _("Voor de gemeente")))
    if report.financial:
        entries.append(("financien", _("Financiën")))
        entries.append(("verschillen", _("Verschillen met de bron (bijlage)")))
    if arrangement.internal_notes is not None:
        entries.append(("interne-notities", _("Interne notities")))
    if arrangement.narratives:
        entries.append(("verhalen", _("Verhalen uit de buurtwerkkamers")))
    return entries


def summary_charts(arrangement: Arrangement, report: ProgressReport) -> list[Chart]:
    """The charts of the PDF's summary page (issue 11, "a short summary page with the
    charts"): progress per indicator against the pro-rata target of the arranged totals
    block (the only block when the report has one location), and budget versus actual per
    location when the report has a financial section; the same images as on the web page
    (:mod:`reports.chart_data`). Reads nothing but the report (no query)."""
    charts: list[Chart] = []
    blocks = list(arrangement.blocks)
    block = next((b for b in blocks if b.is_total), blocks[0] if blocks else None)
    if block is not None:
        progress = chart_data.progress_block_chart(block.block)
        if progress is not None:
            charts.append(progress)
    budget = chart_data.report_budget_chart(report)
    if budget is not None:
        charts.append(budget)
    return charts


def progress_report_pdf(report: ProgressReport, *, blocks_per_part: int = BLOCKS_PER_PART) -> bytes:
    """The progress report as an A4 PDF: title page, one table per location, the totals
    table over the locations, the visits table, the municipality's items (a)-(d) and the
    financial section with its appendix (when the report has one); for an issued report
    arranged for its audience (docs/report-formats.md "Report per audience"). No query; the
    same report gives the same bytes.

    A report of more than ``blocks_per_part`` tables (rooms, groups and totals) is rendered
    in parts, so WeasyPrint's memory stays that of one part (issue 13): the title page and
    summary, the tables ``blocks_per_part`` at a time, then the rest (visits, municipality,
    narratives, financial section), joined into one PDF by :func:`reports.pdf_join.join_parts`
    with the same pages, page numbers, table of contents, links, outline, tags and metadata
    as a single render would have.
    """
    context = _context(report)
    blocks = list(context["blocks"])
    if len(blocks) <= blocks_per_part:
        return render_pdf(_single_html(context))
    return _parted_pdf(context, blocks, blocks_per_part)


def _parted_pdf(context: dict[str, Any], blocks: list[Any], per_part: int) -> bytes:
    """The PDF of the template's ``context`` in parts (:func:`progress_report_pdf`): the
    tables and the rest are rendered first, so the front's table of contents can state their
    page numbers; the front is laid out once to count its pages, then rendered with them."""
    template = "reports/progress_pdf.html"
    body: list[tuple[Part, dict[str, int]]] = []
    for start in range(0, len(blocks), per_part):
        chunk = _numbered(blocks[start : start + per_part], start=start + 1)
        body.append(
            _render_part(
                render_to_string(template, {**context, "stamped": True, "numbered_blocks": chunk})
            )
        )
    body.append(
        _render_part(render_to_string(template, {**context, "stamped": True, "tail": True}))
    )
    elsewhere: dict[str, int] = {}  # anchor: its page counted from the first body page (0)
    offset = 0
    for part, anchors in body:
        for name, page in anchors.items():
            elsewhere.setdefault(name, offset + page)
        offset += len(part.heights)

    def front(own: dict[str, int], front_pages: int) -> str:
        """The front's HTML, its table of contents numbered for ``front_pages`` pages with
        the front's own sections on the pages of ``own``."""
        entries = []
        for anchor, title in context["contents"]:
            if anchor in elsewhere:
                entries.append((anchor, title, front_pages + elsewhere[anchor] + 1, True))
            else:
                entries.append((anchor, title, own.get(anchor, 0) + 1, False))
        return render_to_string(
            template, {**context, "stamped": True, "front": True, "contents": entries}
        )

    document = _layout(front({}, 0))
    for _attempt in range(3):  # the numbers' width may move a line: then lay out again
        laid_out = (_page_anchors(document), len(document.pages))
        document = _layout(front(*laid_out))
        if (_page_anchors(document), len(document.pages)) == laid_out:
            break
    placeholders = frozenset(name for name in _page_anchors(document) if name in elsewhere)
    parts = [replace(_written(document), placeholders=placeholders), *(p for p, _a in body)]
    total = sum(len(part.heights) for part in parts)
    numbers = render_pdf(
        render_to_string(
            "reports/progress_pdf_numbers.html",
            {
                "title": f"{context['report'].agreement_title} · {context['period'].label}",
                "language": get_language() or "nl",
                "pages": range(total),
                "page_label": context["page_label"],
                "of_label": context["of_label"],
            },
        )
    )
    return join_parts(parts, numbers=numbers)


def _layout(html: str) -> Any:
    """WeasyPrint's laid-out document of ``html`` (not yet written): links against
    :data:`PDF_BASE_URL`, fetched by :class:`StaticFilesFetcher`, as :data:`PDF_VARIANT`."""
    from weasyprint import HTML

    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesFetcher()).render(
        pdf_variant=PDF_VARIANT
    )


def _written(document: Any) -> Part:
    """A laid-out WeasyPrint ``document`` written as a :class:`Part`."""
    return Part(
        pdf=document.write_pdf(pdf_variant=PDF_VARIANT),
        bookmarks=[list(page.bookmarks) for page in document.pages],
        heights=[page.height for page in document.pages],
    )


def _page_anchors(document: Any) -> dict[str, int]:
    """Each anchor of a laid-out ``document`` and the index of its first page."""
    found: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            found.setdefault(name, index)
    return found


def _render_part(html: str) -> tuple[Part, dict[str, int]]:
    """One part of a PDF rendered in parts: written, with its anchors' page indexes; only
    the written bytes and a few numbers outlive the call (WeasyPrint's boxes are freed)."""
    document = _layout(html)
    return _written(document), _page_anchors(document)


def _visit_groups(report: ProgressReport) -> list[tuple[str, list[VisitRow]]]:
    """Visit rows grouped by location name, in report order (totals last)."""
    groups: dict[str, list[VisitRow]] = {}
    for row in report.visits:
        groups.setdefault(row.location_name, []).append(row)
    return list(groups.items())
