// Names for the few Quasar parts that come without one (axe-core: aria-progressbar-name, nested-interactive).
(function () {
  function fix(root) {
    root.querySelectorAll(".q-loading-bar:not([aria-label])").forEach((el) => {
      el.setAttribute("aria-label", document.documentElement.dataset.loadingLabel || "Loading");
    });
    // Quasar's uploader puts its file input inside the add button: one control, so the named file input
    // is the control and the button around it is only its picture.
    root.querySelectorAll(".q-uploader[data-file-label]").forEach((up) => {
      up.querySelectorAll(".q-btn").forEach((btn) => {
        const input = btn.querySelector("input[type=file]");
        if (!input) return;
        input.setAttribute("aria-label", up.dataset.fileLabel);
        btn.setAttribute("role", "presentation");
        btn.removeAttribute("tabindex");
      });
    });
  }
  const start = () => {
    fix(document);
    new MutationObserver(() => fix(document)).observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
