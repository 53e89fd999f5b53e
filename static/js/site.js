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
