/* 双工案例库 — the case finder, part 3 of 7: reading the finder's data files (see finder.js).
 *
 * Two readers, each the browser half of a Python writer; keep the halves in step (tests/unit/test_search.py and tests/browser/test_search*.py check
 * the browser against the Python reference on a built site):
 *   readFacets    finder/facets.json, written by src/caselib/outputs/finder.py: per filter value a bitset or
 *                 a per-case column, the region tree, the sort orders, the first page's cards;
 *   searchIndex   finder/idx|pos|seg/*.bin, the full-text index: its format is described once, in
 *                 src/caselib/outputs/search/format.py; the query and the ranking follow
 *                 src/caselib/outputs/search/query.py (Index.term, Index._phrase, Index.rank), and add
 *                 floating-point scores in the same order, so the two give the same order.
 * The files of the index are fetched only for the words of a query, and each file only once.
 */
(function (F) {
  "use strict";

  F.loader = function (base) {   // fetching the files under finder/
    return {
      json: function (path) {
        return fetch(base + path).then(function (r) {
          if (!r.ok) throw new Error(path + ": " + r.status);
          return r.json();
        });
      },
      bytes: function (path) {   // a missing shard is an empty one
        return fetch(base + path).then(function (r) {
          if (r.status === 404) return new ArrayBuffer(0);
          if (!r.ok) throw new Error(path + ": " + r.status);
          return r.arrayBuffer();
        }).then(function (ab) { return new Uint8Array(ab); });
      },
    };
  };

  /* ---------- facets.json ---------- */

  F.readFacets = function (d) {
    var B = F.bitsets(d.n), facets = {}, first = {}, orders = {};
    ["theme", "method", "target", "partner"].forEach(function (k) {   // vocabularies: a bitset per term
      var f = d.facets[k];
      facets[k] = { label: f.label, values: f.values.map(function (v, i) {
        return { slug: v[0], name: v[1], bits: B.fromBytes(F.b64(f.bits[i])) };
      }) };
    });
    ["year", "status", "street"].forEach(function (k) {   // columns; street: townships, one or two bytes wide
      var f = d.facets[k], col = F.column(f.col, f.w || 1), bits = B.fromColumn(col, f.values.length);
      facets[k] = { label: f.label, col: col, values: f.values.map(function (v, i) {
        return { slug: v[0], name: v[1], bits: bits[i + 1] };
      }) };
    });
    var r = d.region, prov = F.column(r.prov, r.pw), city = F.column(r.city, 2);
    var pbits = B.fromColumn(prov, r.provinces.length), cbits = B.fromColumn(city, r.cities.length);
    var provinces = r.provinces.map(function (p, i) { return { slug: p[0], name: p[1], bits: pbits[i + 1], cities: [] }; });
    var cities = r.cities.map(function (c, i) {
      var c2 = { slug: c[0], name: c[1], bits: cbits[i + 1], parent: provinces[c[2] - 1] };
      c2.parent.cities.push(c2);
      return c2;
    });
    facets.region = { label: r.label, values: provinces.concat(cities), provinces: provinces, prov: prov, city: city };
    F.state.FACET_KEYS.forEach(function (k) {
      facets[k].byslug = {};
      facets[k].values.forEach(function (v) { facets[k].byslug[v.slug] = v; });
    });
    (d.first || []).forEach(function (nr) { first[nr[0]] = nr[1]; });
    F.state.SORTS.forEach(function (s) { orders[s] = F.column(d.order[s].b, d.order[s].w); });
    return { n: d.n, bits: B, facets: facets, kinds: d.kinds, kindCol: F.column(d.kind, 1), orders: orders,
      first: first, chunk: d.chunk, search: d.search, text: d.text };
  };

  /* ---------- the full-text index (outputs/search/format.py) ---------- */

  var GRAM = 3, GROUPS = 4;
  // format.py _SPLIT: white space, and the point after a sentence end, separate segments and terms
  var SEPARATORS = /[\x00-\x20\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|(?<=[。!?;])/;
  var utf8 = new TextEncoder(), text = new TextDecoder();

  function normalize(s) { return s.normalize("NFKC").toLowerCase(); }

  function fnv1a(s) {
    var bytes = utf8.encode(s), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h >>> 0;
  }

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

  function cover(length) {   // offsets of the 3-grams that cover a term of 4+ characters
    var out = [];
    for (var o = 0; o + GRAM <= length; o += GRAM) out.push(o);
    if (out[out.length - 1] !== length - GRAM) out.push(length - GRAM);
    return out;
  }

  // The reader of one site's index: `load` fetches its files, `meta` is facets.json's "search", B the bitsets.
  F.searchIndex = function (load, meta, B) {
    var files = {};     // idx/, pos/ and seg/ path -> Promise<Map>
    var queries = {};   // normalized query -> Promise<{bits, terms}>

    function entries(path) {   // an idx/ or pos/ shard: Map key -> payload
      if (!files[path]) {
        files[path] = load.bytes(path).then(function (buf) {
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
        if (kind === 1) { out[g] = B.fromBytes(p); continue; }
        var bits = B.empty(), at = { i: 0 }, prev = -1;
        for (var x = 0; x < count; x++) {
          prev += varint(p, at) + 1;
          B.add(bits, prev);
        }
        out[g] = bits;
      }
      return out;
    }

    function entry(key) {   // the key index: per group the cases that have the key, or null
      return entries("idx/" + (fnv1a(key) % meta.shards) + ".bin").then(function (m) {
        var e = m.get(key);
        return e ? groupsets(e) : null;
      });
    }

    function places(key) {   // positions of a 3-gram: Map segment -> {offsets, owner (case << 2 | group, or -1)}
      return entries("pos/" + (fnv1a(key) % meta.pshards) + ".bin").then(function (m) {
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
      var segb = meta.segb, lo = 0, hi = segb.length - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (segb[mid] <= seg) lo = mid; else hi = mid - 1; }
      var path = "seg/" + lo + ".bin";
      if (!files[path]) {
        files[path] = load.bytes(path).then(function (buf) {
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

    function phrase(chars) {   // per group, the cases that have the term as written (query.py Index._phrase)
      var offs = cover(chars.length);
      return Promise.all(offs.map(function (o) { return places(chars.slice(o, o + GRAM).join("")); })).then(function (lists) {
        var items = offs.map(function (o, i) { return { o: o, m: lists[i] }; });
        items.sort(function (a, b) { return a.m.size - b.m.size; });
        var out = [null, null, null, null], segs = [];
        var set = function (g, c) { B.add(out[g] = out[g] || B.empty(), c); };
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
            sets.forEach(function (bits, g) { if (bits) { if (!out[g]) out[g] = B.empty(); B.orInto(out[g], bits); } });
          });
          return out;
        });
      });
    }

    function term(chars) {   // {words, phrase: per group bits, parts: per 3-gram per group bits} (query.py Index.term)
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

    function search(q) {   // {bits: the cases that have every term, terms}
      var key = normalize(q).trim();
      if (!queries[key]) {
        var terms = termsOf(q);
        queries[key] = Promise.all(terms.map(term)).then(function (found) {
          var bits = found.length ? B.ones() : B.empty();
          found.forEach(function (t) { bits = B.and(bits, B.anyOf(t.phrase)); });
          return { bits: bits, terms: found };
        }).catch(function (e) { delete queries[key]; throw e; });
      }
      return queries[key];
    }

    function score(h, n) {   // query.py Index.scores, summed in the same order
      var s = 0, w = meta.weights;
      h.terms.forEach(function (t) {
        for (var g = 0; g < GROUPS; g++) {
          var hits = 0;
          for (var i = 0; i < t.parts.length; i++) if (t.parts[i][g] && B.has(t.parts[i][g], n)) hits++;
          s += w[g] * (hits / t.parts.length + (t.phrase[g] && B.has(t.phrase[g], n) ? 1 : 0));
        }
      });
      return s;
    }

    function bestGroup(h, n) {   // the highest-weighted group that has one of the terms as written
      for (var g = 0; g < GROUPS; g++) {
        for (var i = 0; i < h.terms.length; i++) if (h.terms[i].phrase[g] && B.has(h.terms[i].phrase[g], n)) return g;
      }
      return GROUPS - 1;
    }

    return { search: search, score: score, bestGroup: bestGroup };
  };

  F.normalize = normalize;
})(window.caselibFinder = window.caselibFinder || {});
