/* 双工案例库 — the “打印” button of a case page: shown only when JavaScript can print (it is hidden in the
 * HTML). What the printout looks like is print.css. Loaded by case.md.j2. */
(function () {
  "use strict";

  function start() {
    document.querySelectorAll("[data-cl-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
