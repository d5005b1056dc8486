"""What the search looks in: one kind (`Art`) per model, its text fields and where it shows.

Each kind is one query per search, whatever the number of plans. A result links to the
section of the agreement page that prints it (the page's ids: ``#maal``, ``#parter``,
``#ressourcer``, ``#aktivitet-<pk>`` …); Landsbyggefonden, which reads approved versions
only, is sent to the agreement's versions instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.http import urlencode

from aktiviteter.models import Aktivitet
from delaftaler.models import (
    Aftale,
    Delaftale,
    Medarbejderressource,
    Medlemskab,
    Omraade,
    Part,
    StrategiskAftale,
)
from indikatorer.models import Indikator, Maal

# The agreement's own texts, read by those who may read drafts.
AFTALE_TEKSTER = (
    "delaftale__indsatsnavn",
    "delaftale__indsatsomraade__navn",
    "strategiskaftale__omraadets_navn",
    "delaftale__motto",
    "delaftale__parter_tekst",
    "delaftale__aktiviteter_tekst",
    "delaftale__ressourcer_tekst",
    "delaftale__kommunal_sammenhaeng",
    "delaftale__bemaerkninger",
    "delaftale__revision",
    "strategiskaftale__kort_om_omraadet",
    "strategiskaftale__vision",
    "strategiskaftale__vision_tekst",
    "strategiskaftale__lokal_evaluering",
    "strategiskaftale__revision",
)
# What the start page already shows every member, Landsbyggefonden included: the names.
AFTALE_NAVNE = AFTALE_TEKSTER[:3]


def vaerdi(objekt: Any, sti: str) -> Any:
    """The value at an ORM path ("delaftale__indsatsnavn"); None where a link is empty."""
    for navn in sti.split("__"):
        try:
            objekt = getattr(objekt, navn)
        except ObjectDoesNotExist:
            return None
        if objekt is None:
            return None
    return objekt


def konkret(aftale: Aftale) -> Aftale:
    """The agreement as its own kind, from what select_related fetched (no query)."""
    if isinstance(aftale, Delaftale | StrategiskAftale):
        return aftale
    return aftale.konkret


def aftalenavn(aftale: Aftale) -> str:
    """The agreement as the start page names it."""
    fundet = konkret(aftale)
    if isinstance(fundet, Delaftale):
        return f"Delaftale: {fundet.indsatsomraade.navn} – {fundet.indsatsnavn}"
    if isinstance(fundet, StrategiskAftale):
        return f"Strategisk samarbejdsaftale – {fundet.omraadets_navn}"
    return str(fundet)


def aftale_url(aftale: Aftale, rolle: str, anker: str = "") -> str:
    """The agreement page at a section; Landsbyggefonden's is the list of approved versions."""
    args = [aftale.helhedsplan.slug, aftale.pk]
    if rolle == Medlemskab.Rolle.LBF:
        return reverse("versioner", args=args)
    return reverse("aftale", args=args) + (f"#{anker}" if anker else "")


