// The part editor: a button carrying data-insert puts its text (a figure token, a department's
// highlight) at the cursor of the part's textarea, and the live preview follows.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-insert]");
  var area = document.getElementById("part-text");
  if (!button || !area) return;
  event.preventDefault();
  var text = button.getAttribute("data-insert");
  var start = area.selectionStart, end = area.selectionEnd;
  area.value = area.value.slice(0, start) + text + area.value.slice(end);
  area.selectionStart = area.selectionEnd = start + text.length;
  area.focus();
  area.dispatchEvent(new Event("input", { bubbles: true }));
});
