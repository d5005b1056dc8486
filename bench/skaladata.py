"""The data set the scale benchmark (``bench/skala.py``) measures: copies of the demo plans,
one large delaftale and its history.

The copies are imported with the data format's importer, their members and approved
versions (with their log) copied; the large delaftale is a copy of Randers' with 30 delmål,
150 indicators, 2,400 baselines and 30 activities added in bulk.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def _kopi(data: dict[str, Any], slug: str, navn: str) -> None:
    """A copy of a demo plan under a new slug and name, with its members and its
    approved versions (and their log)."""
    from delaftaler.dataformat import importer
    from delaftaler.models import Aftale, Behandling, Helhedsplan, Medlemskab, Version

    data = json.loads(json.dumps(data))
    (plan,) = data["helhedsplaner"]
    original = plan["slug"]
    plan["slug"], plan["navn"] = slug, navn
    importer(data)
    ny = Helhedsplan.objects.get(slug=slug)
    Medlemskab.objects.bulk_create(
        Medlemskab(bruger_id=m.bruger_id, helhedsplan=ny, rolle=m.rolle)
        for m in Medlemskab.objects.filter(helhedsplan__slug=original)
    )
    gamle = Aftale.objects.filter(helhedsplan__slug=original).order_by("id")
    nye = Aftale.objects.filter(helhedsplan=ny).order_by("id")
    for gammel, kopi in zip(list(gamle), list(nye), strict=True):
        for v in Version.objects.filter(aftale=gammel):
            skridt = list(Behandling.objects.filter(version=v))
            v.pk, v.aftale_id, v.redigeringsnummer = None, kopi.pk, kopi.redigeringsnummer
            v.save(force_insert=True)
            for b in skridt:
                b.pk, b.aftale_id, b.version_id = None, kopi.pk, v.pk
            Behandling.objects.bulk_create(skridt)


def kopier_planer(antal: int) -> None:
    """`antal` plans, copies of the demo plans in turn."""
    from delaftaler.management.commands.load_demo import demo_filer

    kilder = [json.loads(f.read_text(encoding="utf-8")) for f in demo_filer()]
    for nr in range(antal):
        data = kilder[nr % len(kilder)]
        plan = data["helhedsplaner"][0]
        _kopi(data, f"{plan['slug']}-kopi-{nr}", f"{plan['navn']} (kopi {nr})")


def stor_delaftale() -> None:
    """A copy of Randers' delaftale made large: 30 delmål, 150 indicators, 2,400 baselines,
    30 activities (in its own plan, a copy of Randers')."""
    from aktiviteter.models import Aktivitet
    from delaftaler.management.commands.load_demo import demo_filer
    from delaftaler.models import Delaftale, Omraade
    from indikatorer.models import BaselineVaerdi, Indikator, Maal

    (fil,) = [f for f in demo_filer() if "randers" in f.name]
    _kopi(json.loads(fil.read_text(encoding="utf-8")), "stor-bench", "Stor helhedsplan (bench)")
    aftale = Delaftale.objects.get(helhedsplan__slug="stor-bench")
    Delaftale.objects.filter(pk=aftale.pk).update(indsatsnavn="Stor delaftale (bench)")
    omraader = list(Omraade.objects.filter(helhedsplan=aftale.helhedsplan))
    maal = Maal.objects.bulk_create(
        Maal(aftale=aftale, navn=f"Delmål {nr}", maalsaetning="Skal stige", raekkefoelge=100 + nr)
        for nr in range(30)
    )
    indikatorer = Indikator.objects.bulk_create(
        Indikator(maal=m, navn=f"Indikator {m.navn}.{nr}", raekkefoelge=nr)
        for m in maal
        for nr in range(5)
    )
    BaselineVaerdi.objects.bulk_create(
        BaselineVaerdi(
            indikator=i,
            omraade=omraader[nr % len(omraader)],
            procent=Decimal(nr),
            aar=2023,
            raekkefoelge=nr,
        )
        for i in indikatorer
        for nr in range(16)
    )
    Aktivitet.objects.bulk_create(
        Aktivitet(delaftale=aftale, navn=f"Aktivitet {nr}", raekkefoelge=100 + nr)
        for nr in range(30)
    )


def antal_revisioner() -> int:
    from reversion.models import Version as Revisionsversion

    from delaftaler.models import Delaftale

    aftale = Delaftale.objects.get(indsatsnavn="Stor delaftale (bench)")
    return Revisionsversion.objects.get_for_object(aftale).count()


def revisioner(antal: int) -> None:
    """The large delaftale's history up to `antal` revisions (each a revision of it all)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from delaftaler.historik import gem_revision
    from delaftaler.models import Delaftale

    leder = get_user_model().objects.get(username="leder")
    aftale = Delaftale.objects.get(indsatsnavn="Stor delaftale (bench)")
    for nr in range(antal_revisioner(), antal):
        with transaction.atomic():
            Delaftale.objects.filter(pk=aftale.pk).update(revision=f"Revision {nr}")
            gem_revision(Delaftale.objects.get(pk=aftale.pk), leder, f"Bench {nr}")
