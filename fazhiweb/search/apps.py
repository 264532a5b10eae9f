from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "fazhiweb.search"
    label = "search"
    verbose_name = "搜索"
