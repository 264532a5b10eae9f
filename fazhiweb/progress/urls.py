from django.urls import path

from fazhiweb.progress import views
from fazhiweb.progress import views_dashboard as dash

# Mounted at the site root: the plan's dashboard pages keep their /plans/… addresses but live
# here, next to their views (the plans app does not import progress).
app_name = "progress"
urlpatterns = [
    path("progress/my/", views.my_assignments, name="my"),
    path("progress/assignments/<int:pk>/report/", views.report_new, name="report_new"),
    path("progress/reports/<int:pk>/", views.report_detail, name="report"),
    path("progress/reports/<int:pk>/review/", views.review, name="review"),
    path("progress/reports/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("progress/review/", views.review_queue, name="review_queue"),
    path("progress/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("plans/<int:pk>/dashboard/", dash.dashboard, name="dashboard"),
    path("plans/<int:pk>/dashboard/due/", dash.dashboard_due, name="dashboard_due"),
    path("plans/<int:pk>/units/<int:unit_pk>/", dash.unit_page, name="unit"),
    path("plans/<int:pk>/export/tasks.xlsx", dash.export_tasks, name="export_tasks"),
    path("plans/<int:pk>/export/ledger.xlsx", dash.export_ledger, name="export_ledger"),
    path("plans/tasks/<int:pk>/", dash.task_page, name="task"),
]
