from django.urls import path

from participation import views

urlpatterns = [
    path("gui-cau-hoi/", views.ask, name="participation_ask"),
    path("gui-phan-anh-kien-nghi/", views.send_feedback, name="participation_feedback"),
    path("tra-cuu-ho-so/", views.track, name="participation_track"),
    path("phan-anh-kien-nghi/", views.published_feedback, name="participation_feedback_list"),
]
