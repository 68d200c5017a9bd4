"""Charts as server-side SVG (issue 11, "Charts"): the same image in the browser and the PDF.

Every function here takes plain data (labels and numbers, already computed by the report
object or the selectors: nothing is counted here) and returns a :class:`Chart`: the SVG
markup, a text alternative and the data table (column headings and rows of display text) to
show beside the image for screen readers. Pure functions: no database, no scope.

Drawn with matplotlib (the object API, no pyplot), SVG backend, text kept as text (as
``svg.fonttype = 'none'``), no JavaScript, deterministic output (a fixed hash salt, no date in
the metadata). Safe in threads: matplotlib's global ``rcParams`` are never changed (no
``rc_context``, which is not thread-safe); every figure gets its fonts and colours explicitly
(:func:`_font`, :func:`_style_axes`), and the SVG renderer (:func:`_matplotlib`) writes text
as text with the fixed salt by itself. matplotlib is imported on the first chart drawn, not
when the application starts (:func:`_matplotlib`, cached).

matplotlib's SVG carries ``style`` attributes, which the page's Content-Security-Policy
(``style-src 'self'``) blocks in inline markup, so a page shows a chart as
``<img src="{{ chart.data_uri }}" alt="{{ chart.alt }}">`` (``img-src`` allows ``data:``; an
image's own styles are not the page's) and WeasyPrint embeds the same URI in the PDF.
``templates/reports/_chart.html`` renders a chart with its table.

Accessibility (WCAG 2.1): the two series colours have a contrast of at least 4.5:1 against
white (:data:`COLOURS`); colour never carries meaning alone: series also differ in line
style, marker or hatching, and the legend and the data table name them.

Drawing a chart takes matplotlib some 50-100 ms, so the functions remember their last 256
charts (per language, keyed by their arguments: the same data gives the same chart).

Use, e.g. in a PDF summary page::

    chart = monthly_chart(title=..., months=["jan", ...], series=[("2021", [12, 30, None])])
    chart.svg        # the markup ("<svg ...>")
    chart.data_uri   # "data:image/svg+xml;base64,..." for an <img>
    chart.alt        # the text alternative
    chart.columns, chart.rows   # the data table, display text
"""

from __future__ import annotations

import base64
import functools
import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from locations.formatting import format_euro, format_hours, format_number, format_share

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

__all__ = [
    "COLOURS",
    "Chart",
    "budget_chart",
    "monthly_chart",
    "progress_chart",
    "with_links",
]

Number = int | Decimal

#: Series colours: dark blue (8.6:1 on white) and dark orange-brown (6.4:1 on white); the
#: reference lines and all text are near-black (#1a1a1a, 17:1).
COLOURS = ("#1b4f8a", "#8c4a00")
INK = "#1a1a1a"
#: Line styles, markers and hatching per series, so that colour is not the only carrier.
_LINES = (("-", "o"), ("--", "s"))
_HATCHES = ("", "//")

#: The text of every chart: font families (in order of preference) and the size in points.
_FAMILY = ["DejaVu Sans", "sans-serif"]
_SIZE = 9
#: The salt of the ids in the SVG (matplotlib's ``svg.hashsalt``): the same chart gives the
#: same markup.
_SALT = "bwk-charts"

_UNITS: dict[str, Callable[[Number | None], str]] = {
    "count": lambda value: format_number(value, places=0),
    "hours": lambda value: format_hours(value),
    "euro": lambda value: format_euro(value, cents=False),
}


@dataclass(frozen=True)
class Chart:
    """A drawn chart: ``title``; ``svg`` the SVG markup (str, starting ``<svg``); ``alt`` its
    text alternative (one or two Dutch sentences); ``columns`` the data table's headings and
    ``rows`` its rows (display text, one tuple per label, as long as ``columns``);
    ``links`` optionally, per row and cell, the URL the cell's figure links to (the trace of
    what was counted; "" for none), the same shape as ``rows`` (empty: no links; added by
    :func:`with_links`)."""

    title: str
    svg: str
    alt: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    links: tuple[tuple[str, ...], ...] = ()

    @property
    def cells(self) -> tuple[tuple[tuple[str, str], ...], ...]:
        """The data table's rows as (text, link) pairs (link "" when none)."""
        return tuple(
            tuple(zip(row, self.links[index] if self.links else ("",) * len(row), strict=True))
            for index, row in enumerate(self.rows)
        )

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:image/svg+xml;base64,...`` URI, for ``<img src>`` (the CSP
        allows ``data:`` images) and for WeasyPrint."""
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"


def with_links(chart: Chart, links: Sequence[Sequence[str]]) -> Chart:
    """``chart`` with a link per data table cell (``links``: one sequence per row, as long
    as ``columns``, "" for a cell without a link). Raises ValueError when the shape differs
    from the chart's rows."""
    shaped = tuple(tuple(row) for row in links)
    if len(shaped) != len(chart.rows) or any(
        len(row) != len(cells) for row, cells in zip(shaped, chart.rows, strict=True)
    ):
        raise ValueError("links must have the shape of the chart's rows")
    return replace(chart, links=shaped)


