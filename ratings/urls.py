from django.urls import path

from ratings import views

urlpatterns = [path("<int:page_id>/", views.rating, name="ratings_api")]
