from django.urls import path

from fazhiweb.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="users"),
    path("new/", views.user_new, name="user_new"),
    path("<int:pk>/", views.user_edit, name="user_edit"),
    path("<int:pk>/reset-password/", views.user_reset, name="user_reset"),
    path("<int:pk>/active/", views.user_active, name="user_active"),
]
