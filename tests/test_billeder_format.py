"""The images in the agreement format: listed in the JSON (optional key, schema-checked),
and brought back by an import, pointing at the checksum-named copy."""

from __future__ import annotations

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from billeder.models import Billede, frossen_sti
from delaftaler.dataformat import eksporter, importer
from delaftaler.dataformat.felter import FormatFejl
from delaftaler.dataformat.skema import SKEMA_FIL, skema_json, valider
from delaftaler.models import Delaftale, Helhedsplan
from tests.test_billeder import png

pytestmark = pytest.mark.django_db
RANDERS = "randers-2025-29"


@pytest.fixture(autouse=True)
def medier(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(klient, aftale, **felter):
    post = {
        "handling": "tilfoej",
        "ny-afsnit": felter.get("afsnit", "bilag"),
        "ny-billedtekst": felter.get("billedtekst", "Organisationsdiagram"),
        "ny-alt_tekst": "Diagram over styregruppe og bestyrelse",
        "ny-raekkefoelge": felter.get("raekkefoelge", "1"),
        "ny-fil": SimpleUploadedFile("d.png", felter.get("data", png())),
    }
    url = reverse("billeder", args=[aftale.helhedsplan.slug, aftale.pk])
    assert klient.post(url, post).status_code == 302


def _plan(data, slug=RANDERS):
    (plan,) = [p for p in data["helhedsplaner"] if p["slug"] == slug]
    return plan


def test_an_agreement_without_images_exports_as_before():
    data = eksporter(Helhedsplan.objects.filter(slug=RANDERS))
    assert "billeder" not in _plan(data)["delaftaler"][0]


def test_the_images_are_listed_in_the_json_and_the_schema_accepts_them(klient, randers):
    _upload(klient, randers)
    _upload(
        klient,
        randers,
        afsnit="kommunal",
        billedtekst="Kort",
        raekkefoelge="2",
        data=png(farve=(1, 2, 3)),
    )
    data = eksporter(Helhedsplan.objects.filter(slug=RANDERS))
    billeder = _plan(data)["delaftaler"][0]["billeder"]
    b = Billede.objects.get(billedtekst="Organisationsdiagram")
    assert billeder[0] == {
        "filnavn": f"{b.sha256}.png",
        "sha256": b.sha256,
        "afsnit": "bilag",
        "billedtekst": "Organisationsdiagram",
        "alt_tekst": "Diagram over styregruppe og bestyrelse",
        "raekkefoelge": 1,
    }
    assert [x["billedtekst"] for x in billeder] == ["Organisationsdiagram", "Kort"]
    valider(data)  # no FormatFejl
    forkert = copy.deepcopy(data)
    _plan(forkert)["delaftaler"][0]["billeder"][0]["filnavn"] = "../../etc/passwd"
    with pytest.raises(FormatFejl) as fejl:
        valider(forkert)
    assert "billeder[0].filnavn" in str(fejl.value)


def test_the_committed_schema_has_the_images():
    assert SKEMA_FIL.read_text(encoding="utf-8") == skema_json()
    assert '"billeder"' in skema_json()


def test_export_then_import_restores_the_images(klient, randers):
    _upload(klient, randers)
    data = eksporter(Helhedsplan.objects.filter(slug=RANDERS))
    plan = _plan(data)
    plan["slug"] = "randers-kopi"
    plan["navn"] = "Randers, kopi"
    data["helhedsplaner"] = [plan]
    importer(data)
    kopi = Delaftale.objects.get(helhedsplan__slug="randers-kopi")
    (b,) = kopi.billeder.all()
    original = Billede.objects.get(aftale=randers)
    assert (b.sha256, b.billedtekst, b.alt_tekst, b.afsnit) == (
        original.sha256,
        original.billedtekst,
        original.alt_tekst,
        original.afsnit,
    )
    assert b.fil.name == frossen_sti(b.sha256, "image/png") and b.indhold() == original.indhold()
    assert (b.bredde, b.hoejde) == (original.bredde, original.hoejde)
    # The copy's deletion leaves the frozen bytes (the original and versions use them).
    kopi.billeder.all().delete()
    assert original.indhold()
    assert (
        eksporter(Helhedsplan.objects.filter(slug="randers-kopi"))["helhedsplaner"][0][
            "delaftaler"
        ][0].get("billeder")
        is None
    )


def test_an_import_naming_an_unknown_image_is_refused_at_its_place(klient, randers):
    _upload(klient, randers)
    data = eksporter(Helhedsplan.objects.filter(slug=RANDERS))
    plan = _plan(data)
    plan["slug"] = "randers-kopi"
    data["helhedsplaner"] = [plan]
    billede = plan["delaftaler"][0]["billeder"][0]
    billede["sha256"] = "a" * 64
    billede["filnavn"] = "a" * 64 + ".png"
    with pytest.raises(FormatFejl) as fejl:
        importer(data)
    assert "billeder[0].filnavn" in str(fejl.value) and "findes ikke" in str(fejl.value)
    assert not Helhedsplan.objects.filter(slug="randers-kopi").exists()


def test_lbfs_zip_carries_the_images_of_the_versions_and_brings_them_back(
    klient, randers, settings, tmp_path
):
    import datetime
    import io
    import json
    import zipfile

    from django.core.management import call_command

    from delaftaler import versioner
    from tests.conftest import bruger
    from tests.test_import_agreements import _slet_alt

    _upload(klient, randers)
    original = Billede.objects.get()
    versioner.indsend(randers, bruger("leder"), trods_tjekliste=True)
    versioner.godkend(randers, bruger("bestyrelse"), datetime.date(2026, 11, 20))
    fil = tmp_path / "lbf.zip"
    call_command("export_lbf", "--output", str(fil), stdout=io.StringIO())
    navn = f"billeder/{original.sha256}.png"
    with zipfile.ZipFile(fil) as z:
        assert z.read(navn) == original.indhold()
        manifest = json.loads(z.read("manifest.json"))
        foer = {n: z.read(n) for n in z.namelist() if n != "manifest.json"}
    (post,) = [p for p in manifest["filer"] if p["fil"] == navn]
    assert post["sha256"] == original.sha256 and post["billede"] is True

    # Another installation: an empty database and an empty storage.
    _slet_alt()
    settings.MEDIA_ROOT = tmp_path / "andet-media"
    call_command("import_agreements", str(fil), stdout=io.StringIO())

    (b,) = Billede.objects.filter(aftale__helhedsplan__slug=RANDERS)
    assert b.indhold() == foer[navn] and b.alt_tekst == original.alt_tekst
    igen = tmp_path / "igen.zip"
    call_command("export_lbf", "--output", str(igen), stdout=io.StringIO())
    with zipfile.ZipFile(igen) as z:
        assert {n: z.read(n) for n in z.namelist() if n != "manifest.json"} == foer


def test_a_zip_image_whose_bytes_do_not_match_its_checksum_is_refused(klient, randers, tmp_path):
    import datetime
    import io
    import zipfile

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from delaftaler import versioner
    from tests.conftest import bruger

    _upload(klient, randers)
    versioner.indsend(randers, bruger("leder"), trods_tjekliste=True)
    versioner.godkend(randers, bruger("bestyrelse"), datetime.date(2026, 11, 20))
    fil = tmp_path / "lbf.zip"
    call_command("export_lbf", "--output", str(fil), stdout=io.StringIO())
    ombyttet = tmp_path / "ombyttet.zip"
    with zipfile.ZipFile(fil) as ind, zipfile.ZipFile(ombyttet, "w") as ud:
        for info in ind.infolist():
            data = ind.read(info)
            ud.writestr(
                info, png(farve=(9, 9, 9)) if info.filename.startswith("billeder/") else data
            )
    with pytest.raises(CommandError) as fejl:
        call_command("import_agreements", str(ombyttet), stdout=io.StringIO())
    assert "billeder/" in str(fejl.value) and "SHA-256" in str(fejl.value)
