from django.urls import path

from fazhiweb.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/new/", views.unit_new, name="unit_new"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("import/", views.import_xlsx, name="import"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("resolve/", views.resolve, name="resolve"),
]
