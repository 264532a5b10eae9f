from django.urls import path

from fazhiweb.plans import views
from fazhiweb.progress import views_dashboard as dash

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("upload/", views.plan_upload, name="upload"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
    path("<int:pk>/reimport/", views.plan_reimport, name="reimport"),
    path("<int:pk>/archive/", views.plan_archive, name="archive"),
    path("<int:pk>/dashboard/", dash.dashboard, name="dashboard"),
    path("<int:pk>/dashboard/due/", dash.dashboard_due, name="dashboard_due"),
    path("<int:pk>/units/<int:unit_pk>/", dash.unit_page, name="unit"),
    path("<int:pk>/export/tasks.xlsx", dash.export_tasks, name="export_tasks"),
    path("<int:pk>/export/ledger.xlsx", dash.export_ledger, name="export_ledger"),
    path("tasks/<int:pk>/", dash.task_page, name="task"),
    path("tasks/<int:pk>/row/", views.task_row, name="task_row"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("mentions/<int:pk>/resolve/", views.mention_resolve, name="mention_resolve"),
    path("mentions/<int:pk>/add-unit/", views.mention_add_unit, name="mention_add_unit"),
]
