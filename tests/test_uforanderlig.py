"""The approved version is what the board approved, and the database keeps it as it was.

Issue 10, points 5 and 6: approval of content the board did not see is refused, whatever
path the change took; versions and their log cannot be changed or lost, not by the ORM,
the admin, raw SQL, nor (on PostgreSQL) by an app role that does not own the tables.
"""

import datetime
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaftaler import versioner
from delaftaler.models import (
    Behandling,
    Delaftale,
    Helhedsplan,
    Omraade,
    Organisation,
    Part,
    Uforanderlig,
    Version,
)
from delaftaler.models.version import vedligehold
from delaftaler.redigering.formdata import formdata
from tests.conftest import bruger

pytestmark = pytest.mark.django_db

PLAN = "randers-2025-29"

MOEDE = datetime.date(2026, 11, 20)
POSTGRES = connection.vendor == "postgresql"
TABELLER = {
    "delaftaler_version": "En godkendt version kan ikke ændres eller slettes.",
    "delaftaler_behandling": "Behandlingsloggen kan ikke ændres eller slettes.",
}


@pytest.fixture
def superbruger():
    return get_user_model().objects.create_superuser("admin", "admin@example.dk", "admin-1234")


def raa_sql(sql, params=()):
    """Run raw SQL that the database must refuse; returns the database's message."""
    with pytest.raises(DatabaseError) as fejl, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(fejl.value)


def antal():
    return Version.objects.count(), Behandling.objects.count()


def tael(aftale):
    return Delaftale.objects.values_list("redigeringsnummer", flat=True).get(pk=aftale.pk)


# Point 6: the database refuses, whoever asks.


def test_the_triggers_exist_after_all_migrations():
    # SQLite drops a table's triggers when a migration rebuilds it: this notices.
    with connection.cursor() as c:
        if POSTGRES:
            c.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        navne = {r[0] for r in c.fetchall()}
    for tabel in TABELLER:
        slags = ["uforanderlig", "ingen_truncate"] if POSTGRES else ["ingen_update", "ingen_delete"]
        assert {f"{tabel}_{s}" for s in slags} <= navne
    assert "delaftaler_version_naeste_nummer" in navne


@pytest.mark.parametrize("tabel", TABELLER)
@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM {t}",
        "DELETE FROM {t} WHERE id = (SELECT MIN(id) FROM {t})",
        "UPDATE {t} SET kommentar = 'x'",
        "TRUNCATE {t} CASCADE",
    ],
)
def test_raw_sql_cannot_delete_update_or_truncate_versions_or_their_log(tabel, sql):
    if sql.startswith("TRUNCATE") and not POSTGRES:
        pytest.skip("SQLite has no TRUNCATE")
    if tabel == "delaftaler_version":
        sql = sql.replace("kommentar", "beslutning")
    foer = antal()
    assert TABELLER[tabel] in raa_sql(sql.format(t=tabel))
    assert antal() == foer


def test_even_maintenance_cannot_change_a_version_or_a_log_entry():
    with vedligehold():
        for tabel in TABELLER:
            assert TABELLER[tabel] in raa_sql(f"UPDATE {tabel} SET aftale_id = aftale_id")


def test_a_version_cannot_be_deleted_and_replaced_by_a_forged_one(randers):
    v1 = Version.objects.get(aftale=randers, nummer=1)
    raa_sql("DELETE FROM delaftaler_version WHERE id = %s", [v1.pk])
    felter = {
        f.name: getattr(v1, f.name)
        for f in Version._meta.concrete_fields
        if f.name not in ("id", "aftale")
    }
    # The same number again: the uniqueness holds.
    with pytest.raises(DatabaseError), transaction.atomic():
        Version.objects.create(aftale=randers, **{**felter, "json": "{}"})
    # A number below the newest (a gap left by a restore): the insert check refuses it.
    versioner.gendan(
        randers,
        nummer=3,
        tekst=v1.json,
        indhold_pdf=bytes(v1.pdf),
        indhold_docx=bytes(v1.docx),
        moededato=MOEDE,
        lbf_dato=None,
        beslutning="Gendannet",
    )
    with pytest.raises(DatabaseError, match="højere nummer"), transaction.atomic():
        Version.objects.create(aftale=randers, **{**felter, "nummer": 2, "json": "{}"})
    assert list(randers.versioner.values_list("nummer", flat=True)) == [3, 1]
    assert Version.objects.get(pk=v1.pk).json == v1.json


