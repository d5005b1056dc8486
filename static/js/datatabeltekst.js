// The text of an activity's data table (aktiviteter.forms.DatatabelForm), which the grid of
// static/js/datatabel.js reads and writes: a first line of column headings
// ("Antal beboere 18+ (2020); Antal beboere 65+ (2020)"), then a line per row
// ("Nørager; 416; 48"). The server parses only the text (aktiviteter.forms.laes_tabel);
// this is the browser's side of it, with no page in it: the text read into a table
// ({ kolonner: [{ overskrift, aar }], raekker: [{ etiket, vaerdier }] }) and written back,
// fully empty rows and columns left out, and what a cell may hold.
// Loaded before datatabel.js; its one global is `datatabeltekst`.

const datatabeltekst = (() => {
  const SEMIKOLON =
    "Semikolon (;) kan ikke stå i tabellen, fordi den adskiller cellerne. " +
    "Skriv f.eks. et komma eller ”og” i stedet.";
  const AARSTAL = "Året skal være fire cifre, f.eks. 2020, eller tomt.";
  const KOLONNE = /^(.*?)\s*(?:\(([0-9]{4})\))?$/;
  // A figure as the server reads it (aktiviteter.forms.TAL): thousands dots, decimal comma.
  const TAL = /^-?[0-9.]*[0-9](,[0-9]+)?$/;

  function laes(tekst) {
    const linjer = tekst.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).filter((l) => l.trim());
    const kolonner = (linjer[0] ?? "").split(";").map((del) => {
      const m = KOLONNE.exec(del.trim());
      return { overskrift: m[1], aar: m[2] ?? "" };
    });
    const raekker = linjer.slice(1).map((linje) => {
      const celler = linje.split(";").map((c) => c.trim());
      return { etiket: celler[0], vaerdier: celler.slice(1) };
    });
    // A text typed without the grid may have rows of another length: the grid pads them.
    const bredde = Math.max(kolonner.length, ...raekker.map((r) => r.vaerdier.length));
    while (kolonner.length < bredde) kolonner.push({ overskrift: "", aar: "" });
    for (const r of raekker) while (r.vaerdier.length < bredde) r.vaerdier.push("");
    if (!raekker.length) raekker.push({ etiket: "", vaerdier: kolonner.map(() => "") });
    return { kolonner, raekker };
  }

  // What the text holds of a table (its values trimmed): the columns in use (by index) and
  // the rows, fully empty ones left out; a table of row names alone keeps its first column.
  function iBrug({ kolonner, raekker }) {
    const brugt = kolonner
      .map((k, i) => (k.overskrift || k.aar || raekker.some((r) => r.vaerdier[i]) ? i : -1))
      .filter((i) => i >= 0);
    const fyldte = raekker.filter((r) => r.etiket || brugt.some((i) => r.vaerdier[i]));
    if (!brugt.length && fyldte.length) brugt.push(0);
    return { brugt, fyldte };
  }

  // The table as the text the server parses.
  function somTekst(tabel) {
    const { brugt, fyldte } = iBrug(tabel);
    if (!brugt.length) return "";
    const overskrifter = brugt.map((i) => tabel.kolonner[i]);
    const linjer = [overskrifter.map((k) => (k.aar ? `${k.overskrift} (${k.aar})` : k.overskrift))];
    for (const r of fyldte) linjer.push([r.etiket, ...brugt.map((i) => r.vaerdier[i])]);
    return linjer.map((l) => l.join("; ")).join("\n");
  }

  // [message, whether it stops the save] for a cell's trimmed value by its role (overskrift,
  // aar, etiket, vaerdi): a ";" or a bad year cannot be written as text; a figure that is no
  // number can, and the server says so at the field.
  function fejlFor(rolle, v) {
    if (v.includes(";")) return [SEMIKOLON, true];
    if (rolle === "aar" && v && !/^[0-9]{4}$/.test(v)) return [AARSTAL, true];
    if (rolle === "vaerdi" && v && !TAL.test(v)) {
      return [`”${v}” er ikke et tal (skriv f.eks. 97,7).`, false];
    }
    return ["", false];
  }

  return { laes, iBrug, somTekst, fejlFor };
})();
