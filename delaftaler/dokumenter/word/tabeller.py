"""Word tables: fixed column widths that fit their words, a header row repeated on every
page, rows that never split across pages, padded cells, merged cells, alt text."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as Dokument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Pt, Twips
from docx.table import Table, _Cell

from delaftaler.dokumenter.word.afsnit import afsnit, fodnotehenvisning
from delaftaler.dokumenter.word.bredder import fordel, laengste_ord_cm
from delaftaler.dokumenter.word.typografi import TABELSKRIFT, element, i_orden, skygge
from delaftaler.models import Delaftale, StrategiskAftale
from indikatorer.models import BaselineVaerdi, Indikator

MAALTABEL_BREDDER = (2.9, 3.1, 3.9, 3.0, 1.5, 2.6)

TBLPR = (
    *("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize"),
    *("w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd"),
    *("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"),
    *("w:tblDescription", "w:tblPrChange"),
)
POLSTRING = {"top": 57, "left": 108, "bottom": 57, "right": 108}  # twips: 1 mm, 0.19 cm
LUFT_EFTER_TABEL = Pt(8)


def ny_tabel(
    doc: Dokument,
    overskrifter: Sequence[str],
    bredder_cm: Sequence[float],
    *,
    titel: str = "",
) -> Table:
    """A "Table Grid" table of fixed column widths with padded cells; a header row, if any,
    repeats on every page. ``titel`` (its caption) is the table's alt text too.

    The widths are a proposal: `afslut_tabeller` widens a column its words do not fit.
    """
    tabel = doc.add_table(rows=0, cols=len(bredder_cm))
    tabel.style = "Table Grid"
    tabel.autofit = False
    for kolonne, bredde in zip(tabel.columns, bredder_cm, strict=True):
        kolonne.width = Cm(bredde)
    _egenskaber(tabel._tbl, har_overskrift=bool(overskrifter), titel=titel)
    if overskrifter:
        raekke = tabel.add_row()
        raekke._tr.get_or_add_trPr().append(element("w:tblHeader", "true"))
        for celle, tekst in zip(raekke.cells, overskrifter, strict=True):
            celle._tc.get_or_add_tcPr().append(skygge("E7E6E6"))
            afsnit(celle, tekst, fed=True).paragraph_format.keep_with_next = True
    return tabel


def _egenskaber(tbl: CT_Tbl, *, har_overskrift: bool, titel: str) -> None:
    """Cell padding, the header row as such in the table's look, the caption as alt text."""
    tblpr = tbl.tblPr
    marginer = OxmlElement("w:tblCellMar")
    for side, twips in POLSTRING.items():
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        marginer.append(margin)
    i_orden(tblpr, marginer, TBLPR)
    udseende = tblpr.find(qn("w:tblLook"))
    if udseende is None:
        udseende = OxmlElement("w:tblLook")
        i_orden(tblpr, udseende, TBLPR)
    udseende.set(qn("w:firstRow"), "1" if har_overskrift else "0")
    udseende.set(qn("w:firstColumn"), "0")
    if titel:
        i_orden(tblpr, element("w:tblCaption", titel), TBLPR)
        i_orden(tblpr, element("w:tblDescription", titel), TBLPR)


def afslut_tabeller(doc: Dokument) -> None:
    """Every table once filled: rows that never split, widths that fit, air after it, the
    paragraph before it kept with it."""
    for tbl in doc.element.body.iter(qn("w:tbl")):
        assert isinstance(tbl, CT_Tbl)
        for tr in tbl.tr_lst:
            trpr = tr.get_or_add_trPr()
            if trpr.find(qn("w:cantSplit")) is None:
                trpr.insert(0, element("w:cantSplit", "true"))
        _tilpas_bredder(tbl)
        _luft_efter(tbl)
        forrige = tbl.getprevious()
        if forrige is not None and forrige.tag == qn("w:p"):
            # What introduces a table (its heading, caption, lead-in) stays on its page.
            forrige.get_or_add_pPr().keepNext_val = True


