"""Agreements as Word files, in the order and with the labels of LBF's templates.

The content is the agreement page's (templates/delaftaler/*_dokument.html), written with
Word's own means: heading styles for the navigation pane, real tables whose header row
repeats on every page, page numbers as fields. Boards and partners edit these files, so
they must look like the template LBF hands out, not like a web page.

User text only ever becomes text runs (python-docx escapes it): markup typed into a field
appears literally. The only structure read from it is the `broedtekst` convention of the
pages: blank-line paragraphs, "- " bullets, "1. " / "a) " items and [^N] footnote markers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence

from django.utils import timezone
from docx import Document
from docx.document import Document as Dokument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from aktiviteter.models import Aktivitet
from delaftaler.dansk import dansk_dato, dansk_tal
from delaftaler.dokumenter import skabelon
from delaftaler.dokumenter.skabelon import FAST_TEKST_DELAFTALE, OPFOELGNING, STRATEGISK_TITEL
from delaftaler.models import Delaftale, Fodnote, StrategiskAftale
from delaftaler.templatetags.aftaler import FODNOTE, NUMMER, PUNKT
from indikatorer.models import BaselineVaerdi, Indikator

Beholder = Dokument | _Cell

SKRIFT = "Calibri"
TEKSTBREDDE_CM = 17.0  # A4 (21 cm) less two margins of 2 cm
TABELSKRIFT = Pt(9)
TABELTEKST = "Tabeltekst"
INDRYK = Cm(0.63)
GRAA = RGBColor(0x59, 0x59, 0x59)

# Characters XML 1.0 cannot hold (pasted control characters); lxml refuses them.
_UGYLDIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

MAALTABEL_BREDDER = (2.9, 3.1, 3.9, 3.0, 1.5, 2.6)

DELAFTALE_OVERSKRIFTER = {
    "indsats": "Navn på den boligsociale indsats, som delaftalen vedrører:",
    "periode": "Delaftalen gælder fra – til:",
    "parter": "Delaftalens parter:",
    "maal": "Delmål og indikatorer for indsatsområdet",
    "aktiviteter": "Aktiviteter, som skal bidrage til indfrielsen af delmålene for "
    "indsatsområdet og understøtte opnåelsen af de overordnede mål jf. den strategiske "
    "samarbejdsaftale:",
    "ressourcer": "Medarbejderressourcer for indsatsområdet:",
    "kommunal": "Sammenhæng med den kommunale indsats i boligområdet:",
    "revision": "Revision af delaftalen (Eventuelle reviderede aftaler skal ikke fremsendes "
    "til Landsbyggefonden, men fonden skal om nødvendigt til enhver tid kunne rekvirere "
    "ajourførte delaftaler):",
}


# --- Public API -------------------------------------------------------------------------


def delaftale_docx(aftale: Delaftale, *, status: str = "Udkast") -> bytes:
    """A delaftale (fetched with ``med_indhold()``) as a .docx file in LBF's template."""
    plan = aftale.helhedsplan
    titel = skabelon.titel(aftale)
    doc = _nyt_dokument(
        titel=titel,
        sidehoved=f"{plan.navn} – {aftale.indsatsomraade}",
        status=status,
        emne=plan.navn,
        kategori="Delaftale",
    )
    _titel(doc, titel, status)
    for tekst in FAST_TEKST_DELAFTALE:
        _afsnit(doc, tekst)
    o = DELAFTALE_OVERSKRIFTER

    _overskrift(doc, o["indsats"], 2)
    _afsnit(doc, aftale.indsatsnavn)
    broedtekst(doc, aftale.motto, niveau=2, kursiv=True)

    _overskrift(doc, o["periode"], 2)
    _afsnit(doc, aftale.periode)

    _overskrift(doc, o["parter"], 2)
    for part in aftale.parter.all():
        _afsnit(doc, part.visningsnavn, stil="List Bullet")
        broedtekst(doc, part.beskrivelse, niveau=2)
    broedtekst(doc, aftale.parter_tekst)

    _overskrift(doc, o["maal"], 2)
    _afsnit(doc, OPFOELGNING)
    _maaltabel(doc, aftale, strategisk=False)

    _overskrift(doc, o["aktiviteter"], 2)
    broedtekst(doc, aftale.aktiviteter_tekst)
    aktiviteter = list(aftale.aktiviteter.all())
    for a in aktiviteter:
        linje = a.listenavn or a.navn
        if a.listebeskrivelse:
            linje += f" – {a.listebeskrivelse}"
        if a.beskrevet_i:
            linje += f" (beskrevet i {a.beskrevet_i})"
        _afsnit(doc, linje, stil="List Bullet")

    _overskrift(doc, o["ressourcer"], 2)
    if aftale.vaegtning_procent is not None:
        _afsnit(doc, f"Indsatsområdet vægtes overordnet {aftale.vaegtning_tekst}.")
    broedtekst(doc, aftale.ressourcer_tekst)
    _ressourcetabel(doc, aftale)

    _overskrift(doc, o["kommunal"], 2)
    broedtekst(doc, aftale.kommunal_sammenhaeng)
    if aftale.bemaerkninger:
        _etiket(doc, "Bemærkninger")
        broedtekst(doc, aftale.bemaerkninger)

    _overskrift(doc, o["revision"], 2)
    broedtekst(doc, aftale.revision)

    for a in aktiviteter:
        if not a.beskrevet_i:
            _aktivitet(doc, a)

    _fodnoter(doc, list(aftale.fodnoter.all()))
    return _gem(doc)


