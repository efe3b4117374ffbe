from rest_framework.routers import DefaultRouter

from complaints.api.residents import ResidentViewSet
from complaints.api.views import ComplaintViewSet

router = DefaultRouter()
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("residents", ResidentViewSet, basename="resident")

urlpatterns = router.urls
