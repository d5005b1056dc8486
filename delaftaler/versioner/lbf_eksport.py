"""Landsbyggefonden's export: the current approved version of every agreement, as a ZIP.

Per agreement its frozen PDF, Word file and JSON (stored when the board approved it, so
nothing is rendered here), and a manifest listing agreement, version, approval dates and
the SHA-256 checksum of every file. Each file's checksum is computed from its bytes
before they are written and must equal the one stored with the version: the ZIP provably
holds what was approved. A file that does not match stops the export (a streamed
download is cut off before the manifest and central directory, so it does not open).

The plans' approved status reports go in too: per plan and year the newest approved
version of "Status på delmål og indikatorer <år>", its frozen PDF, Word file and JSON,
each listed in the manifest with the year (`statusrapport`), its version number and the
board's meeting date, and verified against its stored checksum the same way.

The ZIP is streamed (`Eksport`): the versions and reports are looked up first without
their files, then each one's files are fetched (one query) and written, and the bytes
handed on, before the next is fetched; the manifest comes last. Memory therefore stays
at about one version's files whatever the number of plans. PDF and Word files are
already compressed and are stored; JSON and the manifest are deflated. Every member is
dated with its version's approval (`godkendt`, local time), the manifest with the export.
"""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from stream_zip import NO_COMPRESSION_32, ZIP_32, stream_zip

from delaftaler import dokumenter
from delaftaler.dataformat import tillaeg
from delaftaler.models import Aftale, Behandling, Delaftale, Helhedsplan, StrategiskAftale, Version
from delaftaler.versioner import sha256
from opfoelgning.models import GodkendtRapport

FILFELTER = ("pdf", "docx", "json")
_KONTROLSUMMER = ("kontrolsum", "pdf_kontrolsum", "docx_kontrolsum")
# PDF and Word files are ZIP/deflate-compressed already: deflating them again costs CPU
# for a few per cent.
_UKOMPRIMERET = {"pdf", "docx", "png", "jpg"}
# A member as stream-zip takes it: name, date, mode, method, the bytes.
Medlem = tuple[str, datetime.datetime, int, Any, Iterable[bytes]]


class Uoverensstemmelse(Exception):
    """A stored file no longer matches its checksum."""


def _tid(tidspunkt: datetime.datetime) -> datetime.datetime:
    """A ZIP entry's date: the moment in local time (a ZIP cannot hold one before 1980)."""
    lokal = timezone.localtime(tidspunkt) if timezone.is_aware(tidspunkt) else tidspunkt
    return max(lokal.replace(tzinfo=None), datetime.datetime(1980, 1, 1))


def _fil(
    navn: str,
    data: bytes,
    tidspunkt: datetime.datetime,
    gemt: str | None = None,
    endelse: str = "json",
) -> tuple[Medlem, str]:
    """One member, after checking it against its stored checksum, and its SHA-256.

    PDF and Word are stored with their sizes and CRC in the local header (stream-zip's
    NO_COMPRESSION_32 computes them from the bytes first, so no data descriptor follows:
    Java's ZipInputStream refuses stored members with one); JSON is deflated.
    """
    kontrolsum = sha256(data)
    if gemt is not None and kontrolsum != gemt:
        raise Uoverensstemmelse(f"{navn}: kontrolsummen passer ikke med den godkendte")
    metode = NO_COMPRESSION_32 if endelse in _UKOMPRIMERET else ZIP_32
    return (navn, _tid(tidspunkt), 0o100644, metode, (data,)), kontrolsum


def _iso(dato: datetime.date | None) -> str | None:
    return dato.isoformat() if dato else None


def gaeldende_versioner(planer: Iterable[Helhedsplan]) -> list[tuple[Aftale, Version]]:
    """Each agreement of the plans with its current version, in a fixed number of queries.

    The versions come without their files (`med_filer` fetches them one at a time).
    """
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
    versioner = {v.aftale_id: v for v in Version.objects.filter(hvilke).defer(*FILFELTER)}
    return [(a, versioner[a.pk]) for a in aftaler if a.pk in versioner]


def godkendte_rapporter(planer: Iterable[Helhedsplan]) -> list[GodkendtRapport]:
    """The newest approved status report per plan and year, plan by plan, year by year:
    one query, without the reports' files."""
    plads = {plan.pk: nr for nr, plan in enumerate(planer)}
    nyere = GodkendtRapport.objects.filter(
        rapport=OuterRef("rapport"), nummer__gt=OuterRef("nummer")
    )
    rapporter = (
        GodkendtRapport.objects.filter(rapport__helhedsplan__in=plads)
        .exclude(Exists(nyere))
        .select_related("rapport__helhedsplan")
        .defer(*FILFELTER)
    )
    return sorted(rapporter, key=lambda g: (plads[g.rapport.helhedsplan_id], g.rapport.aar))


def med_filer(frossen: Version | GodkendtRapport) -> dict[str, tuple[bytes, str]]:
    """A version's or report's files with their stored checksums: one query, a new object
    (so the files are let go once written)."""
    model = type(frossen)
    return model.objects.only(*FILFELTER, *_KONTROLSUMMER).get(pk=frossen.pk).filer()


