"""Authentication backend that loads the user's membership with the user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MemberBackend(ModelBackend):
    """ModelBackend whose per-request user lookup also brings the membership, its government (whose
    data_version keys the page cache) and unit in the same query: one query less on every page.
    Sessions made by the plain ModelBackend keep working (it stays listed after this one)."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("membership__government", "membership__unit").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