def strategisk_docx(aftale: StrategiskAftale, *, status: str = "Udkast") -> bytes:
    """A strategic cooperation agreement (fetched with ``med_indhold()``) as a .docx file."""
    plan = aftale.helhedsplan
    doc = _nyt_dokument(
        titel=STRATEGISK_TITEL,
        sidehoved=f"{plan.navn} – Strategisk samarbejdsaftale",
        status=status,
        emne=plan.navn,
        kategori="Strategisk samarbejdsaftale",
    )
    _titel(doc, STRATEGISK_TITEL, status)
    parter = list(aftale.parter.all())

    stamdata = _tabel(doc, [], [5.0, 12.0])
    for etiket, vaerdi in (
        ("Områdets navn", [aftale.omraadets_navn]),
        ("Aftalens parter", [p.visningsnavn for p in parter]),
        ("Samarbejdsaftalen gælder fra – til", [aftale.periode]),
    ):
        celler = stamdata.add_row().cells
        _afsnit(celler[0], etiket, fed=True)
        for linje in vaerdi:
            _afsnit(celler[1], linje)

    _overskrift(doc, "Underskrifter", 2)
    underskrifter = _tabel(doc, ["Part", "Dato", "Navn"], [9.0, 3.0, 5.0])
    for p in parter:
        celler = underskrifter.add_row().cells
        _afsnit(celler[0], p.visningsnavn)
        _afsnit(celler[1], dansk_dato(p.underskrift_dato))
        _afsnit(celler[2], p.underskrift_navn)

    _overskrift(doc, "1. Kort om boligområdet", 2)
    broedtekst(doc, aftale.kort_om_omraadet)

    _overskrift(doc, "2. Vision for boligområdet", 2)
    broedtekst(doc, aftale.vision_tekst)
    if aftale.vision:
        _afsnit(doc, aftale.vision, fed=True)
    maalnumre = {m.pk: nr for nr, m in enumerate(aftale.maal.all(), start=1)}
    for pt in aftale.politiktabeller.all():
        _overskrift(doc, pt.titel, 3)
        broedtekst(doc, pt.intro)
        tabel = _tabel(doc, [pt.venstre_overskrift, pt.hoejre_overskrift], [8.5, 8.5])
        for r in pt.raekker.all():
            venstre, hoejre = tabel.add_row().cells
            _afsnit(venstre, r.titel, kursiv=True)
            broedtekst(venstre, r.tekst)
            for m in r.maal.all():
                _afsnit(hoejre, f"Mål {maalnumre.get(m.pk, '')}: {m.navn}")
            broedtekst(hoejre, r.hoejre_tekst)
            if r.kommentar:
                _afsnit(hoejre, f"Kommentar: {r.kommentar}")
        broedtekst(doc, pt.efter_tekst)

    afsnit = list(aftale.afsnit.all())
    _overskrift(doc, "3. Organisering", 2)
    for a in afsnit:
        if a.sektion == 3:
            if a.overskrift:
                _overskrift(doc, a.overskrift, 3)
            broedtekst(doc, a.tekst)
            if a.slags == "bestyrelse":
                for medlem in aftale.bestyrelsesmedlemmer.all():
                    _afsnit(doc, str(medlem), stil="List Bullet")

    _overskrift(doc, "4. Samspil med centrale tiltag og indsatser i boligområdet", 2)
    for a in afsnit:
        if a.sektion == 4:
            if a.overskrift:
                _overskrift(doc, a.overskrift, 3)
            broedtekst(doc, a.tekst)

    _overskrift(doc, "5. Overordnede mål og indikatorer for den boligsociale indsats", 2)
    _maaltabel(doc, aftale, strategisk=True)

    _overskrift(doc, "6. Indsatsområder", 2)
    for v in aftale.valgte_indsatsomraader.all():
        _overskrift(doc, str(v.indsatsomraade), 3)
        _etiket(doc, "Problemkompleks for indsatsområdet")
        broedtekst(doc, v.problemkompleks)
        broedtekst(doc, v.maal_tekst)
        maalgruppe = _afsnit(doc, "Den primære målgruppe:", fed=True)
        _tekst(maalgruppe, f" {v.primaer_maalgruppe}")

    _overskrift(doc, "7. Lokal evaluering", 2)
    broedtekst(doc, aftale.lokal_evaluering)

    _overskrift(doc, "8. Revision af samarbejdsaftalen", 2)
    broedtekst(doc, aftale.revision)

    _fodnoter(doc, list(aftale.fodnoter.all()))
    return _gem(doc)


