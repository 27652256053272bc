/* 双工案例库 — the case finder, part 5 of 7: downloading the current result as CSV or Excel (see finder.js).
 *
 * The rows are the current view, in display order: the columns facets.json knows (kind, region, tags, year,
 * status) plus finder/table.json (fetched on the first download only: id, title, city, county, updated).
 * The Excel writer is vendor/write-excel-file.min.js (npm write-excel-file, MIT, beside this file), loaded on
 * the first Excel download only. Neither file runs formulas: CSV cells that would start one get a "'", the
 * Excel cells are typed as text.
 */
(function (F) {
  "use strict";

  var SCRIPT = document.currentScript ? document.currentScript.src : "";   // vendor/ is beside this file
  // The download's own short headings (a spreadsheet column, not the record's field names: 名称, 省, 市 and
  // 开始年份 are what this table holds, which is less than the record's fields; data/cases.csv has those).
  var HEAD = ["id", "名称", "类型", "省", "市", "区县", "服务领域", "服务对象", "工作方法", "单位类型", "开始年份", "状态", "更新日期", "网址"];
  var WIDTHS = [28, 30, 10, 10, 10, 10, 16, 16, 20, 14, 8, 8, 11, 40];

  function csvCell(v) {
    v = v == null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;          // keep spreadsheet programs from running formulas
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }

  function save(blob, name) {
    var a = F.el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  var writer = null;
  function excelWriter() {   // loaded on first use
    if (!writer) writer = new Promise(function (resolve, reject) {
      var s = F.el("script", { src: new URL("vendor/write-excel-file.min.js", SCRIPT || location.href).href });
      s.onload = function () { if (window.writeXlsxFile) resolve(window.writeXlsxFile); else reject(new Error("writeXlsxFile")); };
      s.onerror = function () { writer = null; s.remove(); reject(new Error("write-excel-file.min.js")); };
      document.head.appendChild(s);
    });
    return writer;
  }

  // The two download buttons' click handlers for one finder (app: see finder.js).
  F.exports = function (app, regionLabel) {
    var table = null;

    function namesOf(k, n) {
      return app.data.facets[k].values.filter(function (v) { return app.data.bits.has(v.bits, n); })
        .map(function (v) { return v.name; }).join("、");
    }

    function currentRows() {   // the current view, one array of strings per case, in display order
      if (!table) table = app.load.json("table.json").catch(function (e) { table = null; throw e; });
      return table.then(function (rows) {
        var D = app.data, facets = D.facets;
        return app.current.map(function (n) {
          var r = rows[n], year = facets.year.values[facets.year.col[n] - 1], status = facets.status.values[facets.status.col[n] - 1];
          return [r[0], r[1], D.kinds[D.kindCol[n]] || "", regionLabel(n), r[2], r[3], namesOf("theme", n), namesOf("target", n),
            namesOf("method", n), namesOf("partner", n), year ? year.slug : "", status ? status.name : "", r[4],
            new URL(app.casesBase + r[0] + "/", location.href).href];
        });
      });
    }

    function exporter(id, kind, make) {
      return function () {
        var button = document.getElementById(id);
        button.disabled = true;
        currentRows().then(make).then(function () {
          app.statusEl.textContent = "已下载 " + app.current.length + " 个案例的 " + kind + "。";
        }).catch(function (e) {
          app.statusEl.textContent = kind + " 生成失败：" + e.message;
        }).then(function () { button.disabled = false; });
      };
    }

    var csv = exporter("cl-csv", "CSV", function (rows) {
      var lines = [HEAD.join(",")].concat(rows.map(function (r) { return r.map(csvCell).join(","); }));
      save(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }), "双工案例库-查找结果.csv");
    });

    // Excel: text cells stay text (no formulas, no encoding to guess), the header row is bold and frozen.
    var xlsx = exporter("cl-xlsx", "Excel 文件", function (rows) {
      return excelWriter().then(function (write) {
        var data = [HEAD.map(function (h) { return { value: h, fontWeight: "bold" }; })].concat(rows.map(function (r) {
          return r.map(function (v) { return v === "" ? null : { value: v, type: String }; });
        }));
        return write(data, { sheet: "查找结果", stickyRowsCount: 1, columns: WIDTHS.map(function (w) { return { width: w }; }) }).toBlob();
      }).then(function (blob) { save(blob, "双工案例库-查找结果.xlsx"); });
    });

    return { csv: csv, xlsx: xlsx };
  };
})(window.caselibFinder = window.caselibFinder || {});
