// The rate export page's "Select all" toggle, without the inline handler the CSP blocks.
document.addEventListener("change", (event) => {
  if (event.target.matches("input.select-toggle") && typeof onSelectToggleChange === "function") {
    onSelectToggleChange(event); // from import_export/export_selectable_fields.js
  }
});
