"""The document cache: keyed by what changes a document, so a cached download never builds
the print HTML, and every edit that changes the document changes its key."""

import hashlib
import shutil
import socket
import subprocess
import time
from datetime import date
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from aktiviteter.models import Aktivitet
from delaftaler import dokumenter
from delaftaler.dokumenter import pdf
from delaftaler.models import (
    Delaftale,
    Fodnote,
    Helhedsplan,
    Indsatsomraade,
    Omraade,
    Organisation,
    StrategiskAftale,
)
from delaftaler.redigering import gem_aendring
from delaftaler.versioner import status_for
from indikatorer.models import BaselineVaerdi, Indikator, Maal

pytestmark = pytest.mark.django_db

RANDERS = "randers-2025-29"


def falsk_pdf(side: str) -> bytes:
    """A stand-in for WeasyPrint: the same print HTML gives the same bytes."""
    return b"%PDF-falsk " + hashlib.sha256(side.encode()).hexdigest().encode()


@pytest.fixture
def randers() -> Delaftale:
    return Delaftale.objects.get(helhedsplan__slug=RANDERS)


@pytest.fixture
def hurtig(monkeypatch):
    monkeypatch.setattr(pdf, "skriv", mock.Mock(side_effect=falsk_pdf))
    return pdf.skriv


def url(aftale, format="pdf") -> str:
    navn = "aftale_pdf" if format == "pdf" else "aftale_docx"
    return reverse(navn, args=[aftale.helhedsplan.slug, aftale.pk])


def noegle(aftale, format=dokumenter.PDF, status=None) -> str:
    hoved = dokumenter.hoved(aftale.helhedsplan, aftale.pk)
    return dokumenter.aftale_noegle(hoved, format, status or pdf.udkast(hoved))


def side(aftale) -> str:
    return pdf.aftale_side(dokumenter.med_indhold(aftale))


@pytest.mark.parametrize("format", ["pdf", "docx"])
def test_a_cached_download_reads_the_agreements_row_only_and_builds_no_print_html(
    client, leder, randers, hurtig, format, django_assert_num_queries
):
    client.force_login(leder)
    foerste = client.get(url(randers, format))
    assert foerste.status_code == 200 and foerste["X-Dokument-Cache"] == "miss"
    with (
        mock.patch.object(pdf, "aftale_side", side_effect=AssertionError("HTML bygget")),
        mock.patch.object(pdf, "dokument_html", side_effect=AssertionError("HTML bygget")),
        mock.patch.object(dokumenter, "_render", side_effect=AssertionError("dannet igen")),
        # session, user, membership with its plan, the agreement's row
        django_assert_num_queries(4),
    ):
        anden = client.get(url(randers, format))
    assert anden.status_code == 200 and anden["X-Dokument-Cache"] == "hit"
    assert anden.content == foerste.content and anden["ETag"] == foerste["ETag"]


def test_a_strategic_agreements_cached_download_costs_one_query_more(
    client, leder, hurtig, django_assert_num_queries
):
    strategisk = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    client.force_login(leder)
    assert client.get(url(strategisk))["X-Dokument-Cache"] == "miss"
    with (
        mock.patch.object(pdf, "aftale_side", side_effect=AssertionError("HTML bygget")),
        django_assert_num_queries(5),  # the delaftale lookup finds nothing first
    ):
        assert client.get(url(strategisk))["X-Dokument-Cache"] == "hit"


def test_an_unchanged_agreement_keeps_its_key_and_the_formats_differ(randers):
    assert noegle(randers) == noegle(randers)
    assert noegle(randers, dokumenter.PDF) != noegle(randers, dokumenter.DOCX)


def test_the_approved_status_and_its_date_are_part_of_the_key(randers):
    kladde = noegle(randers)
    v2 = noegle(randers, status=status_for(2, date(2026, 3, 1)))
    assert len({kladde, v2, noegle(randers, status=status_for(3, date(2026, 3, 1)))}) == 3
    assert v2 != noegle(randers, status=status_for(2, date(2026, 3, 2)))


