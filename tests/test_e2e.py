"""End to end, in Debian's Chromium driven by Playwright, against a live server."""

import importlib
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from delaftaler.dataformat import eksporter_delaftale
from delaftaler.dataformat.opgradering import opgrader
from delaftaler.models import Delaftale, Fondsperiode, Helhedsplan, Medlemskab, Organisation
from indikatorer.models import BaselineVaerdi
from tests.conftest import seed_json

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: .ci/run installs it")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # itself are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def demodata(transactional_db):
    """A live server needs committed data, and each such test ends by emptying the database;
    so every browser test starts by putting the reference and demo data back."""
    if not Fondsperiode.objects.exists():
        fondsperioder = importlib.import_module("delaftaler.migrations.0003_fondsperioder")
        fondsperioder.opret(django_apps, None)
    call_command("load_demo", "--tillad-demo-brugere", stdout=io.StringIO())


def log_ind(browser, live_server, brugernavn: str, adgangskode: str = "demo"):
    side = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    side.set_default_timeout(15000)
    side.goto(live_server.url + reverse("login"))
    side.get_by_label("Brugernavn").fill(brugernavn)
    side.get_by_label("Adgangskode").fill(adgangskode)
    side.get_by_role("button", name="Log ind").click()
    side.wait_for_url(live_server.url + "/")
    return side


def test_an_invalid_form_keeps_what_was_typed(browser, live_server):
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    side = log_ind(browser, live_server, "leder")
    side.goto(live_server.url + randers.get_absolute_url())
    side.get_by_role("link", name="Redigér navn og periode").click()
    side.get_by_label("Navn på den boligsociale indsats").fill("Et nyt navn, jeg har skrevet")
    side.get_by_label("Gælder til").fill("2020-01-01")
    klik_gem(side)
    fejl = side.locator(".invalid-feedback", has_text="Slutdatoen skal ligge efter startdatoen.")
    assert fejl.is_visible()
    # The error is tied to its field, and everything typed is still there.
    felt = side.get_by_label("Gælder til")
    assert "is-invalid" in (felt.get_attribute("class") or "")
    assert (
        side.get_by_label("Navn på den boligsociale indsats").input_value()
        == "Et nyt navn, jeg har skrevet"
    )
    assert Delaftale.objects.get(pk=randers.pk).indsatsnavn == "Sammenhængskraft og medborgerskab"


def test_two_people_edit_the_same_delaftale_and_no_input_is_lost(browser, live_server):
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    kollega = get_user_model().objects.create_user(
        "kollega", password="hemmelig-1234", first_name="Kim"
    )
    Medlemskab.objects.create(bruger=kollega, helhedsplan=randers.helhedsplan, rolle="redaktoer")
    url = live_server.url + reverse(
        "rediger_sektion", args=[randers.helhedsplan.slug, randers.pk, "tekster"]
    )

    mig = log_ind(browser, live_server, "leder")
    mig.goto(url)
    kim = log_ind(browser, live_server, "kollega", "hemmelig-1234")
    kim.goto(url)

    kim.get_by_label("Revision af delaftalen").fill("Kims nye revisionstekst")
    klik_gem(kim)
    kim.get_by_text("Tekster er gemt kl.").wait_for()

    mig.get_by_label("Bemærkninger").fill("Min bemærkning, som ikke må gå tabt")
    klik_gem(mig)
    advarsel = mig.get_by_role("alert").filter(
        has_text="Aftalen er blevet ændret, efter du åbnede den"
    )
    assert advarsel.is_visible()
    assert "Kims nye revisionstekst" in advarsel.inner_text()
    assert mig.get_by_label("Bemærkninger").input_value() == "Min bemærkning, som ikke må gå tabt"
    # Where I changed nothing, the page now shows Kim's text.
    assert mig.get_by_label("Revision af delaftalen").input_value() == "Kims nye revisionstekst"
    aftale = Delaftale.objects.get(pk=randers.pk)
    assert aftale.revision == "Kims nye revisionstekst" and aftale.bemaerkninger == ""

    # Having seen Kim's change, I save mine on top of it; Kim's text stays.
    klik_gem(mig)
    mig.get_by_text("Tekster er gemt kl.").wait_for()
    aftale = Delaftale.objects.get(pk=randers.pk)
    assert aftale.bemaerkninger == "Min bemærkning, som ikke må gå tabt"
    assert aftale.revision == "Kims nye revisionstekst"


# --- A new leader types in the whole Randers delaftale (seed 004) ----------------------


def tal(vaerdi: Any) -> str:
    return "" if vaerdi is None else str(vaerdi).replace(".", ",")


