"""Landsbyggefonden's export: the current approved version of every agreement, as a ZIP.

Per agreement its frozen PDF, Word file and JSON (stored when the board approved it, so
nothing is rendered here), and a manifest listing agreement, version, approval dates and
the SHA-256 checksum of every file. The checksums are computed from the bytes written
and must equal those stored with the version: the ZIP provably holds what was approved.

The plans' approved status reports go in too: per plan and year the newest approved
version of "Status på delmål og indikatorer <år>", its frozen PDF, Word file and JSON,
each listed in the manifest with the year (`statusrapport`), its version number and the
board's meeting date, and verified against its stored checksum the same way.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from delaftaler import dokumenter
from delaftaler.models import Aftale, Behandling, Delaftale, Helhedsplan, StrategiskAftale, Version
from opfoelgning.models import GodkendtRapport

# Fixed timestamps inside the ZIP: the same versions give the same bytes.
_TID = (2000, 1, 1, 0, 0, 0)


class Uoverensstemmelse(Exception):
    """A stored file no longer matches its checksum."""


def _fil(zf: zipfile.ZipFile, navn: str, data: bytes) -> str:
    info = zipfile.ZipInfo(navn, date_time=_TID)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)
    return hashlib.sha256(data).hexdigest()


def _iso(dato: datetime.date | None) -> str | None:
    return dato.isoformat() if dato else None


def gaeldende_versioner(planer: Iterable[Helhedsplan]) -> list[tuple[Aftale, Version]]:
    """Each agreement of the plans with its current version, in a fixed number of queries."""
    plads = {plan.pk: nr for nr, plan in enumerate(planer)}
    aftaler = sorted(
        Aftale.objects.filter(helhedsplan__in=plads).select_related(
            "helhedsplan", "delaftale__indsatsomraade", "strategiskaftale"
        ),
        # Plan by plan; the strategic agreement first.
        key=lambda a: (plads[a.helhedsplan_id], hasattr(a, "delaftale"), a.gaelder_fra, a.pk),
    )
    nyeste = (
        Version.objects.gaeldende()
        .filter(aftale__in=aftaler)
        .values("aftale_id")
        .annotate(nummer=Max("nummer"))
    )
    hvilke = Q(pk__in=[])
    for n in nyeste:
        hvilke |= Q(aftale_id=n["aftale_id"], nummer=n["nummer"])
    versioner = {v.aftale_id: v for v in Version.objects.filter(hvilke)}
    return [(a, versioner[a.pk]) for a in aftaler if a.pk in versioner]


def godkendte_rapporter(planer: Iterable[Helhedsplan]) -> list[GodkendtRapport]:
    """The newest approved status report per plan and year, plan by plan, year by year:
    one query."""
    plads = {plan.pk: nr for nr, plan in enumerate(planer)}
    nyere = GodkendtRapport.objects.filter(
        rapport=OuterRef("rapport"), nummer__gt=OuterRef("nummer")
    )
    rapporter = (
        GodkendtRapport.objects.filter(rapport__helhedsplan__in=plads)
        .exclude(Exists(nyere))
        .select_related("rapport__helhedsplan")
    )
    return sorted(rapporter, key=lambda g: (plads[g.rapport.helhedsplan_id], g.rapport.aar))


def rapportfilnavn(godkendt: GodkendtRapport, endelse: str) -> str:
    """ "randers-2025-29/statusrapport-randers-2025-29-2024-godkendt-1.pdf"."""
    slug = godkendt.rapport.helhedsplan.slug
    return (
        f"{slug}/statusrapport-{slug}-{godkendt.rapport.aar}-godkendt-{godkendt.nummer}.{endelse}"
    )


def _rapporter(zf: zipfile.ZipFile, planer: list[Helhedsplan]) -> list[dict[str, Any]]:
    filer: list[dict[str, Any]] = []
    for godkendt in godkendte_rapporter(planer):
        for endelse, (data, gemt) in godkendt.filer().items():
            navn = rapportfilnavn(godkendt, endelse)
            kontrolsum = _fil(zf, navn, data)
            if kontrolsum != gemt:
                raise Uoverensstemmelse(f"{navn}: kontrolsummen passer ikke med den godkendte")
            filer.append(
                {
                    "fil": navn,
                    "helhedsplan": godkendt.rapport.helhedsplan.slug,
                    "aftale": godkendt.rapport.titel,
                    "statusrapport": godkendt.rapport.aar,
                    "version": godkendt.nummer,
                    "godkendt_af_bestyrelsen": godkendt.moededato.isoformat(),
                    "sha256": kontrolsum,
                }
            )
    return filer


def skriv_zip(planer: Iterable[Helhedsplan], ud: io.BufferedIOBase | io.BytesIO) -> dict[str, Any]:
    """Write the ZIP to ``ud``; returns the manifest."""
    planer = list(planer)
    lbf_datoer = {
        b.version_id: b.dato
        for b in Behandling.objects.filter(
            art=Behandling.Art.LBF_GODKENDT, aftale__helhedsplan__in=planer
        )
    }
    filer: list[dict[str, Any]] = []
    with zipfile.ZipFile(ud, "w") as zf:
        for aftale, version in gaeldende_versioner(planer):
            konkret = aftale.konkret
            if not isinstance(konkret, Delaftale | StrategiskAftale):  # pragma: no cover
                continue
            for endelse, (data, gemt) in version.filer().items():
                navn = f"{aftale.helhedsplan.slug}/{dokumenter.filnavn(konkret, endelse, version.nummer)}"
                kontrolsum = _fil(zf, navn, data)
                if kontrolsum != gemt:
                    raise Uoverensstemmelse(f"{navn}: kontrolsummen passer ikke med den godkendte")
                filer.append(
                    {
                        "fil": navn,
                        "helhedsplan": aftale.helhedsplan.slug,
                        "aftale": str(konkret),
                        "version": version.nummer,
                        "godkendt_af_bestyrelsen": version.moededato.isoformat(),
                        "godkendt_af_lbf": _iso(lbf_datoer.get(version.pk)),
                        "sha256": kontrolsum,
                    }
                )
        filer += _rapporter(zf, planer)
        manifest = {
            "format": "lbf-eksport",
            "version": 1,
            "oprettet": timezone.now().isoformat(timespec="seconds"),
            "helhedsplaner": [{"slug": p.slug, "navn": p.navn} for p in planer],
            "filer": filer,
        }
        _fil(
            zf,
            "manifest.json",
            (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode(),
        )
    return manifest


def zip_for(planer: Iterable[Helhedsplan], slug: str | None = None) -> tuple[bytes, str]:
    ud = io.BytesIO()
    skriv_zip(planer, ud)
    dato = timezone.localdate().isoformat()
    navn = f"lbf-eksport-{slug}-{dato}.zip" if slug else f"lbf-eksport-{dato}.zip"
    return ud.getvalue(), navn
