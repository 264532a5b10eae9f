from django.apps import AppConfig


class AnnualConfig(AppConfig):
    name = "fazhiweb.annual"
    verbose_name = "法治政府建设年度报告"