_F = TypeVar("_F", bound=Callable[..., "Chart"])


def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return value


def _memoised(func: _F) -> _F:
    """Remember the charts of ``func`` (keyword arguments only; lists are taken as tuples),
    per active language."""

    @functools.lru_cache(maxsize=256)
    def cached(language: str | None, items: tuple[tuple[str, Any], ...]) -> Chart:
        return func(**dict(items))

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Chart:
        items = tuple(sorted((name, _freeze(value)) for name, value in kwargs.items()))
        return cached(get_language(), items)

    return wrapper  # type: ignore[return-value]


@functools.cache
def _matplotlib() -> SimpleNamespace:
    """matplotlib, imported on first use (not at start-up): ``Figure``, ``FontProperties``
    and ``Canvas``, an SVG canvas whose renderer keeps text as text and uses :data:`_SALT`
    for its ids without reading or changing the global ``rcParams`` (``svg.fonttype``,
    ``svg.hashsalt``). Cached: imported and built once."""
    import codecs
    import hashlib

    from matplotlib import cbook
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    class Renderer(RendererSVG):
        """RendererSVG with ``svg.fonttype = 'none'`` and ``svg.hashsalt = _SALT`` of its
        own."""

        def _make_id(self, type: str, content: Any) -> str:
            digest = hashlib.sha256()
            digest.update(_SALT.encode("utf8"))
            digest.update(str(content).encode("utf8"))
            return f"{type}{digest.hexdigest()[:10]}"

        def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):  # type: ignore[no-untyped-def]
            clip_attrs = self._get_clip_attrs(gc)
            if clip_attrs:
                self.writer.start("g", **clip_attrs)
            if gc.get_url() is not None:
                self.writer.start("a", {"xlink:href": gc.get_url(), "target": "_blank"})
            self._draw_text_as_text(gc, x, y, s, prop, angle, ismath, mtext)
            if gc.get_url() is not None:
                self.writer.end("a")
            if clip_attrs:
                self.writer.end("g")

    class Canvas(FigureCanvasSVG):
        """FigureCanvasSVG drawing with :class:`Renderer` (``print_svg`` as matplotlib's; the
        other arguments ``print_figure`` passes to a canvas outside matplotlib, such as
        ``dpi`` and ``orientation``, are applied by ``print_figure`` itself or mean nothing
        to SVG)."""

        def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None, **_ignored):  # type: ignore[no-untyped-def]
            with cbook.open_file_cm(filename, "w", encoding="utf-8") as opened:
                fh: Any = opened
                if not cbook.file_requires_unicode(opened):  # a binary file: write UTF-8
                    fh = codecs.getwriter("utf-8")(opened)
                dpi = self.figure.dpi
                self.figure.dpi = 72
                width, height = self.figure.get_size_inches()
                renderer: Any = MixedModeRenderer(
                    self.figure,
                    width,
                    height,
                    dpi,
                    Renderer(width * 72, height * 72, fh, image_dpi=dpi, metadata=metadata),
                    bbox_inches_restore=bbox_inches_restore,
                )
                self.figure.draw(renderer)
                renderer.finalize()

    return SimpleNamespace(Figure=Figure, FontProperties=FontProperties, Canvas=Canvas)


def _font(size: float = _SIZE) -> FontProperties:
    """The charts' font (:data:`_FAMILY`) at ``size`` points."""
    return _matplotlib().FontProperties(family=_FAMILY, size=size)


def _figure(height: float) -> Figure:
    """A new figure 6.4 inches wide and ``height`` inches high, on its own SVG canvas."""
    m = _matplotlib()
    figure = m.Figure(figsize=(6.4, height), dpi=72, layout="constrained")
    m.Canvas(figure)
    return figure


