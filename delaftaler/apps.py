from django.apps import AppConfig
from django.db import models


class DelaftalerConfig(AppConfig):
    name = "delaftaler"
    verbose_name = "Helhedsplaner og aftaler"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_save

        from delaftaler import signaler
        from delaftaler.dokumenter import baggrund
        from delaftaler.historik import registrer
        from delaftaler.models.version import registrer_sqlite_funktion

        registrer()
        pre_save.connect(normaliser_linjeskift, dispatch_uid="normaliser_linjeskift")
        signaler.forbind()
        baggrund.forbind()  # documents: render after each save, keys, the cache's table
        # The SQLite triggers of versions and their log ask this function (migration 0006).
        connection_created.connect(registrer_sqlite_funktion, dispatch_uid="lbf_vedligehold")


APPS = {"delaftaler", "indikatorer", "aktiviteter"}


def normaliser_linjeskift(
    sender: type[models.Model], instance: models.Model, **kwargs: object
) -> None:
    """Browsers send a textarea's line breaks as CRLF; the agreements' texts use LF."""
    if sender._meta.app_label not in APPS:
        return
    for felt in sender._meta.concrete_fields:
        if isinstance(felt, models.CharField | models.TextField):
            vaerdi = getattr(instance, felt.attname)
            if isinstance(vaerdi, str) and "\r" in vaerdi:
                setattr(instance, felt.attname, vaerdi.replace("\r\n", "\n").replace("\r", "\n"))
