"""A delaftale of any size for query-count tests: Viborg's delaftale with its first delmål
(indicators, baselines, targets), first activity (its whole schema), first party and first
staff line each repeated `n` times, imported through the format into a plan of its own."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from delaftaler import versioner
from delaftaler.dataformat.aftaleindlaesning import AftaleImporter
from delaftaler.dataformat.eksport import eksporter_delaftale
from delaftaler.models import Delaftale, Helhedsplan, Omraade, Organisation, Version

KILDE = "viborg-2025-29"


TAL = {"antal": None, "naevner": None, "enhed": "", "procent": "10.5", "vaerdi": None}
TAL |= {"kvalifikator": "", "til": None, "besvarelser": None, "svarprocent": None}
MAALTAL = {"omraade": None, "delindikator": "", "referencegruppe": "", "retning": "falde"}
MAALTAL |= {**TAL, "aar": 2028, "note": "", "milepaele": [{"aar": 2026, **TAL}]}
SKEMA = {
    "cfbu_typer": ["Netværksskabende aktiviteter"],
    "elementer": [{"element": "Opsøgende arbejde", "indhold": "Hver uge", "aktoerer": ["Leder"]}],
    "roller": [{"part": "Boligsocial leder", "tekst": "Ansvarlig", "punkter": ["Planlægge"]}],
    "faser": [{"navn": "Etablering", "periode": "2025", "beskrivelse": "Opstart"}],
    "omfang": [
        {"beskrivelse": "1 pr. måned", "antal": "1", "enhed": "møde", "pr": "maaned", "hver": 1}
        | {"kvalifikator": ""}
    ],
    "datatabeller": [
        {
            "titel": "Dataoversigt",
            "note": "",
            "kolonner": [
                {"overskrift": "Beboere", "aar": 2024},
                {"overskrift": "Unge", "aar": 2024},
            ],
            "raekker": [{"etiket": "Afdeling 1", "total": False, "vaerdier": ["648", "9.5"]}],
        }
    ],
}


def _gange(liste: list[dict[str, Any]], n: int, felt: str) -> list[dict[str, Any]]:
    """The list's first item `n` times, each named apart by `felt`."""
    ud = []
    for nr in range(n):
        ny = copy.deepcopy(liste[0])
        ny[felt] = f"{ny[felt]} ({nr + 1})"
        ud.append(ny)
    return ud


def stor_delaftale(n: int, slug: str | None = None) -> Delaftale:
    """A delaftale with `n` delmål, activities, parties and staff lines, with version 1."""
    kilde = Delaftale.objects.filter(helhedsplan__slug=KILDE).first()
    assert kilde is not None

    def org(o: Organisation | None) -> str | None:
        return o.navn if o else None

    data = eksporter_delaftale(Delaftale.objects.med_indhold().get(pk=kilde.pk), org)
    data["delmaal"] = _gange(data["delmaal"], n, "navn")
    for delmaal in data["delmaal"]:
        for indikator in delmaal["indikatorer"]:
            indikator["maaltal"] = [copy.deepcopy(MAALTAL)]
    navne = [d["navn"] for d in data["delmaal"]]
    data["aktiviteter"] = _gange(data["aktiviteter"], n, "navn")
    for nr, aktivitet in enumerate(data["aktiviteter"]):
        aktivitet.update(copy.deepcopy(SKEMA), understoetter_delmaal=[navne[nr]])
    data["parter"] = _gange(data["parter"], n, "navn")
    data["medarbejderressourcer"] = _gange(data["medarbejderressourcer"], n, "funktion")
    for linje in data["medarbejderressourcer"]:
        linje["aktivitet"] = None
    plan = Helhedsplan.objects.create(
        slug=slug or f"stor-{n}",
        navn=f"Stor plan ({n})",
        fondsperiode=kilde.helhedsplan.fondsperiode,
        kommune=kilde.helhedsplan.kommune,
    )
    importer = AftaleImporter(kommentar="Testdata")
    importer.plan = plan
    for o in kilde.helhedsplan.omraader.order_by("id"):
        importer.omraader[o.navn] = Omraade.objects.create(
            helhedsplan=plan, navn=o.navn, type=o.type, organisation=o.organisation
        )
    aftale = importer.delaftale(data, "")
    assert isinstance(aftale, Delaftale)
    tekst = versioner.som_json(versioner.snapshot(versioner.konkret(aftale)))
    Version.objects.create(
        aftale=aftale,
        nummer=1,
        json=tekst,
        pdf=b"",
        docx=b"",
        kontrolsum=versioner.sha256(tekst.encode()),
        pdf_kontrolsum=versioner.sha256(b""),
        docx_kontrolsum=versioner.sha256(b""),
        redigeringsnummer=aftale.redigeringsnummer,
        godkendt=datetime.datetime.now(datetime.UTC),
        moededato=datetime.date(2025, 6, 1),
    )
    return aftale