def test_the_model_refuses_to_change_or_delete_a_log_entry(randers):
    b = randers.behandlinger.first()
    b.kommentar = "Omskrevet"
    for forsoeg in (
        b.save,
        b.delete,
        lambda: Behandling.objects.filter(pk=b.pk).update(kommentar="x"),
        lambda: Behandling.objects.filter(pk=b.pk).delete(),
    ):
        with pytest.raises(Uforanderlig, match="Behandlingsloggen"):
            forsoeg()
    assert Behandling.objects.get(pk=b.pk).kommentar != "Omskrevet"


def test_deleting_an_agreement_or_plan_with_versions_is_refused_and_deletes_nothing(randers):
    foer = antal(), Delaftale.objects.count(), Omraade.objects.count()
    plan = randers.helhedsplan
    for forsoeg in (
        randers.delete,
        plan.delete,
        lambda: Delaftale.objects.filter(pk=randers.pk).delete(),
        lambda: Helhedsplan.objects.filter(pk=plan.pk).delete(),
    ):
        with pytest.raises(ProtectedError), transaction.atomic():
            forsoeg()
    assert (antal(), Delaftale.objects.count(), Omraade.objects.count()) == foer


def test_an_agreement_with_only_a_log_is_kept_too(randers):
    from delaftaler.dataformat import kopier_aftale

    kopi = kopier_aftale(
        randers, randers.helhedsplan, datetime.date(2026, 1, 1), datetime.date(2027, 1, 1), None
    )
    versioner.indsend(kopi, bruger("leder"))
    with pytest.raises(ProtectedError), transaction.atomic():
        kopi.delete()
    assert Delaftale.objects.filter(pk=kopi.pk).exists()


@pytest.mark.parametrize("model", [Version, Behandling])
def test_the_admin_shows_versions_and_the_log_and_changes_nothing(client, superbruger, model):
    client.force_login(superbruger)
    objekt = model.objects.first()
    navn = f"admin:delaftaler_{model._meta.model_name}"
    side = client.get(reverse(f"{navn}_change", args=[objekt.pk]))
    assert side.status_code == 200 and 'name="_save"' not in side.content.decode()
    foer = antal()
    assert client.post(reverse(f"{navn}_change", args=[objekt.pk]), {}).status_code == 403
    assert (
        client.post(reverse(f"{navn}_delete", args=[objekt.pk]), {"post": "yes"}).status_code == 403
    )
    assert client.post(reverse(f"{navn}_add"), {}).status_code == 403
    svar = client.post(
        reverse(f"{navn}_changelist"),
        {"action": "delete_selected", "_selected_action": [objekt.pk], "post": "yes"},
    )
    assert svar.status_code in (200, 302)
    assert antal() == foer


def test_the_admin_cannot_delete_an_agreement_or_plan_that_has_versions(
    client, superbruger, randers
):
    client.force_login(superbruger)
    foer = antal(), Delaftale.objects.count()
    for url in (
        reverse("admin:delaftaler_delaftale_delete", args=[randers.pk]),
        reverse("admin:delaftaler_helhedsplan_delete", args=[randers.helhedsplan.pk]),
    ):
        svar = client.post(url, {"post": "yes"})
        assert svar.status_code == 200  # Django's page naming the protected objects
        assert "godkendt version" in svar.content.decode()
    assert (antal(), Delaftale.objects.count()) == foer


# Point 5: the board approves exactly what was submitted.


def _aendret(aftale):
    """A change of the draft: an unchanged draft cannot be sent (issue 12)."""
    type(aftale).objects.filter(pk=aftale.pk).update(revision="Revideret revisionstekst")
    return aftale


def test_submit_then_approve_freezes_exactly_what_was_submitted(randers):
    indsendelse = versioner.indsend(_aendret(randers), bruger("leder"))
    assert indsendelse.kontrolsum == versioner.kontrolsum(randers)
    v = versioner.godkend(randers, bruger("bestyrelse"), MOEDE)
    assert v.nummer == 2 and v.kontrolsum == indsendelse.kontrolsum
    assert hashlib.sha256(v.json.encode()).hexdigest() == indsendelse.kontrolsum


