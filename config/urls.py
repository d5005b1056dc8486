from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from delaftaler.views import aftale, dokumenter, oprettelse, redigering, versioner

admin.site.site_header = "LBF-aftaler – administration"
admin.site.site_title = "LBF-aftaler"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", aftale.forside, name="forside"),
    path("log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("planer/<slug:plan>/aftaler/<int:pk>/", aftale.aftale, name="aftale"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/rediger/<slug:sektion>/",
        redigering.rediger_sektion,
        name="rediger_sektion",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/maal/<int:maal_pk>/",
        redigering.rediger_maal,
        name="rediger_maal",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/maal/<int:maal_pk>/indikatorer/<int:indikator_pk>/",
        redigering.rediger_baselines,
        name="rediger_baselines",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/aktiviteter/<int:aktivitet_pk>/",
        redigering.rediger_aktivitet,
        name="rediger_aktivitet",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/historik/",
        redigering.historik_side,
        name="historik",
    ),
    path("planer/<slug:plan>/aftaler/<int:pk>/kopier/", oprettelse.kopier, name="kopier"),
    path("planer/<slug:plan>/omraader/", redigering.omraader, name="omraader"),
    path("planer/<slug:plan>/delaftaler/ny/", oprettelse.ny_delaftale, name="ny_delaftale"),
    path(
        "planer/<slug:plan>/strategisk-aftale/ny/",
        oprettelse.ny_strategisk_aftale,
        name="ny_strategisk_aftale",
    ),
    path("planer/<slug:plan>/aftaler/<int:pk>/pdf/", dokumenter.aftale_pdf, name="aftale_pdf"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/word/",
        dokumenter.aftale_docx,
        name="aftale_docx",
    ),
    path("planer/<slug:plan>/pdf/", dokumenter.helhedsplan_pdf, name="helhedsplan_pdf"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/versioner/",
        versioner.versionsliste,
        name="versioner",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/versioner/<int:nummer>/<str:fil>/",
        versioner.versionsfil,
        name="versionsfil",
    ),
    path("planer/<slug:plan>/aftaler/<int:pk>/behandl/", versioner.behandl, name="behandl"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/sammenlign/",
        versioner.sammenlign,
        name="sammenlign",
    ),
    path("planer/<slug:plan>/lbf-eksport/", versioner.eksport, name="lbf_eksport_plan"),
    path("lbf-eksport/", versioner.eksport, name="lbf_eksport"),
    path("planer/<slug:plan>/opfoelgning/", include("opfoelgning.urls")),
    path("admin/", admin.site.urls),
]
