from django.urls import path

from ui import views

app_name = "ui"
urlpatterns = [path("brand.css", views.brand_css, name="brand-css")]
