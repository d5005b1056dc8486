"""A helhedsplan for the next period, made from an existing one (the admin's action).

It takes the plan's name, kommune, boligorganisationer (in their order) and areas (with
their organisations and parents), and its administrators, so someone can invite the rest.
The period follows the old one (as long, from the day after it ends) and the fund period
is the next one, if it exists. The agreements are not copied: each is copied into the new
plan from its own page ("Kopiér"), when the leader is ready.
"""

from __future__ import annotations

import datetime
import re

from django.db import transaction

from delaftaler.models import Fondsperiode, Helhedsplan, Medlemskab, Omraade


def _periode(
    plan: Helhedsplan,
) -> tuple[datetime.date | None, datetime.date | None]:
    if not (plan.gaelder_fra and plan.gaelder_til):
        return None, None
    fra = plan.gaelder_til + datetime.timedelta(days=1)
    try:
        til = plan.gaelder_til.replace(
            year=plan.gaelder_til.year + plan.gaelder_til.year - plan.gaelder_fra.year + 1
        )
    except ValueError:  # 29 February
        til = plan.gaelder_til + (plan.gaelder_til - plan.gaelder_fra)
    return fra, til


def _slug(plan: Helhedsplan, fra: datetime.date | None, til: datetime.date | None) -> str:
    rod = re.sub(r"-\d{4}-\d{2}$", "", plan.slug)
    forslag = f"{rod}-{fra.year}-{til.year % 100:02}" if fra and til else f"{rod}-naeste"
    slug, nr = forslag, 2
    while Helhedsplan.objects.filter(slug=slug).exists():
        slug, nr = f"{forslag}-{nr}", nr + 1
    return slug[:80]


def naeste_periode(plan: Helhedsplan) -> Helhedsplan:
    fra, til = _periode(plan)
    fondsperiode = (
        Fondsperiode.objects.filter(start_aar__gt=plan.fondsperiode.start_aar)
        .order_by("start_aar")
        .first()
        or plan.fondsperiode
    )
    with transaction.atomic():
        ny = Helhedsplan.objects.create(
            slug=_slug(plan, fra, til),
            navn=plan.navn,
            fondsperiode=fondsperiode,
            kommune=plan.kommune,
            gaelder_fra=fra,
            gaelder_til=til,
        )
        led = Helhedsplan.boligorganisationer.through.objects.filter(helhedsplan=plan)
        for org_id in led.order_by("id").values_list("organisation_id", flat=True):
            ny.boligorganisationer.add(org_id)
        nye: dict[int, Omraade] = {}
        gamle = list(plan.omraader.order_by("raekkefoelge", "id"))
        for o in gamle:
            nye[o.pk] = Omraade.objects.create(
                helhedsplan=ny,
                navn=o.navn,
                type=o.type,
                organisation_id=o.organisation_id,
                raekkefoelge=o.raekkefoelge,
            )
        for o in gamle:
            if o.overordnet_id in nye:
                Omraade.objects.filter(pk=nye[o.pk].pk).update(overordnet=nye[o.overordnet_id])
        for m in plan.medlemskaber.filter(administrator=True):
            Medlemskab.objects.create(
                bruger_id=m.bruger_id, helhedsplan=ny, rolle=m.rolle, administrator=True
            )
    return ny
