/* 双工案例库 — the case finder (cases/).
 *
 * Loads finder/facets.json (bitsets, no text) on arrival; filters with bitwise AND/OR; fetches
 * finder/cards/<k>.json only for the visible results (finder/text/<n>.json instead when there is a
 * keyword: the text the excerpt is cut from), finder/idx|pos|seg/*.bin only for the words of a query,
 * and finder/table.json only when the CSV or Excel file is downloaded (the Excel writer, vendor/
 * write-excel-file.min.js, only then too). The whole state is the query string
 * (q, region, street, theme, method, target, partner, year, status, sort), so a view is a link; without
 * sort= a keyword view is in relevance order and any other in "most recently updated" order.
 * The index format, the query algorithm and the ranking are documented in src/caselib/search_index.py;
 * keep the two halves in step (tests/test_search*.py check the browser against the Python reference).
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript ? document.currentScript.src : "";   // vendor/ is beside this file
  var root = document.getElementById("cl-finder");
  if (!root || !window.fetch || !window.URLSearchParams || !window.TextDecoder || !String.prototype.normalize) return;

  var DATA = root.getAttribute("data-data");
  var CASES = root.getAttribute("data-cases");
  var PAGE = 20;
  var KEYS = ["q", "region", "street", "theme", "method", "target", "partner", "year", "status", "sort"];
  var FACET_KEYS = ["region", "street", "theme", "method", "target", "partner", "year", "status"];
  var SORTS = ["updated", "name", "scale"];   // orders shipped in facets.json
  var RELEVANCE = "relevance";                // computed per query (search_index.Index.rank)
  var GRAM = 3, GROUPS = 4;
  // search_index._SPLIT: white space, and the point after a sentence end, separate segments and terms
  var SEPARATORS = /[\x00-\x20\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|(?<=[。!?;])/;

  var $ = function (id) { return document.getElementById(id); };
  var input = $("cl-q"), statusEl = $("cl-status"), list = $("cl-results"), more = $("cl-more"),
    empty = $("cl-empty"), filtersEl = $("cl-filters"), sortEl = $("cl-sort"), chosenEl = $("cl-chosen"),
    toggle = root.querySelector(".cl-finder__toggle"), nsel = root.querySelector(".cl-finder__nsel");

  var D = null;           // decoded facets.json
  var N = 0, WORDS = 0;   // case count, 32-bit words per bitset
  var facets = {};        // key -> {label, values: [{slug, name, bits, parent}], byslug}
  var state = emptyState();
  var shown = PAGE;
  var seq = 0;            // render sequence (tests and the benchmark wait on data-seq)
  var cards = {};         // chunk -> Promise<array>
  var files = {};         // idx/, pos/ and seg/ path -> Promise<Map>
  var queries = {};       // normalized query -> Promise<{bits, terms}>
  var current = [];       // the current result, in display order
  var hit = null;         // the current query's {bits, terms}, for ranking and marking

  function emptyState() {
    var s = { q: "", sort: "" };   // sort "": the default of the view (relevance with a keyword)
    FACET_KEYS.forEach(function (k) { s[k] = []; });
    return s;
  }

  /* ---------- query string <-> state ---------- */

  function parseState(search) {
    var params = new URLSearchParams(search), s = emptyState();
    s.q = (params.get("q") || "").trim();
    var sort = params.get("sort");
    if (SORTS.indexOf(sort) >= 0 || sort === RELEVANCE) s.sort = sort;
    FACET_KEYS.forEach(function (k) {
      params.getAll(k).join(",").split(",").forEach(function (v) {
        v = v.trim();
        if (v && facets[k].byslug[v] && s[k].indexOf(v) < 0) s[k].push(v);
      });
    });
    return s;
  }

  function enc(v) { return encodeURIComponent(v).replace(/%2C/gi, ","); }

  function serialize(s) {
    var parts = [];
    if (s.q) parts.push("q=" + encodeURIComponent(s.q));
    FACET_KEYS.forEach(function (k) {
      if (s[k].length) parts.push(k + "=" + s[k].map(enc).join(","));
    });
    if (s.sort) parts.push("sort=" + s.sort);
    return parts.length ? "?" + parts.join("&") : "";
  }

  function sortOf(s) {   // the order a view is shown in: the reader's choice, else relevance when there is a keyword
    if (s.sort === RELEVANCE && !s.q) return "updated";
    return s.sort || (s.q ? RELEVANCE : "updated");
  }

  function commit(push) {
    var search = serialize(state);
    if (search === location.search || (search === "" && location.search === "")) return;
    var url = location.pathname + search + location.hash;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }

  /* ---------- bitsets ---------- */

  function b64(s) {
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function bitsFromBytes(bytes) {
    var words = new Uint32Array(WORDS);
    var padded = new Uint8Array(words.buffer);
    padded.set(bytes.subarray(0, Math.min(bytes.length, padded.length)));
    return words;
  }

  function ones() {
    var w = new Uint32Array(WORDS).fill(0xffffffff);
    if (N % 32) w[WORDS - 1] = (1 << (N % 32)) - 1;
    return w;
  }

  function popcount(x) {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }

  function countAnd(a, b) {
    var c = 0;
    for (var i = 0; i < WORDS; i++) c += popcount(a[i] & b[i]);
    return c;
  }

  function and(a, b) {
    var out = new Uint32Array(WORDS);
    for (var i = 0; i < WORDS; i++) out[i] = a[i] & b[i];
    return out;
  }

  function orInto(target, b) { for (var i = 0; i < WORDS; i++) target[i] |= b[i]; }

  function has(bits, n) { return (bits[n >>> 5] >>> (n & 31)) & 1; }

  function column(b64text, width) {
    var bytes = b64(b64text);
    return width === 2 ? new Uint16Array(bytes.buffer, 0, bytes.length >> 1)
      : width === 4 ? new Uint32Array(bytes.buffer, 0, bytes.length >> 2) : bytes;
  }

  function bitsFromColumn(col, count) {
    var out = [];
    for (var v = 0; v <= count; v++) out.push(new Uint32Array(WORDS));
    for (var n = 0; n < N; n++) out[col[n]][n >>> 5] |= 1 << (n & 31);
    return out;
  }

  /* ---------- data ---------- */

  function decode(d) {
    D = d; N = d.n; WORDS = Math.max(1, Math.ceil(N / 32));
    ["theme", "method", "target", "partner"].forEach(function (k) {
      var f = d.facets[k];
      facets[k] = { label: f.label, values: f.values.map(function (v, i) {
        return { slug: v[0], name: v[1], bits: bitsFromBytes(b64(f.bits[i])) };
      }) };
    });
    ["year", "status", "street"].forEach(function (k) {   // columns; street: townships, one or two bytes wide
      var f = d.facets[k], col = column(f.col, f.w || 1), bits = bitsFromColumn(col, f.values.length);
      facets[k] = { label: f.label, col: col, values: f.values.map(function (v, i) {
        return { slug: v[0], name: v[1], bits: bits[i + 1] };
      }) };
    });
    var r = d.region, prov = column(r.prov, r.pw), city = column(r.city, 2);
    var pbits = bitsFromColumn(prov, r.provinces.length), cbits = bitsFromColumn(city, r.cities.length);
    var provinces = r.provinces.map(function (p, i) { return { slug: p[0], name: p[1], bits: pbits[i + 1], cities: [] }; });
    var cities = r.cities.map(function (c, i) {
      var city = { slug: c[0], name: c[1], bits: cbits[i + 1], parent: provinces[c[2] - 1] };
      city.parent.cities.push(city);
      return city;
    });
    facets.region = { label: r.label, values: provinces.concat(cities), provinces: provinces, prov: prov, city: city };
    FACET_KEYS.forEach(function (k) {
      facets[k].byslug = {};
      facets[k].values.forEach(function (v) { facets[k].byslug[v.slug] = v; });
    });
    D.kindCol = column(d.kind, 1);
    (d.first || []).forEach(function (nr) { firstRows[nr[0]] = nr[1]; });
    D.orders = {};
    SORTS.forEach(function (s) { D.orders[s] = column(d.order[s].b, d.order[s].w); });
  }

  function getJSON(path) {
    return fetch(DATA + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  }

  function chunk(k) {
    if (!cards[k]) cards[k] = getJSON("cards/" + k + ".json").catch(function (e) { delete cards[k]; throw e; });
    return cards[k];
  }

  /* ---------- full-text search (see search_index.py) ---------- */

  var utf8 = new TextEncoder(), text = new TextDecoder();

  function fnv1a(s) {
    var bytes = utf8.encode(s), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h >>> 0;
  }

  function normalize(s) { return s.normalize("NFKC").toLowerCase(); }

  function termsOf(q) {   // the distinct terms of a query, each as its code points
    var seen = {}, out = [];
    normalize(q).split(SEPARATORS).forEach(function (t) {
      if (t && !seen[t]) { seen[t] = true; out.push(Array.from(t)); }
    });
    return out;
  }

  function varint(buf, pos) {
    var n = 0, shift = 0, b;
    do { b = buf[pos.i++]; n += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b >= 0x80);
    return n;
  }

  function bytesOf(path) {
    return fetch(DATA + path).then(function (r) {
      if (r.status === 404) return new ArrayBuffer(0);
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.arrayBuffer();
    }).then(function (ab) { return new Uint8Array(ab); });
  }

  function entries(path) {   // an idx/ or pos/ shard: Map key -> payload
    if (!files[path]) {
      files[path] = bytesOf(path).then(function (buf) {
        var map = new Map(), pos = { i: 0 };
        while (pos.i < buf.length) {
          var keylen = buf[pos.i++];
          var key = text.decode(buf.subarray(pos.i, pos.i + keylen));
          pos.i += keylen;
          var nbytes = varint(buf, pos);
          map.set(key, buf.subarray(pos.i, pos.i + nbytes));
          pos.i += nbytes;
        }
        return map;
      }).catch(function (e) { delete files[path]; throw e; });
    }
    return files[path];
  }

  function groupsets(buf) {   // one bitset (or null) per group
    var out = [null, null, null, null], pos = { i: 1 }, mask = buf[0];
    for (var g = 0; g < GROUPS; g++) {
      if (!((mask >> g) & 1)) continue;
      var kind = buf[pos.i++], count = varint(buf, pos), nbytes = varint(buf, pos);
      var p = buf.subarray(pos.i, pos.i + nbytes);
      pos.i += nbytes;
      if (kind === 1) { out[g] = bitsFromBytes(p); continue; }
      var bits = new Uint32Array(WORDS), at = { i: 0 }, prev = -1;
      for (var x = 0; x < count; x++) {
        prev += varint(p, at) + 1;
        bits[prev >>> 5] |= 1 << (prev & 31);
      }
      out[g] = bits;
    }
    return out;
  }

  function entry(key) {   // the key index: per group the cases that have the key, or null
    return entries("idx/" + (fnv1a(key) % D.search.shards) + ".bin").then(function (m) {
      var e = m.get(key);
      return e ? groupsets(e) : null;
    });
  }

  function places(key) {   // positions of a 3-gram: Map segment -> {offsets, owner (case << 2 | group, or -1)}
    return entries("pos/" + (fnv1a(key) % D.search.pshards) + ".bin").then(function (m) {
      var buf = m.get(key), out = new Map(), pos = { i: 0 }, seg = -1, kase = 0;
      while (buf && pos.i < buf.length) {
        seg += varint(buf, pos) + 1;
        var head = varint(buf, pos), owner = -1, offsets = [], last = -1;
        if (head & 1) {
          var v = varint(buf, pos);
          kase += Math.floor(v / 4);
          owner = kase * 4 + (v & 3);
        }
        for (var x = 0; x < Math.floor(head / 2); x++) {
          var o = varint(buf, pos);
          last = last < 0 ? o : last + o + 1;
          offsets.push(last);
        }
        out.set(seg, { offsets: offsets, owner: owner });
      }
      return out;
    });
  }

  function shared(seg) {   // the owners of a shared segment, per group
    var segb = D.search.segb, lo = 0, hi = segb.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (segb[mid] <= seg) lo = mid; else hi = mid - 1; }
    var path = "seg/" + lo + ".bin";
    if (!files[path]) {
      files[path] = bytesOf(path).then(function (buf) {
        var map = new Map(), pos = { i: 0 }, at = segb[lo] - 1;
        while (pos.i < buf.length) {
          at += varint(buf, pos) + 1;
          var nbytes = varint(buf, pos);
          map.set(at, buf.subarray(pos.i, pos.i + nbytes));
          pos.i += nbytes;
        }
        return map;
      }).catch(function (e) { delete files[path]; throw e; });
    }
    return files[path].then(function (m) { return groupsets(m.get(seg)); });
  }

  function cover(length) {   // offsets of the 3-grams that cover a term of 4+ characters
    var out = [];
    for (var o = 0; o + GRAM <= length; o += GRAM) out.push(o);
    if (out[out.length - 1] !== length - GRAM) out.push(length - GRAM);
    return out;
  }

  function phrase(chars) {   // per group, the cases that have the term as written (search_index.Index._phrase)
    var offs = cover(chars.length);
    return Promise.all(offs.map(function (o) { return places(chars.slice(o, o + GRAM).join("")); })).then(function (lists) {
      var items = offs.map(function (o, i) { return { o: o, m: lists[i] }; });
      items.sort(function (a, b) { return a.m.size - b.m.size; });
      var out = [null, null, null, null], segs = [];
      var set = function (g, c) { (out[g] = out[g] || new Uint32Array(WORDS))[c >>> 5] |= 1 << (c & 31); };
      items[0].m.forEach(function (place, seg) {
        var starts = place.offsets.map(function (p) { return p - items[0].o; });
        for (var k = 1; k < items.length && starts.length; k++) {
          var other = items[k].m.get(seg), o = items[k].o;
          starts = other ? starts.filter(function (st) { return other.offsets.indexOf(st + o) >= 0; }) : [];
        }
        if (!starts.length) return;
        if (place.owner >= 0) set(place.owner & 3, Math.floor(place.owner / 4)); else segs.push(seg);
      });
      return Promise.all(segs.map(shared)).then(function (found) {
        found.forEach(function (sets) {
          sets.forEach(function (bits, g) { if (bits) { if (!out[g]) out[g] = new Uint32Array(WORDS); orInto(out[g], bits); } });
        });
        return out;
      });
    });
  }

  function term(chars) {   // {phrase: per group bits, parts: per 3-gram per group bits} (search_index.Index.term)
    var none = [null, null, null, null];
    if (chars.length <= GRAM) {
      return entry(chars.join("")).then(function (e) { return { words: chars.join(""), phrase: e || none, parts: [e || none] }; });
    }
    var keys = [];
    for (var i = 0; i + GRAM <= chars.length; i++) keys.push(chars.slice(i, i + GRAM).join(""));
    var whole = chars.length === GRAM + 1 ? entry(chars.join("")) : Promise.resolve(null);
    return Promise.all([Promise.all(keys.map(entry)), whole]).then(function (r) {
      var parts = r[0].map(function (p) { return p || none; });
      var t = { words: chars.join(""), phrase: none, parts: parts };
      if (r[0].indexOf(null) >= 0) return t;
      if (r[1]) { t.phrase = r[1]; return t; }
      return phrase(chars).then(function (found) { t.phrase = found; return t; });
    });
  }

  function anyOf(sets) {
    var out = new Uint32Array(WORDS);
    sets.forEach(function (b) { if (b) orInto(out, b); });
    return out;
  }

  function search(q) {   // {bits: the cases that have every term, terms}
    var key = normalize(q).trim();
    if (!queries[key]) {
      var terms = termsOf(q);
      queries[key] = Promise.all(terms.map(term)).then(function (found) {
        var bits = found.length ? ones() : new Uint32Array(WORDS);
        found.forEach(function (t) { bits = and(bits, anyOf(t.phrase)); });
        return { bits: bits, terms: found };
      }).catch(function (e) { delete queries[key]; throw e; });
    }
    return queries[key];
  }

  function score(h, n) {   // search_index.Index.scores, summed in the same order
    var s = 0, w = D.search.weights;
    h.terms.forEach(function (t) {
      for (var g = 0; g < GROUPS; g++) {
        var hits = 0;
        for (var i = 0; i < t.parts.length; i++) if (t.parts[i][g] && has(t.parts[i][g], n)) hits++;
        s += w[g] * (hits / t.parts.length + (t.phrase[g] && has(t.phrase[g], n) ? 1 : 0));
      }
    });
    return s;
  }

  function bestGroup(n) {   // the highest-weighted group that has one of the terms as written
    for (var g = 0; g < GROUPS; g++) {
      for (var i = 0; i < hit.terms.length; i++) if (hit.terms[i].phrase[g] && has(hit.terms[i].phrase[g], n)) return g;
    }
    return GROUPS - 1;
  }

  /* ---------- excerpts: plain text, the words in <mark> (text nodes only) ---------- */

  function fold(s) {   // normalized s, and for each of its UTF-16 units the original character's [start, end)
    var out = "", from = [], to = [];
    for (var i = 0; i < s.length;) {
      var ch = String.fromCodePoint(s.codePointAt(i)), f = normalize(ch);
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

  function excerpt(n, d) {   // the excerpt of a result: the first match in its best field, words marked
    var words = hit.terms.map(function (t) { return t.words; }), g = bestGroup(n), row = d[0];
    var box = el("span", { "class": "cl-card__excerpt" });
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

  /* ---------- filtering ---------- */

  function facetMask(k) {
    var sel = state[k];
    if (!sel.length) return null;
    var f = facets[k], mask = new Uint32Array(WORDS);
    if (k === "region") {
      var cityParents = {};
      sel.forEach(function (s) { var v = f.byslug[s]; if (v.parent) cityParents[v.parent.slug] = true; });
      sel.forEach(function (s) {
        var v = f.byslug[s];
        if (v.parent || !cityParents[v.slug]) orInto(mask, v.bits);   // a chosen city narrows its province
      });
      return mask;
    }
    sel.forEach(function (s) { orInto(mask, f.byslug[s].bits); });
    return mask;
  }

  function compute(h) {
    var masks = {};
    FACET_KEYS.forEach(function (k) { masks[k] = facetMask(k); });
    var base = h ? h.bits : ones();
    var all = base;
    FACET_KEYS.forEach(function (k) { if (masks[k]) all = and(all, masks[k]); });
    var counts = {};
    FACET_KEYS.forEach(function (k) {
      var others = base;
      FACET_KEYS.forEach(function (o) { if (o !== k && masks[o]) others = and(others, masks[o]); });
      counts[k] = facets[k].values.map(function (v) { return countAnd(others, v.bits); });
    });
    var sort = sortOf(state), order = D.orders[sort === RELEVANCE ? "updated" : sort], result = [];
    for (var i = 0; i < order.length; i++) if (has(all, order[i])) result.push(order[i]);
    if (sort === RELEVANCE && h) {   // best first; equal scores keep the "most recently updated" order
      var scores = new Float64Array(N);
      result.forEach(function (n) { scores[n] = score(h, n); });
      result.sort(function (a, b) { return scores[b] - scores[a]; });
    }
    return { result: result, counts: counts };
  }

  /* ---------- rendering ---------- */

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (a) {
      if (a === "text") e.textContent = attrs[a]; else e.setAttribute(a, attrs[a]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  var boxes = {};  // key -> slug -> {input, count, label}

  var narrow = window.matchMedia && window.matchMedia("(max-width: 59.984375em)").matches;
  var done = el("button", { type: "button", "class": "md-button md-button--primary cl-finder__done" });

  function buildFilters() {
    done.addEventListener("click", function () {   // phones: close the panel and go to the results
      toggle.setAttribute("aria-expanded", "false");
      filtersEl.classList.remove("cl-open");
      statusEl.setAttribute("tabindex", "-1");
      statusEl.focus();
      statusEl.scrollIntoView({ block: "start" });
    });
    FACET_KEYS.forEach(function (k) {
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
      filtersEl.appendChild(details);
    });
    filtersEl.appendChild(done);
  }

  function option(k, v) {
    var id = "cl-f-" + k + "-" + v.slug;
    var box = el("input", { type: "checkbox", id: id, name: k, value: v.slug });
    var count = el("span", { "class": "cl-count", "aria-hidden": "true" });
    var sr = el("span", { "class": "cl-visually-hidden" });
    var label = el("label", { "for": id, "class": "cl-facet__opt" }, [box, el("span", { "class": "cl-facet__name", text: v.name }), count, sr]);
    boxes[k][v.slug] = { input: box, count: count, sr: sr, label: label };
    box.addEventListener("change", function () {
      var sel = state[k], i = sel.indexOf(v.slug);
      if (box.checked && i < 0) sel.push(v.slug);
      if (!box.checked && i >= 0) sel.splice(i, 1);
      if (k === "region" && !box.checked && !v.parent) {   // unchecking a province drops its cities
        state.region = sel.filter(function (s) { var c = facets.region.byslug[s]; return !c.parent || c.parent.slug !== v.slug; });
      }
      shown = PAGE;
      commit(true);
      update();
    });
    return el("div", { "class": "cl-facet__row" }, [label]);
  }

  function ensureCities(p) {
    // A province's cities are built when it is first chosen (hundreds of options otherwise unused).
    if (p.group || !p.cities.length) return;
    p.group = el("fieldset", { "class": "cl-facet__sub", "data-province": p.slug, hidden: "" },
      [el("legend", { text: p.name + " › 市（区）" })]);
    p.cities.forEach(function (c) { p.group.appendChild(option("region", c)); });
    var row = boxes.region[p.slug].label.parentNode;   // right under its province
    row.parentNode.insertBefore(p.group, row.nextSibling);
  }

  function syncControls() {
    state.region.forEach(function (s) { var v = facets.region.byslug[s]; ensureCities(v.parent || v); });
    if (document.activeElement !== input) input.value = state.q;
    sortEl.querySelector('option[value="' + RELEVANCE + '"]').disabled = !state.q;
    sortEl.value = sortOf(state);
    FACET_KEYS.forEach(function (k) {
      Object.keys(boxes[k]).forEach(function (s) { boxes[k][s].input.checked = state[k].indexOf(s) >= 0; });
    });
    FACET_KEYS.forEach(function (k) {
      var details = filtersEl.querySelector('[data-facet="' + k + '"]');
      var n = state[k].length;
      details.querySelector(".cl-facet__n").textContent = n ? "（已选 " + n + "）" : "";
      if (n) details.open = true;
    });
  }

  function showCounts(counts) {
    FACET_KEYS.forEach(function (k) {
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
      if (p.group) p.group.hidden = state.region.indexOf(p.slug) < 0 || !p.group.querySelector(".cl-facet__row:not([hidden])");
    });
  }

  function chosenChips() {
    chosenEl.textContent = "";
    var total = 0;
    FACET_KEYS.forEach(function (k) {
      state[k].forEach(function (s) {
        total++;
        var v = facets[k].byslug[s];
        var b = el("button", { type: "button", "class": "cl-chosen__chip", "aria-label": "取消条件：" + facets[k].label + " " + v.name },
          [el("span", { text: v.name }), el("span", { "aria-hidden": "true", text: " ×" })]);
        b.addEventListener("click", function () {
          boxes[k][s].input.checked = false;
          boxes[k][s].input.dispatchEvent(new Event("change"));
          (chosenEl.querySelector("button") || input).focus();
        });
        chosenEl.appendChild(b);
      });
    });
    if (total > 1) {
      var clear = el("button", { type: "button", "class": "cl-chosen__clear", text: "清除全部" });
      clear.addEventListener("click", clearAll);
      chosenEl.appendChild(clear);
    }
    nsel.textContent = total ? "（" + total + "）" : "";
  }

  function provinceOf(n) {
    var p = facets.region.provinces[facets.region.prov[n] - 1];
    return p ? p.slug : "";
  }

  function regionLabel(n) {
    var f = facets.region, p = f.provinces[f.prov[n] - 1];
    return p ? p.name : "";
  }

  function cardItem(n, row) {
    var themes = facets.theme.values.filter(function (v) { return has(v.bits, n); }).map(function (v) { return v.name; });
    var kind = D.kinds[D.kindCol[n]] || "";
    var meta = [kind, row ? row[2] : regionLabel(n), themes.join("、")].filter(Boolean).join(" · ");
    var title = row ? el("a", { "class": "cl-card__title", href: CASES + row[0] + "/", text: row[1] })
      : el("span", { "class": "cl-card__title cl-card__title--pending", text: "载入中……" });
    var d = state.q && hit ? docs[n] : null;   // a keyword view: the words marked, an excerpt for the summary
    if (row && d) {
      title.textContent = "";
      title.appendChild(marked(row[1], found(row[1], hit.terms.map(function (t) { return t.words; }))));
    }
    var li = el("li", { "class": "cl-card", "data-n": String(n) }, [title, el("span", { "class": "cl-card__meta", text: meta }),
      d ? excerpt(n, d) : el("span", { "class": "cl-card__summary", text: row ? row[3] : "" })]);
    if (!row) li.setAttribute("data-pending", "");
    if (row) {
      li.setAttribute("data-id", row[0]);
      var sort = sortOf(state);
      if (sort === "scale" && row[5]) li.appendChild(el("span", { "class": "cl-card__scale", text: row[5] }));
      if (sort === "updated") li.appendChild(el("span", { "class": "cl-card__scale", text: "更新于 " + row[4] }));
    }
    return li;
  }

  function statusText(count) {
    var q = state.q ? "“" + state.q + "”：" : "";
    var filtered = state.q || FACET_KEYS.some(function (k) { return state[k].length; });
    if (!count) return q + "没有符合条件的案例";
    return filtered ? q + "找到 " + count + " 个案例" : "共 " + count + " 个案例";
  }

  var token = 0;
  var rowsOf = {};  // chunk -> rows, once loaded
  var firstRows = {};  // case -> row, for the default view's first page (shipped in facets.json)
  var docs = {}, docLoads = {};  // case -> text/<n>.json (keyword views), once loaded / its Promise

  function rowOf(n) {
    if (state.q) return docs[n] ? docs[n][0] : null;
    var rows = rowsOf[Math.floor(n / D.chunk)];
    return rows ? rows[n % D.chunk] : firstRows[n] || null;
  }

  function load(n) {   // what a card of case n still needs: its chunk of cards, or with a keyword its text
    if (!state.q) return chunk(Math.floor(n / D.chunk)).then(function (rows) { rowsOf[Math.floor(n / D.chunk)] = rows; });
    if (!docLoads[n]) {
      docLoads[n] = getJSON("text/" + n + ".json").then(function (d) { docs[n] = d; })
        .catch(function (e) { delete docLoads[n]; throw e; });
    }
    return docLoads[n];
  }

  function update() {
    // Two steps: (1) at once, counts, status and the list (cards whose text is not loaded yet show their
    // facets and a placeholder title); data-seq changes. (2) when the visible cards' chunk files arrive,
    // their titles and summaries are filled in; data-filled changes. Stale updates are dropped (token).
    var mine = ++token, t0 = performance.now();
    syncControls();
    chosenChips();
    var q = state.q;
    var pending = q ? search(q) : Promise.resolve(null);
    return pending.then(function (h) {
      if (mine !== token) return;
      hit = h;
      var out = compute(h);
      current = out.result;
      showCounts(out.counts);
      // For map.js (the tile map of the current result): the cases shown, and each one's province code.
      root.dispatchEvent(new CustomEvent("caselib:results", { detail: { cases: current, province: provinceOf } }));
      var visible = current.slice(0, shown), missing = {};
      var frag = document.createDocumentFragment();
      visible.forEach(function (n) {
        var row = rowOf(n);
        if (!row) missing[q ? n : Math.floor(n / D.chunk) * D.chunk] = true;   // one load per chunk or text
        frag.appendChild(cardItem(n, row));
      });
      list.textContent = "";
      list.appendChild(frag);
      list.setAttribute("aria-busy", Object.keys(missing).length ? "true" : "false");
      var text = statusText(current.length);
      if (current.length > shown) text += "，显示前 " + shown + " 个";
      if (statusEl.textContent !== text) statusEl.textContent = text;
      empty.hidden = current.length > 0;
      more.hidden = current.length <= shown;
      done.textContent = "查看 " + current.length + " 个结果";
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
          list.replaceChild(cardItem(n, rowOf(n)), li);
        });
        list.setAttribute("aria-busy", "false");
        root.setAttribute("data-filled", String(seq));
        root.setAttribute("data-fill-ms", String(Math.round(performance.now() - t0)));
      });
    }).catch(function (e) {
      if (mine !== token) return;
      statusEl.textContent = "载入失败，请检查网络后重试。（" + e.message + "）";
      root.setAttribute("data-error", e.message);
    });
  }

  function clearAll() {
    state = emptyState();
    shown = PAGE;
    input.value = "";
    commit(true);
    update();
    input.focus();
  }

  /* ---------- CSV and Excel export ---------- */

  var table = null;
  var HEAD = ["id", "名称", "类型", "省", "市", "区县", "服务领域", "服务对象", "工作方法", "单位类型", "开始年份", "状态", "更新日期", "网址"];
  var WIDTHS = [28, 30, 10, 10, 10, 10, 16, 16, 20, 14, 8, 8, 11, 40];

  function csvCell(v) {
    v = v == null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;          // keep spreadsheet programs from running formulas
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }

  function namesOf(k, n) {
    return facets[k].values.filter(function (v) { return has(v.bits, n); }).map(function (v) { return v.name; }).join("、");
  }

  function currentRows() {   // the current view, one array of strings per case, in display order
    if (!table) table = getJSON("table.json").catch(function (e) { table = null; throw e; });
    return table.then(function (rows) {
      return current.map(function (n) {
        var r = rows[n], year = facets.year.values[facets.year.col[n] - 1], status = facets.status.values[facets.status.col[n] - 1];
        return [r[0], r[1], D.kinds[D.kindCol[n]] || "", regionLabel(n), r[2], r[3], namesOf("theme", n), namesOf("target", n),
          namesOf("method", n), namesOf("partner", n), year ? year.slug : "", status ? status.name : "", r[4],
          new URL(CASES + r[0] + "/", location.href).href];
      });
    });
  }

  function save(blob, name) {
    var a = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  var writer = null;
  function excelWriter() {   // vendor/write-excel-file.min.js (npm write-excel-file, MIT), loaded on first use
    if (!writer) writer = new Promise(function (resolve, reject) {
      var s = el("script", { src: new URL("vendor/write-excel-file.min.js", SCRIPT || location.href).href });
      s.onload = function () { if (window.writeXlsxFile) resolve(window.writeXlsxFile); else reject(new Error("writeXlsxFile")); };
      s.onerror = function () { writer = null; s.remove(); reject(new Error("write-excel-file.min.js")); };
      document.head.appendChild(s);
    });
    return writer;
  }

  function exporter(id, kind, make) {
    return function () {
      var button = $(id);
      button.disabled = true;
      currentRows().then(make).then(function () {
        statusEl.textContent = "已下载 " + current.length + " 个案例的 " + kind + "。";
      }).catch(function (e) {
        statusEl.textContent = kind + " 生成失败：" + e.message;
      }).then(function () { button.disabled = false; });
    };
  }

  var downloadCsv = exporter("cl-csv", "CSV", function (rows) {
    var lines = [HEAD.join(",")].concat(rows.map(function (r) { return r.map(csvCell).join(","); }));
    save(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }), "双工案例库-查找结果.csv");
  });

  // Excel: text cells stay text (no formulas, no encoding to guess), the header row is bold and frozen.
  var downloadXlsx = exporter("cl-xlsx", "Excel 文件", function (rows) {
    return excelWriter().then(function (write) {
      var data = [HEAD.map(function (h) { return { value: h, fontWeight: "bold" }; })].concat(rows.map(function (r) {
        return r.map(function (v) { return v === "" ? null : { value: v, type: String }; });
      }));
      return write(data, { sheet: "查找结果", stickyRowsCount: 1, columns: WIDTHS.map(function (w) { return { width: w }; }) }).toBlob();
    }).then(function (blob) { save(blob, "双工案例库-查找结果.xlsx"); });
  });

  /* ---------- wiring ---------- */

  function start() {
    buildFilters();
    state = parseState(location.search);
    var typing = null;
    input.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () {
        var q = input.value.trim();
        if (q === state.q) return;
        state.q = q;
        shown = PAGE;
        commit(false);
        update();
      }, 120);
    });
    root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(typing);
      var q = input.value.trim();
      if (q !== state.q) { state.q = q; shown = PAGE; update(); }
      commit(true);
    });
    var byRelevance = el("option", { value: RELEVANCE, text: "相关度" });   // offered when there is a keyword
    sortEl.insertBefore(byRelevance, sortEl.firstChild);
    sortEl.addEventListener("change", function () {
      state.sort = sortEl.value === sortOf({ q: state.q, sort: "" }) ? "" : sortEl.value;   // the default stays out of the URL
      commit(true);
      update();
    });
    more.addEventListener("click", function () {
      var first = shown;
      shown += PAGE;
      update().then(function () { var li = list.children[first]; if (li) li.querySelector("a").focus(); });
    });
    $("cl-clear").addEventListener("click", clearAll);
    $("cl-csv").addEventListener("click", downloadCsv);
    $("cl-xlsx").addEventListener("click", downloadXlsx);
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      filtersEl.classList.toggle("cl-open", open);
    });
    window.addEventListener("popstate", function () {
      state = parseState(location.search);
      input.value = state.q;
      shown = PAGE;
      update();
    });
    root.hidden = false;
    var dir = $("cl-directory");
    if (dir) dir.hidden = true;
    if (new URLSearchParams(location.search).has("q") && !state.q) input.focus();
    return update();
  }

  // For tests and the benchmark: case numbers (finder.ordered() numbering) that a query matches, the
  // same in relevance order (search_index.Index.rank), and the current result in display order.
  window.caselibFinder = {
    match: function (q) {
      return search(q).then(function (h) {
        var out = [];
        for (var n = 0; n < N; n++) if (has(h.bits, n)) out.push(n);
        return out;
      });
    },
    rank: function (q) {
      return search(q).then(function (h) {
        var order = D.orders.updated, out = [], scores = new Float64Array(N);
        for (var i = 0; i < order.length; i++) if (has(h.bits, order[i])) { out.push(order[i]); scores[order[i]] = score(h, order[i]); }
        return out.sort(function (a, b) { return scores[b] - scores[a]; });
      });
    },
    current: function () { return current.slice(); },
  };

  getJSON("facets.json").then(function (d) {
    decode(d);
    return start();
  }).then(function () {
    root.setAttribute("data-loaded-ms", String(Math.round(performance.now())));   // first cards' text shown too
  }).catch(function (e) {
    root.hidden = false;
    statusEl.textContent = "查找功能载入失败（" + e.message + "），可用下方目录浏览。";
    root.setAttribute("data-error", e.message);
  });
})();