# --- Free text ---------------------------------------------------------------------------


def broedtekst(
    beholder: Beholder, tekst: str | None, *, niveau: int = 1, kursiv: bool = False
) -> None:
    """Plain text as Word paragraphs, by the rules of the pages' `broedtekst` filter.

    A blank line starts a paragraph, a single newline is a line break, "- " lines are
    bullets, "1. " and "a) " lines numbered items (the author's own numbers are kept, as
    on the page, so a list may start at 3 or use letters), [^N] a superscript N.
    """
    if not tekst:
        return
    tekst = tekst.replace("\r\n", "\n").replace("\r", "\n")
    punkt, nummer = (
        ("List Bullet", "List Number") if niveau == 1 else ("List Bullet 2", "List Number 2")
    )
    for blok in re.split(r"\n\s*\n", tekst.strip()):
        for slags, linjer in _stykker(blok):
            if slags == "punkt":
                p = _afsnit(beholder, linjer[0], stil=punkt, fodnoter=True, kursiv=kursiv)
            elif slags == "nummer":
                p = _ny_paragraf(beholder, nummer)
                _uden_autonummer(p)
                p.paragraph_format.left_indent = INDRYK * niveau
                _tekst(p, linjer[0], fodnoter=True, kursiv=kursiv)
                if isinstance(beholder, _Cell):
                    _tabelskrift(p)
            else:
                p = _ny_paragraf(beholder, None)
                if niveau > 1:
                    p.paragraph_format.left_indent = INDRYK * (niveau - 1)
                for i, linje in enumerate(linjer):
                    if i:
                        p.add_run().add_break()
                    _tekst(p, linje, fodnoter=True, kursiv=kursiv)


