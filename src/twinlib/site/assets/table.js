/* twinlib web edition: sort every table.sortable by a click (or Enter) on a column heading; on the
   relations page also narrow the rows by the search box and the filters. No library, no network. */
(function () {
  "use strict";
  var lang = document.documentElement.lang;
  var collator = new Intl.Collator(lang, {numeric: true, sensitivity: "base"});

  function value(row, i) {
    var cell = row.cells[i];
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  function sortBy(table, th) {
    var i = th.cellIndex, numeric = th.getAttribute("data-type") === "number";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, i), y = value(b, i);
      var d = numeric ? Number(x) - Number(y) : collator.compare(x, y);
      return dir * d || collator.compare(value(a, 0), value(b, 0));
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(table, th); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th); }
      });
    });
  });

  var table = document.getElementById("relations"), search = document.getElementById("q");
  if (!table || !search) { return; }
  var shown = document.getElementById("shown"), template = shown.getAttribute("data-template");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var number = new Intl.NumberFormat(lang);

  // a search for "orebro" or "aero" finds Örebro and Ærø: accents, ø, æ and å folded away
  function fold(text) {
    return text.toLowerCase().replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "aa")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  rows.forEach(function (r) { r.setAttribute("data-text", fold(r.textContent)); });

  function apply() {
    var words = fold(search.value).split(/\s+/).filter(Boolean), n = 0;
    rows.forEach(function (r) {
      var text = r.getAttribute("data-text");
      var ok = words.every(function (w) { return text.indexOf(w) !== -1; }) && selects.every(function (s) {
        return !s.value || r.getAttribute("data-" + s.getAttribute("data-filter")) === s.value;
      });
      r.hidden = !ok;
      n += ok ? 1 : 0;
    });
    shown.textContent = template.replace("{shown}", number.format(n)).replace("{total}", number.format(rows.length));
  }
  search.addEventListener("input", apply);
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  apply();
})();
