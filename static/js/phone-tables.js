/* Phone-first tables (issue 14): a filter form's disclosure (<details data-open-wide>) is
   collapsed on a phone and opened on a wider screen; a user's own toggle is kept until the
   screen crosses the breakpoint. Loaded as a file: the CSP forbids inline scripts. */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 601px)");
  function apply() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = wide.matches;
    });
  }
  apply();
  if (wide.addEventListener) {
    wide.addEventListener("change", apply);
  }
})();
