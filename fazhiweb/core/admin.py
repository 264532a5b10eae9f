from django.contrib import admin
from django.db import transaction

from fazhiweb.audit.services import record
from fazhiweb.core.models import Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Edited by staff when chinesecalendar does not know a year yet; every change audited."""

    list_display = ("date", "is_workday", "name")

    def save_model(self, request, obj, form, change):
        before = Holiday.objects.get(pk=obj.pk).snapshot() if change else None
        super().save_model(request, obj, form, change)
        record(request.user, "holiday.update" if change else "holiday.create", obj,
               object_type="core.holiday", before=before, after=obj.snapshot())

    def delete_model(self, request, obj):
        before, pk = obj.snapshot(), obj.pk
        super().delete_model(request, obj)
        record(request.user, "holiday.delete", None, object_type="core.holiday", object_id=pk, before=before)

    def delete_queryset(self, request, queryset):
        """The change list's bulk delete: audited (and the page caches invalidated) like one delete."""
        with transaction.atomic():
            for obj in list(queryset):
                self.delete_model(request, obj)
