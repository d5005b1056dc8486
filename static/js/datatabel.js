// An activity's data tables (aktiviteter.forms.DatatabelForm) edited as a grid. Without this
// script the table is typed as text in the textarea (its format: static/js/datatabeltekst.js,
// loaded first). With it the textarea is hidden and a table of inputs takes its place;
// the textarea stays the form's field: every change in the grid rewrites it in that format,
// and the server parses only the text (so its errors, e.g. "4x", still show at the field).
// - On load the text is read into the grid; the text itself is not touched until the grid
//   changes (formular.js compares the form with its state at load).
// - A cell holding ";" (which the format cannot hold) or a year that is not four digits is
//   refused with a message; saving then moves to that cell instead.
// - Enter moves down a column as in a spreadsheet; in the last row it adds a row.
// - Fully empty rows and columns are left out of the text.

// In a scope of its own: the page's other scripts are classic scripts too, sharing globals.
(() => {
  const { laes, iBrug, somTekst, fejlFor } = datatabeltekst;
  const OVERSKRIFT = "Skriv kolonnens overskrift.";
  const VEJLEDNING =
    "Skriv kolonnernes overskrift og år øverst og én række pr. område eller gruppe. Tal skrives " +
    "som 1.234,5. En række, der hedder ”Total” eller ”I alt”, vises som totalrække. Enter " +
    "flytter ned til næste række.";
  const FELTER = "table input, table textarea";

  function element(navn, egenskaber = {}, ...boern) {
    const e = document.createElement(navn);
    for (const [noegle, vaerdi] of Object.entries(egenskaber)) {
      if (noegle === "class") e.className = vaerdi;
      else if (noegle === "text") e.textContent = vaerdi;
      else e.setAttribute(noegle, vaerdi);
    }
    e.append(...boern);
    return e;
  }

  function felt(rolle, vaerdi, klasse = "") {
    // A heading wraps over two lines; Enter still moves down, and the text gets no line break.
    const i =
      rolle === "overskrift"
        ? element("textarea", { rows: "2" })
        : element("input", { type: "text", autocomplete: "off" });
    i.className = `form-control form-control-sm ${klasse}`;
    i.dataset.rolle = rolle;
    i.defaultValue = vaerdi; // the value attribute: a formset row sees it as untouched
    return i;
  }

  // A value as the text holds it: trimmed, on one line.
  function ren(felt) {
    return felt.value.replace(/\s+/g, " ").trim();
  }

  function knap(tekst, handling) {
    return element("button", {
      type: "button",
      class: "btn btn-sm btn-outline-secondary",
      "data-handling": handling,
      text: tekst,
    });
  }

  function kolonnecelle(kolonne) {
    return element(
      "th",
      { scope: "col", class: "datatabel-kolonne" },
      felt("overskrift", kolonne.overskrift, "datatabel-overskrift"),
      element(
        "div",
        { class: "d-flex gap-1 mt-1 align-items-center" },
        felt("aar", kolonne.aar, "datatabel-aar"),
        knap("Fjern kolonne", "fjern-kolonne"),
      ),
    );
  }

  function vaerdicelle(vaerdi) {
    const i = felt("vaerdi", vaerdi, "text-end");
    i.inputMode = "decimal";
    return element("td", {}, i);
  }

  function raekke(etiket, vaerdier) {
    return element(
      "tr",
      {},
      element("th", { scope: "row" }, felt("etiket", etiket, "datatabel-etiket")),
      ...vaerdier.map(vaerdicelle),
      element("td", { class: "datatabel-slet" }, knap("Fjern række", "fjern-raekke")),
    );
  }

  // The editor's parts, found from any element in it.
  function dele(gitter) {
    const tabel = gitter.querySelector("table");
    return {
      tabel,
      hoved: tabel.tHead.rows[0],
      raekkerne: [...tabel.tBodies[0].rows],
      tekst: document.getElementById(gitter.dataset.datatabelGitter),
    };
  }

  function kolonnenavn(th, nr) {
    const o = ren(th.querySelector("[data-rolle=overskrift]"));
    const aar = ren(th.querySelector("[data-rolle=aar]"));
    if (!o) return aar ? `kolonne ${nr} (${aar})` : `kolonne ${nr}`;
    return aar ? `${o} (${aar})` : o;
  }

  function navn(e, tekst) {
    e.setAttribute("aria-label", tekst);
  }

  // Every input and button named after its row and column ("Nørager, Antal beboere 18+ (2020)").
  function navngiv(gitter) {
    const { hoved, raekkerne } = dele(gitter);
    const kolonner = [...hoved.cells].slice(1, -1);
    const navne = kolonner.map((th, i) => kolonnenavn(th, i + 1));
    kolonner.forEach((th, i) => {
      navn(th.querySelector("[data-rolle=overskrift]"), `Overskrift for kolonne ${i + 1}`);
      navn(th.querySelector("[data-rolle=aar]"), `År for kolonne ${i + 1}`);
      const ukendt = !ren(th.querySelector("[data-rolle=overskrift]")); // "Fjern kolonne 3"
      navn(th.querySelector("[data-handling]"), `Fjern ${ukendt ? "" : "kolonne "}${navne[i]}`);
    });
    raekkerne.forEach((tr, r) => {
      const etiket = tr.cells[0].querySelector("input");
      navn(etiket, `Navn på række ${r + 1}`);
      const raekkenavn = ren(etiket) || `Række ${r + 1}`;
      [...tr.cells].slice(1, -1).forEach((td, k) => {
        navn(td.querySelector("input"), `${raekkenavn}, ${navne[k]}`);
      });
      const slet = tr.cells[tr.cells.length - 1].querySelector("button");
      navn(slet, ren(etiket) ? `Fjern række ${raekkenavn}` : `Fjern række ${r + 1}`);
    });
  }

  // The grid's values, trimmed, as a table of the text (static/js/datatabeltekst.js).
  function somTabel(gitter) {
    const { hoved, raekkerne } = dele(gitter);
    return {
      kolonner: [...hoved.cells].slice(1, -1).map((th) => ({
        overskrift: ren(th.querySelector("[data-rolle=overskrift]")),
        aar: ren(th.querySelector("[data-rolle=aar]")),
      })),
      raekker: raekkerne.map((tr) => {
        const [etiket, ...vaerdier] = [...tr.querySelectorAll("input")].map(ren);
        return { etiket, vaerdier };
      }),
    };
  }

  // Marks the refused inputs. Once a save was tried, a column in use needs a heading too: a
  // heading line of empty headings is a blank line, and the server would read the first row
  // as the headings.
  function tjek(gitter) {
    const { brugt } = iBrug(somTabel(gitter));
    const fejl = [];
    const gemt = gitter.dataset.forsoegt !== undefined;
    for (const input of gitter.querySelectorAll(FELTER)) {
      let [besked, stopper] = fejlFor(input.dataset.rolle, ren(input));
      if (!besked && gemt && input.dataset.rolle === "overskrift" && !ren(input)) {
        if (brugt.includes(input.closest("th").cellIndex - 1)) {
          [besked, stopper] = [OVERSKRIFT, true];
        }
      }
      input.classList.toggle("is-invalid", Boolean(besked));
      if (besked) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", gitter.querySelector("[data-besked]").id);
        fejl.push([input, besked, stopper]);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    }
    gitter.querySelector("[data-besked]").textContent = fejl.length ? fejl[0][1] : "";
    return fejl;
  }

  function opdater(gitter) {
    navngiv(gitter);
    const fejl = tjek(gitter);
    const { tekst } = dele(gitter);
    const ny = somTekst(somTabel(gitter));
    const uskrivbar = fejl.some(([, besked, stopper]) => stopper && besked !== OVERSKRIFT);
    if (uskrivbar || tekst.value === ny) return;
    tekst.value = ny;
    tekst.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function meld(gitter, besked) {
    gitter.querySelector("[data-status]").textContent = besked;
  }

  function tilfoejKolonne(gitter) {
    const { hoved, raekkerne } = dele(gitter);
    const th = kolonnecelle({ overskrift: "", aar: "" });
    hoved.cells[hoved.cells.length - 1].before(th);
    for (const tr of raekkerne) tr.cells[tr.cells.length - 1].before(vaerdicelle(""));
    opdater(gitter);
    th.querySelector("[data-rolle=overskrift]").focus();
    meld(gitter, "Der er tilføjet en kolonne.");
  }

  function tilfoejRaekke(gitter) {
    const { hoved, tabel } = dele(gitter);
    const tr = raekke("", Array(hoved.cells.length - 2).fill(""));
    tabel.tBodies[0].append(tr);
    opdater(gitter);
    meld(gitter, "Der er tilføjet en række.");
    return tr;
  }

  function fjernKolonne(gitter, th) {
    const { hoved, raekkerne } = dele(gitter);
    const k = th.cellIndex;
    const kolonnetekst = kolonnenavn(th, k);
    if (hoved.cells.length === 3) tilfoejKolonne(gitter); // the grid keeps one column
    for (const tr of [hoved, ...raekkerne]) tr.cells[k].remove();
    opdater(gitter);
    const naboer = dele(gitter).hoved.cells;
    naboer[Math.min(k, naboer.length - 2)].querySelector("[data-rolle=overskrift]").focus();
    meld(gitter, `Kolonnen ${kolonnetekst} er fjernet.`);
  }

  function fjernRaekke(gitter, tr) {
    const raekkenavn = ren(tr.cells[0].querySelector("input")) || `Række ${tr.rowIndex}`;
    const r = tr.sectionRowIndex;
    if (dele(gitter).raekkerne.length === 1) tilfoejRaekke(gitter); // the grid keeps one row
    tr.remove();
    opdater(gitter);
    const { raekkerne } = dele(gitter);
    raekkerne[Math.min(r, raekkerne.length - 1)].cells[0].querySelector("input").focus();
    meld(gitter, `Rækken ${raekkenavn} er fjernet.`);
  }

  // Enter moves to the same column one row down; in the last row it adds a row.
  function nedad(gitter, input) {
    const celle = input.closest("th, td");
    const tr = celle.parentElement;
    const { raekkerne } = dele(gitter);
    const iHoved = tr.parentElement.tagName === "THEAD";
    const under = iHoved ? raekkerne[0] : raekkerne[tr.sectionRowIndex + 1];
    const naeste = under ?? tilfoejRaekke(gitter);
    naeste.cells[celle.cellIndex].querySelector("input")?.focus();
  }

  function byg(tekst) {
    const { kolonner, raekker } = laes(tekst.value);
    const id = `${tekst.id}-gitter`;
    const tabel = element(
      "table",
      { class: "table table-sm table-bordered align-top mb-0 datatabel-tabel" },
      element("caption", { class: "visually-hidden" }),
      element(
        "thead",
        {},
        element(
          "tr",
          {},
          element("th", { scope: "col", class: "align-bottom", text: "Række" }),
          ...kolonner.map(kolonnecelle),
          element("td", { class: "datatabel-slet" }),
        ),
      ),
      element("tbody", {}, ...raekker.map((r) => raekke(r.etiket, r.vaerdier))),
    );
    const gitter = element(
      "div",
      { class: "datatabel-gitter", "data-datatabel-gitter": tekst.id },
      element("p", { class: "form-text mt-0", text: VEJLEDNING }),
      element(
        "div",
        {
          class: "table-responsive datatabel-rulle",
          role: "region",
          tabindex: "0",
          id,
        },
        tabel,
      ),
      element(
        "div",
        { class: "d-flex flex-wrap gap-2 mt-2" },
        knap("Tilføj kolonne", "tilfoej-kolonne"),
        knap("Tilføj række", "tilfoej-raekke"),
      ),
      element("div", { class: "datatabel-besked", id: `${tekst.id}-besked`, "data-besked": "" }),
      element("div", { class: "visually-hidden", role: "status", "data-status": "" }),
    );
    return gitter;
  }

  function forbind(gitter) {
    gitter.addEventListener("input", (h) => {
      if (h.target.matches(FELTER)) opdater(gitter);
    });
    gitter.addEventListener("click", (h) => {
      const handling = h.target.closest("[data-handling]")?.dataset.handling;
      if (handling === "tilfoej-kolonne") tilfoejKolonne(gitter);
      else if (handling === "tilfoej-raekke") {
        tilfoejRaekke(gitter).cells[0].querySelector("input").focus();
      } else if (handling === "fjern-kolonne") fjernKolonne(gitter, h.target.closest("th"));
      else if (handling === "fjern-raekke") fjernRaekke(gitter, h.target.closest("tr"));
    });
    gitter.addEventListener("keydown", (h) => {
      if (h.key !== "Enter" || !h.target.matches(FELTER)) return;
      h.preventDefault(); // not a submit of the whole form
      nedad(gitter, h.target);
    });
  }

  // The grid is named by the table's title ("Tabel: Dataoversigt"), also as it is typed.
  function tabelnavn(gitter, titelfelt) {
    const titel = titelfelt ? ren(titelfelt) : "";
    const tekst = titel ? `Tabel: ${titel}` : "Tabel";
    gitter.querySelector("table caption").textContent = tekst;
    gitter.querySelector("[role=region]").setAttribute("aria-label", tekst);
  }

  function forbedr(tekst) {
    if (tekst.dataset.datatabelAktiv !== undefined || !tekst.id) return;
    tekst.dataset.datatabelAktiv = "";
    const gitter = byg(tekst);
    forbind(gitter);
    tekst.hidden = true;
    tekst.after(gitter);
    const hjaelp = document.getElementById(`${tekst.id}_helptext`);
    if (hjaelp) hjaelp.hidden = true;
    navngiv(gitter);
    tjek(gitter);
    const titelfelt = tekst
      .closest(".raekke, [data-raekke]")
      ?.querySelector("input[name$='-titel']");
    tabelnavn(gitter, titelfelt);
    titelfelt?.addEventListener("input", () => tabelnavn(gitter, titelfelt));
    // The error summary links to the field: with the textarea hidden, to the grid.
    for (const link of document.querySelectorAll(`[data-fejloversigt] a[href="#${tekst.id}"]`)) {
      link.setAttribute("href", `#${tekst.id}-gitter`);
    }
  }

  // Saving with a refused cell: the save stops and the cell takes focus with its message.
  document.addEventListener(
    "submit",
    (h) => {
      for (const gitter of h.target.querySelectorAll("[data-datatabel-gitter]")) {
        gitter.dataset.forsoegt = "";
        const fejl = tjek(gitter).filter(([, , stopper]) => stopper);
        if (!fejl.length) continue;
        h.preventDefault();
        h.stopImmediatePropagation();
        fejl[0][0].focus();
        return;
      }
    },
    true,
  );

  document.addEventListener("DOMContentLoaded", () => {
    for (const tekst of document.querySelectorAll("textarea[data-datatabel]")) forbedr(tekst);
    // A data table added with "Tilføj …" (static/js/formset.js clones the empty form).
    new MutationObserver((aendringer) => {
      for (const a of aendringer) {
        for (const node of a.addedNodes) {
          if (node.nodeType !== Node.ELEMENT_NODE) continue;
          const fundne = node.matches("textarea[data-datatabel]") ? [node] : [];
          fundne.push(...node.querySelectorAll("textarea[data-datatabel]"));
          for (const tekst of fundne) forbedr(tekst);
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