def test_a_deploy_that_changes_the_rendering_code_changes_the_key(randers, monkeypatch):
    foer = noegle(randers)
    monkeypatch.setattr(dokumenter, "kodeversion", lambda: "en-anden-udgave")
    assert noegle(randers) != foer


def test_the_code_version_covers_the_templates_and_the_stylesheet():
    filer = {f.name for f in dokumenter._kodefiler()}
    assert {"aftale.html", "_delaftale_dokument.html", "_maaltabel.html"} <= filer
    assert {"dokument.css", "pdf.py", "dansk.py", "vaerdiform.py"} <= filer


def _gem(aftale, leder, aendring) -> None:
    """Save as the edit pages do: through the conflict-safe save."""
    aftale.refresh_from_db()
    gem_aendring(aftale, leder, aftale.redigeringsnummer, "test", aendring)


def _rediger_tekst(randers, leder):
    _gem(randers, leder, lambda: Delaftale.objects.filter(pk=randers.pk).update(revision="Ny"))


def _rediger_baseline(randers, leder):
    b = BaselineVaerdi.objects.filter(indikator__maal__aftale=randers).first()
    _gem(
        randers,
        leder,
        lambda: BaselineVaerdi.objects.filter(pk=b.pk).update(kommentar="Ny kommentar", aar=1999),
    )


def _rediger_indikator(randers, leder):
    i = Indikator.objects.filter(maal__aftale=randers).first()
    _gem(randers, leder, lambda: Indikator.objects.filter(pk=i.pk).update(navn="Ny indikator"))


def _rediger_delmaal(randers, leder):
    m = Maal.objects.filter(aftale=randers).first()
    _gem(randers, leder, lambda: Maal.objects.filter(pk=m.pk).update(navn="Nyt delmål"))


def _rediger_aktivitet(randers, leder):
    a = Aktivitet.objects.filter(delaftale=randers).first()
    _gem(randers, leder, lambda: Aktivitet.objects.filter(pk=a.pk).update(navn="Ny aktivitet"))


def _ny_fodnote(randers, leder):
    _gem(randers, leder, lambda: Fodnote.objects.create(aftale=randers, nummer=99, tekst="Ny"))


def _planens_navn(randers, leder):
    plan = Helhedsplan.objects.get(pk=randers.helhedsplan_id)
    plan.navn = "Randers Nord og Syd"
    plan.save()


def _omraade(randers, leder):
    o = Omraade.objects.filter(helhedsplan_id=randers.helhedsplan_id).first()
    o.navn = "Nyt område"
    o.save()


def _organisation(randers, leder):
    org = randers.parter.exclude(organisation=None).first().organisation
    org.navn = "Ny organisation"
    org.save()


def _boligorganisation(randers, leder):
    plan = Helhedsplan.objects.get(pk=randers.helhedsplan_id)
    plan.boligorganisationer.add(Organisation.objects.create(navn="Ny boligorganisation"))


def _indsatsomraade(randers, leder):
    io = Indsatsomraade.objects.get(pk=randers.indsatsomraade_id)
    io.navn = "Nyt indsatsområde"
    io.save()


REDIGERINGER = [
    _rediger_tekst,
    _rediger_baseline,
    _rediger_indikator,
    _rediger_delmaal,
    _rediger_aktivitet,
    _ny_fodnote,
    _planens_navn,
    _omraade,
    _organisation,
    _indsatsomraade,
]


@pytest.mark.parametrize("rediger", REDIGERINGER, ids=lambda f: f.__name__.strip("_"))
def test_every_kind_of_edit_that_changes_the_document_changes_its_key(randers, leder, rediger):
    foer_side, foer = side(randers), {f: noegle(randers, f) for f in dokumenter.FORMATER}
    rediger(randers, leder)
    assert side(randers) != foer_side, "the edit should show in the document"
    for format, gammel in foer.items():
        assert noegle(randers, format) != gammel


