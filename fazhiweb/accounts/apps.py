from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fazhiweb.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhiweb.accounts import signals  # noqa: F401  (connects the login audit receivers)
