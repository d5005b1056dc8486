from django.contrib import admin

from aktiviteter.models import (
    Aktivitet,
    AktivitetCfbuType,
    CfbuType,
    Datatabel,
    DatatabelCelle,
    DatatabelKolonne,
    DatatabelRaekke,
    Element,
    Fase,
    Omfang,
    Rolle,
    UnderstoettetDelmaal,
)
from delaftaler.signaler import TaelOpAdmin


@admin.register(CfbuType)
class CfbuTypeAdmin(admin.ModelAdmin):
    search_fields = ["navn"]


class CfbuInline(admin.TabularInline):
    model = AktivitetCfbuType
    extra = 0
    autocomplete_fields = ["cfbu_type"]


class DelmaalInline(admin.TabularInline):
    model = UnderstoettetDelmaal
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the delmål of the activity's own delaftale.
        if db_field.name == "maal":
            from indikatorer.models import Maal

            aktivitet_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Maal.objects.filter(aftale__delaftale__aktiviteter=aktivitet_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ElementInline(admin.StackedInline):
    model = Element
    extra = 0


class RolleInline(admin.StackedInline):
    model = Rolle
    extra = 0


class FaseInline(admin.StackedInline):
    model = Fase
    extra = 0


class OmfangInline(admin.TabularInline):
    model = Omfang
    extra = 0


class DatatabelInline(admin.TabularInline):
    model = Datatabel
    extra = 0
    show_change_link = True


@admin.register(Aktivitet)
class AktivitetAdmin(TaelOpAdmin):
    aftale_sti = "delaftale"
    list_display = ["navn", "delaftale", "raekkefoelge"]
    list_filter = ["delaftale__helhedsplan", "cfbu_typer"]
    search_fields = ["navn", "formaal", "indhold_og_praksis"]
    list_select_related = ["delaftale__helhedsplan", "delaftale__indsatsomraade"]
    inlines = [
        CfbuInline,
        DelmaalInline,
        ElementInline,
        RolleInline,
        FaseInline,
        OmfangInline,
        DatatabelInline,
    ]


class KolonneInline(admin.TabularInline):
    model = DatatabelKolonne
    extra = 0


class RaekkeInline(admin.TabularInline):
    model = DatatabelRaekke
    extra = 0
    show_change_link = True


@admin.register(Datatabel)
class DatatabelAdmin(TaelOpAdmin):
    aftale_sti = "aktivitet__delaftale"
    list_display = ["titel", "aktivitet"]
    search_fields = ["titel"]
    inlines = [KolonneInline, RaekkeInline]


class CelleInline(admin.TabularInline):
    model = DatatabelCelle
    extra = 0


@admin.register(DatatabelRaekke)
class DatatabelRaekkeAdmin(TaelOpAdmin):
    aftale_sti = "tabel__aktivitet__delaftale"
    list_display = ["etiket", "tabel", "total"]
    inlines = [CelleInline]


@admin.register(Element)
class ElementAdmin(TaelOpAdmin):
    aftale_sti = "aktivitet__delaftale"
    list_display = ["element", "aktivitet"]
    search_fields = ["element", "indhold"]


@admin.register(Rolle)
class RolleAdmin(TaelOpAdmin):
    aftale_sti = "aktivitet__delaftale"
    list_display = ["part", "aktivitet"]
    search_fields = ["part", "tekst"]


@admin.register(Fase)
class FaseAdmin(TaelOpAdmin):
    aftale_sti = "aktivitet__delaftale"
    list_display = ["navn", "periode", "aktivitet"]
    search_fields = ["navn", "beskrivelse"]


@admin.register(Omfang)
class OmfangAdmin(TaelOpAdmin):
    aftale_sti = "aktivitet__delaftale"
    list_display = ["beskrivelse", "antal", "pr", "hver", "aktivitet"]
    list_filter = ["pr", "kvalifikator"]
    search_fields = ["beskrivelse", "enhed"]


@admin.register(AktivitetCfbuType)
class AktivitetCfbuTypeAdmin(TaelOpAdmin):
    aftale_sti = "aktivitet__delaftale"
    list_display = ["cfbu_type", "aktivitet", "raekkefoelge"]
    list_filter = ["cfbu_type"]
    search_fields = ["cfbu_type__navn", "aktivitet__navn"]


@admin.register(UnderstoettetDelmaal)
class UnderstoettetDelmaalAdmin(TaelOpAdmin):
    aftale_sti = "aktivitet__delaftale"
    list_display = ["maal", "aktivitet", "raekkefoelge"]
    search_fields = ["maal__navn", "aktivitet__navn"]


@admin.register(DatatabelKolonne)
class DatatabelKolonneAdmin(TaelOpAdmin):
    aftale_sti = "tabel__aktivitet__delaftale"
    list_display = ["overskrift", "aar", "tabel"]
    search_fields = ["overskrift"]


@admin.register(DatatabelCelle)
class DatatabelCelleAdmin(TaelOpAdmin):
    aftale_sti = "raekke__tabel__aktivitet__delaftale"
    list_display = ["raekke", "kolonne", "vaerdi"]
    search_fields = ["raekke__etiket", "kolonne__overskrift"]
