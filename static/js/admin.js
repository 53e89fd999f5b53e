// The admin's autocomplete boxes (select2) draw their own combobox, which names itself after
// the current choice and is nameless while nothing is chosen: give it the field's label. select2
// draws (and redraws) its box after jQuery's ready, so this runs whenever the page changes.
function nameAutocompletes() {
  for (const select of document.querySelectorAll("select.admin-autocomplete")) {
    const label = document.querySelector(`label[for="${select.id}"]`);
    if (!label) continue;
    const name = label.textContent.replace(/:\s*$/, "").trim();
    const box = select.parentElement.querySelector(".select2-selection");
    const shown = document.getElementById(`select2-${select.id}-container`);
    if (box && box.getAttribute("aria-label") !== name) box.setAttribute("aria-label", name);
    if (shown && shown.getAttribute("aria-label") !== name) shown.setAttribute("aria-label", name);
  }
}
document.addEventListener("DOMContentLoaded", () => {
  nameAutocompletes();
  new MutationObserver(nameAutocompletes).observe(document.body, { childList: true, subtree: true });
});