def rapportfilnavn(godkendt: GodkendtRapport, endelse: str) -> str:
    """ "randers-2025-29/statusrapport-randers-2025-29-2024-godkendt-1.pdf"."""
    slug = godkendt.rapport.helhedsplan.slug
    return (
        f"{slug}/statusrapport-{slug}-{godkendt.rapport.aar}-godkendt-{godkendt.nummer}.{endelse}"
    )


def zipnavn(slug: str | None = None) -> str:
    """The download's file name: "lbf-eksport-<plan>-<dato>.zip"."""
    dato = timezone.localdate().isoformat()
    return f"lbf-eksport-{slug}-{dato}.zip" if slug else f"lbf-eksport-{dato}.zip"


class Eksport:
    """The ZIP of the plans, as an iterator of bytes written member by member.

    Creating it looks up what goes in (a fixed number of queries, no files); iterating
    fetches each version's files (one query each), writes them and yields the bytes.
    `manifest` is set once the last bytes have been yielded.
    """

    def __init__(self, planer: Iterable[Helhedsplan]) -> None:
        self.planer = list(planer)
        self.lbf_datoer = {
            b.version_id: b.dato
            for b in Behandling.objects.filter(
                art=Behandling.Art.LBF_GODKENDT, aftale__helhedsplan__in=self.planer
            )
        }
        self.versioner = gaeldende_versioner(self.planer)
        self.rapporter = godkendte_rapporter(self.planer)
        self.manifest: dict[str, Any] | None = None
        self.billeder: set[str] = set()  # each image once, however many versions show it

    def __iter__(self) -> Iterator[bytes]:
        yield from stream_zip(self._medlemmer(), extended_timestamps=False)

    def _medlemmer(self) -> Iterator[Medlem]:
        """Every member in turn; stream-zip asks for the next once the last is written."""
        filer: list[dict[str, Any]] = []
        for aftale, version in self.versioner:
            yield from self._aftale(aftale, version, filer)
        for godkendt in self.rapporter:
            yield from _rapport(godkendt, filer)
        nu = timezone.now()
        manifest = {
            "format": "lbf-eksport",
            "version": 1,
            "oprettet": nu.isoformat(timespec="seconds"),
            "helhedsplaner": [{"slug": p.slug, "navn": p.navn} for p in self.planer],
            "filer": filer,
        }
        tekst = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        yield _fil("manifest.json", tekst.encode(), nu)[0]
        self.manifest = manifest

    def _aftale(
        self, aftale: Aftale, version: Version, filer: list[dict[str, Any]]
    ) -> Iterator[Medlem]:
        konkret = aftale.konkret
        if not isinstance(konkret, Delaftale | StrategiskAftale):  # pragma: no cover
            return
        for endelse, (data, gemt) in med_filer(version).items():
            navn = (
                f"{aftale.helhedsplan.slug}/{dokumenter.filnavn(konkret, endelse, version.nummer)}"
            )
            medlem, kontrolsum = _fil(navn, data, version.godkendt, gemt, endelse)
            filer.append(
                {
                    "fil": navn,
                    "helhedsplan": aftale.helhedsplan.slug,
                    "aftale": str(konkret),
                    "version": version.nummer,
                    "godkendt_af_bestyrelsen": version.moededato.isoformat(),
                    "godkendt_af_lbf": _iso(self.lbf_datoer.get(version.pk)),
                    "sha256": kontrolsum,
                }
            )
            yield medlem
            if endelse == "json":
                yield from self._billeder(aftale, version, data, filer)

    def _billeder(
        self, aftale: Aftale, version: Version, data: bytes, filer: list[dict[str, Any]]
    ) -> Iterator[Medlem]:
        """The images the version's JSON names, from their frozen copies, checked by checksum."""
        for navn, gemt, indhold in tillaeg.filer(json.loads(data)):
            if navn in self.billeder:
                continue
            self.billeder.add(navn)
            endelse = navn.rpartition(".")[2]
            medlem, kontrolsum = _fil(navn, indhold, version.godkendt, gemt, endelse)
            filer.append(
                {
                    "fil": navn,
                    "helhedsplan": aftale.helhedsplan.slug,
                    "version": version.nummer,
                    "godkendt_af_bestyrelsen": version.moededato.isoformat(),
                    "billede": True,
                    "sha256": kontrolsum,
                }
            )
            yield medlem


def _rapport(godkendt: GodkendtRapport, filer: list[dict[str, Any]]) -> Iterator[Medlem]:
    for endelse, (data, gemt) in med_filer(godkendt).items():
        navn = rapportfilnavn(godkendt, endelse)
        medlem, kontrolsum = _fil(navn, data, godkendt.godkendt, gemt, endelse)
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
        yield medlem


def skriv_zip(planer: Iterable[Helhedsplan], ud: io.BufferedIOBase | io.BytesIO) -> dict[str, Any]:
    """Write the ZIP to ``ud`` piece by piece, as it is streamed; returns the manifest."""
    eksport = Eksport(planer)
    for stykke in eksport:
        ud.write(stykke)
    assert eksport.manifest is not None
    return eksport.manifest
