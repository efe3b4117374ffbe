from django.urls import path
from rest_framework.routers import SimpleRouter

from selfassessment.api import CodeVersionProvisionsViewSet, PolicyDocumentViewSet, SelfAssessmentViewSet

router = SimpleRouter()
router.register("self-assessments", SelfAssessmentViewSet, basename="self-assessment")
router.register("policy-documents", PolicyDocumentViewSet, basename="policy-document")

urlpatterns = [
    *router.urls,
    path(
        "code-versions/<slug:code>/provisions/",
        CodeVersionProvisionsViewSet.as_view({"get": "list"}),
        name="code-version-provisions",
    ),
]
