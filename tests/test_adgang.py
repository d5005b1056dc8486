"""Every URL of the app, walked by every kind of visitor: nothing leaks, nothing changes."""

import datetime
import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from delaftaler.dataformat import eksporter
from delaftaler.models import Behandling, Delaftale, Helhedsplan, Medlemskab, Medlemslog, Version
from opfoelgning.models import GodkendtRapport, Statusrapport

pytestmark = pytest.mark.django_db

# Every named URL of the app, by what it does. A new URL must be added here.
OFFENTLIGE = {
    "login",
    "logout",
    # Password reset by e-mail: for whoever has lost the password (tests/test_konto.py).
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# The logged-in user's own account and e-mail settings, whatever the plan
# (tests/test_konto.py, tests/test_varsler.py); the search, across the user's own plans
# (tests/test_soeg.py).
KONTO = {"password_change", "password_change_done", "varsler_indstillinger", "soeg"}
# A plan's members and own data: its administrators only (tests/test_medlemmer.py).
ADMINISTRATION = {"medlemmer", "medlemmer_inviter", "medlem", "planoplysninger"}
LAES = {
    "forside",
    "versioner",
    "versionsfil",
    "sammenlign",
    "lbf_eksport",
    "lbf_eksport_plan",
    # The follow-up: Landsbyggefonden is shown the approved status reports only.
    "opfoelgning",
    "statusrapport_godkendt_fil",
}
# The working draft: every reader but Landsbyggefonden, who reads approved versions only.
KLADDE = {
    "aftale",
    "historik",
    "aftale_pdf",
    "aftale_docx",
    "helhedsplan_pdf",
    # The follow-up's draft: the grid (GET; POST is the redaktør's), the report as it is now.
    "maalinger",
    "statusrapport",
    "statusrapport_fil",
    # An agreement's image, as its page shows it (tests/test_billeder.py).
    "billede",
}
# The approval steps (POST; which role may take which step: tests/test_versioner.py and,
# for the status report, tests/test_opfoelgning_behandling.py).
BEHANDLING = {"behandl", "statusrapport_behandl"}
# URLs with no id but the plan's: under another plan's slug they are that plan's own.
KUN_PLAN = {
    "medlemmer",
    "medlemmer_inviter",
    "planoplysninger",
    "ny_delaftale",
    "ny_strategisk_aftale",
    "omraader",
    "helhedsplan_pdf",
    "lbf_eksport_plan",
    "opfoelgning",
    "statusfrist",
    "indlaes_maalinger",
    "statusrapport",
    "statusrapport_behandl",
    "statusrapport_fil",
    "statusrapport_godkendt_fil",
}
REDIGER = {
    "gendan",
    "statusfrist",
    "vurdering",
    "indlaes_maalinger",
    "rediger_sektion",
    "rediger_maal",
    "rediger_baselines",
    "rediger_aktivitet",
    "ny_delaftale",
    "ny_strategisk_aftale",
    "omraader",
    "kopier",
    "billeder",
}


def _navne(moenstre, prefix="") -> set[str]:
    navne = set()
    for m in moenstre:
        if isinstance(m, URLResolver):
            if m.namespace == "admin":
                continue  # the admin is staff-only; tests/test_admin.py
            navne |= _navne(m.url_patterns)
        elif isinstance(m, URLPattern) and m.name:
            navne.add(m.name)
    return navne


def test_every_url_is_classified():
    assert (
        _navne(get_resolver().url_patterns) - {"static"}
        == OFFENTLIGE | KONTO | LAES | KLADDE | BEHANDLING | REDIGER | ADMINISTRATION
    )


@pytest.fixture(autouse=True)
def godkendte_rapporter(db):
    """Every demo plan has an approved status report for 2024, version 1, to walk to."""
    for plan in Helhedsplan.objects.exclude(slug="fremmed-plan"):
        rapport = Statusrapport.objects.create(
            helhedsplan=plan, aar=2024, frist=datetime.date(2025, 6, 30)
        )
        GodkendtRapport.objects.create(
            rapport=rapport,
            nummer=1,
            json="{}\n",
            pdf=b"%PDF",
            docx=b"PK",
            kontrolsum=hashlib.sha256(b"{}\n").hexdigest(),
            pdf_kontrolsum=hashlib.sha256(b"%PDF").hexdigest(),
            docx_kontrolsum=hashlib.sha256(b"PK").hexdigest(),
            godkendt=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC),
            moededato=datetime.date(2025, 5, 1),
        )


