from rest_framework.routers import SimpleRouter

from ombudsman.api import HandlingFailureOrderViewSet, OrderViewSet, ReferralViewSet

router = SimpleRouter()
router.register("ombudsman-referrals", ReferralViewSet, basename="ombudsman-referral")
router.register("ombudsman-orders", OrderViewSet, basename="ombudsman-order")
router.register("handling-failure-orders", HandlingFailureOrderViewSet, basename="handling-failure-order")

urlpatterns = router.urls
