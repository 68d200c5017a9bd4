// Behaviour of every page, without inline scripts (the Content-Security-Policy allows none).

// A <select data-autosubmit> submits its form when changed (the language choice).
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.submit();
});

// A table that scrolls sideways (a .table-wrap, e.g. on a phone) can be scrolled with the
// keyboard (WCAG 2.1.1; axe "scrollable-region-focusable"): the wrapper becomes a focusable
// region named after its table's caption, else the nearest heading before it. Markup that
// already sets tabindex is left as it is; htmx swaps are handled too.
function labelTableRegions(root) {
  root.querySelectorAll(".table-wrap:not([tabindex])").forEach((wrap) => {
    const caption = wrap.querySelector("caption");
    let name = caption ? caption.textContent : "";
    for (let node = wrap; !name && node && node !== document.body; node = node.parentElement) {
      for (let before = node.previousElementSibling; before && !name; before = before.previousElementSibling) {
        const heading = before.matches("h1, h2, h3, h4, summary, legend, figcaption")
          ? before
          : before.querySelector("h1, h2, h3, h4");
        if (heading) name = heading.textContent;
      }
    }
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", (name || document.title).trim().replace(/\s+/g, " "));
  });
}
document.addEventListener("DOMContentLoaded", () => labelTableRegions(document));
document.addEventListener("htmx:afterSwap", (event) => labelTableRegions(event.target));
// The menu on phones (templates/base.html): with JavaScript the navigation collapses behind
// the menu button (a disclosure button: aria-expanded says whether the menu is open); without
// it the button stays hidden and the navigation is always shown.
(() => {
  const button = document.querySelector("[data-menu-button]");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  document.documentElement.classList.add("bwk-js");
  button.hidden = false;
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("bwk-nav--open", open);
  };
  setOpen(false);
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
