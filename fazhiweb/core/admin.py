from django.contrib import admin
from django.db import transaction

from fazhiweb.core import services
from fazhiweb.core.models import Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Edited by staff when chinesecalendar does not know a year yet; every change audited
    (through the same services as the office's page)."""

    list_display = ("date", "is_workday", "name")

    def save_model(self, request, obj, form, change):
        data = {k: getattr(obj, k) for k in ("date", "is_workday", "name")}
        services.save_holiday(request.user, obj, data)

    def delete_model(self, request, obj):
        services.delete_holiday(request.user, obj)

    def delete_queryset(self, request, queryset):
        """The change list's bulk delete: audited (and the page caches invalidated) like one delete."""
        with transaction.atomic():
            for obj in list(queryset):
                self.delete_model(request, obj)
