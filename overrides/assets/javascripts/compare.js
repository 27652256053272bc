/* 双工案例库 — the comparison list: the “加入对比” toggle on case pages, and the list it keeps.
 *
 * The list (at most MAX cases, {id, title}) lives in localStorage under "caselib.compare", so it survives
 * from one case page to the next; the compare page (compare-page.js, which uses window.caselibCompare) shows
 * it. Without JavaScript (or storage) the button stays hidden and the compare page explains the ?ids= link.
 * Record text (a title) only ever goes into text nodes. Loaded by case.md.j2 and compare.md.j2.
 */
(function () {
  "use strict";

  var STORE = "caselib.compare";
  var MAX = 3;
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function el(tag, attrs, text) {   // an element; text goes in as text, never as HTML
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function picked() {
    try {
      var list = JSON.parse(localStorage.getItem(STORE) || "[]");
      return Array.isArray(list) ? list.filter(function (p) { return p && ID.test(p.id); }).slice(0, MAX) : [];
    } catch (e) { return []; }
  }

  function savePicked(list) {
    try { localStorage.setItem(STORE, JSON.stringify(list.slice(-MAX))); } catch (e) { /* private mode */ }
  }

  function compareHref(base, ids) {
    return base + (ids.length ? "?ids=" + ids.map(encodeURIComponent).join(",") : "");
  }

  window.caselibCompare = { MAX: MAX, ID: ID, el: el, picked: picked, save: savePicked, href: compareHref };

  function start() {
    var buttons = document.querySelectorAll("[data-cl-compare-add]");
    if (!buttons.length) return;
    var status = document.querySelector("[data-cl-compare-status]");
    function refresh() {
      var list = picked();
      buttons.forEach(function (button) {
        // A toggle button: its name stays "加入对比", the state is aria-pressed (and a ✓ drawn by CSS).
        var inList = list.some(function (p) { return p.id === button.getAttribute("data-cl-compare-add"); });
        button.setAttribute("aria-pressed", inList ? "true" : "false");
      });
      if (!status) return;
      status.textContent = "";
      if (!list.length) { status.hidden = true; return; }
      status.hidden = false;
      var base = buttons[0].getAttribute("data-cl-compare-page");
      status.appendChild(document.createTextNode("对比栏（" + list.length + "/" + MAX + "）："
        + list.map(function (p) { return p.title; }).join("、") + " · "));
      status.appendChild(el("a", { href: compareHref(base, list.map(function (p) { return p.id; })) },
        list.length > 1 ? "查看对比 →" : "再选一两个案例后查看对比"));
    }
    buttons.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var id = button.getAttribute("data-cl-compare-add");
        var list = picked();
        if (list.some(function (p) { return p.id === id; })) {
          list = list.filter(function (p) { return p.id !== id; });
        } else {
          list.push({ id: id, title: button.getAttribute("data-cl-title") || id });
        }
        savePicked(list);
        refresh();
      });
    });
    refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
