/* 双工案例库 — the case finder (cases/), part 7 of 7: the page's controller. Loaded last.
 *
 * Plain <script defer> files, no build step, in this order (cases_index.md.j2), sharing one namespace,
 * window.caselibFinder:
 *   finder-bits.js     bitsets: sets of cases, AND/OR/count
 *   finder-state.js    the state of a view = the query string (q, region, street, theme, method, target,
 *                      partner, year, status, sort), so a view is a link
 *   finder-index.js    readers of facets.json (outputs/finder.py) and of the full-text index
 *                      (outputs/search/format.py; the query and ranking of outputs/search/query.py)
 *   finder-cards.js    result cards, excerpts with the words marked
 *   finder-export.js   “下载当前结果” as CSV or Excel
 *   finder-filters.js  the filter panel, the counts, the result order
 *   finder.js          this file: loads facets.json, keeps the state, updates the page on every change
 *
 * Loads finder/facets.json (bitsets, no text) on arrival; filters with bitwise AND/OR; fetches
 * finder/cards/<k>.json only for the visible results (and data/cases/<id>.json too when there is a
 * keyword: the text the excerpt is cut from), finder/idx|pos|seg/*.bin only for the words of a query,
 * and finder/table.json only when the CSV or Excel file is downloaded. Without sort= a keyword view is in
 * relevance order and any other in "most recently updated" order. tests/unit/test_search.py and tests/browser/test_search*.py check the browser
 * against the Python reference; the other finder tests wait on the data-* attributes set here.
 */
