from django.apps import AppConfig


class OpfoelgningConfig(AppConfig):
    name = "opfoelgning"
    verbose_name = "Opfølgning: måltal, målinger og statusrapporter"

    def ready(self) -> None:
        # The targets are edited on an indicator's baseline page; delaftaler knows nothing
        # of this app but its models, so the app hands the page its part here.
        from delaftaler.redigering.undersider import Tillaeg, tilfoej_til_baselinesiden
        from opfoelgning.forms import maaltal

        tilfoej_til_baselinesiden(
            Tillaeg(maaltal.TITEL, maaltal.maaltal_form, maaltal.HJAELP, maaltal.SKABELON)
        )
