/* 双工案例库 — the case finder, part 1 of 7: bitsets (loaded before the other finder-*.js files, see finder.js).
 *
 * A set of cases is a Uint32Array with one bit per case number (outputs/finder.py numbers the cases).
 * Filters AND and OR these sets, the facet counts are popcounts, and the search index reader returns them
 * too, so every other part of the finder works on sets without knowing how they are stored. facets.json
 * ships them as base64 bytes (case n at bit n % 8 of byte n / 8, as outputs/finder.py _bitset writes them)
 * or as columns (one small integer per case, 1, 2 or 4 bytes wide, little-endian).
 * Why a factory: the word count depends on the case count, known only once facets.json has arrived.
 */
(function (F) {
  "use strict";

  F.b64 = function (s) {   // base64 text -> bytes
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  };

  F.column = function (b64text, width) {   // a per-case column: one unsigned integer of `width` bytes per case
    var bytes = F.b64(b64text);
    return width === 2 ? new Uint16Array(bytes.buffer, 0, bytes.length >> 1)
      : width === 4 ? new Uint32Array(bytes.buffer, 0, bytes.length >> 2) : bytes;
  };

  function popcount(x) {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }

  // The operations on sets of `n` cases.
  F.bitsets = function (n) {
    var WORDS = Math.max(1, Math.ceil(n / 32));

    function empty() { return new Uint32Array(WORDS); }

    function fromBytes(bytes) {   // bytes beyond the set are ignored, missing ones are 0
      var words = new Uint32Array(WORDS);
      var padded = new Uint8Array(words.buffer);
      padded.set(bytes.subarray(0, Math.min(bytes.length, padded.length)));
      return words;
    }

    function ones() {
      var w = new Uint32Array(WORDS).fill(0xffffffff);
      if (n % 32) w[WORDS - 1] = (1 << (n % 32)) - 1;
      return w;
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

    function has(bits, k) { return (bits[k >>> 5] >>> (k & 31)) & 1; }

    function add(bits, k) { bits[k >>> 5] |= 1 << (k & 31); }

    function fromColumn(col, count) {   // one set per column value 0..count (0: the case has none)
      var out = [];
      for (var v = 0; v <= count; v++) out.push(new Uint32Array(WORDS));
      for (var k = 0; k < n; k++) out[col[k]][k >>> 5] |= 1 << (k & 31);
      return out;
    }

    function anyOf(sets) {   // the union of the sets given (nulls skipped)
      var out = new Uint32Array(WORDS);
      sets.forEach(function (b) { if (b) orInto(out, b); });
      return out;
    }

    return { n: n, words: WORDS, empty: empty, fromBytes: fromBytes, ones: ones, countAnd: countAnd, and: and,
      orInto: orInto, has: has, add: add, fromColumn: fromColumn, anyOf: anyOf };
  };
})(window.caselibFinder = window.caselibFinder || {});
