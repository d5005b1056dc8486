"""Restore an approved version as the draft ("Gendan som kladde").

The draft becomes the version's content: its children (parties, footnotes, mål with
indicators, baselines and targets, activities, staff lines, a strategic agreement's
sections) are replaced by the version's, read from its JSON (an older format through
`opgrader`) by the same importer that reads a file. The agreement keeps its identity: its
pk, helhedsplan, versions and log. It is saved as an edit (the edit counter checked and
counted up, one revision "Gendannet fra version N"), and never while the draft is with
the board.

The images come back as the version froze them (the importer's part of the billeder app):
the same checksum-named copies, which are never deleted, with the version's texts, section
and order; those added since go, a version without images leaves none.

The follow-up's measurements and assessments are not part of an agreement's content:
they are moved to the restored indicator or delmål of the same name. If one has none,
the restore is refused rather than losing them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import reversion
from django.db import transaction
from django.utils import timezone

from delaftaler.dataformat.aftaleindlaesning import AftaleImporter
from delaftaler.dataformat.felter import FormatFejl
from delaftaler.dataformat.opgradering import opgrader
from delaftaler.historik import FOELG, gem_revision, versioner_siden
from delaftaler.models import Aftale, Delaftale, StrategiskAftale, Version
from delaftaler.redigering import Konflikt
from delaftaler.versioner import Afvist, tilstand
from indikatorer.models import Indikator, Maal
from opfoelgning.models import Maaling, Vurdering

MSG_SENDT = (
    "Aftalen er sendt til bestyrelsen og kan ikke gendannes nu. "
    "Træk den tilbage for at redigere, og gendan den så."
)


def kommentar(version: Version) -> str:
    return f"Gendannet fra version {version.nummer}"


def _indhold(version: Version) -> tuple[str, dict[str, Any]]:
    """The kind ("delaftaler" or "strategiske_aftaler") and content of the version's agreement."""
    data = opgrader(json.loads(version.json))
    plan = data["helhedsplaner"][0]
    for art in ("delaftaler", "strategiske_aftaler"):
        if plan.get(art):
            return art, plan[art][0]
    raise Afvist(f"Version {version.nummer} indeholder ingen aftale.")  # pragma: no cover


def _toem(aftale: Delaftale | StrategiskAftale) -> None:
    """Delete the draft's children, all but its mål (the follow-up hangs from those)."""
    for model in ("delaftaler.Aftale", aftale._meta.label):
        for relation in FOELG[model]:
            if relation not in ("aftale_ptr", "maal"):
                getattr(aftale, relation).all().delete()


Noegle = tuple[str, ...]


def _grupper(par: list[tuple[Noegle, int]]) -> dict[Noegle, list[int]]:
    grupper: dict[Noegle, list[int]] = defaultdict(list)
    for noegle, pk in par:
        grupper[noegle].append(pk)
    return grupper


def _maal_og_indikatorer(
    aftale: Aftale, undtagen: set[int]
) -> tuple[dict[Noegle, list[int]], dict[Noegle, list[int]]]:
    """The agreement's mål by name and its indicators by (mål, indicator), in order."""
    maal = (
        Maal.objects.filter(aftale=aftale).exclude(pk__in=undtagen).order_by("raekkefoelge", "id")
    )
    indikatorer = (
        Indikator.objects.filter(maal__aftale=aftale)
        .exclude(maal__pk__in=undtagen)
        .order_by("maal__raekkefoelge", "maal_id", "raekkefoelge", "id")
        .values_list("maal__navn", "navn", "pk")
    )
    return (
        _grupper([((m.navn,), m.pk) for m in maal]),
        _grupper([((m, i), pk) for m, i, pk in indikatorer]),
    )


def _flyt(
    model: Any, felt: str, gamle: dict[Noegle, list[int]], nye: dict[Noegle, list[int]]
) -> list[str]:
    """Move the rows of `model` from the old objects to the new ones of the same name; the
    names of old objects with rows and no new counterpart."""
    mangler = []
    for noegle, pks in gamle.items():
        for nr, pk in enumerate(pks):
            raekker = model.objects.filter(**{f"{felt}_id": pk})
            if nr < len(nye.get(noegle, [])):
                raekker.update(**{f"{felt}_id": nye[noegle][nr]})
            elif raekker.exists():
                mangler.append(" / ".join(noegle))
    return mangler


def _importer(aftale: Delaftale | StrategiskAftale, version: Version, bruger: Any) -> None:
    art, data = _indhold(version)
    importer = AftaleImporter(bruger=bruger, kommentar=kommentar(version))
    importer.plan = aftale.helhedsplan
    importer.omraader = {o.navn: o for o in aftale.helhedsplan.omraader.all()}
    try:
        if isinstance(aftale, Delaftale) and art == "delaftaler":
            importer.delaftale(data, "", i=aftale)
        elif isinstance(aftale, StrategiskAftale) and art == "strategiske_aftaler":
            importer.strategisk_aftale(data, "", i=aftale)
        else:
            raise Afvist(f"Version {version.nummer} er en anden slags aftale.")
    except FormatFejl as fejl:
        raise Afvist(f"Version {version.nummer} kan ikke gendannes: {fejl}") from None


def gendan_som_kladde(
    aftale: Aftale, version: Version, bruger: Any, redigeringsnummer: int
) -> None:
    """Make the draft `version`'s content, if it is still at `redigeringsnummer`.

    Raises Konflikt (someone saved since), or Afvist (with the board; content that cannot
    be restored; measurements or assessments that would be lost) and changes nothing.
    """
    if version.aftale_id != aftale.pk:
        raise Afvist("Versionen hører ikke til aftalen.")
    with transaction.atomic(), reversion.create_revision(atomic=False):
        laast = Aftale.objects.select_for_update().get(pk=aftale.pk)
        if laast.redigeringsnummer != redigeringsnummer:
            raise Konflikt(*versioner_siden(aftale, redigeringsnummer))
        if tilstand(laast).indsendelse:
            raise Afvist(MSG_SENDT)
        Aftale.objects.filter(pk=aftale.pk).update(
            redigeringsnummer=redigeringsnummer + 1, aendret=timezone.now(), aendret_af=bruger
        )
        konkret = laast.konkret
        konkret.refresh_from_db()
        assert isinstance(konkret, Delaftale | StrategiskAftale)
        gamle_maal, gamle_indikatorer = _maal_og_indikatorer(konkret, set())
        _toem(konkret)
        _importer(konkret, version, bruger)
        gamle = {pk for pks in gamle_maal.values() for pk in pks}
        nye_maal, nye_indikatorer = _maal_og_indikatorer(konkret, gamle)
        mangler = _flyt(Maaling, "indikator", gamle_indikatorer, nye_indikatorer)
        mangler += _flyt(Vurdering, "maal", gamle_maal, nye_maal)
        if mangler:
            raise Afvist(
                f"Version {version.nummer} kan ikke gendannes: målingerne eller vurderingerne "
                f"af {', '.join(dict.fromkeys(mangler))} har intet sted i den version."
            )
        Maal.objects.filter(pk__in=gamle).delete()
        # One edit: replacing the images counted the number up once per image (their
        # signals, billeder.signaler), which would leave the draft past its revision.
        Aftale.objects.filter(pk=aftale.pk).update(redigeringsnummer=redigeringsnummer + 1)
        # The importer recorded the state in this revision; record it once more now the
        # old mål are gone (a deleted object is left out of the revision).
        gem_revision(konkret, bruger, kommentar(version))
    aftale.redigeringsnummer = redigeringsnummer + 1
