/* 双工案例库 — the tile map on the finder page, recounted for the current result.
 *
 * finder.js (the finder's controller) dispatches "caselib:results" on #cl-finder after each update, with detail.cases (the case
 * numbers shown) and detail.province(n) (a case's province code). This module counts them per province and
 * updates the map drawn at build time (templates/charts/tilemap.html.j2): each tile's number and colour class
 * (the build's class bounds, data-cl-map-lows, so the legend stays true) and the data table beside it (rows
 * re-sorted, provinces with no result hidden). Nothing here runs on pages without a live map.
 */
(function () {
  "use strict";

  var root = document.getElementById("cl-finder");
  var map = document.querySelector(".cl-map--live");
  if (!root || !map) return;

  var lows = (map.getAttribute("data-cl-map-lows") || "").split(",").filter(Boolean).map(Number);
  var tiles = Array.prototype.slice.call(map.querySelectorAll(".cl-map__tile"));
  var body = map.querySelector(".cl-map__table tbody");
  var rows = Array.prototype.slice.call(body.querySelectorAll("tr[data-code]"));
  var caption = map.querySelector(".cl-map__table caption");

  function level(count) {
    var k = 0;
    lows.forEach(function (low) { if (count >= low) k++; });
    return k;
  }

  root.addEventListener("caselib:results", function (event) {
    var counts = {}, total = 0;
    event.detail.cases.forEach(function (n) {
      var code = event.detail.province(n);
      if (code) { counts[code] = (counts[code] || 0) + 1; total++; }
    });
    tiles.forEach(function (tile) {
      var count = counts[tile.getAttribute("data-code")] || 0;
      if (tile.getAttribute("data-count") === String(count)) return;
      tile.setAttribute("data-count", String(count));
      tile.setAttribute("class", "cl-map__tile cl-map__tile--" + level(count));
      tile.querySelector(".cl-map__count").textContent = String(count);
      tile.querySelector("title").textContent = tile.getAttribute("data-name") + "：" + count + " 个案例";
    });
    rows.forEach(function (row) {
      var count = counts[row.getAttribute("data-code")] || 0;
      row.setAttribute("data-count", String(count));
      row.querySelector("td").textContent = String(count);
      row.hidden = count === 0;
    });
    rows.slice().sort(function (a, b) {
      return (+b.getAttribute("data-count") - +a.getAttribute("data-count")) ||
        (a.getAttribute("data-code") < b.getAttribute("data-code") ? -1 : 1);
    }).forEach(function (row) { body.appendChild(row); });
    caption.textContent = "当前结果按省级地区（共 " + total + " 个）";
    map.setAttribute("data-total", String(total));
  });
})();