def test_renaming_a_cfbu_type_in_the_admin_changes_the_key_of_the_agreements_printing_it(leder):
    aktivitet = Aktivitet.objects.filter(cfbu_typer__isnull=False).first()
    aftale = Delaftale.objects.get(pk=aktivitet.delaftale_id)
    foer_side, foer = side(aftale), noegle(aftale)
    cfbu = aktivitet.cfbu_typer.first()
    cfbu.navn = "Ny CFBU-type"
    cfbu.save()
    assert side(aftale) != foer_side and noegle(aftale) != foer


def test_the_plans_boligorganisationer_count_as_an_edit_too(randers, leder):
    # Printed on the whole-plan PDF's cover; the agreement's counter moves all the same.
    foer = noegle(randers)
    _boligorganisation(randers, leder)
    assert noegle(randers) != foer


def test_another_plans_edit_leaves_the_key_alone(randers, leder):
    foer = noegle(randers)
    viborg = Delaftale.objects.get(helhedsplan__slug="viborg-2025-29")
    _rediger_tekst(viborg, leder)
    assert noegle(randers) == foer


def test_an_edit_between_two_downloads_renders_anew(client, leder, randers, hurtig):
    client.force_login(leder)
    foer = client.get(url(randers))
    _rediger_tekst(randers, leder)
    efter = client.get(url(randers))
    assert efter["X-Dokument-Cache"] == "miss" and efter.content != foer.content
    assert hurtig.call_count == 2


def test_a_render_of_an_agreement_saved_meanwhile_is_not_stored_as_the_old_state(
    randers, leder, hurtig
):
    hoved = dokumenter.hoved(randers.helhedsplan, randers.pk)

    def hent_efter_gemning():
        _rediger_tekst(randers, leder)  # saved after the key was made, before the render
        return dokumenter.med_indhold(randers)

    dokument = dokumenter.aftale_dokument(hoved, dokumenter.PDF, hent_indhold=hent_efter_gemning)
    assert not dokument.fra_cache
    assert caches["dokumenter"].get(dokument.noegle) is None


@pytest.fixture
def databasecache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "dokumenter": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dokumentcache",
            "TIMEOUT": None,
        },
    }
    return caches["dokumenter"]


def test_migrate_makes_the_database_caches_table():
    assert "dokumentcache" in connection.introspection.table_names()


def test_the_database_cache_holds_a_pdf_of_several_megabytes(databasecache):
    stor = b"%PDF-1.7\n" + bytes(range(256)) * (6 * 1024 * 1024 // 256)  # 6 MB, every byte
    databasecache.set("stor-pdf", stor, timeout=None)
    assert databasecache.get("stor-pdf") == stor


def test_downloads_share_the_database_cache(client, leder, randers, hurtig, databasecache):
    client.force_login(leder)
    assert client.get(url(randers))["X-Dokument-Cache"] == "miss"
    assert client.get(url(randers))["X-Dokument-Cache"] == "hit"
    assert hurtig.call_count == 1


@pytest.fixture
def rediscache(settings, tmp_path):
    """A Redis server of the test's own (skipped where Redis is not installed)."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server findes ikke på maskinen")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proces = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    settings.CACHES = {
        **settings.CACHES,
        "dokumenter": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/1",
            "TIMEOUT": None,
        },
    }
    c = caches["dokumenter"]
    for _ in range(100):  # until it answers
        try:
            c.get("x")
            break
        except Exception:
            time.sleep(0.05)
    yield c
    proces.terminate()
    proces.wait(10)


def test_redis_holds_large_pdfs_its_lock_is_exclusive_and_downloads_share_it(
    client, leder, randers, hurtig, rediscache
):
    stor = b"%PDF-1.7\n" + bytes(range(256)) * (6 * 1024 * 1024 // 256)
    rediscache.set("stor-pdf", stor, timeout=None)
    assert rediscache.get("stor-pdf") == stor
    assert rediscache.add("laas", 1, timeout=5) and not rediscache.add("laas", 1, timeout=5)
    client.force_login(leder)
    assert client.get(url(randers))["X-Dokument-Cache"] == "miss"
    assert client.get(url(randers))["X-Dokument-Cache"] == "hit"
    assert hurtig.call_count == 1
