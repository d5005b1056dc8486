"""History of agreements with django-reversion.

Every save through the app happens inside one revision that holds a snapshot of the
whole agreement (the agreement and, followed, all its children), so a revision is a
complete state: the history page compares consecutive states object by object.

The page costs the same whatever the number of revisions: the page's revisions are found
through reversion's unique index (db, content_type, object_id, revision) in one query
with the total; the database then returns only the versions that differ from the same
object's version in the previous revision (window functions over an MD5 of each
version), and only those are decoded, each once. Old revisions are thinned by
`manage.py beskaer_historik` (see `delaftaler.historikbeskaering`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, models
from django.db.models import Case, Count, F, Value, When, Window
from reversion.models import Revision, Version

from delaftaler.historikforskel import (
    Feltaendring,
    Navngiver,
    Objektaendring,
    Skift,
    aendringer,
    felter,
    foraelder_af,
    modelrang,
)

__all__ = ["Feltaendring", "Objektaendring", "historik", "sammenlign", "gem_revision"]

# What a revision of an agreement holds: each model and the relations followed from it.
FOELG: dict[str, tuple[str, ...]] = {
    "delaftaler.Aftale": ("parter", "fodnoter", "maal", "billeder"),
    "delaftaler.Delaftale": ("aftale_ptr", "aktiviteter", "medarbejderressourcer"),
    "delaftaler.StrategiskAftale": (
        "aftale_ptr",
        "politiktabeller",
        "afsnit",
        "bestyrelsesmedlemmer",
        "valgte_indsatsomraader",
    ),
    "delaftaler.Part": (),
    "delaftaler.Fodnote": (),
    "delaftaler.Medarbejderressource": (),
    "delaftaler.Politiktabel": ("raekker",),
    "delaftaler.Politikraekke": (),
    "delaftaler.Afsnit": (),
    "delaftaler.Bestyrelsesmedlem": (),
    "delaftaler.ValgtIndsatsomraade": (),
    "indikatorer.Maal": ("indikatorer",),
    "indikatorer.Indikator": ("baselines", "maaltal"),
    "indikatorer.BaselineVaerdi": (),
    # The follow-up's targets are part of the agreement (named here, never imported).
    "opfoelgning.Maaltal": ("milepaele",),
    "opfoelgning.Milepael": (),
    "aktiviteter.Aktivitet": (
        "cfbu_led",
        "delmaal_led",
        "elementer",
        "roller",
        "faser",
        "omfang",
        "datatabeller",
    ),
    "aktiviteter.AktivitetCfbuType": (),
    "aktiviteter.UnderstoettetDelmaal": (),
    "aktiviteter.Element": (),
    "aktiviteter.Rolle": (),
    "aktiviteter.Fase": (),
    "aktiviteter.Omfang": (),
    "aktiviteter.Datatabel": ("kolonner", "raekker"),
    "aktiviteter.DatatabelKolonne": (),
    "aktiviteter.DatatabelRaekke": ("celler",),
    "aktiviteter.DatatabelCelle": (),
    # Maps and diagrams: caption, alt text, place and the file by its checksum.
    "billeder.Billede": (),
}


def registrer() -> None:
    for navn, foelg in FOELG.items():
        model = apps.get_model(navn)
        if not reversion.is_registered(model):
            reversion.register(model, follow=foelg)


def gem_revision(aftale: models.Model, bruger: Any, kommentar: str) -> None:
    """Record the agreement's current state as one revision (call inside a transaction)."""
    with reversion.create_revision(atomic=False):
        reversion.set_user(bruger if getattr(bruger, "is_authenticated", False) else None)
        reversion.set_comment(kommentar)
        reversion.add_to_revision(aftale)


SIDE = 20  # revisions per page

