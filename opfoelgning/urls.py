"""The follow-up's pages, all under a helhedsplan: /planer/<plan>/opfoelgning/…"""

from django.urls import path

from opfoelgning.views import indlaes, maalinger, oversigt, rapport

urlpatterns = [
    path("", oversigt.oversigt, name="opfoelgning"),
    path("frist/", oversigt.frist, name="statusfrist"),
    path("maal/<int:pk>/vurdering/<int:aar>/", oversigt.vurdering, name="vurdering"),
    path("indikatorer/<int:pk>/", maalinger.grid, name="maalinger"),
    path("indlaes/", indlaes.indlaes, name="indlaes_maalinger"),
    path("rapport/<int:aar>/", rapport.rapport, name="statusrapport"),
    path("rapport/<int:aar>/behandl/", rapport.behandl, name="statusrapport_behandl"),
    path("rapport/<int:aar>/fil/<str:fil>/", rapport.fil, name="statusrapport_fil"),
    path(
        "rapport/<int:aar>/godkendt/<int:nummer>/<str:fil>/",
        rapport.godkendt_fil,
        name="statusrapport_godkendt_fil",
    ),
]