def _stykker(blok: str) -> Iterator[tuple[str, list[str]]]:
    """A block's lines grouped as the filter groups them: runs of text lines, list items."""
    tekst: list[str] = []
    for linje in blok.split("\n"):
        if not linje.strip():
            continue
        if PUNKT.match(linje) or NUMMER.match(linje):
            if tekst:
                yield "tekst", tekst
                tekst = []
            if PUNKT.match(linje):
                yield "punkt", [PUNKT.sub("", linje).strip()]
            else:
                yield "nummer", [linje.strip()]
        else:
            tekst.append(linje.strip())
    if tekst:
        yield "tekst", tekst


def _uden_autonummer(p: Paragraph) -> None:
    """Keep the "List Number" style but not Word's numbering: the text carries the number.

    Called right after the paragraph is created, while its pPr holds only pStyle, so the
    appended numPr is in schema order.
    """
    num_pr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "0")
    num_pr.append(num_id)
    p._p.get_or_add_pPr().append(num_pr)


# --- Paragraphs and runs -----------------------------------------------------------------


def _ny_paragraf(beholder: Beholder, stil: str | None) -> Paragraph:
    """A new paragraph; in a table cell, the cell's first, still empty paragraph is used."""
    if isinstance(beholder, _Cell):
        forste = beholder.paragraphs
        if len(forste) == 1 and not forste[0].runs:
            p = forste[0]
            p.style = stil or TABELTEKST
            return p
        return beholder.add_paragraph(style=stil or TABELTEKST)
    return beholder.add_paragraph(style=stil)


def _tekst(
    p: Paragraph,
    tekst: str,
    *,
    fodnoter: bool = False,
    fed: bool = False,
    kursiv: bool = False,
) -> None:
    """Append text as runs; with ``fodnoter`` every [^N] becomes a superscript N."""
    # Browsers send CRLF; python-docx would make two line breaks of it.
    tekst = _UGYLDIG.sub("", tekst.replace("\r\n", "\n").replace("\r", "\n"))
    dele = FODNOTE.split(tekst) if fodnoter else [tekst]
    for i, del_ in enumerate(dele):
        if not del_:
            continue
        run = p.add_run(del_)
        if fed:
            run.bold = True
        if kursiv:
            run.italic = True
        if i % 2:
            run.font.superscript = True


def _afsnit(
    beholder: Beholder,
    tekst: str,
    *,
    stil: str | None = None,
    fed: bool = False,
    kursiv: bool = False,
    fodnoter: bool = False,
) -> Paragraph:
    """One paragraph holding the text as it is (a field printed verbatim on the page)."""
    p = _ny_paragraf(beholder, stil)
    _tekst(p, tekst, fed=fed, kursiv=kursiv, fodnoter=fodnoter)
    if isinstance(beholder, _Cell) and stil:
        _tabelskrift(p)
    return p


def _tabelskrift(p: Paragraph) -> None:
    """List items in a cell keep their list style but get the table's type size."""
    p.paragraph_format.space_after = Pt(0)
    for run in p.runs:
        run.font.size = TABELSKRIFT


def _etiket(beholder: Beholder, tekst: str) -> Paragraph:
    p = _afsnit(beholder, tekst, fed=True)
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_after = Pt(2)
    return p


def _overskrift(doc: Dokument, tekst: str, niveau: int, *, ny_side: bool = False) -> Paragraph:
    p = _afsnit(doc, tekst, stil=f"Heading {niveau}")
    if ny_side:
        p.paragraph_format.page_break_before = True
    return p


def _titel(doc: Dokument, titel: str, status: str) -> None:
    _overskrift(doc, titel, 1)
    if status.startswith("Udkast"):
        p = doc.add_paragraph()
        run = p.add_run("UDKAST")
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