def udfyld(side, navn: str, vaerdi: Any) -> None:
    felt = side.locator(f'[name="{navn}"]')
    if vaerdi is None or vaerdi == "" or vaerdi == [] or vaerdi is False:
        return
    # A compact row's other fields are folded under "Flere felter": open it, as a user would.
    felt.evaluate("e => { const d = e.closest('details'); if (d) d.open = true; }")
    if isinstance(vaerdi, bool):
        felt.check()
    elif isinstance(vaerdi, list):
        felt.fill("\n".join(vaerdi))
    elif felt.evaluate("e => e.tagName") == "SELECT":
        felt.select_option(str(vaerdi))
    else:
        felt.fill(str(vaerdi))


def raekker(side, prefix: str, antal: int) -> None:
    """Make sure the formset has at least `antal` rows, clicking 'Tilføj række'."""
    formset = side.locator(f'[data-formset="{prefix}"]')
    while int(side.locator(f'[name="{prefix}-TOTAL_FORMS"]').input_value()) < antal:
        formset.locator(":scope > button[data-tilfoej-raekke]").click()


# Where htmx is still at work: the form while its request runs, the new part while it settles.
HTMX_I_GANG = ".htmx-request, .htmx-swapping, .htmx-settling"


def klik_gem(side, navn: str = "Gem") -> None:
    """Click the save button of an edit page and wait for the answer: with JavaScript the
    page saves through htmx without a reload (the message by the button), comes back with
    errors or a conflict, or goes on to another page; without, the page is a new one."""
    with side.expect_response(lambda r: r.request.method == "POST"):
        side.get_by_role("button", name=navn, exact=True).click()
    side.wait_for_load_state()
    # A locator, not a script: it works with JavaScript off too.
    side.locator(HTMX_I_GANG).first.wait_for(state="detached")


def gem(side) -> None:
    klik_gem(side)
    fejl = side.locator(".invalid-feedback, .alert-danger")
    assert fejl.count() == 0, fejl.all_inner_texts()


