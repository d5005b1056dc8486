"""Administration of every model, for administrators; leaders edit in the app itself."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aktiviteter.models import Aktivitet
from delaftaler.admin import historik  # noqa: F401 - registers the history's read-only pages
from delaftaler.models import (
    Afsnit,
    Aftale,
    Bestyrelsesmedlem,
    Delaftale,
    Fodnote,
    Fondsperiode,
    Helhedsplan,
    Indsatsomraade,
    Medarbejderressource,
    Medlemskab,
    Medlemslog,
    Omraade,
    Organisation,
    Part,
    Politikraekke,
    Politiktabel,
    StrategiskAftale,
    ValgtIndsatsomraade,
)
from delaftaler.signaler import TaelOpAdmin
from indikatorer.models import Maal


class IndsatsomraadeInline(admin.TabularInline):
    model = Indsatsomraade
    extra = 0
    prepopulated_fields = {"slug": ("navn",)}


@admin.register(Fondsperiode)
class FondsperiodeAdmin(admin.ModelAdmin):
    list_display = ["navn", "kode", "start_aar", "slut_aar"]
    inlines = [IndsatsomraadeInline]


@admin.register(Indsatsomraade)
class IndsatsomraadeAdmin(admin.ModelAdmin):
    list_display = ["navn", "fondsperiode", "raekkefoelge"]
    list_filter = ["fondsperiode"]
    search_fields = ["navn"]
    prepopulated_fields = {"slug": ("navn",)}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["navn", "type"]
    list_filter = ["type"]
    search_fields = ["navn"]


class OmraadeInline(admin.TabularInline):
    model = Omraade
    extra = 0
    fk_name = "helhedsplan"
    autocomplete_fields = ["organisation"]


class MedlemskabInline(admin.TabularInline):
    model = Medlemskab
    extra = 0
    autocomplete_fields = ["bruger"]


@admin.register(Helhedsplan)
class HelhedsplanAdmin(admin.ModelAdmin):
    list_display = ["navn", "slug", "kommune", "fondsperiode", "gaelder_fra", "gaelder_til"]
    list_filter = ["fondsperiode", "kommune"]
    search_fields = ["navn", "slug", "kommune__navn", "boligorganisationer__navn"]
    prepopulated_fields = {"slug": ("navn",)}
    filter_horizontal = ["boligorganisationer"]
    inlines = [OmraadeInline, MedlemskabInline]
    actions = ["opret_naeste_periode"]

    @admin.action(description="Opret helhedsplanen for næste periode (områder og organisationer)")
    def opret_naeste_periode(self, request: HttpRequest, queryset: Any) -> None:
        from django.urls import reverse
        from django.utils.html import format_html

        from delaftaler.naeste_periode import naeste_periode

        for plan in queryset:
            ny = naeste_periode(plan)
            url = reverse("admin:delaftaler_helhedsplan_change", args=[ny.pk])
            self.message_user(
                request, format_html('Oprettet: <a href="{}">{}</a> ({})', url, ny.slug, ny.periode)
            )


@admin.register(Medlemslog)
class MedlemslogAdmin(admin.ModelAdmin):
    """The log the plans' administrators write in the app: read only."""

    list_display = ["tidspunkt", "helhedsplan", "udfoert_af_navn", "medlem", "beskrivelse"]
    list_filter = ["handling", "helhedsplan"]
    search_fields = ["medlem", "udfoert_af_navn", "beskrivelse", "helhedsplan__navn"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Omraade)
class OmraadeAdmin(admin.ModelAdmin):
    list_display = ["navn", "type", "helhedsplan", "organisation", "overordnet"]
    list_filter = ["type", "helhedsplan"]
    search_fields = ["navn", "helhedsplan__navn"]
    list_select_related = ["helhedsplan", "organisation", "overordnet"]


@admin.register(Medlemskab)
class MedlemskabAdmin(admin.ModelAdmin):
    list_display = ["bruger", "helhedsplan", "rolle"]
    list_filter = ["rolle", "helhedsplan"]
    search_fields = [
        "bruger__username",
        "bruger__first_name",
        "bruger__last_name",
        "helhedsplan__navn",
    ]
    autocomplete_fields = ["bruger", "helhedsplan"]
    list_select_related = ["bruger", "helhedsplan"]


class PartInline(admin.StackedInline):
    model = Part
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = [
        ("raekkefoelge", "navn"),
        ("organisation", "enhed", "titel"),
        "beskrivelse",
        ("underskrift_dato", "underskrift_navn"),
    ]


class FodnoteInline(admin.TabularInline):
    model = Fodnote
    extra = 0


class MaalInline(admin.StackedInline):
    model = Maal
    extra = 0
    show_change_link = True
    fields = ["raekkefoelge", "navn", "maalsaetning"]


class AktivitetLinkInline(admin.TabularInline):
    model = Aktivitet
    fk_name = "delaftale"
    extra = 0
    show_change_link = True
    fields = ["raekkefoelge", "navn", "beskrevet_i"]


