from django.urls import path

from fazhiweb.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("systems/import/", views.system_import, name="system_import"),
    path("systems/<int:pk>/", views.system_detail, name="system"),
    path("systems/<int:pk>/categories/", views.category_set, name="category_set"),
    path("systems/<int:pk>/rounds/new/", views.round_new, name="round_new"),
    path("systems/<int:pk>/dossier.zip", views.dossier, name="dossier"),
    path("indicators/<int:pk>/bind/", views.indicator_bind, name="bind"),
    path("indicators/<int:pk>/weight/", views.indicator_weight, name="weight"),
    path("indicators/<int:pk>/mark/", views.indicator_mark, name="mark"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/ranking/", views.round_ranking, name="ranking"),
    path("rounds/<int:pk>/refresh/", views.round_refresh, name="refresh"),
    path("rounds/<int:pk>/grades/", views.round_grades, name="grades"),
    path("rounds/<int:pk>/export.xlsx", views.round_export, name="export"),
    path("rounds/<int:pk>/step/<str:action>/", views.round_step, name="step"),
    path("units/<int:pk>/", views.standing, name="standing"),
    path("units/<int:pk>/self/", views.self_assess, name="self"),
    path("units/<int:pk>/veto/", views.veto, name="veto"),
    path("units/<int:pk>/category/", views.participant_category, name="participant_category"),
    path("scores/<int:pk>/", views.score, name="score"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("scores/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("appeals/<int:pk>/<str:action>/", views.decide, name="decide"),
]