def _style_axes(axes: Axes) -> None:
    """The axes' ticks, tick labels and frame in :data:`INK` and the charts' font; the top
    and right frame lines hidden."""
    axes.tick_params(colors=INK, labelcolor=INK, labelsize=_SIZE, labelfontfamily=_FAMILY)
    for spine in axes.spines.values():
        spine.set_edgecolor(INK)
    axes.spines[["top", "right"]].set_visible(False)


def _legend(figure: Figure, columns: int) -> None:
    """The figure's legend above the axes, in the charts' font and :data:`INK`."""
    figure.legend(
        frameon=False, loc="outside upper center", ncols=columns, prop=_font(), labelcolor=INK
    )


def _render(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    markup = buffer.getvalue()
    return markup[markup.index("<svg") :]


def _number(value: Number | None) -> float | None:
    return None if value is None else float(value)


def _check_lengths(labels: Sequence[str], **columns: Sequence[object]) -> None:
    for name, values in columns.items():
        if len(values) != len(labels):
            raise ValueError(f"{name} has {len(values)} values for {len(labels)} labels")


@_memoised
def progress_chart(
    *,
    title: str,
    labels: Sequence[str],
    realised: Sequence[Number | None],
    expected: Sequence[Number | None],
    targets: Sequence[Number | None],
) -> Chart:
    """Progress per indicator against its pro-rata target (issue 11, "Charts").

    In: one label per indicator, its realised figure, its pro-rata target to date
    (``ProgressRow.expected_to_date``) and its yearly target (``target_value``), numbers or
    None. Out: a :class:`Chart` of horizontal bars, realised as a percentage of the pro-rata
    target, with a line at 100% (the pro-rata target); indicators without a pro-rata target or
    a realised figure get no bar but keep their row in the table ("—"). The targets are
    indicative: the wording is neutral. Raises ValueError when the lengths differ.
    """
    _check_lengths(labels, realised=realised, expected=expected, targets=targets)
    shares: list[Decimal | None] = []
    for value, share_of in zip(realised, expected, strict=True):
        if value is None or share_of is None or Decimal(share_of) <= 0:
            shares.append(None)
        else:
            shares.append(Decimal(value) / Decimal(share_of))
    drawn = [
        (label, share) for label, share in zip(labels, shares, strict=True) if share is not None
    ]
    figure = _figure(max(1.6, 0.9 + 0.32 * len(drawn)))
    axes = figure.add_subplot()
    positions = list(range(len(drawn)))[::-1]
    percents = [float(share) * 100 for _label, share in drawn]
    axes.barh(positions, percents, color=COLOURS[0], height=0.6)
    axes.axvline(100, color=INK, linestyle="--", linewidth=1.2)
    for position, percent in zip(positions, percents, strict=True):
        axes.annotate(
            format_share(Decimal(percent) / 100),
            (percent, position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            color=INK,
            fontproperties=_font(8),
        )
    # Long descriptions are shortened on the axis; the table keeps them whole.
    axes.set_yticks(
        positions, [textwrap.shorten(label, 40, placeholder="…") for label, _share in drawn]
    )
    axes.set_xlim(0, max([120.0, *percents]) * 1.15)
    axes.set_xlabel(
        _("gerealiseerd als % van het pro-rata streefcijfer (stippellijn = 100%)"),
        color=INK,
        fontproperties=_font(),
    )
    _style_axes(axes)
    svg = _render(figure)
    ahead = sum(1 for share in shares if share is not None and share >= 1)
    measured = sum(1 for share in shares if share is not None)
    alt = _(
        "%(title)s: staafdiagram van het gerealiseerde als percentage van het pro-rata "
        "streefcijfer; %(ahead)d van de %(measured)d prestaties staan op of boven het "
        "pro-rata streefcijfer. De tabel bij de grafiek geeft de cijfers."
    ) % {"title": title, "ahead": ahead, "measured": measured}
    rows = tuple(
        (
            label,
            format_number(value),
            format_number(share_of),
            format_number(target),
            format_share(share),
        )
        for label, value, share_of, target, share in zip(
            labels, realised, expected, targets, shares, strict=True
        )
    )
    columns = (
        _("Prestatie"),
        _("Gerealiseerd"),
        _("Pro-rata streefcijfer"),
        _("Streefcijfer (jaar)"),
        _("% van pro-rata"),
    )
    return Chart(title, svg, alt, columns, rows)


@_memoised
def monthly_chart(
    *,
    title: str,
    months: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number | None]]],
    unit: str = "count",
    kind: str = "line",
) -> Chart:
    """A figure per month for one or two series (issue 11: unique participants per month,
    cumulative, this year against last year; volunteer hours per month).

    In: the month labels ("jan", ...), up to two series as (label, one value per month; None
    where the month has not come yet), ``unit`` "count", "hours" or "euro" (how the table
    shows the values) and ``kind`` "line" (each series a line with its own style and marker)
    or "bar" (grouped bars, the second hatched). Out: a :class:`Chart` whose table has a row
    per month and a column per series. Raises ValueError on more than two series, an unknown
    unit or kind, or a series whose length differs from ``months``.
    """
    if len(series) > len(COLOURS):
        raise ValueError(f"at most {len(COLOURS)} series, not {len(series)}")
    if unit not in _UNITS or kind not in ("line", "bar"):
        raise ValueError(f"unknown unit or kind: {unit!r}, {kind!r}")
    _check_lengths(months, **{f"series {label!r}": values for label, values in series})
    show = _UNITS[unit]
    figure = _figure(2.8)
    axes = figure.add_subplot()
    positions = list(range(len(months)))
    width = 0.8 / max(1, len(series))
    for index, (label, values) in enumerate(series):
        numbers = [_number(value) for value in values]
        if kind == "line":
            linestyle, marker = _LINES[index]
            axes.plot(
                positions,
                [float("nan") if n is None else n for n in numbers],
                color=COLOURS[index],
                linestyle=linestyle,
                marker=marker,
                markersize=4,
                label=label,
            )
        else:
            offset = (index - (len(series) - 1) / 2) * width
            axes.bar(
                [p + offset for p in positions],
                [0.0 if n is None else n for n in numbers],
                width=width,
                color=COLOURS[index] if index == 0 else "white",
                edgecolor=COLOURS[index],
                hatch=_HATCHES[index],
                label=label,
            )
    axes.set_xticks(positions, list(months))
    axes.set_ylim(bottom=0)
    _style_axes(axes)
    if series:
        _legend(figure, len(series))
    svg = _render(figure)
    names = ", ".join(label for label, _values in series)
    shape = _("lijndiagram") if kind == "line" else _("staafdiagram")
    alt = _(
        "%(title)s: %(shape)s per maand (%(names)s). De tabel bij de grafiek geeft de cijfers."
    ) % {"title": title, "shape": shape, "names": names}
    columns = (_("Maand"), *(label for label, _values in series))
    rows = tuple(
        (month, *(show(values[index]) for _label, values in series))
        for index, month in enumerate(months)
    )
    return Chart(title, svg, alt, columns, rows)


