// Intake screen: a keyboard-wedge scanner types the code then Enter; keep the scan box focused
// and selected so the next scan replaces the previous one.
document.addEventListener("DOMContentLoaded", () => {
  const scan = document.querySelector(".scan-input");
  const intake = document.querySelector(".intake-form [autofocus]");
  if (intake) { intake.focus(); return; }
  if (scan) { scan.focus(); scan.select(); }
});

// Shipment request: prices, the customs declaration and its form follow the parcels and the
// recipient as they change, without the "Update prices" round trip (which still works without
// JavaScript). The page is asked for again in the background and its live regions swapped in.
document.addEventListener("change", async (event) => {
  const form = event.target.closest("form[data-live-prices]");
  if (!form || !event.target.matches("input[name=parcels], select[name=recipient]")) return;
  const status = form.querySelector("[data-live-status]");
  const chosen = form.querySelector("input[name=service]:checked")?.value;
  const body = new FormData(form);
  body.set("quote", "1");
  try {
    const response = await fetch(form.action || window.location.href, {
      method: "POST", body, credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const region of form.querySelectorAll("[data-live]")) {
      const fresh = page.querySelector(`[data-live="${region.dataset.live}"]`);
      if (fresh) region.replaceWith(document.importNode(fresh, true));
    }
    const again = form.querySelector(`input[name=service][value="${chosen}"]:not(:disabled)`);
    if (again) again.checked = true;
    if (status) status.textContent = status.dataset.done || "";
  } catch (error) {
    if (status) status.textContent = status.dataset.failed || "";
  }
});
