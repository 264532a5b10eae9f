"""The user admin: accounts made here must change their password at first login; accounts are
deactivated, never deleted (records keep who acted)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import transaction

from fazhiweb.accounts.security import audit_security, password_changed


class FazhiUserAdmin(UserAdmin):
    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change:
                password_changed(obj, must_change=True, by=request.user)
            audit_security(request.user, "account.update" if change else "account.create", obj,
                           after={"username": obj.username, "is_active": obj.is_active})

    def user_change_password(self, request, id, form_url=""):
        """An administrator's reset: the user must choose a new password at the next login."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            password_changed(User.objects.get(pk=id), must_change=True, by=request.user)
        return response


admin.site.unregister(User)
admin.site.register(User, FazhiUserAdmin)
