// Small page helpers, no inline script (a strict Content-Security-Policy stays possible).
// A checkbox with data-select-all="NAME" ticks or clears every checkbox named NAME in its form.
document.addEventListener("change", function (ev) {
  var box = ev.target;
  if (!box.matches || !box.matches("input[data-select-all]")) return;
  var scope = box.form || document;
  scope.querySelectorAll('input[type=checkbox][name="' + box.dataset.selectAll + '"]').forEach(function (c) {
    c.checked = box.checked;
  });
});

// A form with data-confirm asks before it is sent (inline handlers are blocked by the CSP).
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});
