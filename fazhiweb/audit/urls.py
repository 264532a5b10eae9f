from django.urls import path

from fazhiweb.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("verify/", views.verify, name="verify"),
]