@_memoised
def budget_chart(
    *,
    title: str,
    labels: Sequence[str],
    budget: Sequence[Number | None],
    actual: Sequence[Number | None],
) -> Chart:
    """Budget versus actual spending per location (issue 11, "Charts").

    In: one label per location, its year's budget and its spending to date (euros, or None).
    Out: a :class:`Chart` of grouped horizontal bars (budget outlined and hatched, spending
    filled) with a table of budget, spent and the share spent. Raises ValueError when the
    lengths differ.
    """
    _check_lengths(labels, budget=budget, actual=actual)
    figure = _figure(max(1.8, 1.1 + 0.5 * len(labels)))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    axes.barh(
        [p + 0.2 for p in positions],
        [_number(value) or 0.0 for value in budget],
        height=0.4,
        color="white",
        edgecolor=COLOURS[1],
        hatch=_HATCHES[1],
        label=_("Begroting (jaar)"),
    )
    axes.barh(
        [p - 0.2 for p in positions],
        [_number(value) or 0.0 for value in actual],
        height=0.4,
        color=COLOURS[0],
        label=_("Besteed"),
    )
    axes.set_yticks(positions, list(labels))
    axes.xaxis.set_major_formatter(lambda value, _pos: format_euro(Decimal(value), cents=False))
    _style_axes(axes)
    _legend(figure, 2)
    svg = _render(figure)
    alt = _(
        "%(title)s: staafdiagram van de begroting en de besteding tot nu toe per "
        "buurtwerkkamer. De tabel bij de grafiek geeft de bedragen."
    ) % {"title": title}
    rows = tuple(
        (
            label,
            format_euro(spent, cents=False),
            format_euro(year, cents=False),
            format_share(Decimal(spent) / Decimal(year) if spent is not None and year else None),
        )
        for label, year, spent in zip(labels, budget, actual, strict=True)
    )
    columns = (_("Buurtwerkkamer"), _("Besteed"), _("Begroting (jaar)"), _("Deel besteed"))
    return Chart(title, svg, alt, columns, rows)
