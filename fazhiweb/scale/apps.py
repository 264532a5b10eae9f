from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "fazhiweb.scale"
    label = "scale"
    verbose_name = "Scale: province-sized data and web benchmarks"
