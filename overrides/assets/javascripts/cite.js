/* 双工案例库 — “引用本案例” on a case page: the access date and the permalink in the citations, copy buttons.
 *
 * The page is built without knowing the day it is read or, without a public base URL (CASELIB_SITE_URL), the
 * address it is served at: this fills in [data-cl-cite-date] with the reader's date and [data-cl-cite-url]
 * with the page's resolved address (the a.cl-cite__url link). Without JavaScript the citations keep a date
 * placeholder and the copy buttons stay hidden. Plain ES2017, loaded by case.md.j2.
 */
(function () {
  "use strict";

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.setAttribute("readonly", "");
    area.setAttribute("style", "position:fixed;top:0;left:0;opacity:0");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function start() {
    document.querySelectorAll("[data-cl-cite-date]").forEach(function (node) { node.textContent = today(); });
    var permalink = document.querySelector("a.cl-cite__url[data-cl-cite-url]");  // no public base URL: this address
    document.querySelectorAll("[data-cl-cite-url]").forEach(function (node) { node.textContent = permalink.href; });
    document.querySelectorAll("[data-cl-copy]").forEach(function (button) {
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-cl-copy"));
        if (!target) return;
        copy(target.textContent.trim()).then(function () {
          button.textContent = "已复制";
        }, function () {
          button.textContent = "请手动选择复制";
        }).then(function () {
          setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
