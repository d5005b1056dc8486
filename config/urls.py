from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from delaftaler import views

admin.site.site_header = "LBF-aftaler – administration"
admin.site.site_title = "LBF-aftaler"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", views.forside, name="forside"),
    path("log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("planer/<slug:plan>/aftaler/<int:pk>/", views.aftale, name="aftale"),
    path("admin/", admin.site.urls),
]
