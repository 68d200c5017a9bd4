// The admin (templates/admin/base_site.html), without inline scripts: the filter boxes of
// Django's two-list selects (SelectFilter2.js) get an aria-label on a plain <span>, which
// ARIA does not allow without a role; give those icons role="img" so the label counts.
new MutationObserver(() => {
  for (const icon of document.querySelectorAll(".search-label-icon[aria-label]:not([role])")) {
    icon.setAttribute("role", "img");
  }
}).observe(document.documentElement, { childList: true, subtree: true });
