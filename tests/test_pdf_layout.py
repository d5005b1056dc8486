"""The PDFs' layout, read back page by page: captions with their tables, empty optional
sections left out, "Ikke udfyldt" in drafts, the whole plan from its approved versions,
contents entries with their period, the strategic agreement's cover page."""

import datetime
import io
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from delaftaler import dokumenter
from delaftaler.dokumenter import pdf
from delaftaler.models import Afsnit, Delaftale, Helhedsplan, StrategiskAftale
from delaftaler.versioner.helhedsplan import godkendt_dokument
from tests.dokumenttekst import normaliseret

pytestmark = pytest.mark.django_db


def sider(indhold: bytes) -> list[str]:
    """The pages' text as poppler lays it out."""
    ud = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=indhold, capture_output=True, check=True
    )
    return ud.stdout.decode().split("\f")[: len(PdfReader(io.BytesIO(indhold)).pages)]


def strategisk(slug: str = "vejleaaparken-2021-25") -> StrategiskAftale:
    return StrategiskAftale.objects.med_indhold().get(helhedsplan__slug=slug)


def delaftale(slug: str) -> Delaftale:
    return Delaftale.objects.med_indhold().get(helhedsplan__slug=slug)


def test_a_tables_caption_never_stands_alone_at_the_foot_of_a_page():
    # The same captioned table (markup as the activity schema's) below blocks of growing
    # height: at some height the caption alone still fits at the foot of the page.
    afsnit = []
    for nr, hoejde in enumerate(range(205, 250, 2)):
        afsnit.append(
            f'<section style="break-before: page"><div style="height: {hoejde}mm"></div>'
            f'<div class="table-responsive"><table class="elementtabel">'
            f'<caption class="caption-top">Elementer i tabel {nr}</caption>'
            f'<thead><tr><th scope="col">Element</th><th scope="col">Indhold</th>'
            f'<th scope="col">Aktører</th></tr></thead><tbody>'
            f'<tr><th scope="row">Første række {nr}</th><td>a</td><td>b</td></tr>'
            f'<tr><th scope="row">Anden række {nr}</th><td>c</td><td>d</td></tr>'
            f"</tbody></table></div></section>"
        )
    side = f'<html lang="da"><head><title>Prøve</title></head><body>{"".join(afsnit)}</body></html>'
    tekst = sider(pdf.skriv(side))
    flyttet = 0
    for nr in range(len(afsnit)):
        (med_titel,) = [s for s in tekst if f"Elementer i tabel {nr}\n" in s]
        assert f"Første række {nr}" in med_titel, nr
        flyttet += med_titel.strip().startswith(f"Elementer i tabel {nr}")
    assert flyttet  # some captions did go to the next page with their table


def test_the_activity_schema_heading_is_left_out_when_every_activity_is_described_elsewhere():
    aftale = delaftale("randers-2025-29")
    foer = sider(pdf.aftale_pdf(aftale))
    skemaer = normaliseret("(ét skema pr. aktivitet)")
    assert skemaer in normaliseret("\n".join(foer))
    aftale.aktiviteter.update(beskrevet_i="delaftalen for Beskæftigelse")
    efter = sider(pdf.aftale_pdf(delaftale("randers-2025-29")))
    assert skemaer not in normaliseret("\n".join(efter))
    assert not any("Aktivitetsnavn:" in s for s in efter)
    assert len(efter) < len(foer)
    # Every heading of the template is still there; the list names where each is described.
    alle = normaliseret("\n".join(efter))
    for overskrift in ("Medarbejderressourcer for indsatsområdet:", "Revision af delaftalen"):
        assert normaliseret(overskrift) in alle
    assert normaliseret("beskrevet i delaftalen for Beskæftigelse") in alle


def test_a_sub_section_without_text_is_left_out_of_the_strategic_agreement():
    aftale = strategisk()
    Afsnit.objects.create(aftale=aftale, sektion=3, overskrift="Arbejdsgrupperne", tekst="")
    Afsnit.objects.create(aftale=aftale, sektion=4, overskrift="Samspil med skolen", tekst="  ")
    tekst = "\n".join(sider(pdf.aftale_pdf(strategisk())))
    assert "Arbejdsgrupperne" not in tekst and "Samspil med skolen" not in tekst
    assert "3. Organisering" in tekst and "4. Samspil med centrale tiltag" in tekst


def test_a_draft_says_ikke_udfyldt_under_a_required_heading_and_an_approved_one_does_not():
    Delaftale.objects.filter(helhedsplan__slug="randers-2025-29").update(
        kommunal_sammenhaeng="", revision=""
    )
    aftale = delaftale("randers-2025-29")
    assert "Ikke udfyldt" not in "\n".join(sider(pdf.aftale_pdf(delaftale("viborg-2025-29"))))
    tekst = normaliseret("\n".join(sider(pdf.aftale_pdf(aftale))))
    kommunal = tekst.index(normaliseret("Sammenhæng med den kommunale indsats i boligområdet:"))
    revision = tekst.index(normaliseret("Revision af delaftalen"))
    ikke = normaliseret("Ikke udfyldt")
    assert tekst.count(ikke) == 2
    assert kommunal < tekst.index(ikke) < revision < tekst.rindex(ikke)
    godkendt = pdf.Status("Godkendt version 2", datetime.date(2026, 1, 5), udkast=False)
    tekst = normaliseret("\n".join(sider(pdf.aftale_pdf(aftale, godkendt))))
    assert normaliseret("Ikke udfyldt") not in tekst
    assert normaliseret("Sammenhæng med den kommunale indsats i boligområdet:") in tekst