def test_a_new_leader_enters_the_whole_randers_delaftale_through_the_ui(browser, live_server):
    # The seed is a version 1 file; read as version 2 it has the new keys, empty.
    seed = opgrader(seed_json("004"))["helhedsplaner"][0]
    kilde = seed["delaftaler"][0]
    plan = Helhedsplan.objects.create(
        slug="randers-ny",
        navn="Randers – tom helhedsplan",
        fondsperiode=Fondsperiode.objects.get(kode="2019-26"),
        kommune=Organisation.objects.get(navn="Randers Kommune"),
    )
    ny = get_user_model().objects.create_user(
        "ny-leder", password="hemmelig-1234", first_name="Nina"
    )
    Medlemskab.objects.create(bruger=ny, helhedsplan=plan, rolle="redaktoer")
    side = log_ind(browser, live_server, "ny-leder", "hemmelig-1234")
    url = live_server.url

    # The seven areas the baselines belong to.
    side.goto(url + reverse("omraader", args=[plan.slug]))
    raekker(side, "omr", len(seed["omraader"]))
    for i, omr in enumerate(seed["omraader"]):
        udfyld(side, f"omr-{i}-navn", omr["navn"])
        udfyld(side, f"omr-{i}-type", omr["type"])
        udfyld(side, f"omr-{i}-organisation_navn", omr["organisation"])
    gem(side)

    # A new delaftale.
    side.goto(url + "/")
    side.get_by_role("link", name="Ny delaftale").click()
    side.get_by_label("Indsatsområde").select_option(label="Sammenhængskraft og medborgerskab")
    side.get_by_label("Navn på den boligsociale indsats").fill(kilde["indsatsnavn"])
    side.get_by_label("Gælder fra").fill(kilde["gaelder_fra"])
    side.get_by_label("Gælder til").fill(kilde["gaelder_til"])
    side.get_by_role("button", name="Opret").click()
    side.wait_for_url("**/aftaler/*/")
    aftale = Delaftale.objects.get(helhedsplan=plan)
    side_url = url + aftale.get_absolute_url()

    def sektion(navn: str) -> None:
        side.goto(url + reverse("rediger_sektion", args=[plan.slug, aftale.pk, navn]))

    sektion("parter")
    raekker(side, "parter", len(kilde["parter"]))
    for i, p in enumerate(kilde["parter"]):
        for felt in ("navn", "enhed", "titel", "beskrivelse"):
            udfyld(side, f"parter-{i}-{felt}", p[felt])
        udfyld(side, f"parter-{i}-organisation_navn", p["organisation"])
    udfyld(side, "t-parter_tekst", kilde["parter_tekst"])
    gem(side)

    sektion("maal")
    raekker(side, "maal", len(kilde["delmaal"]))
    for i, m in enumerate(kilde["delmaal"]):
        udfyld(side, f"maal-{i}-navn", m["navn"])
        udfyld(side, f"maal-{i}-maalsaetning", m["maalsaetning"])
    gem(side)

    for maal, m in zip(aftale.maal.all(), kilde["delmaal"], strict=True):
        maal_url = url + reverse("rediger_maal", args=[plan.slug, aftale.pk, maal.pk])
        side.goto(maal_url)
        raekker(side, "ind", len(m["indikatorer"]))
        for i, ind in enumerate(m["indikatorer"]):
            for felt in ("navn", "datakilde", "datakilde_note"):
                udfyld(side, f"ind-{i}-{felt}", ind[felt])
        gem(side)
        for indikator, ind in zip(maal.indikatorer.all(), m["indikatorer"], strict=True):
            # Each indicator's baselines on a page of their own, linked from the goal's page.
            side.goto(maal_url)
            side.locator(f'a[href$="/indikatorer/{indikator.pk}/"]').click()
            side.wait_for_load_state()
            prefix = f"bl-{indikator.pk}"
            raekker(side, prefix, len(ind["baselines"]))
            for i, b in enumerate(ind["baselines"]):
                for felt in (
                    "slags",
                    "referencegruppe",
                    "delindikator",
                    "enhed",
                    "kommentar",
                    "afventer",
                    "afventer_tekst",
                ):
                    udfyld(side, f"{prefix}-{i}-{felt}", b[felt])
                for felt in ("antal", "naevner", "procent", "vaerdi"):
                    udfyld(side, f"{prefix}-{i}-{felt}", tal(b[felt]))
                udfyld(side, f"{prefix}-{i}-aar", b["aar"])
                if b["omraade"]:
                    side.locator(f'[name="{prefix}-{i}-omraade"]').select_option(label=b["omraade"])
            gem(side)

    sektion("aktiviteter")
    raekker(side, "akt", len(kilde["aktiviteter"]))
    for i, a in enumerate(kilde["aktiviteter"]):
        for felt in ("navn", "listenavn", "listebeskrivelse", "beskrevet_i"):
            udfyld(side, f"akt-{i}-{felt}", a[felt])
    udfyld(side, "t-aktiviteter_tekst", kilde["aktiviteter_tekst"])
    gem(side)

    for aktivitet, a in zip(aftale.aktiviteter.all(), kilde["aktiviteter"], strict=True):
        side.goto(url + reverse("rediger_aktivitet", args=[plan.slug, aftale.pk, aktivitet.pk]))
        for felt in (
            "undertitel",
            "formaal",
            "formaal_punkter",
            "delmaal_punkter",
            "maalgruppe",
            "maalgruppe_punkter",
            "indhold_og_praksis",
            "elementer_titel",
            "ansvar",
            "kilder",
        ):
            udfyld(side, f"a-{felt}", a[felt])
        udfyld(side, "a-cfbu", a["cfbu_typer"])
        for navn in a["understoetter_delmaal"]:
            side.get_by_label(navn, exact=True).check()
        for prefix, noegle, felter in (
            ("el", "elementer", ("element", "indhold", "aktoerer")),
            ("rol", "roller", ("part", "tekst", "punkter")),
            ("fase", "faser", ("navn", "periode", "beskrivelse")),
            ("omf", "omfang", ("beskrivelse", "kvalifikator", "antal", "enhed", "pr", "hver")),
        ):
            raekker(side, prefix, len(a[noegle]))
            for i, raekke in enumerate(a[noegle]):
                for felt in felter:
                    vaerdi = tal(raekke[felt]) if felt == "antal" else raekke[felt]
                    udfyld(side, f"{prefix}-{i}-{felt}", vaerdi)
        gem(side)

    sektion("ressourcer")
    udfyld(side, "t-vaegtning_procent", tal(kilde["vaegtning_procent"]))
    udfyld(side, "t-ressourcer_tekst", kilde["ressourcer_tekst"])
    raekker(side, "res", len(kilde["medarbejderressourcer"]))
    for i, r in enumerate(kilde["medarbejderressourcer"]):
        for felt in ("funktion", "arbejdsgiver", "enhed", "bemaerkning"):
            udfyld(side, f"res-{i}-{felt}", r[felt])
        for felt in ("kontrakt_timer_uge", "maengde"):
            udfyld(side, f"res-{i}-{felt}", tal(r[felt]))
        udfyld(side, f"res-{i}-varighed_aar", r["varighed_aar"])
        if r["aktivitet"]:
            side.locator(f'[name="res-{i}-aktivitet"]').select_option(label=r["aktivitet"])
    gem(side)

    sektion("tekster")
    for felt in ("kommunal_sammenhaeng", "bemaerkninger", "revision"):
        udfyld(side, f"t-{felt}", kilde[felt])
    gem(side)

    # What was typed is the seed, to the last figure and word …
    def navn(org):
        return org.navn if org else None

    indtastet = eksporter_delaftale(Delaftale.objects.get(pk=aftale.pk), navn)
    assert indtastet == kilde

    # … and the agreement page shows every figure of it.
    side.goto(side_url)
    # Without the soft hyphens where the page lets long words break (templatetags orddeling).
    tekst = side.locator("article").inner_text().replace("\u00ad", "")
    baselines = BaselineVaerdi.objects.filter(indikator__maal__aftale=aftale).select_related(
        "omraade"
    )
    assert baselines.count() == 27
    for b in baselines:
        assert b.linje in tekst, b.linje
    for forventet in (
        "Gl. Jennumparken: 1",
        "Glarbjergvej-området: 9",
        "Almene familieboliger i Randers:",
        "15,7 %",
        "1.924 timer pr. år",
    ):
        assert forventet in tekst


