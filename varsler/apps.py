from django.apps import AppConfig


class VarslerConfig(AppConfig):
    name = "varsler"
    verbose_name = "E-mail-varsler"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from delaftaler.versioner.haendelser import behandlet
        from varsler.modtagelse import ved_behandling

        behandlet.connect(ved_behandling, dispatch_uid="varsler_ved_behandling")
