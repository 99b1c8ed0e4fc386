from django.urls import path

from consultation import views

urlpatterns = [
    path("<int:page_id>/bao-cao.docx", views.report_document, name="consultation_report_docx"),
]
