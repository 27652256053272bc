/* 双工案例库 — the case finder, part 4 of 7: result cards and excerpts (see finder.js).
 *
 * A card is built from a row of finder/cards/<k>.json ([id, title, region label, summary, updated, scale]),
 * or, in a keyword view, from F.textOf's [card row, [[group, field label, [string, …]], …]] (built from the
 * case's open-data record data/cases/<id>.json): then
 * the title and an excerpt around the first match in the best field have the words in <mark>. Record text
 * only ever goes into text nodes (el's "text", createTextNode), never into HTML. Before its row has arrived
 * a card shows what facets.json knows (kind, province, themes) and a placeholder title.
 */
(function (F) {
  "use strict";

  F.el = function (tag, attrs, children) {   // an element; attrs.text is its text content
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (a) {
      if (a === "text") e.textContent = attrs[a]; else e.setAttribute(a, attrs[a]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  };
  var el = F.el;

  /* ---------- a case's text, from its record (outputs/finder.py text_file, built here) ---------- */

  var MARKUP = /\*\*|^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/gm;   // finder.py plain(): emphasis and list marks
  function plain(s) { return s.replace(MARKUP, "").split(/\s+/).filter(Boolean).join(" "); }

  // [card row with its summary as plain text, [[group, label, [string, …]], …]] of the record `rec`
  // (data/cases/<id>.json), by facets.json's "text" rules (finder.py text_rules): every string, depth first.
  F.textOf = function (rec, row, rules) {
    var out = [], bodyKeys = {};
    rules.bodyKeys.forEach(function (k) { bodyKeys[k] = true; });
    function add(group, name, s) {
      var label = rules.labels[name] || name, last = out[out.length - 1];
      if (last && last[0] === group && last[1] === label) last[2].push(plain(s));
      else out.push([group, label, [plain(s)]]);
    }
    function strings(v, each) {
      if (typeof v === "string") each(v);
      else if (Array.isArray(v)) v.forEach(function (x) { strings(x, each); });
      else if (v && typeof v === "object") Object.keys(v).forEach(function (k) { strings(v[k], each); });
    }
    function tagged(v, group, name) {
      if (typeof v === "string") add(group, name, v);
      else if (Array.isArray(v)) v.forEach(function (x) { tagged(x, group, name); });
      else if (v && typeof v === "object") {
        Object.keys(v).forEach(function (k) { tagged(v[k], bodyKeys[k] ? rules.body : group, name); });
      }
    }
    Object.keys(rec).forEach(function (name) {
      if (rules.skip.indexOf(name) >= 0) return;
      var v = rec[name], group = name in rules.groups ? rules.groups[name] : rules.body;
      if (group === rules.tags && v && typeof v === "object") tagged(v, group, name);
      else strings(v, function (s) { add(group, name, s); });
    });
    var card = row.slice();
    card[3] = plain(card[3]);
    return [card, out];
  };

  /* ---------- excerpts: plain text, the words in <mark> (text nodes only) ---------- */

  function fold(s) {   // normalized s, and for each of its UTF-16 units the original character's [start, end)
    var out = "", from = [], to = [];
    for (var i = 0; i < s.length;) {
      var ch = String.fromCodePoint(s.codePointAt(i)), f = F.normalize(ch);
      for (var j = 0; j < f.length; j++) { from.push(i); to.push(i + ch.length); }
      out += f;
      i += ch.length;
    }
    return { text: out, from: from, to: to };
  }

  function found(s, words) {   // [start, end) of every word in s, sorted and merged
    var f = fold(s), spans = [], out = [];
    words.forEach(function (w) {
      for (var at = f.text.indexOf(w); w && at >= 0; at = f.text.indexOf(w, at + 1)) spans.push([f.from[at], f.to[at + w.length - 1]]);
    });
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    spans.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]); else out.push(r.slice());   // overlapping words: one mark
    });
    return out;
  }

  function marked(s, spans) {   // a fragment of text nodes, the spans in <mark>
    var frag = document.createDocumentFragment(), at = 0;
    spans.forEach(function (r) {
      if (r[0] > at) frag.appendChild(document.createTextNode(s.slice(at, r[0])));
      frag.appendChild(el("mark", { text: s.slice(r[0], r[1]) }));
      at = r[1];
    });
    if (at < s.length) frag.appendChild(document.createTextNode(s.slice(at)));
    return frag;
  }

  function around(s, spans, before, after) {   // the part of s around its first span, "…" where cut
    var start = 0, end = s.length;
    if (spans.length) {
      start = Math.max(0, spans[0][0] - before);
      end = Math.min(s.length, spans[0][1] + after);
    } else end = Math.min(s.length, before + after);
    if (start > 0 && /[\udc00-\udfff]/.test(s.charAt(start))) start--;
    if (end < s.length && /[\udc00-\udfff]/.test(s.charAt(end))) end++;
    var lead = start > 0 ? "…" : "";
    var shown = spans.filter(function (r) { return r[1] > start && r[0] < end; }).map(function (r) {
      return [Math.max(r[0], start) - start + lead.length, Math.min(r[1], end) - start + lead.length];
    });
    return marked(lead + s.slice(start, end) + (end < s.length ? "…" : ""), shown);
  }

  function head(s, spans, length) {   // the beginning of s, "…" where cut
    var end = Math.min(s.length, length);
    if (end < s.length && /[\udc00-\udfff]/.test(s.charAt(end))) end++;
    return marked(s.slice(0, end) + (end < s.length ? "…" : ""), spans.filter(function (r) { return r[1] <= end; }));
  }

  // The excerpt of a result: the first match in its best field (group g > 0), words marked; else the summary.
  function excerpt(words, g, d) {
    var row = d[0], box = el("span", { "class": "cl-card__excerpt" });
    if (g > 0) {
      var fields = d[1];
      for (var i = 0; i < fields.length; i++) {
        if (fields[i][0] !== g) continue;
        for (var j = 0; j < fields[i][2].length; j++) {
          var s = fields[i][2][j], spans = found(s, words);
          if (!spans.length) continue;
          if (s === row[3]) { box.appendChild(marked(s, spans)); return box; }
          box.appendChild(el("span", { "class": "cl-card__field", text: fields[i][1] }));
          box.appendChild(around(s, spans, 30, 80));
          if (g === 1 && s.length < 40) {   // a tag, a place, a unit: the summary too, for context
            box = el("span", {}, [box, el("span", { "class": "cl-card__summary" }, [head(row[3], found(row[3], words), 90)])]);
          }
          return box;
        }
      }
    }
    box.appendChild(marked(row[3], found(row[3], words)));   // the title matched (or no field did): the summary
    return box;
  }

  /* ---------- cards ---------- */

  // The cards of one finder (app: see finder.js).
  F.cards = function (app) {
    function regionLabel(n) {
      var f = app.data.facets.region, p = f.provinces[f.prov[n] - 1];
      return p ? p.name : "";
    }

    function item(n, row) {   // the card of case n; row: its card row, or null while it loads
      var D = app.data, state = app.state, hit = app.hit;
      var themes = D.facets.theme.values.filter(function (v) { return D.bits.has(v.bits, n); }).map(function (v) { return v.name; });
      var kind = D.kinds[D.kindCol[n]] || "";
      var meta = [kind, row ? row[2] : regionLabel(n), themes.join("、")].filter(Boolean).join(" · ");
      var title = row ? el("a", { "class": "cl-card__title", href: app.casesBase + row[0] + "/", text: row[1] })
        : el("span", { "class": "cl-card__title cl-card__title--pending", text: "载入中……" });
      var d = state.q && hit ? app.docs[n] : null;   // a keyword view: the words marked, an excerpt for the summary
      var words = hit ? hit.terms.map(function (t) { return t.words; }) : [];
      if (row && d) {
        title.textContent = "";
        title.appendChild(marked(row[1], found(row[1], words)));
      }
      var li = el("li", { "class": "cl-card", "data-n": String(n) }, [title, el("span", { "class": "cl-card__meta", text: meta }),
        d ? excerpt(words, app.index.bestGroup(hit, n), d) : el("span", { "class": "cl-card__summary", text: row ? row[3] : "" })]);
      if (!row) li.setAttribute("data-pending", "");
      if (row) {
        li.setAttribute("data-id", row[0]);
        var sort = F.state.sortOf(state);
        if (sort === "scale" && row[5]) li.appendChild(el("span", { "class": "cl-card__scale", text: row[5] }));
        if (sort === "updated") li.appendChild(el("span", { "class": "cl-card__scale", text: "更新于 " + row[4] }));
      }
      return li;
    }

    function statusText(count) {
      var state = app.state, q = state.q ? "“" + state.q + "”：" : "";
      if (!count) return q + "没有符合条件的案例";
      return state.q || F.state.filtered(state) ? q + "找到 " + count + " 个案例" : "共 " + count + " 个案例";
    }

    return { item: item, statusText: statusText, regionLabel: regionLabel };
  };
})(window.caselibFinder = window.caselibFinder || {});
