"""'Gendan som kladde': the draft becomes an approved version's content, as an edit."""

import copy
import datetime
import json

import pytest
from django.urls import reverse
from reversion.models import Revision

from delaftaler import versioner
from delaftaler.dataformat.opgradering import BASELINE_STANDARD, opgrader
from delaftaler.models import Aftale, Behandling, Part, StrategiskAftale, Version
from delaftaler.versioner.gendannelse import MSG_SENDT
from indikatorer.models import BaselineVaerdi, Indikator, Maal
from opfoelgning.models import Maaling, Vurdering
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

PLAN = "randers-2025-29"


def url(aftale, nummer):
    return reverse("gendan", args=[aftale.helhedsplan.slug, aftale.pk, nummer])


def kladde(aftale):
    return versioner.snapshot(versioner.konkret(aftale))


def nummer(aftale):
    return Aftale.objects.get(pk=aftale.pk).redigeringsnummer


def aendr(aftale):
    """Change the draft in several places (text, a party, a baseline, a new delmål)."""
    d = versioner.konkret(aftale)
    d.motto = "Et nyt motto"
    d.save()
    Part.objects.filter(aftale=aftale).first().delete()
    b = BaselineVaerdi.objects.filter(indikator__maal__aftale=aftale, antal__isnull=False).first()
    b.antal = 999
    b.save()
    Maal.objects.create(aftale=aftale, navn="Et delmål, der ikke var der", raekkefoelge=99)
    Aftale.objects.filter(pk=aftale.pk).update(redigeringsnummer=nummer(aftale) + 1)


def som_version_1(data):
    """The document as format version 1 wrote it (no targets, no new baseline keys)."""
    gammel = copy.deepcopy(data)
    gammel["version"] = 1
    for plan in gammel["helhedsplaner"]:
        for aftale in plan["strategiske_aftaler"] + plan["delaftaler"]:
            for maal in aftale.get("delmaal", []) + aftale.get("overordnede_maal", []):
                for indikator in maal["indikatorer"]:
                    del indikator["maaltal"]
                    for b in indikator["baselines"]:
                        for noegle in BASELINE_STANDARD:
                            del b[noegle]
    return gammel


def test_restoring_version_1_after_a_change_gives_exactly_its_content(client, randers):
    v1 = Version.objects.get(aftale=randers, nummer=1)
    assert kladde(randers) == json.loads(v1.json)
    maalinger = sorted(
        Maaling.objects.filter(indikator__maal__aftale=randers).values_list(
            "indikator__navn", "aar", "antal", "procent", "vaerdi"
        )
    )
    vurderinger = Vurdering.objects.filter(maal__aftale=randers).count()
    assert maalinger and vurderinger
    aendr(randers)
    assert kladde(randers) != json.loads(v1.json)
    foer = nummer(randers)
    behandlinger = Behandling.objects.filter(aftale=randers).count()

    client.force_login(bruger("leder"))
    svar = client.post(url(randers, 1), {"redigeringsnummer": foer})

    assert svar.status_code == 302 and svar.url == reverse("aftale", args=[PLAN, randers.pk])
    assert kladde(randers) == json.loads(v1.json)
    # The same agreement: its pk, versions, log; the edit counted once.
    assert Aftale.objects.filter(pk=randers.pk, helhedsplan__slug=PLAN).exists()
    assert list(Version.objects.filter(aftale=randers).values_list("nummer", flat=True)) == [1]
    assert Behandling.objects.filter(aftale=randers).count() == behandlinger
    assert nummer(randers) == foer + 1
    revision = Revision.objects.order_by("-id").first()
    assert revision.comment == "Gendannet fra version 1"
    assert revision.user.username == "leder"
    gemt = {(v.content_type.model, v.object_id) for v in revision.version_set.all()}
    assert ("maal", str(Maal.objects.filter(aftale=randers).first().pk)) in gemt
    assert len([m for m, _ in gemt if m == "maal"]) == Maal.objects.filter(aftale=randers).count()
    assert (
        revision.version_set.get(content_type__model="aftale").field_dict["redigeringsnummer"]
        == foer + 1
    )
    # The follow-up stays with the restored indicators and delmål.
    assert (
        sorted(
            Maaling.objects.filter(indikator__maal__aftale=randers).values_list(
                "indikator__navn", "aar", "antal", "procent", "vaerdi"
            )
        )
        == maalinger
    )
    assert Vurdering.objects.filter(maal__aftale=randers).count() == vurderinger
    side = client.get(reverse("aftale", args=[PLAN, randers.pk]))
    assert "Kladden er gendannet fra version 1" in side.content.decode()


