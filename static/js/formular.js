// Feedback around the edit forms; every page works without it.
// - A failed save: the error summary ([data-fejloversigt]) takes focus, so it is seen and
//   read out; its links move to the field (opening a folded "Flere felter" first).
// - A successful save that lands on an anchor (#maal): the message is moved next to it.
// - Unsaved changes: leaving the page asks first (only when a field changed, never when
//   the form is being saved), and so does "Annullér".
document.documentElement.classList.add("js");

const ADVARSEL = "Du har ændringer, der ikke er gemt. Vil du forlade siden uden at gemme dem?";

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

function fejloversigt() {
  const oversigt = document.querySelector("[data-fejloversigt]");
  if (!oversigt) return;
  oversigt.focus();
  oversigt.addEventListener("click", (haendelse) => {
    const link = haendelse.target.closest("a[href^='#']");
    const maal = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!maal) return;
    haendelse.preventDefault();
    visFelt(maal);
  });
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

function ugemteAendringer() {
  const formularer = [...document.querySelectorAll("form[data-formular]")];
  if (!formularer.length) return;
  const start = new Map(formularer.map((f) => [f, tilstand(f)]));
  let gemmer = false;
  const aendret = () => !gemmer && formularer.some((f) => tilstand(f) !== start.get(f));
  for (const form of formularer) form.addEventListener("submit", () => (gemmer = true));
  window.addEventListener("beforeunload", (haendelse) => {
    if (!aendret()) return;
    haendelse.preventDefault();
    haendelse.returnValue = ADVARSEL;
  });
  for (const link of document.querySelectorAll("[data-annuller]")) {
    link.addEventListener("click", (haendelse) => {
      if (!aendret()) return;
      if (window.confirm("Du har ændringer, der ikke er gemt. Vil du kassere dem?")) {
        gemmer = true; // already asked: no second question from beforeunload
      } else {
        haendelse.preventDefault();
      }
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  fejloversigt();
  beskedVedAnker();
  ugemteAendringer();
});
