from django.apps import AppConfig


class RegistersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fazhiweb.registers"
    verbose_name = "案件台账"