def _tilpas_bredder(tbl: CT_Tbl) -> None:
    """Each column as wide as its widest word at least (bredder.fordel), cells to match."""
    kolonner = tbl.tblGrid.gridCol_lst
    forslag = [k.w.cm if k.w is not None else 0.0 for k in kolonner]
    tekster: list[list[tuple[str, bool]]] = [[] for _ in kolonner]
    for tr in tbl.tr_lst:
        kolonne = 0
        for tc in tr.tc_lst:
            if tc.grid_span == 1 and kolonne < len(kolonner):
                tekster[kolonne] += _runs(tc)
            kolonne += tc.grid_span
    polstring = Twips(POLSTRING["left"] + POLSTRING["right"]).cm
    minimum = [
        laengste_ord_cm(t, punkt=TABELSKRIFT.pt) + polstring if t else polstring for t in tekster
    ]
    bredder = fordel(forslag, minimum)
    for kol, bredde in zip(kolonner, bredder, strict=True):
        kol.w = Twips(round(Cm(bredde).twips))
    for tr in tbl.tr_lst:
        kolonne = 0
        for tc in tr.tc_lst:
            dele = kolonner[kolonne : kolonne + tc.grid_span]
            tc.width = Emu(sum((k.w or 0) for k in dele))
            kolonne += tc.grid_span


def _runs(tc: BaseOxmlElement) -> list[tuple[str, bool]]:
    """A cell's runs as (text, bold)."""
    ud = []
    for r in tc.iter(qn("w:r")):
        tekst = "".join(t.text or "" for t in r.iter(qn("w:t")))
        fed = r.find(f"{qn('w:rPr')}/{qn('w:b')}")
        ud.append((tekst, fed is not None and fed.get(qn("w:val"), "true") not in ("0", "false")))
    return ud


def _luft_efter(tbl: CT_Tbl) -> None:
    """Word sets what follows a table flush against it: the next paragraph gets air above.

    Only a table followed by another table (they would merge) or ending the document (Word
    wants a paragraph last) gets a paragraph of its own after it.
    """
    naeste = tbl.getnext()
    if naeste is None or naeste.tag != qn("w:p"):
        if tbl.getparent() is None or tbl.getparent().tag != qn("w:body"):
            return
        naeste = OxmlElement("w:p")
        tbl.addnext(naeste)
    ppr = naeste.get_or_add_pPr()
    stil = ppr.pStyle.val if ppr.pStyle is not None else ""
    if not stil.startswith("Heading") and ppr.spacing_before is None:
        ppr.spacing_before = LUFT_EFTER_TABEL


def maaltabel(doc: Dokument, aftale: Delaftale | StrategiskAftale, *, strategisk: bool) -> None:
    """Mål | Indikator | two baseline columns | år | datakilde; the mål cell spans its rows."""
    overskrifter = (
        ["Mål", "Indikator", "Baseline boligområde", "Baseline kommune (evt. andet)"]
        if strategisk
        else ["Delmål", "Indikator", "Baseline boligområde/målgruppe", "Evt. anden baseline"]
    )
    tabel = ny_tabel(doc, [*overskrifter, "Baseline år", "Datakilde"], MAALTABEL_BREDDER)
    kommune_id = aftale.helhedsplan.kommune_id
    for maal in aftale.maal.all():
        indikatorer = list(maal.indikatorer.all())
        foerste = len(tabel.rows)
        if not indikatorer:
            celler = tabel.add_row().cells
            celler[1].merge(celler[-1])
        for indikator in indikatorer:
            celler = tabel.add_row().cells
            afsnit(celler[1], indikator.navn)
            _baselinecelle(celler[2], indikator, BaselineVaerdi.Slags.BOLIGOMRAADE, kommune_id)
            _baselinecelle(celler[3], indikator, BaselineVaerdi.Slags.ANDEN, kommune_id)
            afsnit(celler[4], indikator.baselineaar)
            kilde = indikator.datakilde
            if indikator.datakilde_note:
                kilde = f"{kilde} ({indikator.datakilde_note})".strip()
            afsnit(celler[5], kilde)
        maalcelle = tabel.cell(foerste, 0)
        if len(indikatorer) > 1:
            maalcelle = maalcelle.merge(tabel.cell(len(tabel.rows) - 1, 0))
        afsnit(maalcelle, maal.navn)
        if maal.maalsaetning:
            afsnit(maalcelle, maal.maalsaetning, kursiv=True)


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
                afsnit(celle, f"{b.referencegruppe}:", fed=True)
            elif organisation and organisation.pk != kommune_id:
                afsnit(celle, f"{organisation}:", fed=True)
        p = afsnit(celle, b.linje)
        if b.fodnote:
            fodnotehenvisning(p, b.fodnote.nummer)
