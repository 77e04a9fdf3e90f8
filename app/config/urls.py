from django.urls import path

from web import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
