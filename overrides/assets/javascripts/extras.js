/* 双工案例库 extras (issue 7): citation date + copy buttons, print button, the "加入对比" toggle, the compare page.
 * Plain ES2017, no dependencies, nothing loaded from other hosts. Every piece of record text is put into the
 * page with textContent, never as HTML. Without JavaScript the page still shows everything it can
 * (citations with a date placeholder, a link to the compare page, an explanation there). */
(function () {
  "use strict";

  var STORE = "caselib.compare";
  var MAX = 3;
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* ---- copy to clipboard ---- */
  function fallbackCopy(text) {
    var area = el("textarea", { readonly: "", style: "position:fixed;top:0;left:0;opacity:0" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function setupCite() {
    document.querySelectorAll("[data-cl-cite-date]").forEach(function (node) { node.textContent = today(); });
    var permalink = document.querySelector("a.cl-cite__url[data-cl-cite-url]");  // no public base URL: this address
    document.querySelectorAll("[data-cl-cite-url]").forEach(function (node) { node.textContent = permalink.href; });
    document.querySelectorAll("[data-cl-copy]").forEach(function (button) {
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-cl-copy"));
        if (!target) return;
        copy(target.textContent.trim()).then(function () {
          button.textContent = "已复制";
        }, function () {
          button.textContent = "请手动选择复制";
        }).then(function () {
          setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
    document.querySelectorAll("[data-cl-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  /* ---- the comparison list (localStorage) ---- */
  function picked() {
    try {
      var list = JSON.parse(localStorage.getItem(STORE) || "[]");
      return Array.isArray(list) ? list.filter(function (p) { return p && ID.test(p.id); }).slice(0, MAX) : [];
    } catch (e) { return []; }
  }

  function savePicked(list) {
    try { localStorage.setItem(STORE, JSON.stringify(list.slice(-MAX))); } catch (e) { /* private mode */ }
  }

  function compareHref(base, ids) {
    return base + (ids.length ? "?ids=" + ids.map(encodeURIComponent).join(",") : "");
  }

  function setupCompareButtons() {
    var buttons = document.querySelectorAll("[data-cl-compare-add]");
    if (!buttons.length) return;
    var status = document.querySelector("[data-cl-compare-status]");
    function refresh() {
      var list = picked();
      buttons.forEach(function (button) {
        // A toggle button: its name stays "加入对比", the state is aria-pressed (and a ✓ drawn by CSS).
        var inList = list.some(function (p) { return p.id === button.getAttribute("data-cl-compare-add"); });
        button.setAttribute("aria-pressed", inList ? "true" : "false");
      });
      if (!status) return;
      status.textContent = "";
      if (!list.length) { status.hidden = true; return; }
      status.hidden = false;
      var base = buttons[0].getAttribute("data-cl-compare-page");
      status.appendChild(document.createTextNode("对比栏（" + list.length + "/" + MAX + "）："
        + list.map(function (p) { return p.title; }).join("、") + " · "));
      status.appendChild(el("a", { href: compareHref(base, list.map(function (p) { return p.id; })) },
        list.length > 1 ? "查看对比 →" : "再选一两个案例后查看对比"));
    }
    buttons.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var id = button.getAttribute("data-cl-compare-add");
        var list = picked();
        if (list.some(function (p) { return p.id === id; })) {
          list = list.filter(function (p) { return p.id !== id; });
        } else {
          list.push({ id: id, title: button.getAttribute("data-cl-title") || id });
        }
        savePicked(list);
        refresh();
      });
    });
    refresh();
  }

  /* ---- the compare page ---- */
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
      ul.appendChild(el("li", { "class": "cl-inferred", title: "来源没有直接说明，由编者推断" }, v + "（推断）"));
    });
    return ul;
  }

  function unitText(u) {
    if (u.name === UNSTATED) return "来源未说明";
    var type = u.type === UNSTATED ? "类型来源未说明" : u.type + ((u.inferred || []).indexOf("type") >= 0 ? "，推断" : "");
    return u.name + "（" + type + "）";
  }

  function list(items, shared) {
    var ul = el("ul");
    items.forEach(function (item) {
      var li = el("li", {}, item);
      if (shared && shared.indexOf(item) >= 0) { li.className = "cl-shared"; li.title = "所选案例共有"; }
      ul.appendChild(li);
    });
    return ul;
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

  function rows(records, labels, units, casesBase) {
    var shared = { themes: common(records, "themes"), target_groups: common(records, "target_groups"),
      methods: common(records, "methods") };
    return [
      ["项目名称", function (r) {
        return el("a", { href: casesBase + encodeURIComponent(r.id) + "/" }, r.title);
      }],
      ["类型", function (r) { return r.kind; }],
      ["地区", function (r) {
        var g = r.region || {};
        return [g.province, g.city, g.county, g.street, g.community].filter(Boolean).join(" · ");
      }],
      ["实施时间", function (r) {
        var p = r.period || {};
        return (p.start ? p.start + " 起" + (p.end ? "，至 " + p.end : "") : "来源未说明") + " · " + r.status
          + (r.status_as_of ? "（据 " + r.status_as_of + " 报道）" : "");
      }],
      ["服务领域", function (r) { return terms(r, "themes", shared.themes); }],
      ["服务对象", function (r) { return terms(r, "target_groups", shared.target_groups); }],
      ["方法与机制", function (r) { return terms(r, "methods", shared.methods); }],
      ["牵头单位", function (r) { return r.lead_unit ? unitText(r.lead_unit) : ""; }],
      ["合作单位", function (r) { return list((r.partners || []).map(unitText)); }],
      ["规模", function (r) {
        var metrics = r.metrics || {};
        var keys = Object.keys(labels).filter(function (k) { return metrics[k]; });
        if (!keys.length) return "来源未给出";
        var lines = [];
        keys.forEach(function (k) {
          [].concat(metrics[k]).forEach(function (m) { lines.push(labels[k] + " " + metricText(m, units[k] || "")); });
        });
        return list(lines);
      }],
      ["社工做了什么", function (r) { return list((r.division_of_labour || {}).social_workers || []); }],
      ["志愿者做了什么", function (r) { return list((r.division_of_labour || {}).volunteers || []); }],
      ["关键机制", function (r) { return list((r.replication || {}).mechanisms || []); }],
      ["所需条件", function (r) { return list((r.replication || {}).conditions || []); }],
      ["证据类型", function (r) { return (r.outcomes || {}).evidence || ""; }],
      ["来源", function (r) {
        return list((r.sources || []).map(function (s) {
          return s.title + " · " + s.publisher + (s.date ? " · " + s.date : "") + (s.url ? " " + s.url : "");
        }));
      }],
      ["更新日期", function (r) { return r.updated; }]
    ];
  }

  function setupComparePage() {
    var root = document.querySelector("[data-cl-compare]");
    if (!root) return;
    var dataBase = root.getAttribute("data-cl-data");
    var casesBase = root.getAttribute("data-cl-cases");
    var labels = JSON.parse(root.getAttribute("data-cl-labels") || "{}");
    var units = JSON.parse(root.getAttribute("data-cl-units") || "{}");
    var table = root.querySelector("[data-cl-compare-table]");
    var message = root.querySelector("[data-cl-compare-message]");
    var pickedBox = root.querySelector("[data-cl-compare-picked]");
    var share = root.querySelector("[data-cl-compare-share]");
    var params = new URLSearchParams(window.location.search);
    var fromUrl = params.has("ids");
    var ids = fromUrl ? (params.get("ids") || "").split(",") : picked().map(function (p) { return p.id; });
    ids = ids.map(function (s) { return s.trim(); }).filter(function (s, i, all) {
      return ID.test(s) && all.indexOf(s) === i;
    });
    var tooMany = ids.length > MAX;
    ids = ids.slice(0, MAX);

    function render(records, missing) {
      var shareUrl = compareHref(window.location.pathname, records.map(function (r) { return r.id; }));
      if (window.history && window.history.replaceState) window.history.replaceState(null, "", shareUrl);
      savePicked(records.map(function (r) { return { id: r.id, title: r.title }; }));
      var notes = [];
      if (missing.length) notes.push("找不到这些编号的案例：" + missing.join("、") + "。");
      if (tooMany) notes.push("一次最多比较 " + MAX + " 个案例，只显示前 " + MAX + " 个。");
      if (records.length < 2) notes.push(records.length ? "再选一两个案例：打开其他案例页面，点“加入对比”。"
        : "还没有选择案例：打开案例页面，点“加入对比”，选两到三个。");
      message.textContent = notes.join(" ");

      pickedBox.textContent = "";
      pickedBox.hidden = !records.length;
      records.forEach(function (r) {
        var chip = el("span", { class: "cl-compare__chip" }, r.title + " ");
        var remove = el("button", { type: "button", class: "cl-compare__remove", "aria-label": "移除 " + r.title }, "×");
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
      records.forEach(function (r) { headRow.appendChild(el("th", { scope: "col" }, r.title)); });
      var body = table.tBodies[0];
      body.textContent = "";
      rows(records, labels, units, casesBase).forEach(function (spec) {
        var tr = el("tr");
        tr.appendChild(el("th", { scope: "row" }, spec[0]));
        records.forEach(function (r) {
          var td = el("td");
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

  function start() {
    setupCite();
    setupCompareButtons();
    setupComparePage();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