def test_the_strategic_agreement_opens_with_a_cover_page_with_its_parties_and_signatures():
    aftale = strategisk()
    parter = list(aftale.parter.all())
    assert len(parter) >= 2
    parter[0].underskrift_navn = "Kirsten Hansen"
    parter[0].underskrift_dato = datetime.date(2021, 10, 28)
    parter[0].save()
    tekst = sider(pdf.aftale_pdf(strategisk()))
    forside = tekst[0]
    assert "Strategisk samarbejdsaftale om boligsocial indsats" in forside
    assert "Underskrifter" in forside and aftale.omraadets_navn in forside
    for part in parter:
        assert forside.count(part.visningsnavn) >= 2  # among the parties, and its block
    assert forside.count("Underskrift") == len(parter) + 1  # the heading, a line each
    assert forside.count("Dato") == len(parter) and forside.count("Navn") >= len(parter)
    assert "Kirsten Hansen" in forside and "28/10-2021" in forside
    # The sections start on the next page.
    assert "1. Kort om boligområdet" not in forside
    assert "1. Kort om boligområdet" in tekst[1]


def hent_plan_pdf(client, slug: str, udkast: bool = False):
    client.force_login(get_user_model().objects.get(username="leder"))
    url = reverse("helhedsplan_pdf", args=[slug]) + ("?udkast=1" if udkast else "")
    svar = client.get(url)
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    return svar


def test_the_whole_plan_pdf_is_the_approved_versions_and_the_draft_variant_is_marked(client):
    slug = "vejleaaparken-2021-25"
    StrategiskAftale.objects.filter(helhedsplan__slug=slug).update(
        lokal_evaluering="En ny evaluering efter godkendelsen"
    )
    svar = hent_plan_pdf(client, slug)
    assert svar["Content-Disposition"] == f'attachment; filename="helhedsplan-{slug}.pdf"'
    tekst = sider(svar.content)
    assert "Gældende godkendte versioner" in tekst[0]
    assert "(version 1, godkendt 1/11-2021)" in tekst[0]
    alle = "\n".join(tekst)
    assert "UDKAST" not in alle and "Ikke udfyldt" not in alle
    assert "En ny evaluering efter godkendelsen" not in alle  # the draft's edit
    assert normaliseret(strategisk().omraadets_navn) in normaliseret(alle)
    # The approved variant is rendered once: a second download is the cached file.
    assert hent_plan_pdf(client, slug)["ETag"] == svar["ETag"]

    udkast = hent_plan_pdf(client, slug, udkast=True)
    assert udkast["Content-Disposition"] == f'attachment; filename="helhedsplan-{slug}-udkast.pdf"'
    tekst = sider(udkast.content)
    assert "UDKAST" in tekst[0].split("Indhold")[0]  # on the cover, above the contents
    assert all("UDKAST" in s for s in tekst)
    assert "En ny evaluering efter godkendelsen" in "\n".join(tekst)


def test_a_plan_without_approved_versions_gives_its_drafts(client):
    gammel = Helhedsplan.objects.get(slug="randers-2025-29")
    plan = Helhedsplan.objects.create(
        slug="ny-plan", navn="Ny plan", kommune=gammel.kommune, fondsperiode=gammel.fondsperiode
    )
    assert godkendt_dokument(plan) is None
    Delaftale.objects.filter(helhedsplan=gammel).update(helhedsplan=plan)
    get_user_model().objects.get(username="leder").medlemskaber.create(
        helhedsplan=plan, rolle="redaktoer"
    )
    svar = hent_plan_pdf(client, "ny-plan")
    assert svar["Content-Disposition"] == 'attachment; filename="helhedsplan-ny-plan-udkast.pdf"'
    assert all("UDKAST" in s for s in sider(svar.content))


def test_contents_entries_carry_their_period_so_two_delaftaler_of_one_area_differ():
    plan = Helhedsplan.objects.get(slug="vejleaaparken-2021-25")
    for slug, fra, til in (
        ("ishoej-2025-29", datetime.date(2021, 11, 1), datetime.date(2025, 10, 30)),
        ("randers-2025-29", datetime.date(2025, 8, 1), datetime.date(2029, 7, 31)),
    ):
        Delaftale.objects.filter(helhedsplan__slug=slug).update(
            helhedsplan=plan, gaelder_fra=fra, gaelder_til=til
        )
    _, delaftaler = dokumenter.helhedsplanens_aftaler(plan)
    assert len({d.indsatsomraade_id for d in delaftaler}) == 1
    forside = sider(dokumenter.helhedsplan_dokument(plan).indhold)[0]
    linjer = [" ".join(linje.split()) for linje in forside.splitlines() if "Bilag" in linje]
    omraade = delaftaler[0].indsatsomraade
    assert linjer[0].startswith(f"Bilag 1: Delaftale for indsatsområdet {omraade}, 2021–2025 ")
    assert linjer[1].startswith(f"Bilag 2: Delaftale for indsatsområdet {omraade}, 2025–2029 ")