(function (F) {
  "use strict";

  var root = document.getElementById("cl-finder");
  if (!root || !window.fetch || !window.URLSearchParams || !window.TextDecoder || !String.prototype.normalize) return;

  var S = F.state, PAGE = S.PAGE, el = F.el;
  var $ = function (id) { return document.getElementById(id); };

  // Everything one finder shares between its parts: the page's elements, the data, and the view.
  var app = {
    root: root, input: $("cl-q"), statusEl: $("cl-status"), list: $("cl-results"), more: $("cl-more"),
    empty: $("cl-empty"), filtersEl: $("cl-filters"), sortEl: $("cl-sort"), chosenEl: $("cl-chosen"),
    toggle: root.querySelector(".cl-finder__toggle"), nsel: root.querySelector(".cl-finder__nsel"),
    done: el("button", { type: "button", "class": "md-button md-button--primary cl-finder__done" }),
    load: F.loader(root.getAttribute("data-data")),
    casesBase: root.getAttribute("data-cases"),
    data: null,      // F.readFacets(facets.json)
    index: null,     // F.searchIndex(...)
    state: S.empty(),
    shown: PAGE,     // results shown (“显示更多” adds PAGE)
    hit: null,       // the current query's {bits, terms}, for ranking and marking
    current: [],     // the current result, in display order
    docs: {},        // case -> its text (F.textOf, keyword views), once loaded
  };
  var cards = null, filters = null;
  var seq = 0;            // render sequence (tests and the benchmark wait on data-seq)
  var token = 0;          // the latest update; older ones are dropped when they finish
  var chunks = {};        // chunk -> Promise<rows>
  var rowsOf = {};        // chunk -> rows, once loaded
  var docLoads = {};      // case -> Promise of its text (its card chunk, then data/cases/<id>.json)

  function rowOf(n) {
    if (app.state.q) return app.docs[n] ? app.docs[n][0] : null;
    var rows = rowsOf[Math.floor(n / app.data.chunk)];
    return rows ? rows[n % app.data.chunk] : app.data.first[n] || null;
  }

  function loadChunk(k) {
    if (!chunks[k]) chunks[k] = app.load.json("cards/" + k + ".json").catch(function (e) { delete chunks[k]; throw e; });
    return chunks[k].then(function (rows) { rowsOf[k] = rows; return rows; });
  }

  function load(n) {   // what a card of case n still needs: its chunk of cards, and with a keyword its text
    var k = Math.floor(n / app.data.chunk), text = app.data.text;
    if (!app.state.q) return loadChunk(k);
    if (!docLoads[n]) {
      docLoads[n] = loadChunk(k).then(function (rows) {
        var row = rows[n % app.data.chunk];
        return app.load.json(text.data + encodeURIComponent(row[0]) + ".json")
          .then(function (rec) { app.docs[n] = F.textOf(rec, row, text); });
      }).catch(function (e) { delete docLoads[n]; throw e; });
    }
    return docLoads[n];
  }

  function provinceOf(n) {
    var f = app.data.facets.region, p = f.provinces[f.prov[n] - 1];
    return p ? p.slug : "";
  }

  function update() {
    // Two steps: (1) at once, counts, status and the list (cards whose text is not loaded yet show their
    // facets and a placeholder title); data-seq changes. (2) when the visible cards' chunk files arrive,
    // their titles and summaries are filled in; data-filled changes. Stale updates are dropped (token).
    var mine = ++token, t0 = performance.now(), list = app.list, chunk = app.data.chunk;
    filters.sync();
    filters.chips();
    var q = app.state.q;
    var pending = q ? app.index.search(q) : Promise.resolve(null);
    return pending.then(function (h) {
      if (mine !== token) return;
      app.hit = h;
      var out = filters.compute(h), current = app.current = out.result, shown = app.shown;
      filters.showCounts(out.counts);
      // For map.js (the tile map of the current result): the cases shown, and each one's province code.
      root.dispatchEvent(new CustomEvent("caselib:results", { detail: { cases: current, province: provinceOf } }));
      var visible = current.slice(0, shown), missing = {};
      var frag = document.createDocumentFragment();
      visible.forEach(function (n) {
        var row = rowOf(n);
        if (!row) missing[q ? n : Math.floor(n / chunk) * chunk] = true;   // one load per chunk or text
        frag.appendChild(cards.item(n, row));
      });
      list.textContent = "";
      list.appendChild(frag);
      list.setAttribute("aria-busy", Object.keys(missing).length ? "true" : "false");
      var text = cards.statusText(current.length);
      if (current.length > shown) text += "，显示前 " + shown + " 个";
      if (app.statusEl.textContent !== text) app.statusEl.textContent = text;
      app.empty.hidden = current.length > 0;
      app.more.hidden = current.length <= shown;
      app.done.textContent = "查看 " + current.length + " 个结果";
      root.setAttribute("data-count", String(current.length));
      root.setAttribute("data-ms", String(Math.round(performance.now() - t0)));
      root.setAttribute("data-seq", String(++seq));
      if (!root.hasAttribute("data-ready")) {   // ready to filter: counts, list and controls are live
        root.setAttribute("data-ready", "1");
        root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
      }
      return Promise.all(Object.keys(missing).map(function (n) { return load(+n); })).then(function () {
        if (mine !== token) return;
        Array.prototype.forEach.call(list.querySelectorAll("li[data-pending]"), function (li) {
          var n = +li.getAttribute("data-n");
          list.replaceChild(cards.item(n, rowOf(n)), li);
        });
        list.setAttribute("aria-busy", "false");
        root.setAttribute("data-filled", String(seq));
        root.setAttribute("data-fill-ms", String(Math.round(performance.now() - t0)));
      });
    }).catch(function (e) {
      if (mine !== token) return;
      app.statusEl.textContent = "载入失败，请检查网络后重试。（" + e.message + "）";
      root.setAttribute("data-error", e.message);
    });
  }

  app.change = function (push) {   // the state changed (a filter): back to the first page, the URL, the page
    app.shown = PAGE;
    S.commit(app.state, push);
    update();
  };

  app.clearAll = function () {
    app.state = S.empty();
    app.shown = PAGE;
    app.input.value = "";
    S.commit(app.state, true);
    update();
    app.input.focus();
  };

  function readState() {
    return S.parse(location.search, function (k, v) { return !!app.data.facets[k].byslug[v]; });
  }

  function start() {
    var input = app.input, sortEl = app.sortEl, more = app.more, toggle = app.toggle;
    filters.build();
    app.state = readState();
    var typing = null;
    input.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () {
        var q = input.value.trim();
        if (q === app.state.q) return;
        app.state.q = q;
        app.change(false);
      }, 120);
    });
    root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(typing);
      var q = input.value.trim();
      if (q !== app.state.q) { app.state.q = q; app.shown = PAGE; update(); }
      S.commit(app.state, true);
    });
    var byRelevance = el("option", { value: S.RELEVANCE, text: "相关度" });   // offered when there is a keyword
    sortEl.insertBefore(byRelevance, sortEl.firstChild);
    sortEl.addEventListener("change", function () {
      app.state.sort = sortEl.value === S.sortOf({ q: app.state.q, sort: "" }) ? "" : sortEl.value;   // the default stays out of the URL
      S.commit(app.state, true);
      update();
    });
    more.addEventListener("click", function () {
      var first = app.shown;
      app.shown += PAGE;
      update().then(function () { var li = app.list.children[first]; if (li) li.querySelector("a").focus(); });
    });
    var downloads = F.exports(app, cards.regionLabel);
    $("cl-clear").addEventListener("click", app.clearAll);
    $("cl-csv").addEventListener("click", downloads.csv);
    $("cl-xlsx").addEventListener("click", downloads.xlsx);
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      app.filtersEl.classList.toggle("cl-open", open);
    });
    window.addEventListener("popstate", function () {
      app.state = readState();
      input.value = app.state.q;
      app.shown = PAGE;
      update();
    });
    root.hidden = false;
    var dir = $("cl-directory");
    if (dir) dir.hidden = true;
    if (new URLSearchParams(location.search).has("q") && !app.state.q) input.focus();
    return update();
  }

  // For tests and the benchmark: case numbers (outputs/finder.py ordered() numbering) that a query matches,
  // the same in relevance order (outputs/search/query.py Index.rank), and the current result in display order.
  F.match = function (q) {
    return app.index.search(q).then(function (h) {
      var out = [];
      for (var n = 0; n < app.data.n; n++) if (app.data.bits.has(h.bits, n)) out.push(n);
      return out;
    });
  };
  F.rank = function (q) {
    return app.index.search(q).then(function (h) {
      var order = app.data.orders.updated, out = [], scores = new Float64Array(app.data.n);
      for (var i = 0; i < order.length; i++) {
        if (app.data.bits.has(h.bits, order[i])) { out.push(order[i]); scores[order[i]] = app.index.score(h, order[i]); }
      }
      return out.sort(function (a, b) { return scores[b] - scores[a]; });
    });
  };
  F.current = function () { return app.current.slice(); };

  app.load.json("facets.json").then(function (d) {
    app.data = F.readFacets(d);
    app.index = F.searchIndex(app.load, d.search, app.data.bits);
    cards = F.cards(app);
    filters = F.filters(app);
    return start();
  }).then(function () {
    root.setAttribute("data-loaded-ms", String(Math.round(performance.now())));   // first cards' text shown too
  }).catch(function (e) {
    root.hidden = false;
    app.statusEl.textContent = "查找功能载入失败（" + e.message + "），可用下方目录浏览。";
    root.setAttribute("data-error", e.message);
  });
})(window.caselibFinder = window.caselibFinder || {});
