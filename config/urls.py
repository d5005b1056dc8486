from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from delaftaler import dokument_views, redigering_views, version_views, views

admin.site.site_header = "LBF-aftaler – administration"
admin.site.site_title = "LBF-aftaler"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", views.forside, name="forside"),
    path("log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("planer/<slug:plan>/aftaler/<int:pk>/", views.aftale, name="aftale"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/rediger/<slug:sektion>/",
        redigering_views.rediger_sektion,
        name="rediger_sektion",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/maal/<int:maal_pk>/",
        redigering_views.rediger_maal,
        name="rediger_maal",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/aktiviteter/<int:aktivitet_pk>/",
        redigering_views.rediger_aktivitet,
        name="rediger_aktivitet",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/historik/",
        redigering_views.historik_side,
        name="historik",
    ),
    path("planer/<slug:plan>/aftaler/<int:pk>/kopier/", redigering_views.kopier, name="kopier"),
    path("planer/<slug:plan>/omraader/", redigering_views.omraader, name="omraader"),
    path("planer/<slug:plan>/delaftaler/ny/", redigering_views.ny_delaftale, name="ny_delaftale"),
    path(
        "planer/<slug:plan>/strategisk-aftale/ny/",
        redigering_views.ny_strategisk_aftale,
        name="ny_strategisk_aftale",
    ),
    path("planer/<slug:plan>/aftaler/<int:pk>/pdf/", dokument_views.aftale_pdf, name="aftale_pdf"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/word/",
        dokument_views.aftale_docx,
        name="aftale_docx",
    ),
    path("planer/<slug:plan>/pdf/", dokument_views.helhedsplan_pdf, name="helhedsplan_pdf"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/versioner/",
        version_views.versionsliste,
        name="versioner",
    ),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/versioner/<int:nummer>/<str:fil>/",
        version_views.versionsfil,
        name="versionsfil",
    ),
    path("planer/<slug:plan>/aftaler/<int:pk>/behandl/", version_views.behandl, name="behandl"),
    path(
        "planer/<slug:plan>/aftaler/<int:pk>/sammenlign/",
        version_views.sammenlign,
        name="sammenlign",
    ),
    path("planer/<slug:plan>/lbf-eksport/", version_views.eksport, name="lbf_eksport_plan"),
    path("lbf-eksport/", version_views.eksport, name="lbf_eksport"),
    path("admin/", admin.site.urls),
]