def _afvist(randers):
    foer = antal()
    with pytest.raises(versioner.Afvist, match="ændret, efter den blev sendt"):
        versioner.godkend(randers, bruger("bestyrelse"), MOEDE)
    assert Version.objects.count() == foer[0]


def test_renaming_an_area_after_submission_is_not_approved(randers):
    versioner.indsend(_aendret(randers), bruger("leder"))
    foer = tael(randers)
    omraade = randers.helhedsplan.omraader.get(navn="Vangdalen")
    omraade.navn = "Vangdalen Øst"
    with CaptureQueriesContext(connection) as sql:
        omraade.save()
    opdateringer = [q for q in sql.captured_queries if 'UPDATE "delaftaler_aftale"' in q["sql"]]
    assert len(opdateringer) == 1  # every agreement of the plan, in one query
    assert tael(randers) == foer + 1
    _afvist(randers)


def test_renaming_an_organisation_after_submission_is_not_approved(randers):
    versioner.indsend(_aendret(randers), bruger("leder"))
    foer = tael(randers)
    org = randers.helhedsplan.boligorganisationer.first()
    org.navn = org.navn + " (nyt navn)"
    org.save()
    assert tael(randers) == foer + 1
    _afvist(randers)


def test_a_change_of_the_plans_housing_organisations_moves_the_counter(randers):
    foer = tael(randers)
    plan = randers.helhedsplan
    plan.boligorganisationer.add(Organisation.objects.create(navn="Ny boligorganisation"))
    assert tael(randers) == foer + 1
    plan.navn = "Randers, nyt navn"
    plan.save()
    assert tael(randers) == foer + 2


def test_a_change_behind_the_apps_back_is_caught_by_the_checksum(randers):
    # Raw SQL moves no counter: only the checksum of the submission sees it.
    versioner.indsend(_aendret(randers), bruger("leder"))
    with connection.cursor() as c:
        c.execute(
            "UPDATE delaftaler_part SET titel = 'Forfalsket' WHERE id = %s",
            [randers.parter.first().pk],
        )
    _afvist(randers)


def test_a_submission_without_a_checksum_must_be_sent_again(randers):
    # As submitted before submissions recorded their checksum.
    Behandling.objects.create(
        aftale=randers, art=Behandling.Art.INDSENDT, redigeringsnummer=randers.redigeringsnummer
    )
    with pytest.raises(versioner.Afvist, match="trække den tilbage og sende den igen"):
        versioner.godkend(randers, bruger("bestyrelse"), MOEDE)
    assert randers.versioner.count() == 1


def test_an_admin_edit_of_a_submitted_draft_moves_the_counter_and_is_not_approved(
    client, superbruger, randers
):
    versioner.indsend(_aendret(randers), bruger("leder"))
    foer = tael(randers)
    client.force_login(superbruger)
    part = randers.parter.first()
    url = reverse("admin:delaftaler_part_change", args=[part.pk])
    data = formdata(client.get(url).content.decode())
    data["titel"] = "Ændret i admin"
    assert client.post(url, data).status_code == 302
    assert Part.objects.get(pk=part.pk).titel == "Ændret i admin"
    assert tael(randers) == foer + 1
    _afvist(randers)


def test_an_admin_edit_of_an_inline_row_moves_the_agreements_counter(client, superbruger, randers):
    client.force_login(superbruger)
    maal = randers.maal.first()
    url = reverse("admin:indikatorer_maal_change", args=[maal.pk])
    data = formdata(client.get(url).content.decode())
    felt = next(k for k in data if k.startswith("indikatorer-0-") and k.endswith("-navn"))
    data[felt] = "Indikator ændret i admin"
    foer = tael(randers)
    assert client.post(url, data).status_code == 302
    assert tael(randers) == foer + 1
    assert maal.indikatorer.filter(navn="Indikator ændret i admin").exists()


# PostgreSQL: the app's database role, and two people at once.

kun_postgres = pytest.mark.skipif(not POSTGRES, reason="roller og samtidighed: PostgreSQL")