@pytest.fixture(autouse=True)
def billede(db, settings, tmp_path):
    """Every demo delaftale has an image, to walk to."""
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile
    from PIL import Image

    from billeder.models import Billede

    png = io.BytesIO()
    Image.new("RGB", (2, 2)).save(png, "PNG")
    for aftale in Delaftale.objects.all():
        Billede.objects.create(
            aftale=aftale,
            afsnit="bilag",
            fil=ContentFile(png.getvalue(), name="b.png"),
            billedtekst="Diagram",
            alt_tekst="Diagram",
            sha256="0" * 64,
            bredde=2,
            hoejde=2,
            indholdstype="image/png",
        )


def _urls(plan_slug: str, aftale: Delaftale) -> dict[str, str]:
    maal = aftale.maal.first()
    aktivitet = aftale.aktiviteter.first()
    args = {
        "aftale": [plan_slug, aftale.pk],
        "historik": [plan_slug, aftale.pk],
        "aftale_pdf": [plan_slug, aftale.pk],
        "aftale_docx": [plan_slug, aftale.pk],
        "helhedsplan_pdf": [plan_slug],
        "versioner": [plan_slug, aftale.pk],
        "versionsfil": [plan_slug, aftale.pk, 1, "pdf"],
        "sammenlign": [plan_slug, aftale.pk],
        "lbf_eksport_plan": [plan_slug],
        "behandl": [plan_slug, aftale.pk],
        "rediger_sektion": [plan_slug, aftale.pk, "tekster"],
        "rediger_maal": [plan_slug, aftale.pk, maal.pk],
        "rediger_baselines": [plan_slug, aftale.pk, maal.pk, maal.indikatorer.first().pk],
        "rediger_aktivitet": [plan_slug, aftale.pk, aktivitet.pk],
        "ny_delaftale": [plan_slug],
        "ny_strategisk_aftale": [plan_slug],
        "omraader": [plan_slug],
        "kopier": [plan_slug, aftale.pk],
        "opfoelgning": [plan_slug],
        "statusfrist": [plan_slug],
        "vurdering": [plan_slug, maal.pk, 2025],
        "maalinger": [plan_slug, maal.indikatorer.first().pk],
        "indlaes_maalinger": [plan_slug],
        "statusrapport": [plan_slug, 2025],
        "statusrapport_behandl": [plan_slug, 2025],
        "statusrapport_fil": [plan_slug, 2025, "json"],
        "statusrapport_godkendt_fil": [plan_slug, 2024, 1, "json"],
        "gendan": [plan_slug, aftale.pk, 1],
        "medlemmer": [plan_slug],
        "medlemmer_inviter": [plan_slug],
        "planoplysninger": [plan_slug],
        "medlem": [plan_slug, aftale.helhedsplan.medlemskaber.get(bruger__username="leder").pk],
        "billeder": [plan_slug, aftale.pk],
        # The image the fixture `billede` gives each delaftale (0 where it is not used).
        "billede": [plan_slug, aftale.pk, getattr(aftale.billeder.first(), "pk", 0)],
    }
    return {navn: reverse(navn, args=a) for navn, a in args.items()}


POST = {
    "t-revision": "Hacket",
    "a-indsatsnavn": "Hacket",
    "redigeringsnummer": "1",
    "handling": "indsend",
}


def _tilstand():
    from opfoelgning.models import Maaling, Rapportbehandling, Vurdering

    return (
        eksporter(Helhedsplan.objects.order_by("id")),
        list(Behandling.objects.values_list("id", flat=True)),
        list(Version.objects.values_list("id", "kontrolsum")),
        list(Rapportbehandling.objects.values_list("id", flat=True)),
        list(GodkendtRapport.objects.values_list("id", "kontrolsum")),
        list(Maaling.objects.order_by("id").values_list("id", "aar", "antal", "procent", "note")),
        list(Vurdering.objects.order_by("id").values_list("id", "lys", "tekst")),
        list(Statusrapport.objects.order_by("id").values_list("id", "frist")),
        list(Medlemskab.objects.order_by("id").values_list("id", "rolle", "administrator")),
        list(Medlemslog.objects.values_list("id", flat=True)),
    )


def test_anonymous_visitor_is_sent_to_login_everywhere(client, randers):
    foer = _tilstand()
    for navn, url in {**_urls("randers-2025-29", randers), "forside": reverse("forside")}.items():
        for metode in (client.get, client.post):
            svar = metode(url, POST)
            assert svar.status_code == 302, (navn, metode)
            assert svar.url.startswith(reverse("login")), navn
    assert _tilstand() == foer


