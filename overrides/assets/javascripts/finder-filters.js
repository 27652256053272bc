/* 双工案例库 — the case finder, part 6 of 7: the filters, the counts and the result order (see finder.js).
 *
 * compute() is the whole filtering: each chosen filter is the union (OR) of its values' sets, the result is
 * the search hits AND every filter, and a value's count is what choosing it would leave given the OTHER
 * filters (so counts never show 0 for a value that is one click away from results in its own group). The
 * panel is built once from facets.json (a province's cities only when it is first chosen: hundreds of
 * options otherwise unused); afterwards only the counts and the chosen chips change, and the DOM is
 * touched only where something changed. Every change of a checkbox goes through app.change (finder.js).
 */
(function (F) {
  "use strict";

  var S = F.state, el = F.el;

  F.filters = function (app) {
    var boxes = {};  // key -> slug -> {input, count, sr, label, last, zero}
    var narrow = window.matchMedia && window.matchMedia("(max-width: 59.984375em)").matches;
    var facets = app.data.facets, B = app.data.bits;

    function facetMask(k) {
      var sel = app.state[k];
      if (!sel.length) return null;
      var f = facets[k], mask = B.empty();
      if (k === "region") {
        var cityParents = {};
        sel.forEach(function (s) { var v = f.byslug[s]; if (v.parent) cityParents[v.parent.slug] = true; });
        sel.forEach(function (s) {
          var v = f.byslug[s];
          if (v.parent || !cityParents[v.slug]) B.orInto(mask, v.bits);   // a chosen city narrows its province
        });
        return mask;
      }
      sel.forEach(function (s) { B.orInto(mask, f.byslug[s].bits); });
      return mask;
    }

    function compute(h) {   // h: the search hits, or null without a keyword -> {result in display order, counts}
      var masks = {};
      S.FACET_KEYS.forEach(function (k) { masks[k] = facetMask(k); });
      var base = h ? h.bits : B.ones();
      var all = base;
      S.FACET_KEYS.forEach(function (k) { if (masks[k]) all = B.and(all, masks[k]); });
      var counts = {};
      S.FACET_KEYS.forEach(function (k) {
        var others = base;
        S.FACET_KEYS.forEach(function (o) { if (o !== k && masks[o]) others = B.and(others, masks[o]); });
        counts[k] = facets[k].values.map(function (v) { return B.countAnd(others, v.bits); });
      });
      var sort = S.sortOf(app.state), order = app.data.orders[sort === S.RELEVANCE ? "updated" : sort], result = [];
      for (var i = 0; i < order.length; i++) if (B.has(all, order[i])) result.push(order[i]);
      if (sort === S.RELEVANCE && h) {   // best first; equal scores keep the "most recently updated" order
        var scores = new Float64Array(app.data.n);
        result.forEach(function (n) { scores[n] = app.index.score(h, n); });
        result.sort(function (a, b) { return scores[b] - scores[a]; });
      }
      return { result: result, counts: counts };
    }

    function build() {
      app.done.addEventListener("click", function () {   // phones: close the panel and go to the results
        app.toggle.setAttribute("aria-expanded", "false");
        app.filtersEl.classList.remove("cl-open");
        app.statusEl.setAttribute("tabindex", "-1");
        app.statusEl.focus();
        app.statusEl.scrollIntoView({ block: "start" });
      });
      S.FACET_KEYS.forEach(function (k) {
        var f = facets[k];
        boxes[k] = {};
        var fs = el("fieldset", { "class": "cl-facet__set" }, [el("legend", { "class": "cl-visually-hidden", text: f.label })]);
        var details = el("details", { "class": "cl-facet", "data-facet": k }, [
          el("summary", { "class": "cl-facet__title" }, [el("span", { text: f.label }), el("span", { "class": "cl-facet__n" })]),
          fs,
        ]);
        if (!narrow && k !== "year" && k !== "partner" && k !== "street") details.open = true;   // phones: all folded
        details.hidden = !f.values.length;   // street: only when some case names a township
        var values = k === "region" ? f.provinces : f.values;
        values.forEach(function (v) { fs.appendChild(option(k, v)); });
        app.filtersEl.appendChild(details);
      });
      app.filtersEl.appendChild(app.done);
    }

    function option(k, v) {
      var id = "cl-f-" + k + "-" + v.slug;
      var box = el("input", { type: "checkbox", id: id, name: k, value: v.slug });
      var count = el("span", { "class": "cl-count", "aria-hidden": "true" });
      var sr = el("span", { "class": "cl-visually-hidden" });
      var label = el("label", { "for": id, "class": "cl-facet__opt" }, [box, el("span", { "class": "cl-facet__name", text: v.name }), count, sr]);
      boxes[k][v.slug] = { input: box, count: count, sr: sr, label: label };
      box.addEventListener("change", function () {
        var sel = app.state[k], i = sel.indexOf(v.slug);
        if (box.checked && i < 0) sel.push(v.slug);
        if (!box.checked && i >= 0) sel.splice(i, 1);
        if (k === "region" && !box.checked && !v.parent) {   // unchecking a province drops its cities
          app.state.region = sel.filter(function (s) { var c = facets.region.byslug[s]; return !c.parent || c.parent.slug !== v.slug; });
        }
        app.change(true);
      });
      return el("div", { "class": "cl-facet__row" }, [label]);
    }

    function ensureCities(p) {   // a province's cities are built when it is first chosen
      if (p.group || !p.cities.length) return;
      p.group = el("fieldset", { "class": "cl-facet__sub", "data-province": p.slug, hidden: "" },
        [el("legend", { text: p.name + " › 市（区）" })]);
      p.cities.forEach(function (c) { p.group.appendChild(option("region", c)); });
      var row = boxes.region[p.slug].label.parentNode;   // right under its province
      row.parentNode.insertBefore(p.group, row.nextSibling);
    }

    function sync() {   // the controls show the state
      var state = app.state;
      state.region.forEach(function (s) { var v = facets.region.byslug[s]; ensureCities(v.parent || v); });
      if (document.activeElement !== app.input) app.input.value = state.q;
      app.sortEl.querySelector('option[value="' + S.RELEVANCE + '"]').disabled = !state.q;
      app.sortEl.value = S.sortOf(state);
      S.FACET_KEYS.forEach(function (k) {
        Object.keys(boxes[k]).forEach(function (s) { boxes[k][s].input.checked = state[k].indexOf(s) >= 0; });
      });
      S.FACET_KEYS.forEach(function (k) {
        var details = app.filtersEl.querySelector('[data-facet="' + k + '"]');
        var n = state[k].length;
        details.querySelector(".cl-facet__n").textContent = n ? "（已选 " + n + "）" : "";
        if (n) details.open = true;
      });
    }

    function showCounts(counts) {
      S.FACET_KEYS.forEach(function (k) {
        facets[k].values.forEach(function (v, i) {
          var b = boxes[k][v.slug];
          if (!b) return;   // a city of a province not chosen yet
          var c = counts[k][i], zero = c === 0 && !b.input.checked;
          if (b.last === c && b.zero === zero) return;   // touch the DOM only where something changed
          b.last = c;
          b.zero = zero;
          b.count.textContent = c;
          b.sr.textContent = "，" + c + " 个案例";
          b.label.classList.toggle("cl-zero", zero);
          if (v.parent || k === "region" || k === "street") b.label.parentNode.hidden = zero;  // places with cases only
        });
      });
      facets.region.provinces.forEach(function (p) {   // a province's cities show once it is chosen
        if (p.group) p.group.hidden = app.state.region.indexOf(p.slug) < 0 || !p.group.querySelector(".cl-facet__row:not([hidden])");
      });
    }

    function chips() {   // the chosen values, each a button that removes it
      var chosenEl = app.chosenEl, total = 0;
      chosenEl.textContent = "";
      S.FACET_KEYS.forEach(function (k) {
        app.state[k].forEach(function (s) {
          total++;
          var v = facets[k].byslug[s];
          var b = el("button", { type: "button", "class": "cl-chosen__chip", "aria-label": "取消条件：" + facets[k].label + " " + v.name },
            [el("span", { text: v.name }), el("span", { "aria-hidden": "true", text: " ×" })]);
          b.addEventListener("click", function () {
            boxes[k][s].input.checked = false;
            boxes[k][s].input.dispatchEvent(new Event("change"));
            (chosenEl.querySelector("button") || app.input).focus();
          });
          chosenEl.appendChild(b);
        });
      });
      if (total > 1) {
        var clear = el("button", { type: "button", "class": "cl-chosen__clear", text: "清除全部" });
        clear.addEventListener("click", app.clearAll);
        chosenEl.appendChild(clear);
      }
      app.nsel.textContent = total ? "（" + total + "）" : "";
    }

    return { build: build, compute: compute, sync: sync, showCounts: showCounts, chips: chips };
  };
})(window.caselibFinder = window.caselibFinder || {});
