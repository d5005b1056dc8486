// Formset rows (templates/delaftaler/_formset.html, _formset_tabel.html). Every page works
// without this script: one blank row per formset, the order typed as numbers, a staff
// line's conversions shown after saving.
// - "Tilføj …" adds a blank row by cloning the formset's empty form.
// - Rows are reordered by dragging their handle (SortableJS, static/vendor/Sortable.min.js)
//   or with "Flyt op"/"Flyt ned", in cards and table rows alike, each formset within itself
//   (a row's nested formset is a list of its own); the order fields (…-ORDER), hidden,
//   follow the rows, and a live region says where the row went.
// - A staff line shows its share in all three forms as it is typed (the rules of
//   delaftaler.models.Medarbejderressource: a week is the contracted hours, 37 when none
//   are given; a year is 52 weeks).
// Start-up runs for the page and again for content htmx adds (the edit form swapped after
// a save), once per formset; clicks, typing and saving are handled at the document, so
// they work for any content without being bound again.

// In a scope of its own: the page's other scripts are classic scripts too, sharing globals.
(() => {
  const FULD_TID_TIMER = 37;
  const UGER_PR_AAR = 52;
  const RAEKKE = "[data-raekke], .raekke";

  // The elements of this formset, not of a formset nested in one of its rows.
  function egne(formset, selektor) {
    return [...formset.querySelectorAll(selektor)].filter(
      (e) => e.closest("[data-formset]") === formset,
    );
  }

  function ordenfelt(raekke) {
    return [...raekke.querySelectorAll("input[name$='-ORDER']")].find(
      (e) => e.closest(RAEKKE) === raekke,
    );
  }

  // A blank row the user has not touched: it must keep an empty order field, or Django
  // would take it as filled in and ask for its required fields (moving it changes nothing).
  function roert(raekke) {
    if (raekke.hasAttribute("data-gemt") || raekke.hasAttribute("data-plads")) return true;
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
    for (const raekke of egne(formset, RAEKKE)) {
      const felt = ordenfelt(raekke);
      if (felt) felt.value = roert(raekke) ? String(nr++) : "";
    }
  }

  // A failed save shows the rows in the page's order, with the order the user gave them in
  // their fields (Django renders the forms by index): put them back in that order. A row
  // that came with a number keeps its place when saved again.
  function sorter(formset, beholder) {
    const raekker = egne(formset, RAEKKE);
    const plads = new Map();
    for (const raekke of raekker) {
      const nr = Number.parseInt(ordenfelt(raekke)?.value ?? "", 10);
      plads.set(raekke, Number.isNaN(nr) ? Number.POSITIVE_INFINITY : nr);
      if (!Number.isNaN(nr)) raekke.setAttribute("data-plads", "");
    }
    const sorteret = [...raekker].sort((a, b) =>
      plads.get(a) === plads.get(b) ? 0 : plads.get(a) - plads.get(b),
    );
    if (sorteret.some((raekke, i) => raekke !== raekker[i])) beholder.append(...sorteret);
  }

  function flyt(formset, raekke, retning) {
    const raekker = egne(formset, RAEKKE);
    const i = raekker.indexOf(raekke);
    const maal = raekker[retning === "op" ? i - 1 : i + 1];
    if (!maal) {
      meld(formset, raekke, "allerede på");
      return;
    }
    // The neighbour moves, not the row: the row's button keeps the focus (a moved node loses it).
    if (retning === "op") raekke.after(maal);
    else raekke.before(maal);
    nummerer(formset);
    meld(formset, raekke);
  }

  function meld(formset, raekke, hvor = "flyttet til") {
    const raekker = egne(formset, RAEKKE);
    const besked = egne(formset, "[data-flyttemelding]")[0];
    if (besked) {
      besked.textContent = `Rækken er ${hvor} plads ${raekker.indexOf(raekke) + 1} af ${raekker.length}.`;
    }
  }

  function tilfoej(formset) {
    const prefix = formset.dataset.formset;
    const total = formset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const skabelon = formset.querySelector(":scope > template[data-tom-raekke]");
    const beholder = egne(formset, "[data-raekker]")[0];
    if (!total || !skabelon || !beholder) return;
    const nr = Number.parseInt(total.value, 10);
    beholder.insertAdjacentHTML("beforeend", skabelon.innerHTML.replaceAll("__prefix__", String(nr)));
    total.value = String(nr + 1);
    const ny = beholder.lastElementChild;
    klargoer(ny);
    ny.querySelector("input:not([type=hidden]):not([name$='-ORDER']), textarea, select")?.focus();
    if (formset.hasAttribute("data-omregning")) omregn(ny);
  }

  function raekkefoelge(formset, beholder) {
    if (!egne(formset, "input[name$='-ORDER']").length) return;
    formset.classList.add("kan-flyttes");
    sorter(formset, beholder);
    if (typeof Sortable === "undefined") return;
    const tabel = beholder.tagName === "TABLE";
    Sortable.create(beholder, {
      handle: ".greb",
      // This formset's rows only: dragging over a nested formset's rows moves past its row.
      draggable: tabel ? "tbody" : `.raekke[data-raekke="${CSS.escape(formset.dataset.formset)}"]`,
      // Never into or out of another list (a nested formset has a Sortable of its own).
      group: { name: `formset-${formset.dataset.formset}`, pull: false, put: false },
      animation: 150,
      // Pointer events rather than the browser's drag and drop: the same on touch screens.
      forceFallback: true,
      onMove: (haendelse) => haendelse.related.tagName !== "THEAD",
      onEnd: (haendelse) => {
        if (haendelse.oldDraggableIndex === haendelse.newDraggableIndex) return;
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

  // Formsets started, by element. data-klar marks them too (for styles and tests), but an
  // attribute can come back in HTML restored as text (htmx's history) without the Sortable:
  // the set is what counts.
  const klare = new WeakSet();

  function klargoer(rod) {
    const formsets = [...rod.querySelectorAll("[data-formset]")];
    if (rod.matches?.("[data-formset]")) formsets.unshift(rod);
    for (const formset of formsets) {
      if (klare.has(formset)) continue;
      klare.add(formset);
      formset.setAttribute("data-klar", "");
      const beholder = egne(formset, "[data-raekker]")[0];
      if (!beholder) continue;
      raekkefoelge(formset, beholder);
      if (formset.hasAttribute("data-omregning")) {
        for (const raekke of egne(formset, "[data-raekke]")) omregn(raekke);
      }
      const knap = formset.querySelector(":scope > button[data-tilfoej-raekke]");
      const skabelon = formset.querySelector(":scope > template[data-tom-raekke]");
      if (knap && skabelon) knap.classList.remove("d-none");
    }
  }

  const startet = (element) => {
    const formset = element?.closest("[data-formset]");
    return formset && klare.has(formset) ? formset : null;
  };

  document.addEventListener("click", (haendelse) => {
    const knap = haendelse.target.closest?.("button[data-flyt], button[data-tilfoej-raekke]");
    const formset = startet(knap);
    if (!formset) return;
    if (knap.hasAttribute("data-tilfoej-raekke")) {
      tilfoej(formset);
      return;
    }
    if (!formset.classList.contains("kan-flyttes")) return;
    flyt(formset, knap.closest(RAEKKE), knap.dataset.flyt);
    if (document.activeElement !== knap) knap.focus();
  });

  const opdater = (haendelse) => {
    const formset = startet(haendelse.target);
    const raekke = haendelse.target.closest("[data-raekke]");
    if (formset?.hasAttribute("data-omregning") && raekke) omregn(raekke);
  };
  document.addEventListener("input", opdater);
  document.addEventListener("change", opdater);

  // Capture: the numbers are in place before anything reads the form (htmx included).
  document.addEventListener(
    "submit",
    (haendelse) => {
      for (const formset of haendelse.target.querySelectorAll("[data-formset].kan-flyttes")) {
        nummerer(formset);
        // SortableJS' animation leaves empty style attributes on the rows, which htmx would
        // copy onto the new rows when it swaps the form (its attribute settling), an inline
        // style the app's CSP refuses.
        for (const element of formset.querySelectorAll("[style]")) {
          if (!element.style.length) element.removeAttribute("style");
        }
      }
    },
    true,
  );

  document.addEventListener("DOMContentLoaded", () => klargoer(document));
  // htmx (where a page has it) fires this on the content it adds: the event's target.
  document.addEventListener("htmx:load", (haendelse) => klargoer(haendelse.target));
})();
