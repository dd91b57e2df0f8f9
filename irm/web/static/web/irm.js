// Buttons with data-confirm ask before submitting (deleting, removing): one handler for the whole site.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset ? button.dataset.confirm : null;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Buttons with data-print print the page (no inline scripts anywhere).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});

// Forms marked data-no-submit are driven by their own script (e.g. the checklist's autosave): Enter
// in a field must not post them.
document.addEventListener("submit", (event) => {
  if (event.target instanceof HTMLFormElement && event.target.hasAttribute("data-no-submit")) {
    event.preventDefault();
  }
});

// A select marked data-autosubmit submits its form when it changes (no inline handlers: the
// Content-Security-Policy forbids them).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit();
  }
});
