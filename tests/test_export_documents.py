"""`manage.py export_documents`: every agreement as files in one folder."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from delaftaler import dokumenter
from delaftaler.dokumenter import pdf
from delaftaler.models import Delaftale, StrategiskAftale

pytestmark = pytest.mark.django_db

# The five demo agreements: one strategic agreement and four delaftaler.
NAVNE = {
    "strategisk-samarbejdsaftale-vejleaaparken-2021-25-2021-11-01",
    "delaftale-ishoej-2025-29-sammenhaengskraft-og-medborgerskab-2025-11-01",
    "delaftale-viborg-2025-29-sammenhaengskraft-og-medborgerskab-2025-08-01",
    "delaftale-soenderborg-2021-25-sammenhaengskraft-og-medborgerskab-2021-09-01",
    "delaftale-randers-2025-29-sammenhaengskraft-og-medborgerskab-2025-08-01",
}


def eksporter(*args: str) -> str:
    ud = io.StringIO()
    call_command("export_documents", *args, stdout=ud)
    return ud.getvalue()


def test_every_agreement_is_written_as_pdf_and_word_named_as_the_download_and_nothing_else(
    tmp_path,
):
    mappe = tmp_path / "ny" / "mappe"  # created, parents too
    ud = eksporter("--output", str(mappe))

    filer = {f.name for f in mappe.iterdir()}
    assert filer == {f"{n}.pdf" for n in NAVNE} | {f"{n}.docx" for n in NAVNE}
    # The names are the ones a download gets.
    aftaler = [*Delaftale.objects.all(), *StrategiskAftale.objects.all()]
    assert filer == {dokumenter.filnavn(a, f) for a in aftaler for f in ("pdf", "docx")}
    for navn in filer:
        indhold = (mappe / navn).read_bytes()
        if navn.endswith(".pdf"):
            assert indhold.startswith(b"%PDF")
        else:
            with zipfile.ZipFile(io.BytesIO(indhold)) as docx:
                assert "word/document.xml" in docx.namelist()
    # One line per file, then the summary.
    linjer = ud.splitlines()
    assert len(linjer) == 11
    assert sorted(linje.split(" ", 1)[0] for linje in linjer[:10]) == sorted(filer)
    assert linjer[-1] == f"Skrev 10 filer i {mappe}"


def test_format_pdf_writes_only_the_pdfs(tmp_path):
    ud = eksporter("--output", str(tmp_path), "--format", "pdf")
    assert {f.name for f in tmp_path.iterdir()} == {f"{n}.pdf" for n in NAVNE}
    assert ud.splitlines()[-1] == f"Skrev 5 filer i {tmp_path}"


def test_an_unknown_format_is_refused_and_nothing_is_written(tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'odt'"):
        eksporter("--output", str(tmp_path), "--format", "odt")
    assert list(tmp_path.iterdir()) == []


def test_agreements_that_would_share_a_name_are_numbered_before_the_extension(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(dokumenter, "filnavn", lambda aftale, format: f"aftale.{format}")
    eksporter("--output", str(tmp_path), "--format", "docx")
    assert {f.name for f in tmp_path.iterdir()} == {
        "aftale.docx",
        "aftale-2.docx",
        "aftale-3.docx",
        "aftale-4.docx",
        "aftale-5.docx",
    }
    # Five different agreements, none overwritten.
    assert len({f.read_bytes() for f in tmp_path.iterdir()}) == 5


def test_documents_already_rendered_are_taken_from_the_cache(tmp_path, monkeypatch):
    kald = []
    skriv = pdf.skriv
    monkeypatch.setattr(pdf, "skriv", lambda side: kald.append(1) or skriv(side))
    eksporter("--output", str(tmp_path / "første"), "--format", "pdf")
    assert len(kald) == 5
    eksporter("--output", str(tmp_path / "anden"), "--format", "pdf")
    assert len(kald) == 5
    for navn in NAVNE:
        første = (tmp_path / "første" / f"{navn}.pdf").read_bytes()
        assert (tmp_path / "anden" / f"{navn}.pdf").read_bytes() == første
