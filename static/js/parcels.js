// Intake screen: a keyboard-wedge scanner types the code then Enter; keep the scan box focused
// and selected so the next scan replaces the previous one.
document.addEventListener("DOMContentLoaded", () => {
  const scan = document.querySelector(".scan-input");
  const intake = document.querySelector(".intake-form [autofocus]");
  if (intake) { intake.focus(); return; }
  if (scan) { scan.focus(); scan.select(); }
});
