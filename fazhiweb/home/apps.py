from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "fazhiweb.home"
    label = "home"
    verbose_name = "首页"
