"""Accessibility checks in the browser tests: axe-core (from npm, pinned in package.json and
installed by ``bin/setup --test``; never loaded from a CDN) run on a Playwright page.

Use: ``assert_no_axe_violations(page)`` after the page has loaded. axe-core is injected from
``node_modules/axe-core/axe.min.js`` through Playwright's ``add_script_tag(content=...)``;
the page's Content-Security-Policy (``script-src 'self'``) would block an inline script, so
the helper evaluates the source in the page's context instead (``page.evaluate``), which the
CSP does not govern.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

#: The rule sets checked: WCAG 2.0, 2.1 and 2.2 level A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


def axe_violations(
    page: Any, *, tags: tuple[str, ...] = WCAG_TAGS, preload: bool = True
) -> list[dict[str, Any]]:
    """Run axe-core on ``page`` (a Playwright page) and return its violations: a list of
    dicts with ``id``, ``impact``, ``help`` and ``nodes`` (each with its ``target`` selector).
    ``preload=False``: axe does not load the page's style sheets itself (for the CSS
    orientation rule); on a page whose CSS has an ``@import`` (Django's admin) axe would
    otherwise insert an inline ``<style>`` that the Content-Security-Policy blocks.
    Raises FileNotFoundError when axe-core is not installed (run ``bin/setup --test``)."""
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run bin/setup --test")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async ([tags, preload]) => (await axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, preload: preload}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}))",
        [list(tags), preload],
    )
    return list(result)


def assert_no_axe_violations(
    page: Any, *, tags: tuple[str, ...] = WCAG_TAGS, preload: bool = True
) -> None:
    """Fail (AssertionError listing each rule and the elements) when axe-core finds any
    violation of ``tags`` on ``page`` (``preload``: as for :func:`axe_violations`)."""
    violations = axe_violations(page, tags=tags, preload=preload)
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes']]}"
        for v in violations
    )
