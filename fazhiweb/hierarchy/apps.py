from django.apps import AppConfig


class HierarchyConfig(AppConfig):
    name = "fazhiweb.hierarchy"
    verbose_name = "上级政府"