def test_a_user_of_another_helhedsplan_gets_404_everywhere(client, randers, fremmed):
    client.force_login(fremmed)
    foer = _tilstand()
    # Through Randers' own URLs and through the URLs of the user's own plan.
    for plan_slug in ("randers-2025-29", "fremmed-plan"):
        for navn, url in _urls(plan_slug, randers).items():
            if plan_slug == "fremmed-plan" and navn in KUN_PLAN:
                continue  # the user's own plan
            for metode in (client.get, client.post):
                svar = metode(url, POST)
                assert svar.status_code == 404, (plan_slug, navn, metode)
                assert b"Randers" not in svar.content
    assert b"Randers" not in client.get(reverse("forside")).content
    assert _tilstand() == foer


@pytest.mark.parametrize("rolle", ["bestyrelse", "lbf"])
def test_readers_read_but_change_nothing(client, randers, rolle):
    client.force_login(get_user_model().objects.get(username=rolle))
    foer = _tilstand()
    for navn, url in _urls("randers-2025-29", randers).items():
        if navn in LAES:
            assert client.get(url).status_code == 200, navn
        elif navn in KLADDE:
            svar = client.get(url)
            if rolle == "bestyrelse":
                assert svar.status_code == 200, navn
            elif navn == "aftale":  # LBF is shown the approved versions instead
                assert svar.url == reverse("versioner", args=["randers-2025-29", randers.pk])
            else:
                assert svar.status_code == 403, navn
        elif navn in REDIGER | ADMINISTRATION:
            assert client.get(url).status_code == 403, navn
            assert client.post(url, POST).status_code == 403, navn
    # LBF never sees the draft, not even compared with a version.
    url = reverse("sammenlign", args=["randers-2025-29", randers.pk]) + "?fra=1&til=kladde"
    assert client.get(url).status_code == (200 if rolle == "bestyrelse" else 403)
    assert _tilstand() == foer


def test_the_redaktoer_reaches_every_page(client, randers, leder):
    client.force_login(leder)
    for navn, url in _urls("randers-2025-29", randers).items():
        kun_post = BEHANDLING | {"gendan", "medlemmer_inviter", "medlem"}
        assert client.get(url).status_code == (405 if navn in kun_post else 200), navn


def test_the_account_pages_need_a_login(client, leder):
    for navn in KONTO:
        svar = client.get(reverse(navn))
        assert svar.status_code == 302 and svar.url.startswith(reverse("login")), navn
    client.force_login(leder)
    for navn in KONTO:
        assert client.get(reverse(navn)).status_code == 200, navn


def test_a_section_of_the_other_agreement_kind_is_404(client, randers, leder):
    client.force_login(leder)
    url = reverse("rediger_sektion", args=["randers-2025-29", randers.pk, "bestyrelse"])
    assert client.get(url).status_code == 404
    url = reverse("rediger_sektion", args=["randers-2025-29", randers.pk, "findes-ikke"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("rolle", ["bestyrelse", "lbf"])
def test_readers_cannot_change_the_follow_up(client, randers, rolle):
    """The grid, the due date and the assessment are the redaktør's, whatever is posted."""
    client.force_login(get_user_model().objects.get(username=rolle))
    urls = _urls("randers-2025-29", randers)
    foer = _tilstand()
    for navn in ("maalinger", "statusfrist", "vurdering", "indlaes_maalinger"):
        data = {**POST, "aar": "2025", "frist": "2030-01-01", "lys": "roed", "tekst": "Hacket"}
        assert client.post(urls[navn], data).status_code == 403, navn
    andres = ("send", "traek_tilbage") + (("godkend", "send_tilbage") if rolle == "lbf" else ())
    for handling in andres:
        svar = client.post(urls["statusrapport_behandl"], {"handling": handling, "kommentar": "x"})
        assert svar.status_code in (403, 400), handling
    assert _tilstand() == foer


def test_lbf_downloads_approved_reports_but_never_the_draft_report(client, randers):
    client.force_login(get_user_model().objects.get(username="lbf"))
    urls = _urls("randers-2025-29", randers)
    assert client.get(urls["statusrapport_godkendt_fil"]).content == b"{}\n"
    for navn in ("statusrapport", "statusrapport_fil", "maalinger"):
        assert client.get(urls[navn]).status_code == 403, navn
    tekst = client.get(urls["opfoelgning"]).content.decode()
    assert "Godkendte statusrapporter" in tekst and "Opfundet demovurdering" not in tekst
