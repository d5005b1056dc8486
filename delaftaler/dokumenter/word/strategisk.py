"""A strategic cooperation agreement as a Word file, in the sections of LBF's template."""

from __future__ import annotations

import datetime

from docx.document import Document as Dokument

from delaftaler.dansk import dansk_dato
from delaftaler.dokumenter.skabelon import STRATEGISK_TITEL
from delaftaler.dokumenter.word.afsnit import afsnit, broedtekst, etiket, overskrift, skriv
from delaftaler.dokumenter.word.billeder import bilag, billeder
from delaftaler.dokumenter.word.ramme import dokumenttitel, fodnoteliste, gem, nyt_dokument
from delaftaler.dokumenter.word.tabeller import maaltabel, ny_tabel
from delaftaler.models import Afsnit, Part, Politiktabel, StrategiskAftale


def strategisk_docx(
    aftale: StrategiskAftale,
    *,
    status: str = "Udkast",
    tidspunkt: datetime.datetime | None = None,
) -> bytes:
    """A strategic cooperation agreement (fetched with ``med_indhold()``) as a .docx file.

    ``tidspunkt`` dates the file (a version's approval); default the agreement's last change.
    """
    plan = aftale.helhedsplan
    doc = nyt_dokument(
        titel=STRATEGISK_TITEL,
        sidehoved=f"{plan.navn} – Strategisk samarbejdsaftale",
        status=status,
        emne=plan.navn,
        kategori="Strategisk samarbejdsaftale",
        fodnoter=list(aftale.fodnoter.all()),
        tidspunkt=tidspunkt or aftale.aendret,
    )
    dokumenttitel(doc, STRATEGISK_TITEL, status)
    parter = list(aftale.parter.all())
    _stamdata(doc, aftale, parter)
    _underskrifter(doc, parter)

    overskrift(doc, "1. Kort om boligområdet", 2)
    broedtekst(doc, aftale.kort_om_omraadet)
    billeder(doc, aftale, "kort")

    _vision(doc, aftale)
    billeder(doc, aftale, "vision")
    afsnittene = list(aftale.afsnit.all())
    _organisering(doc, aftale, afsnittene)
    billeder(doc, aftale, "organisering")
    _samspil(doc, afsnittene)
    billeder(doc, aftale, "samspil")

    overskrift(doc, "5. Overordnede mål og indikatorer for den boligsociale indsats", 2)
    maaltabel(doc, aftale, strategisk=True)

    _indsatsomraader(doc, aftale)
    billeder(doc, aftale, "indsatsomraader")

    overskrift(doc, "7. Lokal evaluering", 2)
    broedtekst(doc, aftale.lokal_evaluering)
    billeder(doc, aftale, "evaluering")

    overskrift(doc, "8. Revision af samarbejdsaftalen", 2)
    broedtekst(doc, aftale.revision)
    bilag(doc, aftale)

    fodnoteliste(doc)
    return gem(doc)


def _stamdata(doc: Dokument, aftale: StrategiskAftale, parter: list[Part]) -> None:
    stamdata = ny_tabel(doc, [], [5.0, 12.0])
    for felt, vaerdi in (
        ("Områdets navn", [aftale.omraadets_navn]),
        ("Aftalens parter", [p.visningsnavn for p in parter]),
        ("Samarbejdsaftalen gælder fra – til", [aftale.periode]),
    ):
        celler = stamdata.add_row().cells
        afsnit(celler[0], felt, fed=True)
        for linje in vaerdi:
            afsnit(celler[1], linje)


def _underskrifter(doc: Dokument, parter: list[Part]) -> None:
    overskrift(doc, "Underskrifter", 2)
    underskrifter = ny_tabel(doc, ["Part", "Dato", "Navn"], [9.0, 3.0, 5.0])
    for p in parter:
        celler = underskrifter.add_row().cells
        afsnit(celler[0], p.visningsnavn)
        afsnit(celler[1], dansk_dato(p.underskrift_dato))
        afsnit(celler[2], p.underskrift_navn)


def _vision(doc: Dokument, aftale: StrategiskAftale) -> None:
    overskrift(doc, "2. Vision for boligområdet", 2)
    broedtekst(doc, aftale.vision_tekst)
    if aftale.vision:
        afsnit(doc, aftale.vision, fed=True)
    maalnumre = {m.pk: nr for nr, m in enumerate(aftale.maal.all(), start=1)}
    for pt in aftale.politiktabeller.all():
        _politiktabel(doc, pt, maalnumre)


def _politiktabel(doc: Dokument, pt: Politiktabel, maalnumre: dict[int, int]) -> None:
    """A policy's aims beside the agreement's mål that serve them, referred to by number."""
    overskrift(doc, pt.titel, 3)
    broedtekst(doc, pt.intro)
    tabel = ny_tabel(doc, [pt.venstre_overskrift, pt.hoejre_overskrift], [8.5, 8.5])
    for r in pt.raekker.all():
        venstre, hoejre = tabel.add_row().cells
        afsnit(venstre, r.titel, kursiv=True)
        broedtekst(venstre, r.tekst)
        for m in r.maal.all():
            afsnit(hoejre, f"Mål {maalnumre.get(m.pk, '')}: {m.navn}")
        broedtekst(hoejre, r.hoejre_tekst)
        if r.kommentar:
            afsnit(hoejre, f"Kommentar: {r.kommentar}")
    broedtekst(doc, pt.efter_tekst)


def _organisering(doc: Dokument, aftale: StrategiskAftale, afsnittene: list[Afsnit]) -> None:
    overskrift(doc, "3. Organisering", 2)
    for a in afsnittene:
        if a.sektion == 3:
            if a.overskrift:
                overskrift(doc, a.overskrift, 3)
            broedtekst(doc, a.tekst)
            if a.slags == "bestyrelse":
                for medlem in aftale.bestyrelsesmedlemmer.all():
                    afsnit(doc, str(medlem), stil="List Bullet")


def _samspil(doc: Dokument, afsnittene: list[Afsnit]) -> None:
    overskrift(doc, "4. Samspil med centrale tiltag og indsatser i boligområdet", 2)
    for a in afsnittene:
        if a.sektion == 4:
            if a.overskrift:
                overskrift(doc, a.overskrift, 3)
            broedtekst(doc, a.tekst)


def _indsatsomraader(doc: Dokument, aftale: StrategiskAftale) -> None:
    overskrift(doc, "6. Indsatsområder", 2)
    for v in aftale.valgte_indsatsomraader.all():
        overskrift(doc, str(v.indsatsomraade), 3)
        etiket(doc, "Problemkompleks for indsatsområdet")
        broedtekst(doc, v.problemkompleks)
        broedtekst(doc, v.maal_tekst)
        maalgruppe = afsnit(doc, "Den primære målgruppe:", fed=True)
        skriv(maalgruppe, f" {v.primaer_maalgruppe}")
