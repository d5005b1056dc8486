"""The images of an agreement: /planer/<plan>/aftaler/<pk>/billeder/…"""

from django.urls import path

from billeder.views import sider

urlpatterns = [
    path("", sider.billeder, name="billeder"),
    path("<int:billede_pk>/", sider.billede, name="billede"),
]