# --- Tables ------------------------------------------------------------------------------


def _tabel(doc: Dokument, overskrifter: Sequence[str], bredder_cm: Sequence[float]) -> Table:
    """A "Table Grid" table of fixed column widths; a header row, if any, repeats per page."""
    tabel = doc.add_table(rows=0, cols=len(bredder_cm))
    # Word sets the text after a table flush against it; a small empty paragraph parts them.
    luft = doc.add_paragraph()
    luft.paragraph_format.space_after = Pt(0)
    luft.paragraph_format.line_spacing = Pt(8)
    tabel.style = "Table Grid"
    tabel.autofit = False
    for kolonne, bredde in zip(tabel.columns, bredder_cm, strict=True):
        kolonne.width = Cm(bredde)
    if overskrifter:
        raekke = tabel.add_row()
        raekke._tr.get_or_add_trPr().append(_element("w:tblHeader", "true"))
        for celle, tekst in zip(raekke.cells, overskrifter, strict=True):
            celle._tc.get_or_add_tcPr().append(_skygge("E7E6E6"))
            _afsnit(celle, tekst, fed=True)
    return tabel


def _element(tag: str, vaerdi: str) -> BaseOxmlElement:
    el = OxmlElement(tag)
    el.set(qn("w:val"), vaerdi)
    return el


def _skygge(farve: str) -> BaseOxmlElement:
    el = OxmlElement("w:shd")
    el.set(qn("w:val"), "clear")
    el.set(qn("w:color"), "auto")
    el.set(qn("w:fill"), farve)
    return el


def _maaltabel(doc: Dokument, aftale: Delaftale | StrategiskAftale, *, strategisk: bool) -> None:
    """Mål | Indikator | two baseline columns | år | datakilde; the mål cell spans its rows."""
    overskrifter = (
        ["Mål", "Indikator", "Baseline boligområde", "Baseline kommune (evt. andet)"]
        if strategisk
        else ["Delmål", "Indikator", "Baseline boligområde/målgruppe", "Evt. anden baseline"]
    )
    tabel = _tabel(doc, [*overskrifter, "Baseline år", "Datakilde"], MAALTABEL_BREDDER)
    kommune_id = aftale.helhedsplan.kommune_id
    for maal in aftale.maal.all():
        indikatorer = list(maal.indikatorer.all())
        foerste = len(tabel.rows)
        if not indikatorer:
            celler = tabel.add_row().cells
            celler[1].merge(celler[-1])
        for indikator in indikatorer:
            celler = tabel.add_row().cells
            _afsnit(celler[1], indikator.navn)
            _baselinecelle(celler[2], indikator, BaselineVaerdi.Slags.BOLIGOMRAADE, kommune_id)
            _baselinecelle(celler[3], indikator, BaselineVaerdi.Slags.ANDEN, kommune_id)
            _afsnit(celler[4], indikator.baselineaar)
            kilde = indikator.datakilde
            if indikator.datakilde_note:
                kilde = f"{kilde} ({indikator.datakilde_note})".strip()
            _afsnit(celler[5], kilde)
        maalcelle = tabel.cell(foerste, 0)
        if len(indikatorer) > 1:
            maalcelle = maalcelle.merge(tabel.cell(len(tabel.rows) - 1, 0))
        _afsnit(maalcelle, maal.navn)
        if maal.maalsaetning:
            _afsnit(maalcelle, maal.maalsaetning, kursiv=True)


def _baselinecelle(celle: _Cell, indikator: Indikator, slags: str, kommune_id: int | None) -> None:
    """As _baselinecelle.html: a group line per reference group or housing organisation."""
    forrige: tuple[str, int | None] | None = None
    for b in indikator.baselines.all():
        if b.slags != slags:
            continue
        organisation = b.omraade.organisation if b.omraade else None
        gruppe = (b.referencegruppe, organisation.pk if organisation else None)
        if gruppe != forrige:
            forrige = gruppe
            if b.referencegruppe:
                _afsnit(celle, f"{b.referencegruppe}:", fed=True)
            elif organisation and organisation.pk != kommune_id:
                _afsnit(celle, f"{organisation}:", fed=True)
        p = _afsnit(celle, b.linje)
        if b.fodnote:
            p.add_run(str(b.fodnote.nummer)).font.superscript = True


