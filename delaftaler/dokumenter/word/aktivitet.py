"""An activity's schema (_aktivitet.html), on a new page after the delaftale's text."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as Dokument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from aktiviteter.models import Aktivitet, Datatabel
from delaftaler.dokumenter.word.afsnit import afsnit, broedtekst, etiket, overskrift
from delaftaler.dokumenter.word.tabeller import ny_tabel
from delaftaler.dokumenter.word.typografi import TEKSTBREDDE_CM


def aktivitet(doc: Dokument, a: Aktivitet) -> None:
    _indledning(doc, a)
    _formaal(doc, a)
    _maalgruppe(doc, a)
    _indhold_og_praksis(doc, a)
    _ansvar(doc, a)


def _indledning(doc: Dokument, a: Aktivitet) -> None:
    overskrift(doc, f"Aktivitetsnavn: {a.navn}", 2, ny_side=True)
    if a.undertitel:
        afsnit(doc, a.undertitel, kursiv=True)
    typer = [str(led.cfbu_type) for led in a.cfbu_led.all()]
    if typer:
        opremsning = typer[0] if len(typer) == 1 else f"{', '.join(typer[:-1])} og {typer[-1]}"
        afsnit(
            doc,
            f"Aktiviteten har elementer af {opremsning}, jf. Center for Boligsocial "
            "Udviklings inspirations- og videnskatalog.",
        )


def _formaal(doc: Dokument, a: Aktivitet) -> None:
    overskrift(doc, "Formål:", 3)
    delmaal = list(a.delmaal_led.all())
    if delmaal:
        afsnit(doc, "Aktiviteten understøtter opnåelsen af delmålene:")
        for led in delmaal:
            tekst = led.maal.navn
            if led.maal.maalsaetning:
                tekst += f", {led.maal.maalsaetning}"
            afsnit(doc, tekst, stil="List Bullet")
    broedtekst(doc, a.formaal)
    _punkter(doc, a.formaal_punkter)
    if a.delmaal_punkter:
        afsnit(doc, "Delmål:")
        _punkter(doc, a.delmaal_punkter)


def _maalgruppe(doc: Dokument, a: Aktivitet) -> None:
    overskrift(doc, "Målgruppe(r):", 3)
    broedtekst(doc, a.maalgruppe)
    _punkter(doc, a.maalgruppe_punkter)
    for dt in a.datatabeller.all():
        _datatabel(doc, dt)


def _datatabel(doc: Dokument, dt: Datatabel) -> None:
    kolonner = list(dt.kolonner.all())
    _tabeltitel(doc, dt.titel)
    forspalte = 5.0 if kolonner else TEKSTBREDDE_CM
    bredder = [forspalte] + [(TEKSTBREDDE_CM - forspalte) / len(kolonner)] * len(kolonner)
    tabel = ny_tabel(doc, ["", *(str(k) for k in kolonner)], bredder, titel=dt.titel)
    for r in dt.raekker.all():
        celler = tabel.add_row().cells
        afsnit(celler[0], r.etiket, fed=r.total)
        # A cell is placed by its column, so a missing value leaves its cell empty.
        vaerdier = {c.kolonne_id: c.tekst for c in r.celler.all()}
        for celle, k in zip(celler[1:], kolonner, strict=True):
            p = afsnit(celle, vaerdier.get(k.pk, ""), fed=r.total)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if dt.note:
        broedtekst(doc, dt.note)


def _indhold_og_praksis(doc: Dokument, a: Aktivitet) -> None:
    overskrift(doc, "Indhold og praksis:", 3)
    broedtekst(doc, a.indhold_og_praksis)
    elementer = list(a.elementer.all())
    if elementer:
        if a.elementer_titel:
            _tabeltitel(doc, a.elementer_titel)
        tabel = ny_tabel(
            doc, ["Element", "Indhold", "Aktører"], [4.0, 9.0, 4.0], titel=a.elementer_titel
        )
        for e in elementer:
            celler = tabel.add_row().cells
            afsnit(celler[0], e.element)
            broedtekst(celler[1], e.indhold)
            for aktoer in e.aktoerer:
                afsnit(celler[2], aktoer)
    faser = list(a.faser.all())
    if faser:
        overskrift(doc, "Faser", 4)
        for f in faser:
            etiket(doc, f"{f.navn} ({f.periode})" if f.periode else f.navn)
            broedtekst(doc, f.beskrivelse)
    omfang = list(a.omfang.all())
    if omfang:
        overskrift(doc, "Omfang", 4)
        _punkter(doc, [o.beskrivelse for o in omfang])
    if a.kilder:
        overskrift(doc, "Kilder", 4)
        _punkter(doc, a.kilder)


def _ansvar(doc: Dokument, a: Aktivitet) -> None:
    overskrift(doc, "Ansvars- og rollefordeling:", 3)
    broedtekst(doc, a.ansvar)
    for rolle in a.roller.all():
        etiket(doc, f"{rolle.part}:")
        broedtekst(doc, rolle.tekst)
        _punkter(doc, rolle.punkter)


def _punkter(doc: Dokument, punkter: Sequence[str]) -> None:
    for punkt in punkter:
        afsnit(doc, punkt, stil="List Bullet")


def _tabeltitel(doc: Dokument, titel: str) -> None:
    p = afsnit(doc, titel, stil="Caption")
    p.paragraph_format.keep_with_next = True
