"""Word tables: fixed column widths, a header row repeated on every page, merged cells."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as Dokument
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from delaftaler.dokumenter.word.afsnit import afsnit
from delaftaler.dokumenter.word.typografi import element, skygge
from delaftaler.models import Delaftale, StrategiskAftale
from indikatorer.models import BaselineVaerdi, Indikator

MAALTABEL_BREDDER = (2.9, 3.1, 3.9, 3.0, 1.5, 2.6)


def ny_tabel(doc: Dokument, overskrifter: Sequence[str], bredder_cm: Sequence[float]) -> Table:
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
        raekke._tr.get_or_add_trPr().append(element("w:tblHeader", "true"))
        for celle, tekst in zip(raekke.cells, overskrifter, strict=True):
            celle._tc.get_or_add_tcPr().append(skygge("E7E6E6"))
            afsnit(celle, tekst, fed=True)
    return tabel


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
            p.add_run(str(b.fodnote.nummer)).font.superscript = True
