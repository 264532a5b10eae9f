from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "fazhiweb.assessment"
    verbose_name = "考核与示范创建"