@pytest.mark.usefixtures("godkendelse_straks")
def test_a_changed_baseline_goes_through_the_board_and_reaches_lbf(browser, live_server, tmp_path):
    """The leader changes a figure and submits; the board sees exactly that change,
    approves, downloads the new version's PDF; LBF downloads the ZIP."""
    import hashlib
    import json
    import zipfile

    from pypdf import PdfReader

    aftale = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    plan = aftale.helhedsplan
    maal = aftale.maal.get(navn="Færre udsættelser i boligområderne")
    indikator = maal.indikatorer.get(navn="Antallet af udsættelser i de 7 boligområder")
    nr = [b.omraade.navn if b.omraade else "" for b in indikator.baselines.all()].index("Vangdalen")

    leder = log_ind(browser, live_server, "leder")
    baselines = [plan.slug, aftale.pk, maal.pk, indikator.pk]
    leder.goto(live_server.url + reverse("rediger_baselines", args=baselines))
    leder.locator(f'[name="bl-{indikator.pk}-{nr}-antal"]').fill("4")
    klik_gem(leder)
    leder.get_by_role("link", name="Tilbage til aftalen").click()
    leder.wait_for_url(live_server.url + aftale.get_absolute_url() + "*")
    leder.get_by_label("Besked til bestyrelsen (valgfri)").fill("Vangdalen er opgjort igen")
    leder.get_by_role("button", name="Send til bestyrelsen").click()
    leder.get_by_text("Aftalen er sendt til bestyrelsen.").wait_for()

    bestyrelse = log_ind(browser, live_server, "bestyrelse")
    bestyrelse.goto(live_server.url + aftale.get_absolute_url())
    bestyrelse.get_by_role("link", name="Sammenlign kladden med den gældende version").click()
    raekker_ = bestyrelse.locator("table.sammenligning tbody tr")
    assert raekker_.count() == 1
    tekst = raekker_.first.inner_text()
    assert "Vangdalen" in tekst and "Antal" in tekst and "ændret" in tekst
    assert raekker_.first.locator("td").nth(1).inner_text() == "1"
    assert raekker_.first.locator("td").nth(2).inner_text() == "4"
    bestyrelse.go_back()
    bestyrelse.get_by_label("Dato for bestyrelsesmødet").fill("2026-11-20")
    bestyrelse.get_by_label("Beslutningsnote (valgfri)").fill("Godkendt på mødet")
    bestyrelse.get_by_role("button", name="Godkend og lås som ny version").click()
    bestyrelse.get_by_text("Version 2 er godkendt og låst.").wait_for()
    with bestyrelse.expect_download() as hentet:
        bestyrelse.get_by_role("row", name="2 gældende").get_by_role("link", name="PDF").click()
    pdf = tmp_path / hentet.value.suggested_filename
    hentet.value.save_as(pdf)
    assert pdf.name.endswith("-version-2.pdf")
    tekst = "\n".join(s.extract_text() for s in PdfReader(pdf).pages)
    assert "Vangdalen: 4" in tekst and "Version 2, godkendt af bestyrelsen · 20/11-2026" in tekst

    lbf = log_ind(browser, live_server, "lbf")
    with lbf.expect_download() as hentet:
        lbf.get_by_role("link", name="Hent alle gældende aftaler (ZIP)").click()
    fil = tmp_path / hentet.value.suggested_filename
    hentet.value.save_as(fil)
    zf = zipfile.ZipFile(fil)
    manifest = json.loads(zf.read("manifest.json"))
    randers = [f for f in manifest["filer"] if f["helhedsplan"] == "randers-2025-29"]
    assert {f["version"] for f in randers} == {2}
    for f in randers:
        assert hashlib.sha256(zf.read(f["fil"])).hexdigest() == f["sha256"]
    assert zf.read(next(f["fil"] for f in randers if f["fil"].endswith(".pdf"))) == pdf.read_bytes()
