from django.apps import AppConfig
from django.db import models


class DelaftalerConfig(AppConfig):
    name = "delaftaler"
    verbose_name = "Helhedsplaner og aftaler"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from delaftaler.historik import registrer

        registrer()
        pre_save.connect(normaliser_linjeskift, dispatch_uid="normaliser_linjeskift")


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
