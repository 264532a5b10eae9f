from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fazhiweb.annual import views as annual_views
from fazhiweb.core import views_comments, views_inbox
from fazhiweb.home import views as home_views
from fazhiweb.progress import views_dashboard as dash
from fazhiweb.scale.views import healthz
from fazhiweb.search import views as search_views

urlpatterns = [
    path("", home_views.index, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("fazhiweb.accounts.urls")),
    path("holidays/", include("fazhiweb.core.urls")),
    path("inbox/", views_inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/", views_inbox.inbox_open, name="inbox_open"),
    path("inbox/read/", views_inbox.inbox_read_all, name="inbox_read_all"),
    path("comments/<str:kind>/<int:pk>/", views_comments.comment_add, name="comment_add"),
    path("directory/", include("fazhiweb.directory.urls")),
    path("plans/", include("fazhiweb.plans.urls")),
    path("", include("fazhiweb.progress.urls")),
    path("audit/", include("fazhiweb.audit.urls")),
    path("supervision/", include("fazhiweb.supervision.urls")),
    path("registers/", include("fazhiweb.registers.urls")),
    path("assessment/", include("fazhiweb.assessment.urls")),
    path("hierarchy/", include("fazhiweb.hierarchy.urls")),
    path("search/", search_views.index, name="search"),
    path("public/", dash.public_index, name="public_index"),
    path("public/plans/<int:pk>/", dash.public_plan, name="public_plan"),
    path("annual/", include("fazhiweb.annual.urls")),
    path("public/annual/", annual_views.public_index, name="annual_public_index"),
    path("public/annual/<int:government>/<int:year>/", annual_views.public_report, name="annual_public"),
    path("public/annual/<int:government>/<int:year>/v<int:number>/", annual_views.public_report,
         name="annual_public_version"),
    path("api/", include("fazhiweb.api.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler500 = "fazhiweb.core.errors.server_error"
handler404 = "fazhiweb.core.errors.not_found"
handler400 = "fazhiweb.core.errors.bad_request"
