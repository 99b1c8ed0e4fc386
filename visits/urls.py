from django.urls import path

from visits import views

urlpatterns = [
    path("hit", views.hit, name="visits_hit"),
    path("hit.gif", views.hit_pixel, name="visits_hit_pixel"),
    path("visits/", views.visit_stats, name="visits_stats"),
]
