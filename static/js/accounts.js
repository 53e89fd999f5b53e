// Sign-up: show the guardian's fields only when the birthday says the applicant is under 18.
// Without JavaScript every field stays visible and the server decides.
(() => {
  const birth = document.querySelector("input[name=birth_date]");
  if (!birth) return;
  const names = ["guardian_name", "guardian_contact", "guardian_consent"];
  const rows = names
    .map((name) => document.querySelector(`[name=${name}]`))
    .filter(Boolean)
    .map((input) => input.closest("p, div") || input);
  const isMinor = () => {
    if (!birth.value) return false;
    const born = new Date(birth.value);
    const adult = new Date(born.getFullYear() + 18, born.getMonth(), born.getDate());
    return adult > new Date();
  };
  const update = () => rows.forEach((row) => { row.hidden = !isMinor(); });
  birth.addEventListener("change", update);
  birth.addEventListener("input", update);
  update();
})();