_AFTALEMODELLER = ("delaftaler.Aftale", "delaftaler.Delaftale", "delaftaler.StrategiskAftale")
_AFSNITSFELTER = {
    "parter": frozenset({"parter_tekst"}),
    "aktiviteter": frozenset({"aktiviteter_tekst"}),
    "ressourcer": frozenset({"ressourcer_tekst"}),
    "tekster": frozenset(
        {"kommunal_sammenhaeng", "bemaerkninger", "revision", "kort_om_omraadet", "vision"}
        | {"vision_tekst", "lokal_evaluering"}
    ),
}
_MAAL = ("indikatorer.Maal", "indikatorer.Indikator", "indikatorer.BaselineVaerdi")
_AKTIVITET = tuple(n for n in FOELG if n.startswith("aktiviteter."))
# A section of the agreement page: its title and the models (and, for the agreement's own
# row, the fields) whose changes belong to it.
AFSNIT: dict[str, tuple[str, tuple[str, ...]]] = {
    "stamdata": ("Navn og periode", ()),
    "parter": ("Parter", ("delaftaler.Part",)),
    "tekster": ("Tekster", ()),
    "maal": ("Mål og delmål", (*_MAAL, "opfoelgning.Maaltal", "opfoelgning.Milepael")),
    "aktiviteter": ("Aktiviteter", _AKTIVITET),
    "ressourcer": ("Medarbejderressourcer", ("delaftaler.Medarbejderressource",)),
    "politik": ("Politikker og visioner", ("delaftaler.Politiktabel", "delaftaler.Politikraekke")),
    "afsnit": ("Organisering og samspil", ("delaftaler.Afsnit",)),
    "bestyrelse": ("Bestyrelse", ("delaftaler.Bestyrelsesmedlem",)),
    "indsatsomraader": ("Indsatsområder", ("delaftaler.ValgtIndsatsomraade",)),
    "fodnoter": ("Fodnoter", ("delaftaler.Fodnote",)),
}


def afsnittets_felter(afsnit: str) -> dict[str, frozenset[str] | None] | None:
    """What a section's history shows: {model label: fields or None for all}; None: all."""
    if afsnit not in AFSNIT:
        return None
    kun: dict[str, frozenset[str] | None] = {n: None for n in AFSNIT[afsnit][1]}
    if afsnit in _AFSNITSFELTER:
        kun.update({n: _AFSNITSFELTER[afsnit] for n in _AFTALEMODELLER})
    elif afsnit == "stamdata":
        alle = frozenset().union(*_AFSNITSFELTER.values())
        for navn in _AFTALEMODELLER:
            model = apps.get_model(navn)
            kun[navn] = frozenset(f.name for f in model._meta.local_fields) - alle
    return kun


@dataclass
class Historikpost:
    revision: Revision
    aendringer: list[Objektaendring] | None  # None: the first recorded state


@dataclass
class Historikside:
    poster: list[Historikpost]
    nummer: int
    antal_sider: int
    antal: int
    afsnit: str = ""

    @property
    def afsnit_titel(self) -> str:
        return AFSNIT[self.afsnit][0] if self.afsnit in AFSNIT else ""

    @property
    def sider(self) -> list[int | None]:
        """The pager's page numbers: first, last and two either side; None for a gap."""
        vis = {1, self.antal_sider, *range(self.nummer - 2, self.nummer + 3)}
        ud: list[int | None] = []
        for n in sorted(v for v in vis if 1 <= v <= self.antal_sider):
            forrige = ud[-1] if ud else None
            if forrige is not None and n - forrige > 1:
                ud.append(None)
            ud.append(n)
        return ud


def egne_versioner(aftale: models.Model) -> models.QuerySet[Version]:
    """The agreement's own versions, newest first: equality on the leading columns of
    reversion's unique index (db, content_type, object_id, revision), so an index scan."""
    ct = ContentType.objects.get_for_model(type(aftale))
    return Version.objects.filter(
        db=aftale._state.db or DEFAULT_DB_ALIAS, content_type_id=ct.pk, object_id=str(aftale.pk)
    ).order_by("-revision_id")


def sidens_opslag(aftale: models.Model, side: int) -> models.QuerySet[Version, tuple[int, int]]:
    """One page's revision ids (and the one before, to compare with), each with the total."""
    fra = (side - 1) * SIDE
    egne = egne_versioner(aftale).annotate(antal=Window(Count("pk")))
    return egne.values_list("revision_id", "antal")[fra : fra + SIDE + 1]


