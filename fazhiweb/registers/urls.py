from django.urls import path

from fazhiweb.registers import views, views_files, views_filing

app_name = "registers"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("settings/", views.settings_page, name="settings"),
    path("filing/", views_filing.queue, name="filing_queue"),
    path("training-hours/", views.training_hours, name="hours"),
    path("case/<int:pk>/", views.case_detail, name="case"),
    path("case/<int:pk>/step/<slug:action>/", views.case_step, name="step"),
    path("case/<int:pk>/files/", views_files.upload, name="file_upload"),
    path("file/<int:pk>/", views_files.download, name="file"),
    path("file/<int:pk>/remove/", views_files.remove, name="file_remove"),
    path("<slug:kind_name>/", views.register, name="register"),
    path("<slug:kind_name>/new/", views.case_new, name="new"),
    path("<slug:kind_name>/import/", views.import_sheet, name="import"),
    path("<slug:kind_name>/export.xlsx", views.export, name="export"),
    path("<slug:kind_name>/stats.xlsx", views.stats_export, name="stats_export"),
]