def _forbind(**ekstra):
    import psycopg

    d = connection.settings_dict
    return psycopg.connect(
        host=d["HOST"] or "127.0.0.1",
        port=d["PORT"] or 5432,
        dbname=d["NAME"],
        user=ekstra.pop("user", d["USER"]),
        password=ekstra.pop("password", d["PASSWORD"] or None),
        autocommit=True,
        **ekstra,
    )


@pytest.fixture
def app_rolle():
    """A role as the README tells production to use: it owns no table."""
    import uuid

    navn = f"lbf_app_{uuid.uuid4().hex[:8]}"
    with _forbind() as ejer:
        ejer.execute(f"CREATE ROLE {navn} LOGIN PASSWORD 'app-1234'")
        ejer.execute(f'GRANT CONNECT ON DATABASE "{connection.settings_dict["NAME"]}" TO {navn}')
        ejer.execute(f"GRANT USAGE ON SCHEMA public TO {navn}")
        ejer.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {navn}"
        )
        ejer.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {navn}")
        # A schema of its own, to try to shadow the functions the triggers call.
        ejer.execute(f"CREATE SCHEMA {navn}_eget AUTHORIZATION {navn}")
    try:
        yield navn
    finally:
        with _forbind() as ejer:
            ejer.execute(f"DROP SCHEMA IF EXISTS {navn}_eget CASCADE")
            ejer.execute(f"DROP OWNED BY {navn}")
            ejer.execute(f"DROP ROLE {navn}")


def _naegtes(app, sql):
    import psycopg

    with pytest.raises(psycopg.Error) as fejl, app.transaction():
        app.execute(sql)
    return str(fejl.value)


@kun_postgres
def test_the_app_role_cannot_remove_change_or_unprotect_the_history(app_rolle):
    with _forbind() as ejer:
        foer = ejer.execute("SELECT count(*) FROM delaftaler_version").fetchone()
    with _forbind(user=app_rolle, password="app-1234") as app:
        app.execute("SET lock_timeout = '5s'")
        for tabel, besked in TABELLER.items():
            assert besked in _naegtes(app, f"DELETE FROM {tabel}")
            assert besked in _naegtes(app, f"UPDATE {tabel} SET aftale_id = aftale_id")
            assert "permission denied" in _naegtes(app, f"TRUNCATE {tabel} CASCADE")
            for sql in (
                f"DROP TRIGGER {tabel}_uforanderlig ON {tabel}",
                f"ALTER TABLE {tabel} DISABLE TRIGGER ALL",
                f"ALTER TABLE {tabel} DISABLE TRIGGER {tabel}_uforanderlig",
            ):
                assert "must be owner" in _naegtes(app, sql)
        assert "permission denied" in _naegtes(app, "SET session_replication_role = replica")
        assert "must be owner" in _naegtes(app, "DROP FUNCTION delaftaler_uforanderlig()")
        # The maintenance setting is the owner's: the app role may set it, it opens nothing.
        app.execute("SELECT set_config('lbf.vedligehold', 'on', false)")
        assert TABELLER["delaftaler_version"] in _naegtes(app, "DELETE FROM delaftaler_version")
        # Nor do functions of its own in front of pg_catalog.
        eget = f"{app_rolle}_eget"
        app.execute(
            f"CREATE FUNCTION {eget}.current_setting(text, boolean) RETURNS text "
            "LANGUAGE sql AS $$ SELECT 'on' $$"
        )
        app.execute(
            f"CREATE FUNCTION {eget}.pg_has_role(name, oid, text) RETURNS boolean "
            "LANGUAGE sql AS $$ SELECT true $$"
        )
        app.execute(f"SET search_path = {app_rolle}_eget, pg_catalog, public")
        assert TABELLER["delaftaler_version"] in _naegtes(app, "DELETE FROM delaftaler_version")
    with _forbind() as ejer:
        assert ejer.execute("SELECT count(*) FROM delaftaler_version").fetchone() == foer
        # With TRUNCATE granted, the trigger still refuses it (the approvals waiting for a
        # version reference both tables, so they are truncated with them).
        alle = ", ".join([*TABELLER, "delaftaler_godkendelsesordre"])
        ejer.execute(f"GRANT TRUNCATE ON {alle} TO {app_rolle}")
    with _forbind(user=app_rolle, password="app-1234") as app:
        app.execute("SET lock_timeout = '5s'")
        besked = _naegtes(app, f"TRUNCATE {alle}")
        assert any(b in besked for b in TABELLER.values()), besked


