// Behaviour of every page, without inline scripts (the Content-Security-Policy allows none).

// A <select data-autosubmit> submits its form when changed (the language choice).
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.submit();
});

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
