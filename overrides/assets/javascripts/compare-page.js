/* 双工案例库 — the compare page (compare/): two or three cases side by side.
 *
 * The page is static; this reads ?ids=a,b,c (or, without it, the list kept by compare.js: window.caselibCompare),
 * fetches data/cases/<id>.json for just those cases (never the whole library) and fills the table, the chips
 * and the link to share. Headings and metric names come from the page's data attributes (the record schema),
 * values are put in with textContent only. Without JavaScript the page explains how to use it.
 * Loaded by compare.md.j2, after compare.js.
 */
(function () {
  "use strict";

  var C = window.caselibCompare;

  var QUAL_BEFORE = ["约", "超", "近", "逾"];
  var QUAL_BEFORE_UNIT = ["余", "多"];  // 120余万元, 20多场次
  var UNSTATED = "不详";

  // One figure as the case page shows it (model.Metric.display): 280余, 约1,000, 98.5%, 120余万元.
  function metricText(m, unit) {
    var n = Number(m.value).toLocaleString("en-US", { maximumFractionDigits: 2 });
    var q = m.qualifier || "";
    var text = QUAL_BEFORE.indexOf(q) >= 0 ? q + n + unit
      : QUAL_BEFORE_UNIT.indexOf(q) >= 0 && unit ? n + q + unit : n + unit + q;
    return m.note ? text + "（" + m.note + "）" : text;
  }

  // A vocabulary field: the stated values, then those the editor inferred (marked, never “shared”).
  function terms(r, key, shared) {
    var values = r[key] || [];
    if (values.length === 1 && values[0] === UNSTATED) return "来源未说明";
    var guessed = (r.inferred || {})[key] || [];
    var ul = list(values.filter(function (v) { return guessed.indexOf(v) < 0; }), shared);
    guessed.forEach(function (v) {
      ul.appendChild(C.el("li", { "class": "cl-inferred", title: "来源没有直接说明，由编者推断" }, v + "（推断）"));
    });
    return ul;
  }

  function unitText(u) {
    if (u.name === UNSTATED) return "来源未说明";
    var type = u.type === UNSTATED ? "类型来源未说明" : u.type + ((u.inferred || []).indexOf("type") >= 0 ? "，推断" : "");
    return u.name + "（" + type + "）";
  }

  function list(items, shared) {
    var ul = C.el("ul");
    items.forEach(function (item) {
      var li = C.el("li", {}, item);
      if (shared && shared.indexOf(item) >= 0) { li.className = "cl-shared"; li.title = "所选案例共有"; }
      ul.appendChild(li);
    });
    return ul;
  }

  // A list, or what the case page says where the record has none: an empty cell reads like a missing value.
  function listOr(items) {
    return items.length ? list(items) : C.el("span", { "class": "cl-muted" }, "来源未说明");
  }

  function stated(r, key) {
    var guessed = (r.inferred || {})[key] || [];
    return (r[key] || []).filter(function (v) { return v !== UNSTATED && guessed.indexOf(v) < 0; });
  }

  function common(records, key) {
    if (records.length < 2) return [];
    return stated(records[0], key).filter(function (v) {
      return records.every(function (r) { return stated(r, key).indexOf(v) >= 0; });
    });
  }

  // The rows of the table: [heading, value of a record]. Headings are the record schema's field titles,
  // passed by the page (data-cl-fields, from the schema via render/pages.py), never written here.
  function rows(records, fields, labels, units, casesBase) {
    var shared = { themes: common(records, "themes"), target_groups: common(records, "target_groups"),
      methods: common(records, "methods") };
    return [
      [fields["title"], function (r) {
        return C.el("a", { href: casesBase + encodeURIComponent(r.id) + "/" }, r.title);
      }],
      [fields["kind"], function (r) { return r.kind; }],
      [fields["region"], function (r) {
        var g = r.region || {};
        return [g.province, g.city, g.county, g.street, g.community].filter(Boolean).join(" · ");
      }],
      [fields["period"], function (r) {
        var p = r.period || {};
        return (p.start ? p.start + " 起" + (p.end ? "，至 " + p.end : "") : "来源未说明") + " · " + r.status
          + (r.status_as_of ? "（据 " + r.status_as_of + " 报道）" : "");
      }],
      [fields["themes"], function (r) { return terms(r, "themes", shared.themes); }],
      [fields["target_groups"], function (r) { return terms(r, "target_groups", shared.target_groups); }],
      [fields["methods"], function (r) { return terms(r, "methods", shared.methods); }],
      [fields["lead_unit"], function (r) { return r.lead_unit ? unitText(r.lead_unit) : ""; }],
      [fields["partners"], function (r) { return listOr((r.partners || []).map(unitText)); }],
      [fields["metrics"], function (r) {
        var metrics = r.metrics || {};
        var keys = Object.keys(labels).filter(function (k) { return metrics[k]; });
        if (!keys.length) return "来源未给出";
        var lines = [];
        keys.forEach(function (k) {
          [].concat(metrics[k]).forEach(function (m) { lines.push(labels[k] + " " + metricText(m, units[k] || "")); });
        });
        return list(lines);
      }],
      [fields["division_of_labour.social_workers"], function (r) { return listOr((r.division_of_labour || {}).social_workers || []); }],
      [fields["division_of_labour.volunteers"], function (r) { return listOr((r.division_of_labour || {}).volunteers || []); }],
      [fields["replication.mechanisms"], function (r) { return listOr((r.replication || {}).mechanisms || []); }],
      [fields["replication.conditions"], function (r) { return listOr((r.replication || {}).conditions || []); }],
      [fields["outcomes.evidence"], function (r) { return (r.outcomes || {}).evidence || ""; }],
      [fields["sources"], function (r) {
        return listOr((r.sources || []).map(function (s) {
          return s.title + " · " + s.publisher + (s.date ? " · " + s.date : "") + (s.url ? " " + s.url : "");
        }));
      }],
      [fields["updated"], function (r) { return r.updated; }]
    ];
  }

  function setupComparePage() {
    var root = document.querySelector("[data-cl-compare]");
    if (!root) return;
    var dataBase = root.getAttribute("data-cl-data");
    var casesBase = root.getAttribute("data-cl-cases");
    var fields = JSON.parse(root.getAttribute("data-cl-fields") || "{}");
    var labels = JSON.parse(root.getAttribute("data-cl-labels") || "{}");
    var units = JSON.parse(root.getAttribute("data-cl-units") || "{}");
    var table = root.querySelector("[data-cl-compare-table]");
    var message = root.querySelector("[data-cl-compare-message]");
    var pickedBox = root.querySelector("[data-cl-compare-picked]");
    var share = root.querySelector("[data-cl-compare-share]");
    var params = new URLSearchParams(window.location.search);
    var fromUrl = params.has("ids");
    var ids = fromUrl ? (params.get("ids") || "").split(",") : C.picked().map(function (p) { return p.id; });
    ids = ids.map(function (s) { return s.trim(); }).filter(function (s, i, all) {
      return C.ID.test(s) && all.indexOf(s) === i;
    });
    var tooMany = ids.length > C.MAX;
    ids = ids.slice(0, C.MAX);

    function render(records, missing) {
      var shareUrl = C.href(window.location.pathname, records.map(function (r) { return r.id; }));
      if (window.history && window.history.replaceState) window.history.replaceState(null, "", shareUrl);
      C.save(records.map(function (r) { return { id: r.id, title: r.title }; }));
      var notes = [];
      if (missing.length) notes.push("找不到这些编号的案例：" + missing.join("、") + "。");
      if (tooMany) notes.push("一次最多比较 " + C.MAX + " 个案例，只显示前 " + C.MAX + " 个。");
      if (records.length < 2) notes.push(records.length ? "再选一两个案例：打开其他案例页面，点“加入对比”。"
        : "还没有选择案例：打开案例页面，点“加入对比”，选两到三个。");
      message.textContent = notes.join(" ");

      pickedBox.textContent = "";
      pickedBox.hidden = !records.length;
      records.forEach(function (r) {
        var chip = C.el("span", { class: "cl-compare__chip" }, r.title + " ");
        var remove = C.el("button", { type: "button", class: "cl-compare__remove", "aria-label": "移除 " + r.title }, "×");
        remove.addEventListener("click", function () {
          var rest = records.filter(function (x) { return x.id !== r.id; });
          render(rest, []);
        });
        chip.appendChild(remove);
        pickedBox.appendChild(chip);
      });
      share.hidden = records.length < 2;
      var link = share.querySelector("[data-cl-compare-link]");
      link.href = shareUrl;
      link.textContent = window.location.origin + shareUrl;

      table.hidden = !records.length;
      var headRow = table.tHead.rows[0];
      while (headRow.cells.length > 1) headRow.deleteCell(1);
      records.forEach(function (r) { headRow.appendChild(C.el("th", { scope: "col" }, r.title)); });
      var body = table.tBodies[0];
      body.textContent = "";
      rows(records, fields, labels, units, casesBase).forEach(function (spec) {
        var tr = C.el("tr");
        tr.appendChild(C.el("th", { scope: "row" }, spec[0]));
        records.forEach(function (r) {
          var td = C.el("td");
          var value = spec[1](r);
          if (value instanceof Node) td.appendChild(value); else td.textContent = value === undefined ? "" : value;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    }

    if (!ids.length) { render([], []); return; }
    message.textContent = "正在读取案例数据……";
    Promise.all(ids.map(function (id) {
      return fetch(dataBase + id + ".json").then(function (res) {
        return res.ok ? res.json() : null;
      }).catch(function () { return null; });
    })).then(function (found) {
      var records = found.filter(Boolean);
      var missing = ids.filter(function (id, i) { return !found[i]; });
      render(records, missing);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupComparePage);
  else setupComparePage();
})();
