// The query page: a CodeMirror 5 SPARQL editor with completion of this ontology's terms and the known
// prefixes (from the #sparql-terms JSON the server writes), PREFIX lines added when a known prefix is
// used, Ctrl+Enter to run, a long query sent by POST, the error line marked, and sortable result
// tables (numeric literals as numbers, other cells in natural order: 1.1, 1.2, ..., 1.10).
(function () {
  "use strict";

  var KEYWORDS = ["SELECT", "DISTINCT", "WHERE", "FILTER", "OPTIONAL", "UNION", "VALUES", "BIND", "GROUP BY",
    "ORDER BY", "LIMIT", "OFFSET", "COUNT", "GROUP_CONCAT", "CONTAINS", "STR", "LANG", "ASK", "CONSTRUCT",
    "DESCRIBE", "PREFIX", "NOT EXISTS", "MINUS", "HAVING", "DESC", "ASC"];
  var MAX_GET = 6000;  // longer queries are POSTed; the share link still carries them

  function readTerms() {
    var node = document.getElementById("sparql-terms");
    return node ? JSON.parse(node.textContent) : {terms: [], prefixes: {}};
  }

  // ---------------------------------------------------------------- prefixes
  function declared(text) {
    var out = {}, re = /PREFIX\s+([A-Za-z][\w.-]*)?:/gi, m;
    while ((m = re.exec(text)) !== null) { out[m[1] || ""] = true; }
    return out;
  }

  function usedPrefixes(cm) {
    var used = {};
    for (var i = 0; i < cm.lineCount(); i++) {
      cm.getLineTokens(i).forEach(function (t) {
        var m = t.type === "atom" && /^([A-Za-z][\w.-]*):/.exec(t.string);
        if (m) { used[m[1]] = true; }
      });
    }
    return used;
  }

  function addPrefixes(cm, known) {
    var have = declared(cm.getValue()), lines = [];
    Object.keys(usedPrefixes(cm)).forEach(function (p) {
      if (!have[p] && known[p]) { lines.push("PREFIX " + p + ": <" + known[p] + ">\n"); }
    });
    if (lines.length) { cm.replaceRange(lines.join(""), {line: 0, ch: 0}, null, "+prefix"); }
  }

  // ---------------------------------------------------------------- completion
  function hinter(data) {
    var byPrefix = {};
    data.terms.forEach(function (t) { (byPrefix[t.prefix] = byPrefix[t.prefix] || []).push(t); });
    return function (cm) {
      var cur = cm.getCursor(), before = cm.getLine(cur.line).slice(0, cur.ch), list = [], m;
      if ((m = /(?:^|[^\w<"'?$-])([A-Za-z][\w.-]*):([\w-]*)$/.exec(before))) {
        var prefix = m[1], local = m[2].toLowerCase();
        (byPrefix[prefix] || []).forEach(function (t) {
          if (t.local.toLowerCase().indexOf(local) === 0 || (local && t.local.toLowerCase().indexOf(local) > 0)) {
            list.push({text: prefix + ":" + t.local,
                       displayText: prefix + ":" + t.local + "  " + [t.kind, t.label, t.comment].filter(Boolean).join(" · ")});
          }
        });
        return {list: list, from: CodeMirror.Pos(cur.line, cur.ch - prefix.length - 1 - m[2].length), to: cur};
      }
      if ((m = /(?:^|[^\w<"'?$:-])([A-Za-z][\w-]*)$/.exec(before))) {
        var word = m[1], low = word.toLowerCase();
        Object.keys(data.prefixes).forEach(function (p) {
          if (p.toLowerCase().indexOf(low) === 0) {
            list.push({text: p + ":", displayText: p + ":  <" + data.prefixes[p] + ">"});
          }
        });
        KEYWORDS.forEach(function (k) { if (k.toLowerCase().indexOf(low) === 0) { list.push(k); } });
        return {list: list, from: CodeMirror.Pos(cur.line, cur.ch - word.length), to: cur};
      }
      return {list: [], from: cur, to: cur};
    };
  }

  // ---------------------------------------------------------------- the editor
  function setUpEditor() {
    var textarea = document.getElementById("query"), form = document.getElementById("query-form");
    if (!textarea || typeof CodeMirror === "undefined") { return null; }
    var data = readTerms();
    var run = function () { if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); } };
    var cm = CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query", lineNumbers: true, matchBrackets: true, indentUnit: 2,
      viewportMargin: Infinity,
      extraKeys: {"Ctrl-Space": "autocomplete", "Ctrl-Enter": run, "Cmd-Enter": run},
      hintOptions: {hint: hinter(data), completeSingle: false}
    });
    cm.on("inputRead", function (editor, change) {
      var typed = change.text.join("");
      var before = editor.getLine(editor.getCursor().line).slice(0, editor.getCursor().ch);
      if (/^[\w:-]$/.test(typed) && /(?:^|[^\w<"'?$-])[A-Za-z][\w.-]*:[\w-]*$/.test(before)) {
        editor.showHint({completeSingle: false});
      }
    });
    cm.on("changes", function (editor, changes) {
      if (changes.some(function (c) { return c.origin !== "+prefix" && c.origin !== "setValue"; })) {
        addPrefixes(editor, data.prefixes);
      }
    });
    form.addEventListener("submit", function () {
      addPrefixes(cm, data.prefixes);
      cm.save();
      if (("/sparql?query=" + encodeURIComponent(textarea.value)).length > MAX_GET) {
        form.method = "post";
      }
    });
    var where = document.querySelector("#query-error .where");
    if (where) {
      var line = parseInt(where.getAttribute("data-line"), 10) - 1;
      var column = Math.max(0, parseInt(where.getAttribute("data-column"), 10) - 1);
      if (line >= 0 && line < cm.lineCount()) {
        cm.addLineClass(line, "background", "cm-error-line");
        cm.setCursor({line: line, ch: column});
      }
    }
    window.policykgEditor = cm;
    return cm;
  }

  // ---------------------------------------------------------------- sortable tables
  var collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});

  function compareCells(a, b) {
    var na = a.getAttribute("data-num"), nb = b.getAttribute("data-num");
    var ta = a.textContent, tb = b.textContent;
    if (ta === "" || tb === "") { return ta === tb ? 0 : (ta === "" ? 1 : -1); }
    if (na !== null && nb !== null) { return parseFloat(na) - parseFloat(nb); }
    if (na !== null || nb !== null) { return na !== null ? -1 : 1; }
    return collator.compare(ta, tb);
  }

  function sortBy(table, th) {
    var col = parseInt(th.getAttribute("data-col"), 10);
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r.originalIndex = i; });
    rows.sort(function (r1, r2) {
      var c = compareCells(r1.cells[col], r2.cells[col]);
      return (dir === "ascending" ? c : -c) || r1.originalIndex - r2.originalIndex;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
  }

  function setUpTables() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        th.addEventListener("click", function () { sortBy(table, th); });
        th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortBy(table, th); } });
      });
    });
  }

  setUpEditor();
  setUpTables();
  window.policykgPageReady = true;
})();
