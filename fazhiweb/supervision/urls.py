from django.urls import path

from fazhiweb.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:pk>/board/", views.board, name="board"),
    path("plans/<int:pk>/board.xlsx", views.board_export, name="board_export"),
    path("notices/", views.notice_list, name="notices"),
    path("notices.xlsx", views.notice_export, name="notices_export"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/<str:action>/", views.notice_action, name="notice_action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