def test_a_version_stored_in_format_version_1_is_read_through_the_upgrade(client, randers):
    data = som_version_1(json.loads(Version.objects.get(aftale=randers, nummer=1).json))
    tekst = versioner.som_json(data)
    versioner.gendan(
        randers,
        nummer=2,
        tekst=tekst,
        indhold_pdf=b"%PDF",
        indhold_docx=b"PK",
        moededato=datetime.date(2025, 6, 1),
        lbf_dato=None,
        beslutning="",
    )
    aendr(randers)
    client.force_login(bruger("leder"))
    svar = client.post(url(randers, 2), {"redigeringsnummer": nummer(randers)})
    assert svar.status_code == 302
    assert kladde(randers) == opgrader(json.loads(tekst))
    assert not any(
        i["maaltal"]
        for a in kladde(randers)["helhedsplaner"][0]["delaftaler"]
        for m in a["delmaal"]
        for i in m["indikatorer"]
    )


def test_a_strategic_agreement_is_restored_too(client):
    vejle = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    v1 = Version.objects.get(aftale=vejle, nummer=1)
    vejle.vision = "Ændret vision"
    vejle.save()
    vejle.afsnit.first().delete()
    client.force_login(bruger("leder"))
    svar = client.post(url(vejle, 1), {"redigeringsnummer": nummer(vejle)})
    assert svar.status_code == 302
    assert kladde(vejle) == json.loads(v1.json)


def test_a_stale_edit_counter_is_a_conflict_and_changes_nothing(client, randers):
    aendr(randers)
    foer, naa = kladde(randers), nummer(randers)
    client.force_login(bruger("leder"))
    svar = client.post(url(randers, 1), {"redigeringsnummer": naa - 1})
    assert svar.status_code == 409
    assert "er ikke gendannet" in svar.content.decode()
    assert kladde(randers) == foer and nummer(randers) == naa


@pytest.mark.parametrize("vaerdi", ["", "abc", "1" * 40])
def test_a_missing_or_bad_edit_counter_changes_nothing(client, randers, vaerdi):
    aendr(randers)
    foer = kladde(randers)
    client.force_login(bruger("leder"))
    svar = client.post(url(randers, 1), {"redigeringsnummer": vaerdi})
    assert svar.status_code == 302 and kladde(randers) == foer


def test_not_while_the_draft_is_with_the_board(client, randers):
    aendr(randers)
    versioner.indsend(randers, bruger("leder"))
    foer, naa = kladde(randers), nummer(randers)
    client.force_login(bruger("leder"))
    svar = client.post(url(randers, 1), {"redigeringsnummer": naa}, follow=True)
    assert MSG_SENDT in svar.content.decode()
    assert kladde(randers) == foer and nummer(randers) == naa


def test_measurements_without_a_place_in_the_version_refuse_the_restore(client, randers):
    maal = Maal.objects.filter(aftale=randers).first()
    ny = Indikator.objects.create(maal=maal, navn="En ny indikator", raekkefoelge=50)
    gammel = Maaling.objects.filter(indikator__maal__aftale=randers).first()
    gammel.pk, gammel.indikator = None, ny
    gammel.save()
    Aftale.objects.filter(pk=randers.pk).update(redigeringsnummer=nummer(randers) + 1)
    foer, naa = kladde(randers), nummer(randers)
    client.force_login(bruger("leder"))
    svar = client.post(url(randers, 1), {"redigeringsnummer": naa}, follow=True)
    assert "En ny indikator" in svar.content.decode()
    assert kladde(randers) == foer and nummer(randers) == naa
    assert Maaling.objects.filter(indikator=ny).count() == 1


@pytest.mark.parametrize("rolle,status", [("bestyrelse", 403), ("lbf", 403)])
def test_only_the_redaktoer_restores(client, randers, rolle, status):
    aendr(randers)
    foer = kladde(randers)
    client.force_login(bruger(rolle))
    assert client.post(url(randers, 1), {"redigeringsnummer": nummer(randers)}).status_code == 403
    assert kladde(randers) == foer


def test_another_plan_a_tampered_number_and_get_are_refused(client, randers, fremmed):
    aendr(randers)
    foer = kladde(randers)
    client.force_login(fremmed)
    assert client.post(url(randers, 1), {"redigeringsnummer": nummer(randers)}).status_code == 404
    client.force_login(bruger("leder"))
    assert client.post(url(randers, 99), {"redigeringsnummer": nummer(randers)}).status_code == 404
    andre = Version.objects.exclude(aftale=randers).first()
    tampered = reverse("gendan", args=[PLAN, andre.aftale_id, 1])
    assert client.post(tampered, {"redigeringsnummer": 1}).status_code == 404
    assert client.get(url(randers, 1)).status_code == 405
    assert kladde(randers) == foer


def test_the_versions_page_shows_the_button_to_the_redaktoer_only(client, randers):
    side = reverse("versioner", args=[PLAN, randers.pk])
    client.force_login(bruger("leder"))
    html = client.get(side).content.decode()
    assert "Gendan som kladde" in html and f'value="{nummer(randers)}"' in html
    assert url(randers, 1) in html
    for rolle in ("bestyrelse", "lbf"):
        client.force_login(bruger(rolle))
        assert "Gendan som kladde" not in client.get(side).content.decode()
