from rest_framework.routers import SimpleRouter

from learning.api import LearningPointViewSet, ServiceImprovementViewSet, ThemeViewSet

router = SimpleRouter()
router.register("themes", ThemeViewSet, basename="theme")
router.register("learning-points", LearningPointViewSet, basename="learning-point")
router.register("service-improvements", ServiceImprovementViewSet, basename="service-improvement")

urlpatterns = router.urls
