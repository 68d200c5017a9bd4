// Behaviour of every page, without inline scripts (the Content-Security-Policy allows none):
// a <select data-autosubmit> submits its form when changed (the language choice).
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
