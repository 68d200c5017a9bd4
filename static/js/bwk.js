// Behaviour of every page, without inline scripts (the Content-Security-Policy allows none):
// a <select data-autosubmit> submits its form when changed (the language choice).
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.submit();
});
