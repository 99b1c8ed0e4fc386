"""The published report of a consultation as a Word file (the drafts and their list are served by
consultation/serving.py, through their pages)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from consultation.models import ConsultationReportPage
from consultation.periods import Period


@never_cache
def report_document(request, page_id):
    """The published report of a closed consultation as .docx, for anyone who may read the page."""
    report = get_object_or_404(ConsultationReportPage.objects.live().public(), pk=page_id)
    draft = report.draft
    if draft is None or not draft.live or draft.period() != Period.CLOSED:
        raise Http404
    return docx_response(report)


def docx_response(report, revision_note=""):
    from consultation.report_docx import build_report, file_name

    response = HttpResponse(
        build_report(report, revision_note=revision_note),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(report)}"'
    return response
