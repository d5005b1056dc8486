"""The charts: SVG with real text in Carlito, a title and an aria-label, no inline styles;
deterministic; empty without data; a Danish text alternative with the figures."""

import xml.etree.ElementTree as ET
from decimal import Decimal as D
from typing import Any

import pytest

from indikatorer.models import Indikator
from opfoelgning import graf, tabel
from opfoelgning.models import Maaling, Maaltal, Milepael
from opfoelgning.rapport import rapportdata

SVG = "{http://www.w3.org/2000/svg}"


def fraflytning() -> Indikator:
    """Randers' indicator of moving out, without the demo data's targets and measurements."""
    ind = Indikator.objects.get(
        maal__aftale__helhedsplan__slug="randers-2025-29", navn__startswith="Fraflytningsprocenten"
    )
    Maaling.objects.filter(indikator=ind).delete()
    Maaltal.objects.filter(indikator=ind).delete()
    return ind


@pytest.fixture
def maalt(db: None) -> Indikator:
    """Gl. Jennumparken: baseline 12,6 % (2023), measured 12,1 % and 11,8 %, target 10 % in 2028."""
    ind = fraflytning()
    jennum = ind.baselines.get(omraade__navn="Gl. Jennumparken").omraade
    mt = Maaltal.objects.create(
        indikator=ind, omraade=jennum, retning="falde", procent=D(10), aar=2028
    )
    Milepael.objects.create(maaltal=mt, aar=2026, procent=D("11.5"), procent_decimaler=1)
    for aar, procent in ((2024, "12.1"), (2025, "11.8")):
        Maaling.objects.create(
            indikator=ind, omraade=jennum, aar=aar, procent=D(procent), procent_decimaler=1
        )
    return ind


def opfoelgning(ind: Indikator) -> tabel.Indikatoropfoelgning:
    return tabel.indikator(tabel.indikatorer_med_opfoelgning().get(pk=ind.pk))


def test_svg_er_xml_med_tekst_og_titel(maalt: Indikator) -> None:
    svg = graf.graf_svg(opfoelgning(maalt), 2025)
    assert svg.startswith("<svg ") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    rod = ET.fromstring(svg)
    assert rod.tag == f"{SVG}svg"
    assert rod.get("role") == "img"
    assert "Gl. Jennumparken: baseline 12,6 % (2023)" in rod.get("aria-label", "")
    titel = rod.find(f"{SVG}title")
    assert titel is not None and "11,8 %" in (titel.text or "")
    # The text is text (selectable, read back from the PDF), not outlined glyphs.
    tekster = list(rod.iter(f"{SVG}text"))
    assert {"Gl. Jennumparken", "2023", "2028", "Procent"} <= {t.text for t in tekster}
    assert {t.get("font-family") for t in tekster} == {"Carlito, Calibri, sans-serif"}
    # Outlined glyphs were paths with ids like "…-Carlito-13", drawn through <use>.
    assert not [el for el in rod.iter() if "Carlito" in (el.get("id") or "")]
    # Safe inline under the strict CSP: no style attributes or elements.
    assert not list(rod.iter(f"{SVG}style"))
    assert all(el.get("style") is None for el in rod.iter())
    ider = [str(el.get("id")) for el in rod.iter() if el.get("id")]
    assert ider and len(set(ider)) == len(ider)
    praefiks = ider[0].split("-", 1)[0]
    assert all(i.startswith(f"{praefiks}-") for i in ider)


def test_svg_er_deterministisk(maalt: Indikator) -> None:
    assert graf.graf_svg(opfoelgning(maalt), 2025) == graf.graf_svg(opfoelgning(maalt), 2025)


def test_tom_uden_maalinger_og_maal(db: None) -> None:
    ind = opfoelgning(fraflytning())
    assert graf.graf_svg(ind, 2025) == ""
    assert graf.graf_alternativ(ind, 2025) == ""


def test_tom_uden_tal(db: None) -> None:
    data: dict[str, Any] = {"navn": "x", "enhed": "", "linjer": []}
    assert graf.tegn_svg(data, 2025) == ""
    assert graf.tegn_png(data, 2025) == b""


def test_alternativ_paa_dansk_med_tallene(maalt: Indikator) -> None:
    tekst = graf.graf_alternativ(opfoelgning(maalt), 2025)
    assert tekst.startswith(
        "Gl. Jennumparken: baseline 12,6 % (2023), 2024: 12,1 %, 2025: 11,8 %, "
        "mål: skal falde til 10 % i 2028"
    )
    # The other eight lines have only a baseline: not drawn, and the text says so.
    assert tekst.endswith(
        "mål: skal falde til 10 % i 2028. Grafen viser 1 linje; 8 linjer mere står i tabellen."
    )


def test_maalinger_efter_aaret_tegnes_ikke(maalt: Indikator) -> None:
    tekst = graf.graf_alternativ(opfoelgning(maalt), 2024)
    assert "2024: 12,1 %" in tekst and "11,8 %" not in tekst


def test_rapportens_data_giver_samme_graf(maalt: Indikator) -> None:
    """A frozen report draws its charts from its JSON: the same SVG as the live table."""
    data = rapportdata(maalt.maal.aftale.helhedsplan, 2025)
    (ind,) = [
        i for a in data["aftaler"] for m in a["maal"] for i in m["indikatorer"]
        if i["navn"] == maalt.navn
    ]  # fmt: skip
    assert graf.tegn_svg(ind, 2025) == graf.graf_svg(opfoelgning(maalt), 2025)


def test_png_til_word(maalt: Indikator) -> None:
    png = graf.tegn_png(graf.indikator_data(opfoelgning(maalt), 2025), 2025)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000


def test_mange_linjer_begraenses(db: None) -> None:
    ind = fraflytning()
    for i, b in enumerate(ind.baselines.select_related("omraade")):
        Maaling.objects.create(
            indikator=ind, omraade=b.omraade, delindikator=b.delindikator,
            referencegruppe=b.referencegruppe, aar=2024, procent=D(10 + i),
        )  # fmt: skip
    linjer = len(opfoelgning(ind).linjer)
    assert linjer > graf.MAKS_LINJER
    tekst = graf.graf_alternativ(opfoelgning(ind), 2025)
    assert f"Grafen viser {graf.MAKS_LINJER} linjer" in tekst
    rod = ET.fromstring(graf.graf_svg(opfoelgning(ind), 2025))
    assert rod.tag == f"{SVG}svg"
