"""Keyboard-only steps in the browser tests (issue 14): move the focus with Tab as a user
without a mouse does, and check that the focused element shows it.

Use: ``tab_to(page, "button[type=submit]")`` presses Tab until the focused element matches the
CSS selector (failing after ``limit`` presses), checking on the way that every element the
focus lands on is visible; ``focus_is_visible(page)`` says whether the focused element is
drawn with a focus indicator (``:focus-visible`` and a non-empty outline or box shadow).
"""

from __future__ import annotations

from typing import Any

#: Facts about the focused element, read in the page: its tag, whether it matches the
#: selector given, whether it is rendered and whether its focus indicator is drawn.
_FOCUSED = """(selector) => {
  const el = document.activeElement;
  if (!el || el === document.body) { return {tag: "body", matches: false, shown: true}; }
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase() + (el.id ? "#" + el.id : ""),
    matches: selector ? el.matches(selector) : false,
    shown: box.width > 0 && box.height > 0 && style.visibility !== "hidden",
    ring: el.matches(":focus-visible") &&
      ((style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
       style.boxShadow !== "none"),
  };
}"""


def focused(page: Any, selector: str = "") -> dict[str, Any]:
    """Facts about ``page``'s focused element: ``tag`` (with its id), ``matches`` (the CSS
    ``selector``), ``shown`` (it has a size and is not hidden) and ``ring`` (its focus
    indicator is drawn)."""
    return dict(page.evaluate(_FOCUSED, selector))


def focus_is_visible(page: Any) -> bool:
    """True when the focused element of ``page`` draws a focus indicator (WCAG 2.4.7)."""
    return bool(focused(page).get("ring"))


def tab_to(page: Any, selector: str, *, limit: int = 60, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab when ``backwards``) on ``page`` until the focused element matches
    the CSS ``selector``. Fails (AssertionError) after ``limit`` presses, or when the focus
    lands on an element that is not rendered (a focus trap a sighted user cannot see)."""
    key = "Shift+Tab" if backwards else "Tab"
    path = []
    for _ in range(limit):
        page.keyboard.press(key)
        facts = focused(page, selector)
        path.append(facts["tag"])
        assert facts["shown"], f"the focus went to an element not shown: {path}"
        if facts["matches"]:
            return
    raise AssertionError(f"{selector} not reached in {limit} presses of {key}: {path}")
