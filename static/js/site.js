// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) el.form.submit();
});
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.innerText.trim());
    button.dataset.label = button.dataset.label || button.textContent;
    button.textContent = button.dataset.copied || "Copied";
    setTimeout(() => { button.textContent = button.dataset.label; }, 2000);
  } catch (e) { /* clipboard blocked: the text stays selectable */ }
});

// On a phone, tables become stacked rows (site.css); each cell gets its column's heading as
// `data-label`, which the stacked layout shows before the value. Without this script the rows
// still stack, without the headings.
function labelTableCells(root) {
  for (const table of root.querySelectorAll("table")) {
    const heads = table.tHead ? Array.from(table.tHead.rows[0]?.cells || []) : [];
    if (!heads.length) continue;
    const names = [];
    for (const th of heads) {
      for (let i = 0; i < (th.colSpan || 1); i++) names.push(th.innerText.trim());
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          if (!cell.dataset.label && names[column]) cell.dataset.label = names[column];
          column += cell.colSpan || 1;
        }
      }
    }
  }
}
document.addEventListener("DOMContentLoaded", () => labelTableCells(document));

// After a failed submit the page comes back with an error summary: move the focus there, so a
// keyboard or screen-reader user starts at the list of what to fix (each links to its field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