def _ressourcetabel(doc: Dokument, aftale: Delaftale) -> None:
    ressourcer = list(aftale.medarbejderressourcer.all())
    if not ressourcer:
        return
    tabel = _tabel(doc, ["Medarbejder/funktion", "Andel", "Omregnet"], [8.0, 4.5, 4.5])
    for r in ressourcer:
        celler = tabel.add_row().cells
        linje = r.funktion
        if r.arbejdsgiver:
            linje += f", {r.arbejdsgiver}"
        if r.kontrakt_timer_uge:
            linje += f" (ansat på {dansk_tal(r.kontrakt_timer_uge)} timer)"
        if r.varighed_aar:
            linje += f" – {r.varighed_aar}-årig stilling"
        _afsnit(celler[0], linje)
        if r.aktivitet:
            _afsnit(celler[0], f"Aktivitet: {r.aktivitet}")
        if r.bemaerkning:
            _afsnit(celler[0], r.bemaerkning)
        _afsnit(celler[1], r.andel_tekst)
        _afsnit(celler[2], r.omregnet_tekst)


# --- Activity schema (_aktivitet.html) ---------------------------------------------------


def _aktivitet(doc: Dokument, a: Aktivitet) -> None:
    _overskrift(doc, f"Aktivitetsnavn: {a.navn}", 2, ny_side=True)
    if a.undertitel:
        _afsnit(doc, a.undertitel, kursiv=True)
    typer = [str(led.cfbu_type) for led in a.cfbu_led.all()]
    if typer:
        opremsning = typer[0] if len(typer) == 1 else f"{', '.join(typer[:-1])} og {typer[-1]}"
        _afsnit(
            doc,
            f"Aktiviteten har elementer af {opremsning}, jf. Center for Boligsocial "
            "Udviklings inspirations- og videnskatalog.",
        )

    _overskrift(doc, "Formål:", 3)
    delmaal = list(a.delmaal_led.all())
    if delmaal:
        _afsnit(doc, "Aktiviteten understøtter opnåelsen af delmålene:")
        for led in delmaal:
            tekst = led.maal.navn
            if led.maal.maalsaetning:
                tekst += f", {led.maal.maalsaetning}"
            _afsnit(doc, tekst, stil="List Bullet")
    broedtekst(doc, a.formaal)
    _punkter(doc, a.formaal_punkter)
    if a.delmaal_punkter:
        _afsnit(doc, "Delmål:")
        _punkter(doc, a.delmaal_punkter)

    _overskrift(doc, "Målgruppe(r):", 3)
    broedtekst(doc, a.maalgruppe)
    _punkter(doc, a.maalgruppe_punkter)
    for dt in a.datatabeller.all():
        kolonner = list(dt.kolonner.all())
        _tabeltitel(doc, dt.titel)
        forspalte = 5.0 if kolonner else TEKSTBREDDE_CM
        bredder = [forspalte] + [(TEKSTBREDDE_CM - forspalte) / len(kolonner)] * len(kolonner)
        tabel = _tabel(doc, ["", *(str(k) for k in kolonner)], bredder)
        for r in dt.raekker.all():
            celler = tabel.add_row().cells
            _afsnit(celler[0], r.etiket, fed=r.total)
            # A cell is placed by its column, so a missing value leaves its cell empty.
            vaerdier = {c.kolonne_id: c.tekst for c in r.celler.all()}
            for celle, k in zip(celler[1:], kolonner, strict=True):
                p = _afsnit(celle, vaerdier.get(k.pk, ""), fed=r.total)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if dt.note:
            broedtekst(doc, dt.note)

    _overskrift(doc, "Indhold og praksis:", 3)
    broedtekst(doc, a.indhold_og_praksis)
    elementer = list(a.elementer.all())
    if elementer:
        if a.elementer_titel:
            _tabeltitel(doc, a.elementer_titel)
        tabel = _tabel(doc, ["Element", "Indhold", "Aktører"], [4.0, 9.0, 4.0])
        for e in elementer:
            celler = tabel.add_row().cells
            _afsnit(celler[0], e.element)
            broedtekst(celler[1], e.indhold)
            for aktoer in e.aktoerer:
                _afsnit(celler[2], aktoer)
    faser = list(a.faser.all())
    if faser:
        _overskrift(doc, "Faser", 4)
        for f in faser:
            _etiket(doc, f"{f.navn} ({f.periode})" if f.periode else f.navn)
            broedtekst(doc, f.beskrivelse)
    omfang = list(a.omfang.all())
    if omfang:
        _overskrift(doc, "Omfang", 4)
        _punkter(doc, [o.beskrivelse for o in omfang])
    if a.kilder:
        _overskrift(doc, "Kilder", 4)
        _punkter(doc, a.kilder)

    _overskrift(doc, "Ansvars- og rollefordeling:", 3)
    broedtekst(doc, a.ansvar)
    for rolle in a.roller.all():
        _etiket(doc, f"{rolle.part}:")
        broedtekst(doc, rolle.tekst)
        _punkter(doc, rolle.punkter)


