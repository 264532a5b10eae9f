from django.urls import path

from fazhiweb.api import views
from fazhiweb.api.openapi import openapi

app_name = "api"
urlpatterns = [
    path("openapi.json", openapi, name="openapi"),
    path("token", views.token, name="token"),
    path("plans", views.plans, name="plans"),
    path("plans/<int:pk>/publish", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/tasks", views.plan_tasks, name="plan_tasks"),
    path("assignments", views.assignments, name="assignments"),
    path("assignments/<int:pk>/reports", views.assignment_reports, name="assignment_reports"),
    path("reports/<int:pk>/review", views.report_review, name="report_review"),
    path("reports/<int:pk>/withdraw", views.report_withdraw, name="report_withdraw"),
    path("audit", views.audit, name="audit"),
]
