from django.urls import path

from fazhiweb.annual import views

app_name = "annual"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("settings/", views.settings_page, name="settings"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/audit/", views.audit_panel, name="audit"),
    path("<int:pk>/coverage/", views.coverage_panel, name="coverage"),
    path("<int:pk>/part/<slug:part>/", views.edit_part, name="edit"),
    path("<int:pk>/part/<slug:part>/preview/", views.preview, name="preview"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/step/<slug:action>/", views.step, name="step"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/download.<slug:fmt>", views.download, name="download"),
]
