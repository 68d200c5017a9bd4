"""The PDF a municipality can publish (issue 11): tagged PDF/UA-1, the organisation's logo, a
status mark, a summary page, "Pagina n van m", a table of contents, no near-empty page and no
row without its room. One PDF is built (a PDF build costs seconds); the rest reads the HTML.
"""

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from agreements.models import PeriodClosure
from locations.periods import Period
from reports.issuing import period_is_closed
from reports.pdf import progress_report_html, progress_report_pdf, status_mark
from reports.selectors import progress_report
from reports.selectors.progress import organisation_logo

pytestmark = pytest.mark.usefixtures("system")

#: A page with fewer text lines than this (the footer and the status mark included) is
#: near-empty: a table's last row or a short section pushed onto a page of its own.
MIN_LINES = 8


def _png(colour: str = "red") -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 20), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def published(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    organisation = world.agreement.organisation
    organisation.logo.save("a.png", ContentFile(_png()), save=True)
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    pdf = progress_report_pdf(report)
    return report, pdf, PdfReader(BytesIO(pdf))


def test_the_pdf_is_tagged_pdf_ua_1(published, tmp_path):
    _report, pdf, reader = published
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in metadata
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "poppler-utils' pdfinfo is installed by bin/setup --test"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.MULTILINE)
    assert re.search(r"^Title:\s+Samenwerkingsafspraken Amsterdam Zuidoost 2019", info.stdout, re.M)


def test_footer_contents_summary_and_full_pages(published):
    report, _pdf, reader = published
    pages = [page.extract_text() for page in reader.pages]
    count = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Pagina {number} van {count}" in text
        assert "CONCEPT" in text  # built on the fly: a concept, on every page
        lines = [line for line in text.splitlines() if line.strip()]
        assert len(lines) >= MIN_LINES, (number, lines)
    # The table of contents names every section with the page it starts on.
    contents = pages[1]
    assert "Inhoud" in contents and "Samenvatting" in contents
    expected = {
        "Samenvatting": 2,
        "a Noord": 3,
        "a Zuid": 4,
        "Totaal: Alle buurtwerkkamers samen": 5,
        "Bezoeken": 6,
        "Voor de gemeente": 7,
    }
    for title, page in expected.items():
        assert re.search(rf"{re.escape(title)}\s*\.+\s*{page}\b", contents), title
        assert title.split(":")[0] in pages[page - 1]
    # The summary's key figures are the report's own: total unique 3 of 500 at noord,
    # 4 over both rooms together (a person counts once), target 850.
    summary = " ".join(
        contents[contents.index("Samenvatting", contents.index("Inhoud") + 20) :].split()
    )
    assert "a Noord 3 500" in summary
    assert "Totaal: Alle buurtwerkkamers samen 4 850" in summary
    assert report.totals.name in summary


def test_the_organisations_logo_is_on_the_title_page(published):
    report, _pdf, reader = published
    assert report.logo.startswith("data:image/png;base64,")
    images = list(reader.pages[0].images)
    assert len(images) == 1
    assert images[0].image.size == (40, 20)


def test_without_a_logo_the_default_logo_and_bad_files_are_left_out(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    organisation = world.agreement.organisation
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    assert report.logo == ""
    assert 'src="https://bwk.invalid/static/img/report-logo.svg"' in progress_report_html(report)
    assert 'alt="Logo Coöperatie a"' in progress_report_html(report)
    organisation.logo.save("big.png", ContentFile(b"x" * (512 * 1024 + 1)), save=True)
    assert organisation_logo(organisation) == ""  # too large to embed
    organisation.logo.name = "logos/gone.png"
    assert organisation_logo(organisation) == ""  # missing from storage


def test_status_mark():
    report = type("R", (), {"final": False})()
    assert status_mark(report)[0] == "Concept"
    report.final = True
    assert status_mark(report)[0] == "Definitief"


def test_the_html_marks_a_final_report(world):
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    html = progress_report_html(replace(report, final=True))
    assert '<div class="status-mark final">Definitief</div>' in html
    assert "CONCEPT" not in html and "Concept" not in html


def _close(agreement, code, start, end, reopened=False):
    PeriodClosure.objects.create(
        agreement=agreement,
        period=code,
        starts_on=start,
        ends_on=end,
        closed_at=timezone.now(),
        reopened_at=timezone.now() if reopened else None,
        reopen_reason="Correctie" if reopened else "",
    )


def test_a_period_is_closed_when_every_day_to_its_end_is(world):
    agreement = world.agreement
    q2, year = Period(2019, 2), Period(2019)
    assert not period_is_closed(agreement, q2)
    _close(agreement, "2019-Q2", date(2019, 4, 1), date(2019, 6, 30))
    assert not period_is_closed(agreement, q2)  # Q1 still open: its figures count in Q2
    _close(agreement, "2019-Q1", date(2019, 1, 1), date(2019, 3, 31), reopened=True)
    assert not period_is_closed(agreement, q2)  # a reopened closure closes nothing
    _close(agreement, "2019-Q1", date(2019, 1, 1), date(2019, 3, 31))
    assert period_is_closed(agreement, q2)
    assert period_is_closed(agreement, Period(2019, 1))
    assert not period_is_closed(agreement, year)
    _close(agreement, "2019", date(2019, 1, 1), date(2019, 12, 31))
    assert period_is_closed(agreement, year)
    assert not period_is_closed(
        world.other_agreement, q2
    )  # another agreement's closures do not count


def test_every_visits_and_partner_row_names_its_room(world):
    """The 2021-Q2 case: a visits row carried to the next page showed no room. Every row now
    names its room, and each room's rows are kept together (one ``tbody`` each)."""
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    html = progress_report_html(report)
    visits = html[
        html.index('<table class="visits">') : html.index(
            "</table>", html.index('<table class="visits">')
        )
    ]
    bodies = visits.split("<tbody>")[1:]
    assert len(bodies) == len(report.locations) + 1  # one per room, and the totals
    names = [*(block.name for block in report.locations), "Totaal"]
    for body, name in zip(bodies, names, strict=True):
        cells = re.findall(r"<tr[^>]*>\s*<td>([^<]*)</td>", body)
        assert cells and all(cell == name for cell in cells), (name, cells)


def test_the_summary_page_has_the_charts_with_their_figures(published):
    """Issue 11: the summary page carries the charts (reports.pdf.summary_charts: the
    totals' progress against the pro-rata target; the budget per room when there is one),
    each an image with its figures as a table beside it."""
    report, _pdf, reader = published
    html = progress_report_html(report)
    summary = html[html.index('id="samenvatting"') : html.index('id="blok-1"')]
    assert summary.count('<figure class="chart">') >= 1
    assert 'src="data:image/svg+xml' in summary
    assert "Voortgang per prestatie: Alle buurtwerkkamers samen" in summary
    assert 'alt="' in summary and "Cijfers bij de grafiek" in summary
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Cijfers bij de grafiek" in text
