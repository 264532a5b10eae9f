from django.urls import path

from fazhiweb.hierarchy import views, views_more

app_name = "hierarchy"
urlpatterns = [
    path("", views.index, name="index"),
    path("g/<int:pk>/", views.government, name="government"),
    path("g/<int:pk>/plans/<int:plan_pk>/", views.plan, name="plan"),
    path("g/<int:pk>/registers/", views.registers, name="registers"),
    path("g/<int:pk>/reports/<int:year>/", views.report, name="report"),
    path("g/<int:pk>/reports/upload/", views.report_upload, name="report_upload"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
    path("plans/<int:pk>/alignment/", views.plan_alignment, name="plan_alignment"),
    path("compare/", views_more.compare, name="compare"),
    path("compare/xlsx/", views_more.compare_xlsx, name="compare_xlsx"),
    path("inspections/", views_more.inspections, name="inspections"),
    path("inspections/new/", views_more.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views_more.inspection, name="inspection"),
    path("inspections/<int:pk>/<str:action>/", views_more.inspection_action, name="inspection_action"),
]
