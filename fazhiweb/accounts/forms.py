from __future__ import annotations

from django import forms

from fazhiweb.accounts.models import Membership
from fazhiweb.directory.models import Unit


class UserForm(forms.Form):
    """The office's form for one account of its government (username only when creating)."""

    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150, required=False)
    role = forms.ChoiceField(label="角色", choices=Membership.ROLES)
    unit = forms.ModelChoiceField(label="所在单位(联络员必填)", queryset=Unit.objects.none(), required=False,
                                  empty_label="—")
    email = forms.EmailField(label="电子邮箱(接收督办提醒)", required=False)
    phone = forms.CharField(label="电话", max_length=32, required=False)

    def __init__(self, *args, government=None, editing: bool = False, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(government=government, active=True).order_by("name")
        if editing:
            del self.fields["username"]
        if member is not None:
            self._limit_to(member, editing)

    def _limit_to(self, member, editing: bool) -> None:
        """三员分立: offer only what `member` may change (the services check again). Without
        accounts.role no administrator roles are offered, and an existing role stays as it is;
        without accounts.manage the contact details stay as they are."""
        from fazhiweb.core.permissions import member_may

        if not member_may(member, "accounts.role"):
            if editing:
                self.fields["role"].disabled = True
            else:
                self.fields["role"].choices = [(k, v) for k, v in Membership.ROLES if k not in Membership.ADMIN_ROLES]
        if editing and not member_may(member, "accounts.manage"):
            for name in ("full_name", "email", "phone"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("role") == Membership.LIAISON and not data.get("unit"):
            self.add_error("unit", "联络员必须选择所在单位。")
        elif data.get("role") != Membership.LIAISON:
            data["unit"] = None  # only liaisons work for one unit
        return data

    @staticmethod
    def initial_for(m: Membership) -> dict:
        return {"full_name": m.user.first_name, "role": m.role, "unit": m.unit_id, "email": m.user.email,
                "phone": m.phone}
