/* 双工案例库 — the case finder, part 2 of 7: the state of a view and the query string (see finder.js).
 *
 * The whole state of the finder is here, and it is the query string, so that any view is a link:
 *   q        the keywords (free text)
 *   region   province codes and city codes (a chosen city narrows its province)
 *   street   nine-digit township codes
 *   theme, method, target, partner   vocabulary slugs (urls.FINDER_KEYS names the record fields)
 *   year     start years;  status   status slugs (outputs/finder.py STATUS_SLUGS)
 *   sort     "updated", "name", "scale" or "relevance"; absent: the default of the view (relevance with a
 *            keyword, else most recently updated), which stays out of the URL
 * Several values of one key are joined with "," (repeated keys are read too). Only the number of results
 * shown ("显示更多") is not in the URL: it restarts at PAGE on every change.
 */
(function (F) {
  "use strict";

  var FACET_KEYS = ["region", "street", "theme", "method", "target", "partner", "year", "status"];   // filter order
  var SORTS = ["updated", "name", "scale"];   // orders shipped in facets.json
  var RELEVANCE = "relevance";                // computed per query (outputs/search/query.py Index.rank)

  function empty() {
    var s = { q: "", sort: "" };   // sort "": the default of the view (relevance with a keyword)
    FACET_KEYS.forEach(function (k) { s[k] = []; });
    return s;
  }

  // The state a query string asks for; values that `known(key, value)` does not know are dropped.
  function parse(search, known) {
    var params = new URLSearchParams(search), s = empty();
    s.q = (params.get("q") || "").trim();
    var sort = params.get("sort");
    if (SORTS.indexOf(sort) >= 0 || sort === RELEVANCE) s.sort = sort;
    FACET_KEYS.forEach(function (k) {
      params.getAll(k).join(",").split(",").forEach(function (v) {
        v = v.trim();
        if (v && known(k, v) && s[k].indexOf(v) < 0) s[k].push(v);
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

  function filtered(s) { return FACET_KEYS.some(function (k) { return s[k].length; }); }

  function commit(s, push) {   // the address bar shows the state (a new history entry when `push`)
    var search = serialize(s);
    if (search === location.search || (search === "" && location.search === "")) return;
    var url = location.pathname + search + location.hash;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }

  F.state = { FACET_KEYS: FACET_KEYS, SORTS: SORTS, RELEVANCE: RELEVANCE, PAGE: 20, empty: empty, parse: parse,
    serialize: serialize, sortOf: sortOf, filtered: filtered, commit: commit };
})(window.caselibFinder = window.caselibFinder || {});
