"""Fuzzing every edit form and the approval steps with hostile values (Hypothesis).

Each example opens a real page as the role that may use it, reads its form as a browser
would, changes a few fields to generated values (text with NUL and control characters, huge
texts, numbers in odd formats and Unicode digits, negative or huge row counts, ids of other
agreements' rows, missing fields, a base that is not JSON) and posts it. Never a server
error; nothing outside the page's own helhedsplan changes; a refused page changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aktiviteter.models import Aktivitet
from delaftaler.dataformat import eksporter
from delaftaler.models import (
    Aftale,
    Behandling,
    Delaftale,
    Helhedsplan,
    Medlemskab,
    Omraade,
    Organisation,
    Part,
    StrategiskAftale,
    Version,
)
from delaftaler.redigering.formdata import formdata
from indikatorer.models import BaselineVaerdi, Indikator, Maal

pytestmark = pytest.mark.django_db

INDSTILLINGER = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ULIGE_TAL = [
    "",
    "0",
    "-1",
    "1.000",
    "1.000,5",
    "1,23456",
    "١٢٣",
    "²",
    "1e400",
    "NaN",
    "Infinity",
    "99999999999999999999",
    "9" * 5000,
    " 12 ",
    ",5",
    "2023",
    "20x3",
    "2025-08-01",
    "2030-13-45",
    "0001-01-01",
    "on",
    "\x00",
    "[1]",
    "{",
    "null",
    '{"a": [1]}',
    "1000000",
]
STORE = ["x" * 25_000, "ø\n" * 12_000, "- a\x00\n" * 3000, "A; B\n" + "N; 1\n" * 4000]
tekst = st.text(st.characters(min_codepoint=0, max_codepoint=0x2FFFF, exclude_categories=["Cs"]))


@dataclass
class Side:
    """A page to fuzz: its address, who opens it, and the helhedsplaner it may change."""

    navn: str
    url: str
    bruger: str
    planer: frozenset[str]
    behandling: dict[str, str] | None = None


def _sider() -> list[Side]:
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    strategisk = StrategiskAftale.objects.get(helhedsplan__slug="vejleaaparken-2021-25")
    ishoej = Delaftale.objects.get(helhedsplan__slug="ishoej-2025-29")
    soenderborg = Delaftale.objects.get(helhedsplan__slug="soenderborg-2021-25")
    sider = []
    for aftale, sektioner in (
        (
            randers,
            ["stamdata", "parter", "tekster", "maal", "aktiviteter", "ressourcer", "fodnoter"],
        ),
        (
            strategisk,
            ["stamdata", "parter", "tekster", "maal", "politik", "afsnit", "bestyrelse"]
            + ["indsatsomraader", "fodnoter"],
        ),
    ):
        slug = aftale.helhedsplan.slug
        for s in sektioner:
            url = reverse("rediger_sektion", args=[slug, aftale.pk, s])
            sider.append(Side(f"{slug}:{s}", url, "leder", frozenset({slug})))
    r = randers.helhedsplan.slug
    maal = randers.maal.first()
    indikator = maal.indikatorer.first()
    sider += [
        Side("delmål", reverse("rediger_maal", args=[r, randers.pk, maal.pk]), "leder", {r}),
        Side(
            "baselines",
            reverse("rediger_baselines", args=[r, randers.pk, maal.pk, indikator.pk]),
            "leder",
            frozenset({r}),
        ),
        Side("områder", reverse("omraader", args=[r]), "leder", frozenset({r})),
        Side("ny delaftale", reverse("ny_delaftale", args=[r]), "leder", frozenset({r})),
        Side("ny strategisk", reverse("ny_strategisk_aftale", args=[r]), "leder", {r}),
        Side("kopi", reverse("kopier", args=[r, randers.pk]), "leder", frozenset({"fuzz-kopi"})),
    ]
    for aftale in (ishoej, soenderborg):
        for aktivitet in aftale.aktiviteter.all()[:2]:
            slug = aftale.helhedsplan.slug
            url = reverse("rediger_aktivitet", args=[slug, aftale.pk, aktivitet.pk])
            sider.append(Side(f"aktivitet {aktivitet.pk}", url, "leder", frozenset({slug})))
    behandl = reverse("behandl", args=[r, randers.pk])
    for handling, bruger in (
        ("indsend", "leder"),
        ("traek_tilbage", "leder"),
        ("godkend", "bestyrelse"),
        ("send_tilbage", "bestyrelse"),
        ("lbf_godkend", "lbf"),
        ("lbf_afvis", "lbf"),
    ):
        data = {
            "handling": handling,
            "kommentar": "En kommentar",
            "moededato": "2026-11-20",
            "dato": "2026-12-01",
            "nummer": "1",
        }
        sider.append(Side(f"behandl {handling}", behandl, bruger, frozenset({r}), data))
    return [Side(s.navn, s.url, s.bruger, frozenset(s.planer), s.behandling) for s in sider]


def _fremmede_id() -> list[str]:
    """Ids of rows that belong to other helhedsplaner than the pages above."""
    andre = Helhedsplan.objects.exclude(slug="randers-2025-29")
    ids: list[Any] = []
    for model, felt in (
        (Part, "aftale__helhedsplan__in"),
        (Maal, "aftale__helhedsplan__in"),
        (Indikator, "maal__aftale__helhedsplan__in"),
        (BaselineVaerdi, "indikator__maal__aftale__helhedsplan__in"),
        (Aktivitet, "delaftale__helhedsplan__in"),
        (Omraade, "helhedsplan__in"),
    ):
        ids += model.objects.filter(**{felt: andre}).values_list("pk", flat=True)[:3]
    ids += Helhedsplan.objects.values_list("pk", flat=True)
    return sorted({str(i) for i in ids})


def _planer() -> dict[str, Any]:
    """Each helhedsplan as the lbf-aftaler export has it, with its approval steps and versions."""
    behandlinger: dict[str, list[Any]] = {}
    for slug, pk in Behandling.objects.values_list("aftale__helhedsplan__slug", "pk"):
        behandlinger.setdefault(slug, []).append(pk)
    versioner: dict[str, list[Any]] = {}
    for slug, pk, sum_ in Version.objects.values_list(
        "aftale__helhedsplan__slug", "pk", "kontrolsum"
    ):
        versioner.setdefault(slug, []).append((pk, sum_))
    return {
        plan.slug: (eksporter([plan]), behandlinger.get(plan.slug), versioner.get(plan.slug))
        for plan in Helhedsplan.objects.order_by("slug")
    }


@pytest.fixture
def miljoe(leder: Any) -> dict[str, Any]:
    kopi = Helhedsplan.objects.create(
        slug="fuzz-kopi",
        navn="Kopier hertil",
        fondsperiode=Helhedsplan.objects.first().fondsperiode,
    )
    Medlemskab.objects.create(bruger=leder, helhedsplan=kopi, rolle=Medlemskab.Rolle.REDAKTOER)
    klienter = {}
    for navn in ("leder", "bestyrelse", "lbf"):
        klienter[navn] = Client(raise_request_exception=False)
        klienter[navn].force_login(get_user_model().objects.get(username=navn))
    return {"sider": _sider(), "id": _fremmede_id(), "klienter": klienter}


def _vaerdi(fremmede: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        tekst,
        st.sampled_from(ULIGE_TAL),
        st.sampled_from(STORE),
        st.sampled_from(fremmede),
        st.lists(st.sampled_from(fremmede + ULIGE_TAL[:5]), min_size=2, max_size=3),
    )


def _aendr(data: dict[str, Any], draw: Any, fremmede: list[str]) -> list[str]:
    """Change one to four fields of the form as a hostile user would."""
    navne = sorted(data) + ["grundlag", "redigeringsnummer"]
    for navn in list(navne):  # a new row past the blank one
        if navn.endswith("-TOTAL_FORMS"):
            navne.append(f"{navn.removesuffix('-TOTAL_FORMS')}-{data[navn]}-id")
    # Half the changes hit what a browser never changes: row counts, row ids, the base, the
    # edit number; the other half any field.
    skjulte = [n for n in navne if n.endswith(("_FORMS", "-id"))] + [
        "grundlag",
        "redigeringsnummer",
    ]
    aendret = []
    for _ in range(draw(st.integers(1, 4))):
        navn = draw(st.sampled_from(skjulte if draw(st.booleans()) else navne))
        if draw(st.integers(0, 5)) == 0:
            data.pop(navn, None)
        else:
            data[navn] = draw(_vaerdi(fremmede))
        aendret.append(navn)
    return aendret


def _fuzz(miljoe: dict[str, Any], draw: Any, behandling: bool) -> None:
    """One example, undone afterwards: every example starts from the same database, so the
    forms it reads (and so what Hypothesis draws) do not depend on earlier examples."""
    with transaction.atomic():
        _eksempel(miljoe, draw, behandling)
        transaction.set_rollback(True)


def _eksempel(miljoe: dict[str, Any], draw: Any, behandling: bool) -> None:
    sider = [s for s in miljoe["sider"] if (s.behandling is not None) == behandling]
    side = draw(st.sampled_from(sider))
    klient = miljoe["klienter"][side.bruger]
    if side.behandling is not None:
        data: dict[str, Any] = dict(side.behandling)
    else:
        svar = klient.get(side.url)
        assert svar.status_code == 200, side.navn
        data = formdata(svar.content.decode())
    aendret = _aendr(data, draw, miljoe["id"])
    if draw(st.booleans()):  # someone else saved meanwhile: the merge reads `grundlag`
        Aftale.objects.filter(helhedsplan__slug__in=side.planer).update(
            redigeringsnummer=F("redigeringsnummer") + 1
        )
    foer = _planer()
    organisationer = set(Organisation.objects.values_list("id", "navn", "type"))
    svar = klient.post(side.url, data)
    assert svar.status_code != 500, (side.navn, aendret)
    efter = _planer()
    # Refused: the page's own helhedsplan is unchanged too. Saved: only the page's own.
    uroert = set(foer) if svar.status_code != 302 else set(foer) - side.planer
    assert {s: efter.get(s) for s in uroert} == {s: foer[s] for s in uroert}, (
        side.navn,
        aendret,
        svar.status_code,
    )
    assert organisationer <= set(Organisation.objects.values_list("id", "navn", "type"))


@INDSTILLINGER
@given(st.data())
def test_hostile_input_on_every_edit_form_is_refused_or_saved_never_a_server_error(
    miljoe: dict[str, Any], data: st.DataObject
) -> None:
    _fuzz(miljoe, data.draw, behandling=False)


@settings(INDSTILLINGER, max_examples=20)
@given(st.data())
def test_hostile_input_on_every_approval_step_is_never_a_server_error(
    miljoe: dict[str, Any], data: st.DataObject
) -> None:
    _fuzz(miljoe, data.draw, behandling=True)


@settings(INDSTILLINGER, max_examples=15)
@given(
    st.sampled_from(["leder", "lbf"]),
    st.one_of(st.sampled_from(ULIGE_TAL + ["kladde", "1", "²"]), tekst),
    st.one_of(st.sampled_from(ULIGE_TAL + ["kladde", "1", "٣"]), tekst),
)
def test_comparing_odd_version_numbers_is_never_a_server_error(
    miljoe: dict[str, Any], bruger: str, fra: str, til: str
) -> None:
    randers = Delaftale.objects.get(helhedsplan__slug="randers-2025-29")
    url = reverse("sammenlign", args=[randers.helhedsplan.slug, randers.pk])
    svar = miljoe["klienter"][bruger].get(url, {"fra": fra, "til": til})
    assert svar.status_code in (200, 403, 404), (fra, til, svar.status_code)
