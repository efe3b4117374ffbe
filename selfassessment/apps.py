from django.apps import AppConfig


class SelfAssessmentConfig(AppConfig):
    name = "selfassessment"
