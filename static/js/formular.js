// Feedback around the edit forms; every page works without it.
// - A failed save: the error summary ([data-fejloversigt]) takes focus, so it is seen and
//   read out; its links move to the field (opening a folded "Flere felter" first).
// - A successful save that lands on an anchor (#maal): the message is moved next to it.
// - Unsaved changes: leaving the page asks first (only when a field changed, never when
//   the form is being saved), and so does "Annullér". A form the server sent back unsaved
//   (errors, a conflict) carries data-ugemt: it differs from what is stored from the start.
// - Saving without a page reload (htmx, templates/delaftaler/sektion_form.html): the server
//   answers with the part of the page it replaces; the outcome is read out and focused, and
//   an answer that is not such a part (an error page, the login page after a session ran
//   out) leaves the form as the user typed it, with a message by the save button.
document.documentElement.classList.add("js");

const ADVARSEL = "Du har ændringer, der ikke er gemt. Vil du forlade siden uden at gemme dem?";
const BEHOLDT = "Det, du har skrevet, står stadig på siden.";
const SVARFEJL = {
  403: "Ændringen er ikke gemt: du har ikke (længere) adgang, eller din session er udløbet. Log ind i en ny fane, og gem igen.",
  404: "Ændringen er ikke gemt: det, du redigerer, findes ikke længere.",
  413: "Ændringen er ikke gemt: den er for stor.",
  423: "Ændringen er ikke gemt: kladden er sendt til bestyrelsen og kan ikke ændres, før den er trukket tilbage eller behandlet.",
};

function tilstand(form) {
  const felter = [];
  for (const [navn, vaerdi] of new FormData(form)) {
    if (navn === "csrfmiddlewaretoken" || navn === "grundlag") continue;
    felter.push(`${navn}=${vaerdi instanceof File ? vaerdi.name : vaerdi}`);
  }
  return felter.join("&");
}

function visFelt(maal) {
  for (let d = maal.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  maal.focus({ preventScroll: true });
  maal.scrollIntoView({ block: "center", behavior: "instant" });
}

function fejloversigt(rod) {
  const oversigt = rod.querySelector("[data-fejloversigt]");
  if (!oversigt) return false;
  oversigt.focus();
  oversigt.addEventListener("click", (haendelse) => {
    const link = haendelse.target.closest("a[href^='#']");
    const maal = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!maal) return;
    haendelse.preventDefault();
    visFelt(maal);
  });
  return true;
}

function beskedVedAnker() {
  const beskeder = document.querySelector("[data-beskeder]");
  const anker = window.location.hash.slice(1);
  if (!beskeder || !beskeder.children.length || !anker) return;
  const maal = document.getElementById(decodeURIComponent(anker));
  if (!maal) return;
  const kopi = [...beskeder.children];
  if (/^H[1-6]$/.test(maal.tagName)) maal.after(...kopi);
  else maal.prepend(...kopi);
  maal.scrollIntoView({ block: "start", behavior: "instant" });
}

// The state each form was shown with; null: not what is stored (sent back unsaved).
const start = new WeakMap();
let gemmer = false;

function registrer(rod) {
  for (const form of rod.querySelectorAll("form[data-formular]")) {
    if (!start.has(form)) start.set(form, form.hasAttribute("data-ugemt") ? null : tilstand(form));
  }
}

function aendret() {
  if (gemmer) return false;
  return [...document.querySelectorAll("form[data-formular]")].some(
    (f) => start.has(f) && (start.get(f) === null || tilstand(f) !== start.get(f)),
  );
}

function ugemteAendringer() {
  registrer(document);
  document.addEventListener("submit", (h) => {
    if (!h.defaultPrevented && h.target.matches("form[data-formular]")) gemmer = true;
  });
  window.addEventListener("beforeunload", (haendelse) => {
    if (!aendret()) return;
    haendelse.preventDefault();
    haendelse.returnValue = ADVARSEL;
  });
  document.addEventListener("click", (haendelse) => {
    const link = haendelse.target.closest("[data-annuller]");
    if (!link || !aendret()) return;
    if (window.confirm("Du har ændringer, der ikke er gemt. Vil du kassere dem?")) {
      gemmer = true; // already asked: no second question from beforeunload
    } else {
      haendelse.preventDefault();
    }
  });
}

function meddel(tekst, form, fejl) {
  const status = form?.querySelector("[data-gem-status]");
  if (status) {
    status.textContent = tekst;
    status.classList.toggle("text-danger", fejl);
    status.classList.toggle("text-success", !fejl);
  }
  const region = document.querySelector("[data-meddelelse]");
  if (region) {
    // Emptied first, so the same message twice is read out twice.
    region.textContent = "";
    window.setTimeout(() => (region.textContent = tekst), 50);
  }
}

// The save button is disabled while the request runs (hx-disabled-elt) and enabled again
// after htmx's events: focused once it is.
function fokusGem(form) {
  window.setTimeout(() => form.querySelector("[data-gem]")?.focus(), 0);
}

// The edit form whose save this htmx event is about; null for every other htmx request
// (the versions page polls with htmx too, and its answers are its own business).
function gemning(haendelse) {
  const { elt, target } = haendelse.detail;
  if (elt instanceof Element && elt.matches("#redigering form[data-formular]")) return elt;
  if (target instanceof Element && target.id === "redigering") {
    return target.querySelector("form[data-formular]");
  }
  return null;
}

function svarUdenSide(haendelse) {
  const form = gemning(haendelse);
  if (!form) return;
  const status = haendelse.detail.xhr?.status;
  const grund = SVARFEJL[status] || `Ændringen er ikke gemt: serveren svarede med en fejl (${status}). Prøv igen om lidt.`;
  meddel(`${grund} ${BEHOLDT}`, form, true);
  fokusGem(form);
}

function udenGenindlaesning() {
  document.addEventListener("htmx:afterRequest", (h) => {
    if (gemning(h)) gemmer = !!h.detail.xhr?.getResponseHeader("HX-Redirect");
  });
  document.addEventListener("htmx:beforeSwap", (h) => {
    // Only the edit part of a page may replace the form; anything else (the login page
    // after the session ran out) is refused and the user's text stays.
    const form = gemning(h);
    if (form && h.detail.shouldSwap && !h.detail.serverResponse.includes('id="redigering"')) {
      h.detail.shouldSwap = false;
      meddel(`${SVARFEJL[403]} ${BEHOLDT}`, form, true);
      fokusGem(form);
    }
  });
  document.addEventListener("htmx:responseError", svarUdenSide);
  document.addEventListener("htmx:sendError", (h) => {
    const form = gemning(h);
    if (!form) return;
    meddel(`Ændringen er ikke gemt: der er ingen forbindelse til serveren. ${BEHOLDT}`, form, true);
    fokusGem(form);
  });
  document.addEventListener("htmx:afterSettle", (h) => {
    const rod = h.target; // the new part of the page (h.detail.elt is the replaced form)
    if (rod.id !== "redigering") return;
    registrer(rod);
    if (fejloversigt(rod)) return;
    const konflikt = rod.querySelector("#konflikt");
    if (konflikt) {
      konflikt.focus();
      return;
    }
    const status = rod.querySelector("[data-gem-status]");
    if (status?.textContent.trim()) {
      meddel(status.textContent.trim(), rod.querySelector("form"), false);
      rod.querySelector("[data-gem]")?.focus({ preventScroll: true });
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  fejloversigt(document);
  beskedVedAnker();
  ugemteAendringer();
  udenGenindlaesning();
});
