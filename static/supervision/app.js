// Small behaviours shared by every page; no framework beyond htmx and Bootstrap.
document.addEventListener("DOMContentLoaded", () => {
  // Auto-submit filter forms when a select changes, so filtering feels immediate.
  document.querySelectorAll("form[data-autosubmit] select").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
  // Confirm destructive or consequential actions.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
