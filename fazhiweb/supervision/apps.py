from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fazhiweb.supervision"
    verbose_name = "督查督办"
