"""A delaftale as a Word file, in the order and with the labels of LBF's template."""

from __future__ import annotations

import datetime

from docx.document import Document as Dokument

from aktiviteter.models import Aktivitet
from delaftaler.dansk import dansk_tal
from delaftaler.dokumenter import skabelon
from delaftaler.dokumenter.skabelon import FAST_TEKST_DELAFTALE, OPFOELGNING
from delaftaler.dokumenter.word.afsnit import afsnit, broedtekst, etiket, overskrift
from delaftaler.dokumenter.word.aktivitet import aktivitet
from delaftaler.dokumenter.word.billeder import bilag, billeder
from delaftaler.dokumenter.word.ramme import dokumenttitel, fodnoteliste, gem, nyt_dokument
from delaftaler.dokumenter.word.tabeller import maaltabel, ny_tabel
from delaftaler.models import Delaftale

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


def delaftale_docx(
    aftale: Delaftale, *, status: str = "Udkast", tidspunkt: datetime.datetime | None = None
) -> bytes:
    """A delaftale (fetched with ``med_indhold()``) as a .docx file in LBF's template.

    ``tidspunkt`` dates the file (a version's approval); default the agreement's last change.
    """
    doc = _dokument_med_indledning(aftale, status, tidspunkt or aftale.aendret)
    _indsats_og_parter(doc, aftale)
    billeder(doc, aftale, "parter")
    _delmaal(doc, aftale)
    billeder(doc, aftale, "maal")
    aktiviteter = list(aftale.aktiviteter.all())
    _aktiviteter(doc, aftale, aktiviteter)
    billeder(doc, aftale, "aktiviteter")
    _ressourcer(doc, aftale)
    billeder(doc, aftale, "ressourcer")
    _kommunal_sammenhaeng(doc, aftale)
    billeder(doc, aftale, "kommunal")

    overskrift(doc, DELAFTALE_OVERSKRIFTER["revision"], 2)
    broedtekst(doc, aftale.revision)

    for a in aktiviteter:
        if not a.beskrevet_i:
            aktivitet(doc, a)
    bilag(doc, aftale)

    fodnoteliste(doc)
    return gem(doc)


def _dokument_med_indledning(
    aftale: Delaftale, status: str, tidspunkt: datetime.datetime
) -> Dokument:
    """A new document with the delaftale's title and LBF's fixed opening text."""
    plan = aftale.helhedsplan
    titel = skabelon.titel(aftale)
    doc = nyt_dokument(
        titel=titel,
        sidehoved=f"{plan.navn} – {aftale.indsatsomraade}",
        status=status,
        emne=plan.navn,
        kategori="Delaftale",
        fodnoter=list(aftale.fodnoter.all()),
        tidspunkt=tidspunkt,
    )
    dokumenttitel(doc, titel, status)
    for tekst in FAST_TEKST_DELAFTALE:
        afsnit(doc, tekst)
    return doc


def _indsats_og_parter(doc: Dokument, aftale: Delaftale) -> None:
    o = DELAFTALE_OVERSKRIFTER
    overskrift(doc, o["indsats"], 2)
    afsnit(doc, aftale.indsatsnavn)
    broedtekst(doc, aftale.motto, niveau=2, kursiv=True)

    overskrift(doc, o["periode"], 2)
    afsnit(doc, aftale.periode)

    overskrift(doc, o["parter"], 2)
    for part in aftale.parter.all():
        afsnit(doc, part.visningsnavn, stil="List Bullet")
        broedtekst(doc, part.beskrivelse, niveau=2)
    broedtekst(doc, aftale.parter_tekst)


def _delmaal(doc: Dokument, aftale: Delaftale) -> None:
    overskrift(doc, DELAFTALE_OVERSKRIFTER["maal"], 2)
    afsnit(doc, OPFOELGNING)
    maaltabel(doc, aftale, strategisk=False)


def _aktiviteter(doc: Dokument, aftale: Delaftale, aktiviteter: list[Aktivitet]) -> None:
    """The list of activities; those described elsewhere say where."""
    overskrift(doc, DELAFTALE_OVERSKRIFTER["aktiviteter"], 2)
    broedtekst(doc, aftale.aktiviteter_tekst)
    for a in aktiviteter:
        linje = a.listenavn or a.navn
        if a.listebeskrivelse:
            linje += f" – {a.listebeskrivelse}"
        if a.beskrevet_i:
            linje += f" (beskrevet i {a.beskrevet_i})"
        afsnit(doc, linje, stil="List Bullet")


def _ressourcer(doc: Dokument, aftale: Delaftale) -> None:
    overskrift(doc, DELAFTALE_OVERSKRIFTER["ressourcer"], 2)
    if aftale.vaegtning_procent is not None:
        afsnit(doc, f"Indsatsområdet vægtes overordnet {aftale.vaegtning_tekst}.")
    broedtekst(doc, aftale.ressourcer_tekst)
    _ressourcetabel(doc, aftale)


def _ressourcetabel(doc: Dokument, aftale: Delaftale) -> None:
    ressourcer = list(aftale.medarbejderressourcer.all())
    if not ressourcer:
        return
    tabel = ny_tabel(doc, ["Medarbejder/funktion", "Andel", "Omregnet"], [8.0, 4.5, 4.5])
    for r in ressourcer:
        celler = tabel.add_row().cells
        linje = r.funktion
        if r.arbejdsgiver:
            linje += f", {r.arbejdsgiver}"
        if r.kontrakt_timer_uge:
            linje += f" (ansat på {dansk_tal(r.kontrakt_timer_uge)} timer)"
        if r.varighed_aar:
            linje += f" – {r.varighed_aar}-årig stilling"
        afsnit(celler[0], linje)
        if r.aktivitet:
            afsnit(celler[0], f"Aktivitet: {r.aktivitet}")
        if r.bemaerkning:
            afsnit(celler[0], r.bemaerkning)
        afsnit(celler[1], r.andel_tekst)
        afsnit(celler[2], r.omregnet_tekst)


def _kommunal_sammenhaeng(doc: Dokument, aftale: Delaftale) -> None:
    overskrift(doc, DELAFTALE_OVERSKRIFTER["kommunal"], 2)
    broedtekst(doc, aftale.kommunal_sammenhaeng)
    if aftale.bemaerkninger:
        etiket(doc, "Bemærkninger")
        broedtekst(doc, aftale.bemaerkninger)