@dataclass(frozen=True)
class Art:
    """One kind of result: the model, its text fields, and how a row is named and linked."""

    noegle: str
    overskrift: str
    model: type[models.Model]
    plan: str  # the ORM path to the row's helhedsplan id
    felter: tuple[str, ...]  # text fields searched
    aftale: str | None  # the ORM path to the row's agreement ("" for an agreement itself)
    anker: Callable[[Any], str]  # the id of the agreement page's section that prints it
    kun_kladde: bool = True  # Landsbyggefonden never reads these: they are the draft
    titel: Callable[[Any], str] = str

    def relationer(self) -> list[str]:
        """What a row's texts, title, plan and link need, fetched with it (select_related)."""
        stier = {f.rsplit("__", 1)[0] for f in self.felter if "__" in f}
        if self.aftale is None:
            stier.add(self.plan.removesuffix("_id"))
        elif self.model is Aftale:
            stier |= {"delaftale__indsatsomraade", "strategiskaftale", "helhedsplan"}
        elif self.model in (Aktivitet, Medarbejderressource):  # hang from a Delaftale
            stier |= {f"{self.aftale}__indsatsomraade", f"{self.aftale}__helhedsplan"}
        else:
            a = self.aftale
            stier |= {
                f"{a}__delaftale__indsatsomraade",
                f"{a}__strategiskaftale",
                f"{a}__helhedsplan",
            }
        # A path inside another is fetched with it.
        return sorted(s for s in stier if not any(t.startswith(s + "__") for t in stier))

    def aftale_af(self, objekt: Any) -> Aftale | None:
        if self.aftale is None:
            return None
        return objekt if self.model is Aftale else vaerdi(objekt, self.aftale)

    def url(self, objekt: Any, rolle: str) -> str:
        aftale = self.aftale_af(objekt)
        if aftale is not None:
            return aftale_url(aftale, rolle, self.anker(objekt))
        # An area: its page is the redaktør's; the others find it under its plan on the
        # start page, filtered to that plan so paging cannot hide it.
        plan = objekt.helhedsplan
        if rolle == Medlemskab.Rolle.REDAKTOER:
            return reverse("omraader", args=[plan.slug])
        return reverse("forside") + "?" + urlencode({"q": plan.navn}) + f"#plan-{plan.slug}"


def _aktivitetsanker(aktivitet: Aktivitet) -> str:
    # An activity described in another delaftale has no schema of its own on this page.
    return "aktiviteter" if aktivitet.beskrevet_i else f"aktivitet-{aktivitet.pk}"


def _omraadenavn(omraade: Omraade) -> str:
    return f"{omraade.navn} ({omraade.get_type_display().lower()})"


ARTER: tuple[Art, ...] = (
    Art(
        "aftaler",
        "Aftaler",
        Aftale,
        "helhedsplan_id",
        AFTALE_TEKSTER,
        "",
        lambda a: f"aftale-{a.pk}",
        kun_kladde=False,
        titel=aftalenavn,
    ),
    Art(
        "maal",
        "Delmål og overordnede mål",
        Maal,
        "aftale__helhedsplan_id",
        ("navn", "maalsaetning"),
        "aftale",
        lambda m: "maal",
    ),
    Art(
        "indikatorer",
        "Indikatorer",
        Indikator,
        "maal__aftale__helhedsplan_id",
        ("navn", "datakilde", "datakilde_note"),
        "maal__aftale",
        lambda i: "maal",
    ),
    Art(
        "aktiviteter",
        "Aktiviteter",
        Aktivitet,
        "delaftale__helhedsplan_id",
        (
            "navn",
            "undertitel",
            "listenavn",
            "listebeskrivelse",
            "formaal",
            "maalgruppe",
            "indhold_og_praksis",
            "elementer_titel",
            "ansvar",
        ),
        "delaftale",
        _aktivitetsanker,
    ),
    Art(
        "omraader",
        "Områder og afdelinger",
        Omraade,
        "helhedsplan_id",
        ("navn", "organisation__navn"),
        None,
        lambda o: "",
        titel=_omraadenavn,
    ),
    Art(
        "parter",
        "Parter",
        Part,
        "aftale__helhedsplan_id",
        ("navn", "enhed", "titel", "organisation__navn", "beskrivelse", "underskrift_navn"),
        "aftale",
        lambda p: "parter",
        titel=lambda p: p.visningsnavn,
    ),
    Art(
        "ressourcer",
        "Medarbejderressourcer",
        Medarbejderressource,
        "delaftale__helhedsplan_id",
        ("funktion", "arbejdsgiver", "bemaerkning"),
        "delaftale",
        lambda r: "ressourcer",
        titel=lambda r: f"{r.funktion}, {r.arbejdsgiver}" if r.arbejdsgiver else r.funktion,
    ),
)