class MedarbejderressourceInline(admin.TabularInline):
    model = Medarbejderressource
    extra = 0
    fields = [
        "raekkefoelge",
        "funktion",
        "arbejdsgiver",
        "kontrakt_timer_uge",
        "maengde",
        "enhed",
        "varighed_aar",
        "aktivitet",
        "bemaerkning",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the activities of the delaftale being edited.
        if db_field.name == "aktivitet":
            aftale_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Aktivitet.objects.filter(delaftale_id=aftale_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AftaleAdmin(TaelOpAdmin):
    aftale_sti = "pk"
    list_filter = ["helhedsplan"]
    # The edit counter is the conflict check's and the board's: never typed by hand.
    readonly_fields = ["oprettet", "aendret", "aendret_af", "redigeringsnummer"]
    list_select_related = ["helhedsplan"]
    date_hierarchy = "gaelder_fra"

    def save_model(self, request, obj, form, change):
        obj.aendret_af = request.user
        super().save_model(request, obj, form, change)


@admin.register(Delaftale)
class DelaftaleAdmin(AftaleAdmin):
    list_display = ["__str__", "indsatsomraade", "gaelder_fra", "gaelder_til", "aendret"]
    list_filter = ["helhedsplan", "indsatsomraade"]
    search_fields = ["indsatsnavn", "helhedsplan__navn", "indsatsomraade__navn"]
    list_select_related = ["helhedsplan", "indsatsomraade"]
    inlines = [
        PartInline,
        MaalInline,
        AktivitetLinkInline,
        MedarbejderressourceInline,
        FodnoteInline,
    ]
    fieldsets = [
        (None, {"fields": ["helhedsplan", "indsatsomraade", "indsatsnavn", "motto"]}),
        ("Periode", {"fields": [("gaelder_fra", "gaelder_til")]}),
        (
            "Indhold",
            {
                "fields": [
                    "parter_tekst",
                    "aktiviteter_tekst",
                    "vaegtning_procent",
                    "ressourcer_tekst",
                    "kommunal_sammenhaeng",
                    "bemaerkninger",
                    "revision",
                ]
            },
        ),
        ("Ændringer", {"fields": ["oprettet", "aendret", "aendret_af", "redigeringsnummer"]}),
    ]


class PolitiktabelInline(admin.StackedInline):
    model = Politiktabel
    extra = 0
    show_change_link = True


class AfsnitInline(admin.StackedInline):
    model = Afsnit
    extra = 0


class BestyrelsesmedlemInline(admin.TabularInline):
    model = Bestyrelsesmedlem
    extra = 0
    autocomplete_fields = ["organisation"]


class ValgtIndsatsomraadeInline(admin.StackedInline):
    model = ValgtIndsatsomraade
    extra = 0


@admin.register(StrategiskAftale)
class StrategiskAftaleAdmin(AftaleAdmin):
    list_display = ["__str__", "gaelder_fra", "gaelder_til", "aendret"]
    search_fields = ["omraadets_navn", "helhedsplan__navn"]
    inlines = [
        PartInline,
        PolitiktabelInline,
        AfsnitInline,
        BestyrelsesmedlemInline,
        MaalInline,
        ValgtIndsatsomraadeInline,
        FodnoteInline,
    ]


class PolitikraekkeInline(admin.StackedInline):
    model = Politikraekke
    extra = 0
    filter_horizontal = ["maal"]


@admin.register(Politiktabel)
class PolitiktabelAdmin(TaelOpAdmin):
    list_display = ["titel", "aftale"]
    search_fields = ["titel"]
    inlines = [PolitikraekkeInline]


@admin.register(Part)
class PartAdmin(TaelOpAdmin):
    list_display = ["__str__", "aftale"]
    search_fields = ["navn", "enhed", "titel", "organisation__navn"]
    list_filter = ["aftale__helhedsplan"]
    autocomplete_fields = ["organisation"]


@admin.register(Medarbejderressource)
class MedarbejderressourceAdmin(TaelOpAdmin):
    aftale_sti = "delaftale"
    list_display = ["funktion", "andel_tekst", "omregnet_tekst", "delaftale"]
    list_filter = ["enhed", "delaftale__helhedsplan"]
    search_fields = ["funktion", "arbejdsgiver"]
    list_select_related = ["delaftale__helhedsplan", "delaftale__indsatsomraade"]


@admin.register(Aftale)
class AlleAftalerAdmin(TaelOpAdmin):
    """Both kinds of agreement in one list; each opens in its own admin."""

    aftale_sti = "pk"
    list_display = ["__str__", "helhedsplan", "gaelder_fra", "gaelder_til", "aendret", "aendret_af"]
    list_filter = ["helhedsplan"]
    search_fields = [
        "helhedsplan__navn",
        "delaftale__indsatsnavn",
        "strategiskaftale__omraadets_navn",
    ]
    list_select_related = [
        "helhedsplan",
        "aendret_af",
        "delaftale__indsatsomraade",
        "strategiskaftale",
    ]
    readonly_fields = ["oprettet", "aendret", "aendret_af", "redigeringsnummer"]


@admin.register(Fodnote)
class FodnoteAdmin(TaelOpAdmin):
    list_display = ["nummer", "tekst", "aftale"]
    list_filter = ["aftale__helhedsplan"]
    search_fields = ["tekst"]


@admin.register(Afsnit)
class AfsnitAdmin(TaelOpAdmin):
    list_display = ["__str__", "sektion", "slags", "aftale"]
    list_filter = ["sektion", "slags"]
    search_fields = ["overskrift", "tekst"]


@admin.register(Bestyrelsesmedlem)
class BestyrelsesmedlemAdmin(TaelOpAdmin):
    list_display = ["__str__", "aftale"]
    search_fields = ["funktion", "titel", "navn", "organisation__navn"]
    autocomplete_fields = ["organisation"]


@admin.register(ValgtIndsatsomraade)
class ValgtIndsatsomraadeAdmin(TaelOpAdmin):
    list_display = ["indsatsomraade", "aftale"]
    list_filter = ["indsatsomraade"]
    search_fields = ["problemkompleks", "primaer_maalgruppe"]


@admin.register(Politikraekke)
class PolitikraekkeAdmin(TaelOpAdmin):
    aftale_sti = "tabel__aftale"
    list_display = ["titel", "tabel"]
    search_fields = ["titel", "tekst", "hoejre_tekst"]
    filter_horizontal = ["maal"]
