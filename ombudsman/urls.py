from django.urls import path

from ombudsman import views

app_name = "ombudsman"
urlpatterns = [
    path("ombudsman/", views.overview, name="overview"),
    path("ombudsman/referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("ombudsman/referrals/<int:pk>/<slug:action>/", views.referral_action, name="referral-action"),
    path("ombudsman/orders/<int:pk>/comply/", views.order_comply, name="order-comply"),
    path("ombudsman/handling-failure-orders/new/", views.chfo_new, name="chfo-new"),
    path("ombudsman/handling-failure-orders/<int:pk>/comply/", views.chfo_comply, name="chfo-comply"),
]
