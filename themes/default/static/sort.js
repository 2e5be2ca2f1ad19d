// Sortable tables: a progressive enhancement. Every table is complete
// without JavaScript; this only adds buttons to the column headers of
// tables marked data-sortable. Numeric cells carry their raw value in
// data-sort; empty cells sort last.
(function () {
  'use strict';
  function key(cell) {
    var raw = cell.getAttribute('data-sort');
    if (raw !== null && raw !== '') return parseFloat(raw);
    var text = cell.textContent.trim();
    return text === '—' ? null : text;
  }
  function compare(a, b, asc) {
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    var r = (typeof a === 'number' && typeof b === 'number') ? a - b : String(a).localeCompare(String(b));
    return asc ? r : -r;
  }
  function sort(table, col, th) {
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (x, y) { return compare(key(x.cells[col]), key(y.cells[col]), asc); });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
  }
  Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), function (table) {
    if (!table.tHead || !table.tBodies[0]) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener('click', function () { sort(table, col, th); });
    });
  });
})();
