// pregon's one script besides htmx: a page works without it. The "select all" box of a
// campaign table ticks or clears every row of that table.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.classList || !box.classList.contains("select-all")) return;
  const table = box.closest("table");
  if (!table) return;
  table.querySelectorAll('tbody input[type="checkbox"][name="ids"]').forEach((row) => {
    row.checked = box.checked;
  });
});
