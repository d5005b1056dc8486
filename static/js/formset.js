// "Tilføj række": adds a blank row to a formset by cloning its empty form.
// Without JavaScript the page still has one blank row per formset and works.
document.addEventListener("DOMContentLoaded", () => {
  for (const formset of document.querySelectorAll("[data-formset]")) {
    const prefix = formset.dataset.formset;
    const total = formset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const skabelon = formset.querySelector(":scope > template[data-tom-raekke]");
    const knap = formset.querySelector(":scope > button[data-tilfoej-raekke]");
    if (!total || !skabelon || !knap) continue;
    knap.classList.remove("d-none");
    knap.addEventListener("click", () => {
      const nr = parseInt(total.value, 10);
      const html = skabelon.innerHTML.replaceAll("__prefix__", String(nr));
      formset.querySelector(":scope > [data-raekker]").insertAdjacentHTML("beforeend", html);
      total.value = String(nr + 1);
      const ny = formset.querySelector(":scope > [data-raekker]").lastElementChild;
      ny.querySelector("input:not([type=hidden]), textarea, select")?.focus();
    });
  }
});
