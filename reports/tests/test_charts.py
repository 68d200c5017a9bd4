"""The charts (issue 11, "Charts"): server-side SVG with text kept as text, no script, a text
alternative and the data table; colours with enough contrast; pure functions of their data."""

import base64
import re
from decimal import Decimal

import pytest

from reports import chart_data, charts
from reports.views.progress import report_context

D = Decimal


def _relative_luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of "#rrggbb"."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_relative_luminance(one), _relative_luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_series_colours_and_the_ink_pass_wcag_contrast_on_white():
    for colour in (*charts.COLOURS, charts.INK):
        assert _contrast(colour, "#ffffff") >= 4.5, colour
    assert _contrast("#777777", "#ffffff") < 4.5  # the check can fail: a light grey does


def test_a_progress_chart_carries_its_figures_as_text_and_as_a_table():
    chart = charts.progress_chart(
        title="Voortgang Noord",
        labels=["Sociale ontmoeting", "Klussen", "Computer"],
        realised=[120, 10, None],
        expected=[D("68.75"), 20, 5],
        targets=[275, 80, 20],
    )
    assert chart.svg.startswith("<svg")
    assert "<script" not in chart.svg and "<image" not in chart.svg
    # Text stays text (svg.fonttype none): the labels and the percentages are <text>.
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", chart.svg)
    assert "Sociale ontmoeting" in texts and "Klussen" in texts
    assert "175%" in texts and "50%" in texts  # 120 / 68,75 rounded half-up; 10 / 20
    assert "Computer" not in texts  # nothing realised: no bar, but a row in the table
    assert chart.rows == (
        ("Sociale ontmoeting", "120", "68,75", "275", "175%"),
        ("Klussen", "10", "20", "80", "50%"),
        ("Computer", "—", "5", "20", "—"),
    )
    assert len(chart.columns) == 5
    assert "1 van de 2 prestaties" in chart.alt
    assert base64.b64decode(chart.data_uri.split(",", 1)[1]).decode() == chart.svg


def test_a_monthly_chart_has_a_row_per_month_and_a_column_per_series():
    chart = charts.monthly_chart(
        title="Unieke deelnemers",
        months=["jan", "feb", "mrt"],
        series=[("2021", [5, 9, None]), ("2020", [4, 8, 1200])],
    )
    assert chart.columns == ("Maand", "2021", "2020")
    assert chart.rows == (("jan", "5", "4"), ("feb", "9", "8"), ("mrt", "—", "1.200"))
    # The two series differ in more than colour: a dashed line for the second.
    assert "stroke-dasharray" in chart.svg
    assert "2021, 2020" in chart.alt
    hours = charts.monthly_chart(
        title="Uren",
        months=["jan", "feb"],
        series=[("2021", [D("2.5"), None])],
        unit="hours",
        kind="bar",
    )
    assert hours.rows == (("jan", "2,5"), ("feb", "—"))


def test_a_budget_chart_shows_spent_against_the_budget():
    chart = charts.budget_chart(
        title="Begroting",
        labels=["Noord", "Zuid"],
        budget=[D("2000.50"), D(1000)],
        actual=[D(450), None],
    )
    assert chart.rows == (
        ("Noord", "€ 450", "€ 2.001", "22%"),
        ("Zuid", "—", "€ 1.000", "—"),
    )
    assert "Noord" in chart.svg


def test_the_same_data_draws_the_same_chart_and_bad_data_is_refused():
    def draw():
        return charts.budget_chart(title="B", labels=["x"], budget=[D(10)], actual=[D(4)])

    assert draw().svg == draw().svg
    with pytest.raises(ValueError, match="1 values for 2 labels"):
        charts.budget_chart(title="B", labels=["x", "y"], budget=[D(1)], actual=[D(1), D(1)])
    with pytest.raises(ValueError):
        charts.monthly_chart(title="M", months=["jan"], series=[("a", [1])], unit="litres")
    with pytest.raises(ValueError):
        charts.monthly_chart(title="M", months=["jan"], series=[("a", [1]), ("b", [1]), ("c", [1])])


def test_the_report_page_shows_a_chart_per_block_drawn_from_the_report(full_report):
    charts_shown = report_context(full_report)["charts"]
    titles = [chart.title for chart in charts_shown]
    assert titles[: len(full_report.locations) + 1] == [
        f"Voortgang per prestatie: {block.name}"
        for block in [*full_report.locations, full_report.totals]
    ]
    first = full_report.locations[0]
    with_target = [row for row in first.rows if row.expected_to_date is not None]
    assert [row[0] for row in charts_shown[0].rows] == [row.description for row in with_target]
    budget = charts_shown[-1]
    assert budget.title.startswith("Begroting en besteding")
    # noord: € 450 spent of its € 2.000,50 (the report's financial section).
    assert ("a Noord", "€ 450", "€ 2.001", "22%") in budget.rows
    assert chart_data.month_labels()[:3] == ["jan", "feb", "mrt"]


def _draw_progress():
    return charts.progress_chart.__wrapped__(  # the drawing itself, not the remembered chart
        title="Voortgang",
        labels=["Sociale ontmoeting", "Klussen", "Computer"],
        realised=[120, 10, 7],
        expected=[D("68.75"), 20, 5],
        targets=[275, 80, 20],
    ).svg


def _draw_monthly():
    return charts.monthly_chart.__wrapped__(
        title="Per maand",
        months=["jan", "feb", "mrt", "apr"],
        series=[("2021", [12, 30, 41, None]), ("2020", [10, 25, 33, 40])],
        kind="bar",
    ).svg


def test_two_threads_draw_two_charts_at_once_each_as_drawn_alone():
    import sys
    import threading

    from django.utils import translation

    drawings = {"progress": _draw_progress, "monthly": _draw_monthly}
    with translation.override("nl"):
        alone = {name: draw() for name, draw in drawings.items()}
    assert alone["progress"] != alone["monthly"]
    import matplotlib

    # Each round starts from the same global settings (the charts must not change them; the
    # old ``rc_context`` of two threads left another thread's settings behind), and threads
    # switch often, so that the drawings overlap.
    settings_before = dict(matplotlib.rcParams)
    rounds = 6
    start = threading.Barrier(
        len(drawings), action=lambda: matplotlib.rcParams.update(settings_before)
    )
    results: dict[str, list[str]] = {name: [] for name in drawings}
    errors: list[BaseException] = []

    def run(name):
        try:
            with translation.override("nl"):
                for _round in range(rounds):
                    start.wait(timeout=60)
                    results[name].append(drawings[name]())
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(name,)) for name in drawings]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert dict(matplotlib.rcParams) == settings_before
    assert errors == []
    for name in drawings:
        assert results[name] == [alone[name]] * rounds, name


def test_matplotlib_is_imported_on_the_first_chart_not_at_start_up():
    import os
    import subprocess
    import sys

    from django.conf import settings

    script = (
        "import sys, django\n"
        "django.setup()\n"
        "import bwk.urls, reports.charts\n"  # every app, model and view loaded
        "print('matplotlib' in sys.modules)\n"
        "reports.charts.budget_chart(title='B', labels=['x'], budget=[1], actual=[1])\n"
        "print('matplotlib' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bwk.settings"},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "True"]