def _punkter(doc: Dokument, punkter: Sequence[str]) -> None:
    for punkt in punkter:
        _afsnit(doc, punkt, stil="List Bullet")


def _tabeltitel(doc: Dokument, titel: str) -> None:
    p = _afsnit(doc, titel, stil="Caption")
    p.paragraph_format.keep_with_next = True


def _fodnoter(doc: Dokument, fodnoter: list[Fodnote]) -> None:
    """Word's own footnotes are out of python-docx's reach: the notes close the document."""
    if not fodnoter:
        return
    _overskrift(doc, "Fodnoter", 2)
    for f in fodnoter:
        p = doc.add_paragraph(style=TABELTEKST)
        p.paragraph_format.space_after = Pt(3)
        p.add_run(str(f.nummer)).font.superscript = True
        _tekst(p, f" {f.tekst}")


# --- Document frame ----------------------------------------------------------------------


def _nyt_dokument(*, titel: str, sidehoved: str, status: str, emne: str, kategori: str) -> Dokument:
    doc = Document()
    _typografier(doc)

    sektion = doc.sections[0]
    sektion.page_width, sektion.page_height = Cm(21), Cm(29.7)
    sektion.top_margin = sektion.bottom_margin = Cm(2)
    sektion.left_margin = sektion.right_margin = Cm(2)
    sektion.header_distance = sektion.footer_distance = Cm(1)

    hoved = sektion.header.paragraphs[0]
    _tekst(hoved, sidehoved)
    fod = sektion.footer.paragraphs[0]
    _tekst(fod, f"{status}\tSide ")
    _felt(fod, "PAGE")
    fod.add_run(" af ")
    _felt(fod, "NUMPAGES")

    egenskaber = doc.core_properties
    egenskaber.title = titel
    egenskaber.subject = emne
    egenskaber.category = kategori
    egenskaber.author = emne
    egenskaber.last_modified_by = emne
    egenskaber.comments = status
    egenskaber.keywords = ""
    egenskaber.language = "da-DK"
    egenskaber.revision = 1
    egenskaber.created = egenskaber.modified = timezone.now()
    return doc


