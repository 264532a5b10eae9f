from django.urls import path

from fazhiweb.progress import views

app_name = "progress"
urlpatterns = [
    path("my/", views.my_assignments, name="my"),
    path("assignments/<int:pk>/report/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/review/", views.review, name="review"),
    path("review/", views.review_queue, name="review_queue"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
