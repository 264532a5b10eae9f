from django.urls import path

from fazhiweb.accounts import views, views_users

app_name = "accounts"
urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("tokens/", views.tokens, name="tokens"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    # The office's users of its government.
    path("users/", views_users.user_list, name="users"),
    path("users/new/", views_users.user_new, name="user_new"),
    path("users/<int:pk>/", views_users.user_edit, name="user_edit"),
    path("users/<int:pk>/reset-password/", views_users.user_reset, name="user_reset"),
    path("users/<int:pk>/active/", views_users.user_active, name="user_active"),
    path("users/<int:pk>/unlock/", views_users.user_unlock, name="user_unlock"),
]
