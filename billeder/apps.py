from django.apps import AppConfig


class BillederConfig(AppConfig):
    name = "billeder"
    verbose_name = "Billeder i aftalerne"

    def ready(self) -> None:
        from billeder import signaler  # noqa: F401 (the signals module, connected below)

        signaler.forbind()
        from billeder.dataformat import TILLAEG
        from delaftaler.dataformat import tillaeg

        tillaeg.registrer(TILLAEG)