def _typografier(doc: Dokument) -> None:
    """Calibri 11 pt, Danish, black headings; a 9 pt style for table text."""
    standard = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if standard is not None:
        for el in standard.findall(qn("w:rFonts")) + standard.findall(qn("w:lang")):
            standard.remove(el)
        skrift = OxmlElement("w:rFonts")
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            skrift.set(qn(attr), SKRIFT)
        standard.insert(0, skrift)
        sprog = OxmlElement("w:lang")
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            sprog.set(qn(attr), "da-DK")
        standard.append(sprog)

    normal = doc.styles["Normal"]
    assert hasattr(normal, "paragraph_format")  # a paragraph style
    _orddeling(doc, normal.element, til=False)
    normal.font.name = SKRIFT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.08

    for niveau, stoerrelse, foer in ((1, 16, 0), (2, 12, 14), (3, 11, 10), (4, 11, 8)):
        stil = doc.styles[f"Heading {niveau}"]
        assert hasattr(stil, "paragraph_format")
        for el in stil.element.findall(f"{qn('w:rPr')}/{qn('w:rFonts')}"):
            el.getparent().remove(el)
        stil.font.size = Pt(stoerrelse)
        stil.font.color.rgb = RGBColor(0, 0, 0)
        stil.paragraph_format.space_before = Pt(foer)
        stil.paragraph_format.space_after = Pt(4)

    billedtekst = doc.styles["Caption"]
    billedtekst.font.color.rgb = RGBColor(0, 0, 0)
    billedtekst.font.size = Pt(10)

    tabeltekst = doc.styles.add_style(TABELTEKST, WD_STYLE_TYPE.PARAGRAPH)
    tabeltekst.base_style = normal
    _orddeling(doc, tabeltekst.element, til=True)
    tabeltekst.font.size = TABELSKRIFT
    tabeltekst.paragraph_format.space_after = Pt(0)
    tabeltekst.paragraph_format.line_spacing = 1.0

    for navn in ("Header", "Footer"):
        stil = doc.styles[navn]
        assert hasattr(stil, "paragraph_format")
        stil.font.size = TABELSKRIFT
        stil.font.color.rgb = GRAA
        stops = stil.paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(Cm(TEKSTBREDDE_CM), WD_TAB_ALIGNMENT.RIGHT)


def _orddeling(doc: Dokument, stil: BaseOxmlElement, *, til: bool) -> None:
    """Hyphenation in table cells only, where long Danish compounds meet narrow columns.

    Word hyphenates per document and lets a paragraph style opt out, so the document turns
    it on and Normal (and every style based on it) turns it off again. Called before the
    style gets other paragraph properties, so the appended element is in schema order.
    """
    indstillinger = doc.settings.element
    if indstillinger.find(qn("w:autoHyphenation")) is None:
        tabulator = indstillinger.find(qn("w:defaultTabStop"))
        auto = OxmlElement("w:autoHyphenation")
        if tabulator is not None:
            tabulator.addnext(auto)  # its place in the settings' schema order
        else:
            indstillinger.insert(0, auto)
        sprog = indstillinger.find(qn("w:themeFontLang"))
        if sprog is not None:
            sprog.set(qn("w:val"), "da-DK")
    ppr = stil.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        rpr = stil.find(qn("w:rPr"))
        if rpr is not None:
            rpr.addprevious(ppr)
        else:
            stil.append(ppr)
    ppr.append(_element("w:suppressAutoHyphens", "0" if til else "1"))


def _felt(p: Paragraph, kode: str) -> None:
    """A field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out pages."""
    for slags in ("begin", "instr", "separate", "resultat", "end"):
        run = p.add_run()
        if slags == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {kode} "
            run._r.append(instr)
        elif slags == "resultat":
            run.text = "1"
        else:
            tegn = OxmlElement("w:fldChar")
            tegn.set(qn("w:fldCharType"), slags)
            run._r.append(tegn)


def _gem(doc: Dokument) -> bytes:
    fil = io.BytesIO()
    doc.save(fil)
    return fil.getvalue()
