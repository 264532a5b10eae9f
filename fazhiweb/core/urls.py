from django.urls import path

from fazhiweb.core import views_holidays

app_name = "core"
urlpatterns = [
    path("", views_holidays.holidays, name="holidays"),
    path("bulk/", views_holidays.holidays_bulk, name="holidays_bulk"),
    path("<int:pk>/", views_holidays.holiday_edit, name="holiday_edit"),
    path("<int:pk>/delete/", views_holidays.holiday_delete, name="holiday_delete"),
]
