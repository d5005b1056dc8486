"""LBF's ZIP is streamed member by member; persistent database connections by default."""

import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delaftaler import dokumenter
from delaftaler.models import Helhedsplan, Version
from delaftaler.versioner import lbf_eksport
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

# The one column only a query for a version's files selects (the lookup defers it).
PDF_KOLONNE = '"delaftaler_version"."pdf"'


def _filhentninger(forespoergsler: CaptureQueriesContext) -> int:
    return sum(PDF_KOLONNE in q["sql"] for q in forespoergsler.captured_queries)


def _medlemmer(indhold: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(indhold)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _lokal_hoved(data: bytes, info: zipfile.ZipInfo) -> tuple[int, int, int]:
    """CRC, compressed and uncompressed size as the member's local header states them."""
    hoved = data[info.header_offset : info.header_offset + 30]
    assert hoved[:4] == b"PK\x03\x04"
    crc, komprimeret, ukomprimeret = struct.unpack("<III", hoved[14:26])
    return crc, komprimeret, ukomprimeret


def test_the_download_is_a_streamed_zip_whose_members_match_the_manifest(client):
    client.force_login(bruger("lbf"))
    svar = client.get(reverse("lbf_eksport"))
    assert isinstance(svar, StreamingHttpResponse)
    assert svar["Content-Type"] == "application/zip"
    dato = timezone.localdate().isoformat()
    assert svar["Content-Disposition"] == f'attachment; filename="lbf-eksport-{dato}.zip"'
    svar_bytes = svar.getvalue()
    zf = zipfile.ZipFile(io.BytesIO(svar_bytes))
    assert zf.testzip() is None
    infos = zf.infolist()
    assert infos[-1].filename == "manifest.json"  # the manifest comes last
    manifest = json.loads(zf.read("manifest.json"))
    assert sorted(f["fil"] for f in manifest["filer"]) == sorted(zf.namelist()[:-1])
    assert len(manifest["filer"]) == 3 * 5
    versioner = {}
    for aftale, version in lbf_eksport.gaeldende_versioner(Helhedsplan.objects.order_by("slug")):
        for endelse in ("pdf", "docx", "json"):
            navn = dokumenter.filnavn(aftale.konkret, endelse, version.nummer)
            versioner[f"{aftale.helhedsplan.slug}/{navn}"] = version
    for info in infos:
        data = zf.read(info)
        endelse = info.filename.rsplit(".", 1)[-1]
        forventet = zipfile.ZIP_STORED if endelse in ("pdf", "docx") else zipfile.ZIP_DEFLATED
        assert info.compress_type == forventet, info.filename
        assert info.date_time[0] not in (1980, 2000), info.filename
        if forventet == zipfile.ZIP_STORED:
            # Sizes and CRC in the local header, no data descriptor after the bytes: what
            # Java's ZipInputStream needs to read a stored member.
            assert not info.flag_bits & 0x08, info.filename
            assert _lokal_hoved(svar_bytes, info) == (info.CRC, info.file_size, info.file_size)
        if info.filename == "manifest.json":
            continue
        post = next(f for f in manifest["filer"] if f["fil"] == info.filename)
        assert hashlib.sha256(data).hexdigest() == post["sha256"]
        # The stored file itself, dated with the version's approval in local time.
        version = Version.objects.get(pk=versioner[info.filename].pk)
        assert data == version.filer()[endelse][0]
        lokal = timezone.localtime(version.godkendt)
        # A ZIP's time of day has two-second steps.
        assert info.date_time == (*lokal.timetuple()[:5], lokal.second // 2 * 2), info.filename


def test_the_first_piece_comes_before_the_other_versions_files_are_read(client):
    client.force_login(bruger("lbf"))
    with CaptureQueriesContext(connection) as opslag:
        svar = client.get(reverse("lbf_eksport"))
    assert _filhentninger(opslag) == 0  # the view only looks up what goes in
    stykker = iter(svar.streaming_content)
    with CaptureQueriesContext(connection) as foerste:
        stykke = next(stykker)
    # One version's files fetched, of five, and already on their way.
    assert _filhentninger(foerste) == 1
    assert stykke.startswith(b"PK\x03\x04")
    assert b"/strategisk" in stykke or b"delaftale" in stykke
    with CaptureQueriesContext(connection) as resten:
        rest = b"".join(stykker)
    assert _filhentninger(resten) == 4
    manifest = json.loads(_medlemmer(stykke + rest)["manifest.json"])
    assert len(manifest["filer"]) == 15


def test_each_version_is_fetched_alone_and_let_go(monkeypatch):
    """The versions are looked up without files; each one's files in a query of its own."""
    planer = list(Helhedsplan.objects.order_by("slug"))
    eksport = lbf_eksport.Eksport(planer)
    assert eksport.versioner
    for _, version in eksport.versioner:
        assert {"pdf", "docx", "json"} <= version.get_deferred_fields()
    hentet: list[int] = []
    original = Version.filer

    def filer(self):
        hentet.append(self.pk)
        return original(self)

    monkeypatch.setattr(Version, "filer", filer)
    for nr, _ in enumerate(eksport):
        # Before piece nr is handed on, only the versions up to it have been read.
        assert len(hentet) <= nr + 1
    assert sorted(hentet) == sorted(v.pk for _, v in eksport.versioner)
    assert eksport.manifest is not None


def test_a_changed_stored_file_stops_the_stream_before_it_is_written(monkeypatch):
    eksport = lbf_eksport.Eksport(list(Helhedsplan.objects.order_by("slug")))
    _, anden = eksport.versioner[1]
    original = Version.filer

    def filer(self):
        rigtige = original(self)
        if self.pk == anden.pk:
            rigtige["pdf"] = (b"forfalsket", rigtige["pdf"][1])
        return rigtige

    monkeypatch.setattr(Version, "filer", filer)
    skrevet: list[bytes] = []
    with pytest.raises(lbf_eksport.Uoverensstemmelse, match="kontrolsummen"):
        for stykke in eksport:
            skrevet.append(stykke)
    # The first agreement's files went out; the forged one and the manifest never did.
    assert b"%PDF" in b"".join(skrevet)
    assert b"forfalsket" not in b"".join(skrevet)
    assert b"manifest.json" not in b"".join(skrevet)
    assert eksport.manifest is None


def test_export_lbf_writes_the_same_members_as_the_download(client, tmp_path):
    fil = tmp_path / "lbf.zip"
    ud = io.StringIO()
    call_command("export_lbf", "--output", str(fil), stdout=ud)
    assert "5 aftaler, 15 filer" in ud.getvalue()
    client.force_login(bruger("lbf"))
    hentet = _medlemmer(client.get(reverse("lbf_eksport")).getvalue())
    with zipfile.ZipFile(fil) as zf:
        for info in zf.infolist():
            stored = info.filename.endswith((".pdf", ".docx"))
            assert info.compress_type == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
        skrevet = {n: zf.read(n) for n in zf.namelist()}
    assert skrevet.keys() == hentet.keys()
    manifest = json.loads(skrevet.pop("manifest.json"))
    assert manifest["filer"] == json.loads(hentet.pop("manifest.json"))["filer"]
    assert skrevet == hentet


def _databaseindstillinger(**miljoe: str) -> list[str]:
    kode = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings');"
        "django.setup(); from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "CONN_MAX_AGE"} | miljoe
    svar = subprocess.run(
        [sys.executable, "-c", kode],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return svar.stdout.split()


def test_database_connections_persist_with_health_checks_by_default():
    assert _databaseindstillinger() == ["60", "True"]
    assert _databaseindstillinger(CONN_MAX_AGE="0") == ["0", "True"]


@pytest.mark.skipif(shutil.which("java") is None, reason="ingen java på maskinen")
def test_a_java_client_reads_the_streamed_zip(client, tmp_path):
    """Java's ZipInputStream refuses stored members followed by a data descriptor."""
    client.force_login(bruger("lbf"))
    fil = tmp_path / "lbf.zip"
    fil.write_bytes(client.get(reverse("lbf_eksport")).getvalue())
    kilde = Path(__file__).parent / "java" / "LaesZip.java"
    ud = subprocess.run(
        ["java", str(kilde), str(fil)], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    with zipfile.ZipFile(fil) as zf:
        forventet = [f"{i.filename}\t{i.file_size}" for i in zf.infolist()]
    assert ud.splitlines() == forventet