@pytest.fixture
def samtidig(transactional_db, settings):
    """Two people at once need two connections and committed data; a transactional test
    ends with an empty database, so the demo data is put back first (as test_e2e does)."""
    import importlib
    import io

    from django.apps import apps as django_apps
    from django.core.management import call_command

    from delaftaler.models import Fondsperiode

    if not Fondsperiode.objects.exists():
        importlib.import_module("delaftaler.migrations.0003_fondsperioder").opret(django_apps, None)
    call_command("load_demo", "--tillad-demo-brugere", stdout=io.StringIO())
    settings.PDF_TIDSGRAENSE = 120  # rendering is not what is tested here


def _paa_en_gang(*opgaver):
    """Run the callables in threads released together; their results or exceptions."""
    import threading

    from django.db import connections

    start = threading.Barrier(len(opgaver))
    udfald: list = [None] * len(opgaver)

    def koer(i, opgave):
        try:
            start.wait()
            udfald[i] = opgave()
        except Exception as fejl:  # noqa: BLE001 - the outcome is the test's to judge
            udfald[i] = fejl
        finally:
            connections.close_all()

    traade = [threading.Thread(target=koer, args=(i, o)) for i, o in enumerate(opgaver)]
    for t in traade:
        t.start()
    for t in traade:
        t.join(timeout=120)
    return udfald


@kun_postgres
def test_two_board_members_approving_at_once_make_exactly_one_version(samtidig):
    randers = Delaftale.objects.get(helhedsplan__slug=PLAN)
    versioner.indsend(_aendret(randers), bruger("leder"))
    bestyrelse = bruger("bestyrelse")
    udfald = _paa_en_gang(
        *[lambda: versioner.godkend(randers, bestyrelse, MOEDE) for _ in range(2)]
    )
    versioner_ = [u for u in udfald if isinstance(u, Version)]
    afvist = [u for u in udfald if isinstance(u, versioner.Afvist)]
    assert len(versioner_) == 1 and len(afvist) == 1, udfald
    assert "ikke sendt til bestyrelsen" in str(afvist[0])
    assert list(randers.versioner.values_list("nummer", flat=True)) == [2, 1]
    arter = list(randers.behandlinger.values_list("art", flat=True))
    assert arter.count(Behandling.Art.GODKENDT) == 2  # version 1 and the one new


@kun_postgres
def test_two_editors_saving_at_once_one_wins_the_other_gets_the_conflict(samtidig):
    from django.test import Client

    randers = Delaftale.objects.get(helhedsplan__slug=PLAN)
    kollega = get_user_model().objects.create_user("kollega2", first_name="Kim")
    randers.helhedsplan.medlemskaber.create(bruger=kollega, rolle="redaktoer")
    url = reverse("rediger_sektion", args=[PLAN, randers.pk, "tekster"])
    klienter, data = [], []
    for person, felt, tekst in (
        (bruger("leder"), "t-revision", "Lenes revision"),
        (kollega, "t-bemaerkninger", "Kims bemærkning"),
    ):
        k = Client()
        k.force_login(person)
        d = formdata(k.get(url).content.decode())  # both open the same state
        d[felt] = tekst
        klienter.append(k)
        data.append(d)
    udfald = _paa_en_gang(
        *[lambda k=k, d=d: k.post(url, d) for k, d in zip(klienter, data, strict=True)]
    )
    assert sorted(s.status_code for s in udfald) == [302, 409], udfald
    randers.refresh_from_db()
    vinder = [s.status_code for s in udfald].index(302)
    # The winner's text is saved; the other's is not, and nothing was overwritten unseen.
    assert (randers.revision == "Lenes revision") == (vinder == 0)
    assert (randers.bemaerkninger == "Kims bemærkning") == (vinder == 1)
    assert randers.redigeringsnummer == int(data[0]["redigeringsnummer"]) + 1
