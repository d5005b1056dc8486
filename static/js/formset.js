// Formset rows (templates/delaftaler/_formset.html, _formset_tabel.html). Every page works
// without this script: one blank row per formset, the order typed as numbers, a staff
// line's conversions shown after saving.
// - "Tilføj …" adds a blank row by cloning the formset's empty form.
// - Rows are reordered by dragging their handle (SortableJS, static/vendor/Sortable.min.js)
//   or with "Flyt op"/"Flyt ned"; the hidden order fields (…-ORDER) follow the rows.
// - A staff line shows its share in all three forms as it is typed (the rules of
//   delaftaler.models.Medarbejderressource: a week is the contracted hours, 37 when none
//   are given; a year is 52 weeks).

// In a scope of its own: the page's other scripts are classic scripts too, sharing globals.
(() => {
  const FULD_TID_TIMER = 37;
  const UGER_PR_AAR = 52;

  // The elements of this formset, not of a formset nested in one of its rows.
  function egne(formset, selektor) {
    return [...formset.querySelectorAll(selektor)].filter(
      (e) => e.closest("[data-formset]") === formset,
    );
  }

  function ordenfelt(raekke) {
    return [...raekke.querySelectorAll("input[name$='-ORDER']")].find(
      (e) => e.closest("[data-raekke], .raekke") === raekke,
    );
  }

  // A blank row the user has not touched: it must keep an empty order field, or Django
  // would take it as filled in and ask for its required fields.
  function roert(raekke) {
    if (raekke.hasAttribute("data-gemt") || raekke.hasAttribute("data-flyttet")) return true;
    for (const felt of raekke.querySelectorAll("input, select, textarea")) {
      if (felt.name.endsWith("-ORDER") || felt.type === "hidden") continue;
      if (felt.type === "checkbox" || felt.type === "radio") {
        if (felt.checked !== felt.defaultChecked) return true;
      } else if (felt.tagName === "SELECT") {
        if ([...felt.options].some((o) => o.selected !== o.defaultSelected)) return true;
      } else if (felt.value !== felt.defaultValue) return true;
    }
    return false;
  }

  function nummerer(formset) {
    let nr = 1;
    for (const raekke of egne(formset, "[data-raekke], .raekke")) {
      const felt = ordenfelt(raekke);
      if (felt) felt.value = roert(raekke) ? String(nr++) : "";
    }
  }

  function flyt(formset, raekke, retning) {
    const raekker = egne(formset, "[data-raekke], .raekke");
    const i = raekker.indexOf(raekke);
    const maal = raekker[retning === "op" ? i - 1 : i + 1];
    if (!maal) return;
    // The neighbour moves, not the row: the row's button keeps the focus (a moved node loses it).
    if (retning === "op") raekke.after(maal);
    else raekke.before(maal);
    raekke.setAttribute("data-flyttet", "");
    nummerer(formset);
    meld(formset, raekke);
  }

  function meld(formset, raekke) {
    const raekker = egne(formset, "[data-raekke], .raekke");
    const besked = egne(formset, "[data-flyttemelding]")[0];
    if (besked) {
      besked.textContent = `Rækken er flyttet til plads ${raekker.indexOf(raekke) + 1} af ${raekker.length}.`;
    }
  }

  function tilfoej(formset, total, skabelon, beholder) {
    const nr = parseInt(total.value, 10);
    beholder.insertAdjacentHTML("beforeend", skabelon.innerHTML.replaceAll("__prefix__", String(nr)));
    total.value = String(nr + 1);
    const ny = beholder.lastElementChild;
    ny.querySelector("input:not([type=hidden]):not([name$='-ORDER']), textarea, select")?.focus();
    if (formset.hasAttribute("data-omregning")) omregn(ny);
  }

  function raekkefoelge(formset, beholder) {
    if (!formset.classList.contains("formset-tabel") || !egne(formset, "input[name$='-ORDER']").length) return;
    formset.classList.add("kan-flyttes");
    formset.addEventListener("click", (haendelse) => {
      const knap = haendelse.target.closest("button[data-flyt]");
      if (!knap || knap.closest("[data-formset]") !== formset) return;
      flyt(formset, knap.closest("[data-raekke], .raekke"), knap.dataset.flyt);
      if (document.activeElement !== knap) knap.focus();
    });
    formset.closest("form")?.addEventListener("submit", () => nummerer(formset));
    if (typeof Sortable === "undefined") return;
    Sortable.create(beholder, {
      handle: ".greb",
      draggable: beholder.tagName === "TABLE" ? "tbody" : ".raekke",
      animation: 150,
      // Pointer events rather than the browser's drag and drop: the same on touch screens.
      forceFallback: true,
      onMove: (haendelse) => haendelse.related.tagName !== "THEAD",
      onEnd: (haendelse) => {
        haendelse.item.setAttribute("data-flyttet", "");
        nummerer(formset);
        meld(formset, haendelse.item);
      },
    });
  }

  // "18,5", "1.924", "18.5" as the server reads them (Django's sanitize_separators).
  function tal(tekst) {
    let [heltal, ...rest] = tekst.trim().replaceAll(" ", "").split(",");
    if (rest.length > 1) return NaN;
    const ental = rest.length === 0 && heltal.split(".").length === 2 && heltal.split(".")[1].length !== 3;
    if (!ental) heltal = heltal.replaceAll(".", "");
    const s = rest.length ? `${heltal}.${rest[0]}` : heltal;
    return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
  }

  function dansk(vaerdi, decimaler) {
    const [heltal, brok] = vaerdi.toFixed(decimaler).split(".");
    const tusinder = heltal.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    const rest = (brok || "").replace(/0+$/, "");
    return rest ? `${tusinder},${rest}` : tusinder;
  }

  function omregn(raekke) {
    const felt = (navn) => raekke.querySelector(`[name$='-${navn}']`);
    const ud = raekke.querySelector("[data-omregning-tekst]");
    if (!ud || !felt("maengde") || !felt("enhed")) return;
    const maengde = tal(felt("maengde").value);
    const kontraktTekst = felt("kontrakt_timer_uge")?.value.trim() || "";
    const kontrakt = kontraktTekst ? tal(kontraktTekst) : null;
    const enhed = felt("enhed").value;
    ud.textContent = "";
    if (!(maengde > 0) || (kontrakt !== null && !(kontrakt > 0 && kontrakt <= 80))) return;
    const stilling = kontrakt || FULD_TID_TIMER;
    let uge;
    if (enhed === "procent") uge = (stilling * maengde) / 100;
    else if (enhed === "timer_aar") uge = maengde / UGER_PR_AAR;
    else if (enhed === "timer_uge") uge = maengde;
    else return;
    const procent = (uge / stilling) * 100;
    ud.textContent = `${dansk(procent, 1)} % · ${dansk(uge, 2)} t./uge · ${dansk(uge * UGER_PR_AAR, 0)} t./år`;
  }

  function omregning(formset) {
    if (!formset.hasAttribute("data-omregning")) return;
    const opdater = (haendelse) => {
      const raekke = haendelse.target.closest("[data-raekke]");
      if (raekke) omregn(raekke);
    };
    formset.addEventListener("input", opdater);
    formset.addEventListener("change", opdater);
    for (const raekke of egne(formset, "[data-raekke]")) omregn(raekke);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const formset of document.querySelectorAll("[data-formset]")) {
      const prefix = formset.dataset.formset;
      const total = formset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
      const skabelon = formset.querySelector(":scope > template[data-tom-raekke]");
      const knap = formset.querySelector(":scope > button[data-tilfoej-raekke]");
      const beholder = egne(formset, "[data-raekker]")[0];
      if (!beholder) continue;
      raekkefoelge(formset, beholder);
      omregning(formset);
      if (!total || !skabelon || !knap) continue;
      knap.classList.remove("d-none");
      knap.addEventListener("click", () => tilfoej(formset, total, skabelon, beholder));
    }
  });
})();
