from django.urls import path

from fazhiweb.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("upload/", views.plan_upload, name="upload"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
    path("<int:pk>/reimport/", views.plan_reimport, name="reimport"),
    path("<int:pk>/archive/", views.plan_archive, name="archive"),
    path("<int:pk>/names/resolve/", views.name_resolve, name="name_resolve"),
    path("<int:pk>/names/accept/", views.names_accept, name="names_accept"),
    path("<int:pk>/names/add/", views.names_add, name="names_add"),
    path("tasks/<int:pk>/decide/", views.task_decide, name="task_decide"),
    path("tasks/<int:pk>/row/", views.task_row, name="task_row"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("mentions/<int:pk>/resolve/", views.mention_resolve, name="mention_resolve"),
    path("mentions/<int:pk>/add-unit/", views.mention_add_unit, name="mention_add_unit"),
]
