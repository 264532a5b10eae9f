"""The user admin: accounts made here must change their password at first login; accounts are
deactivated, never deleted (records keep who acted)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import transaction
from django.shortcuts import redirect

from fazhiweb.accounts.security import audit_security, password_changed

# 三员分立: no one administers their own account's rights, in the admin either.
OWN_RIGHTS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")


class FazhiUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields + OWN_RIGHTS if obj is not None and obj.pk == request.user.pk else fields

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
        """An administrator's reset: the user must choose a new password at the next login. One's
        own password is changed on the password page (old password asked), not reset here."""
        if str(id) == str(request.user.pk):
            audit_security(request.user, "user.self_denied", request.user,
                           after={"username": request.user.username, "what": "重置自己的密码"})
            messages.error(request, "不能在此重置自己的密码,请在“修改密码”页修改。")
            return redirect("accounts:password_change")
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            password_changed(User.objects.get(pk=id), must_change=True, by=request.user)
        return response


admin.site.unregister(User)
admin.site.register(User, FazhiUserAdmin)