def _sidens_revisioner(aftale: models.Model, side: int) -> tuple[list[int], int, int]:
    """The page's revision ids newest first, the total, and the page actually shown."""
    raekker = list(sidens_opslag(aftale, side))
    if not raekker and side > 1:  # past the end: the last page
        side = max(1, -(-egne_versioner(aftale).count() // SIDE))
        raekker = list(sidens_opslag(aftale, side))
    antal = raekker[0][1] if raekker else 0
    return [r for r, _ in raekker], antal, side


def _aendrede_versioner(ids: list[int], cts: list[int] | None) -> list[tuple[Any, ...]]:
    """The versions of these revisions that begin, change or end an object's run compared
    with the neighbouring revision: the database compares, only these come back as
    (pk, nr, content type, object id, previous pk, previous nr, next nr, previous hash,
    hash), nr being the revision's place on the page (0 the newest)."""
    tabel = connection.ops.quote_name(Version._meta.db_table)
    postgres = connection.vendor == "postgresql"
    # Hash each version before the sort, and sort ids bytewise: the sort then carries
    # small rows and no locale collation (the cost of the page on PostgreSQL).
    noegle = 'object_id COLLATE "C"' if postgres else "object_id"
    # A 64-bit hash on PostgreSQL (about 4x faster than MD5; a collision would need
    # two different versions of one object with equal hashes: ~1 in 10^19).
    hash_ = "hashtextextended(serialized_data, 0)" if postgres else "MD5(serialized_data)"
    hegn = "OFFSET 0" if postgres else "LIMIT -1 OFFSET 0"
    vindue = f"OVER (PARTITION BY content_type_id, {noegle} ORDER BY revision_id)"
    nr = " ".join("WHEN %s THEN %s" for _ in ids)
    i_ids = ", ".join(["%s"] * len(ids))
    afsnit = f"AND content_type_id IN ({', '.join(['%s'] * len(cts))})" if cts else ""
    sql = f"""
        SELECT id, nr, content_type_id, object_id, forrige_id, forrige_nr, naeste_nr,
               forrige_h, h FROM (
            SELECT id, nr, content_type_id, object_id, h,
                   LAG(id) {vindue} AS forrige_id, LAG(nr) {vindue} AS forrige_nr,
                   LEAD(nr) {vindue} AS naeste_nr, LAG(h) {vindue} AS forrige_h
            FROM (
                SELECT id, revision_id, content_type_id, object_id,
                       {hash_} AS h, CASE revision_id {nr} END AS nr
                FROM {tabel}
                WHERE revision_id IN ({i_ids}) {afsnit} {hegn}
            ) v
        ) w
        WHERE (nr < %s AND (forrige_nr IS NULL OR forrige_nr <> nr + 1 OR forrige_h <> h))
           OR (nr > 0 AND (naeste_nr IS NULL OR naeste_nr <> nr - 1))
    """  # noqa: S608 - only placeholders and constants are formatted in
    parametre = [x for i, r in enumerate(ids) for x in (r, i)] + ids + (cts or [])
    parametre.append(len(ids) - 1)
    with connection.cursor() as c:
        c.execute(sql, parametre)
        return [tuple(r) for r in c.fetchall()]


def _skift_pr_trin(
    aftale: models.Model, ids: list[int], raekker: list[tuple[Any, ...]]
) -> tuple[dict[int, list[Skift]], dict[tuple[str, str], str]]:
    """Each step's object changes (step n: from revision ids[n+1] to ids[n]), and the
    names of the objects involved by (model label, id)."""
    sidste = len(ids) - 1
    aendrede = {r[0] for r in raekker if r[1] < sidste and r[5] == r[1] + 1 and r[7] != r[8]}
    aendrede |= {r[4] for r in raekker if r[0] in aendrede}
    afkodet: dict[int, dict[str, Any]] = {}
    navne: dict[int, str] = {}
    data = Case(
        When(pk__in=aendrede, then=F("serialized_data")),
        default=Value(""),
        output_field=models.TextField(),
    )
    alle = Version.objects.filter(pk__in=aendrede | {r[0] for r in raekker})
    for pk, navn, tekst in alle.values_list("pk", "object_repr", data):
        navne[pk] = navn
        if pk in aendrede:
            afkodet[pk] = felter(tekst)  # each version decoded once
    foraeldre = {m._meta.label for m in foraelder_af(type(aftale))}
    trin: dict[int, list[Skift]] = defaultdict(list)
    kendte: dict[tuple[str, str], str] = {}
    for pk, nr, ct, oid, forrige_pk, forrige_nr, naeste_nr, forrige_h, h in raekker:
        model = ContentType.objects.get_for_id(ct).model_class()
        if model is None:
            continue
        navn = navne.get(pk, "")
        kendte[(model._meta.label, oid)] = navn
        noegle, vis = (model._meta.label, oid), None
        egen = model is type(aftale) or model._meta.label in foraeldre
        if egen and oid == str(aftale.pk):  # the agreement's own row, or its parent row
            noegle, vis = (type(aftale)._meta.label, oid), type(aftale)
        if nr < sidste and forrige_nr != nr + 1:
            trin[nr].append(Skift(model, noegle, None, {}, "", navn, vis))
        elif nr < sidste and forrige_h != h:
            foer, efter = afkodet.get(forrige_pk, {}), afkodet.get(pk, {})
            trin[nr].append(Skift(model, noegle, foer, efter, navne.get(forrige_pk, ""), navn, vis))
        if nr > 0 and naeste_nr != nr - 1:
            trin[nr - 1].append(Skift(model, noegle, {}, None, navn, "", vis))
    return trin, kendte


def historik(aftale: models.Model, side: int = 1, afsnit: str = "") -> Historikside:
    """One page of the agreement's revisions, newest first, each with what it changed
    (limited to one section of the agreement page with `afsnit`)."""
    ids, antal, side = _sidens_revisioner(aftale, side)
    revisioner = Revision.objects.filter(pk__in=ids).select_related("user").in_bulk()
    kun = afsnittets_felter(afsnit)
    # Every content type at once (cached after the first page), so none is asked for later.
    alle = ContentType.objects.get_for_models(
        *(apps.get_model(n) for n in FOELG), for_concrete_models=False
    )
    cts = [c.pk for m, c in alle.items() if m._meta.label in kun] if kun is not None else None
    raekker = _aendrede_versioner(ids, cts) if len(ids) > 1 else []
    trin, kendte = _skift_pr_trin(aftale, ids, raekker)
    navngiv = Navngiver(kendte)
    for skift in trin.values():
        for s in skift:
            if s.foer and s.efter:
                navngiv.saml(s.model, s.foer, s.efter)
    navngiv.hent()
    rang = modelrang(FOELG)
    poster = []
    for n, rid in enumerate(ids[:SIDE]):
        if n == len(ids) - 1:
            poster.append(Historikpost(revisioner[rid], None))
            continue
        aendret = aendringer(trin.get(n, []), navngiv, rang, kun)
        if aendret or kun is None:
            poster.append(Historikpost(revisioner[rid], aendret))
    antal_sider = max(1, -(-antal // SIDE))
    return Historikside(poster, side, antal_sider, antal, afsnit if kun is not None else "")


def sammenlign(foer: Revision | None, efter: Revision) -> list[Objektaendring]:
    """What changed from one complete state of an agreement to another (any two
    revisions: the conflict page compares the user's starting point with the newest)."""
    ids = [efter.pk] + ([foer.pk] if foer else [])
    raekker = Version.objects.filter(revision_id__in=ids).values_list(
        "revision_id", "content_type_id", "object_id", "object_repr", "serialized_data"
    )
    tilstand: dict[int, dict[tuple[int, str], tuple[str, str]]] = {i: {} for i in ids}
    for rid, ct, oid, navn, data in raekker:
        tilstand[rid][(ct, oid)] = (navn, data)
    if foer is None:
        return []
    gammel, ny = tilstand[foer.pk], tilstand[efter.pk]
    modeller = {ct: ContentType.objects.get_for_id(ct).model_class() for ct, _ in gammel | ny}
    boern = {(oid, m._meta.label) for (ct, oid) in ny if (m := modeller[ct])}
    skift = []
    for noegle in list(ny) + [k for k in gammel if k not in ny]:
        model = modeller[noegle[0]]
        if model is None or gammel.get(noegle, ("", "1"))[1] == ny.get(noegle, ("", "2"))[1]:
            continue
        vis = next(
            (
                b
                for b in (apps.get_model(n) for n in _AFTALEMODELLER)
                if model in foraelder_af(b) and (noegle[1], b._meta.label) in boern
            ),
            model if model._meta.label in _AFTALEMODELLER[1:] else None,
        )
        label = (vis or model)._meta.label
        a, b = gammel.get(noegle), ny.get(noegle)
        skift.append(
            Skift(model, (label, noegle[1]), felter(a[1]) if a else None,
                  felter(b[1]) if b else None, a[0] if a else "", b[0] if b else "", vis)
        )  # fmt: skip
    navngiv = Navngiver()
    for s in skift:
        if s.foer and s.efter:
            navngiv.saml(s.model, s.foer, s.efter)
    navngiv.hent()
    return aendringer(skift, navngiv, modelrang(FOELG))


def versioner_siden(
    aftale: models.Model, redigeringsnummer: int
) -> tuple[list[Version], Revision | None]:
    """For a conflict: the agreement's versions saved after the given edit number (newest
    first), and the revision the user's page was opened at (None if not recorded)."""
    from delaftaler.models import Aftale

    # The edit number lives on the parent table, so ask for the parent's versions.
    versioner = Version.objects.get_for_object_reference(Aftale, aftale.pk).select_related(
        "revision__user"
    )
    senere, grundlag = [], None
    for v in versioner:
        nummer = v.field_dict.get("redigeringsnummer") or 0
        if nummer > redigeringsnummer:
            senere.append(v)
        elif nummer == redigeringsnummer and grundlag is None:
            grundlag = v.revision
    return senere, grundlag
