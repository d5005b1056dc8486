"""The status report as a Word file, with the agreements' Word conventions.

Heading styles for the navigation pane, tables whose header row repeats on every page, the
charts as PNG pictures (matplotlib, 170 dpi) with their text alternative as the picture's
description (alt text), page numbers as fields; built from the report's data (`visning`).
"""

from __future__ import annotations

import io
from typing import Any

from docx.document import Document as Dokument
from docx.shared import Cm, Pt, RGBColor

from delaftaler.dokumenter.word.afsnit import afsnit, overskrift, skriv
from delaftaler.dokumenter.word.ramme import dokumenttitel, gem, nyt_dokument
from delaftaler.dokumenter.word.tabeller import ny_tabel
from delaftaler.dokumenter.word.typografi import TEKSTBREDDE_CM
from opfoelgning import graf
from opfoelgning.dokumenter.pdf import UDKAST, er_udkast
from opfoelgning.dokumenter.visning import visning

LYSFARVE = {"groen": "009E73", "gul": "C9B400", "roed": "D55E00"}
FASTE_BREDDER = {"linje": 3.4, "baseline": 2.2, "maal": 2.8, "status": 3.0}


def rapport_docx(data: dict[str, Any], fod: str = "") -> bytes:
    """The report (`rapportdata` or a frozen report's JSON) as a .docx file."""
    rapport = visning(data)
    status = fod or UDKAST
    if er_udkast(fod):
        status = f"{status} · ikke godkendt"
    plan = rapport["helhedsplan"]["navn"]
    doc = nyt_dokument(
        titel=rapport["titel"], sidehoved=plan, status=status, emne=plan, kategori="Statusrapport"
    )
    afsnit(doc, plan).runs[0].font.size = Pt(13)
    dokumenttitel(doc, rapport["titel"], status)
    afsnit(doc, status, kursiv=True)
    _opsummering(doc, rapport)
    for aftale in rapport["aftaler"]:
        navn = aftale["titel"]
        overskrift(doc, f"Indsatsområdet {navn}" if aftale["indsatsomraade"] else navn, 2)
        afsnit(doc, f"Gælder {aftale['periode']}. Status: {aftale['statustekst']}.", kursiv=True)
        for maal in aftale["maal"]:
            _delmaal(doc, maal, aftale["art"], rapport["aar"])
    if not rapport["aftaler"]:
        afsnit(doc, f"Ingen aftaler i helhedsplanen gælder i {rapport['aar']}.")
    return gem(doc)


def _opsummering(doc: Dokument, rapport: dict[str, Any]) -> None:
    overskrift(doc, "Sammenfatning", 2)
    afsnit(doc, f"Status for {rapport['i_alt']} indikatorlinjer i {rapport['aar']}.")
    tabel = ny_tabel(doc, ["Status", "Antal linjer"], (7.0, 3.0))
    for s in [*rapport["optaelling"], {"navn": "I alt", "antal": rapport["i_alt"]}]:
        celler = tabel.add_row().cells
        afsnit(celler[0], s["navn"], fed=s["navn"] == "I alt")
        afsnit(celler[1], str(s["antal"]), fed=s["navn"] == "I alt")


def _delmaal(doc: Dokument, maal: dict[str, Any], art: str, aar: int) -> None:
    etiket = "Delmål" if art == "delaftale" else "Mål"
    overskrift(doc, f"{etiket}: {maal['navn']}", 3)
    if maal["maalsaetning"]:
        afsnit(doc, f"Målsætning: {maal['maalsaetning']}", kursiv=True)
    if maal["statustekst"]:
        afsnit(doc, f"Linjer: {maal['statustekst']}.")
    p = doc.add_paragraph()
    skriv(p, f"Lederens vurdering {aar}: ", fed=True)
    v = maal["vurdering"]
    if v:
        prik = p.add_run("● ")
        prik.font.color.rgb = RGBColor.from_string(LYSFARVE.get(v["lys"], "000000"))
        skriv(p, v["navn"], fed=True)
        if v["tekst"]:
            afsnit(doc, v["tekst"])
    else:
        skriv(p, "ikke givet.")
    for ind in maal["indikatorer"]:
        _indikator(doc, ind, aar)


def _bredder(antal_aar: int) -> list[float]:
    rest = TEKSTBREDDE_CM - sum(FASTE_BREDDER.values())
    aar = [rest / antal_aar] * antal_aar if antal_aar else []
    f = FASTE_BREDDER
    if not antal_aar:
        f = {k: v + rest / 4 for k, v in f.items()}
    return [f["linje"], f["baseline"], *aar, f["maal"], f["status"]]


def _indikator(doc: Dokument, ind: dict[str, Any], aar: int) -> None:
    overskrift(doc, ind["navn"], 4)
    if ind["datakilde"]:
        note = f" ({ind['datakilde_note']})" if ind["datakilde_note"] else ""
        afsnit(doc, f"Datakilde: {ind['datakilde']}{note}")
    overskrifter = ["Linje", "Baseline", *(str(a) for a in ind["aar"]), "Mål", "Status"]
    tabel = ny_tabel(doc, overskrifter, _bredder(len(ind["aar"])))
    for linje in ind["linjer"]:
        celler = tabel.add_row().cells
        afsnit(celler[0], linje["navn"])
        b = linje["baseline"]
        afsnit(celler[1], f"{b['tekst']} ({b['periode']})" if b and b["periode"] else "–")
        for celle, tekst in zip(celler[2:-2], linje["celler"], strict=True):
            afsnit(celle, tekst)
        maal = linje["maal"]
        afsnit(celler[-2], maal["tekst"] if maal else "–")
        for p in maal["milepaele"] if maal else []:
            afsnit(celler[-2], f"{p['aar']}: {p['tekst']}")
        afsnit(celler[-1], linje["status"]["navn"], fed=True)
        afsnit(celler[-1], linje["status"]["forklaring"])
    for note in ind["noter"]:
        afsnit(doc, note).runs[0].font.size = Pt(9)
    png = graf.tegn_png(ind, aar) if ind["graf"] else b""
    if png:
        billede = doc.add_picture(io.BytesIO(png), width=Cm(16))
        billede._inline.docPr.set("descr", ind["alternativ"])
        billede._inline.docPr.set("title", f"Graf: {ind['navn']}"[:250])
