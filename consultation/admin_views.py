"""The admin side: moderating comments, building the report from them, and its .docx before publishing."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from consultation.models import (
    CommentStatus,
    ConsultationReportPage,
    DraftComment,
    DraftDocumentPage,
    ReportItem,
)

CONTACT_PERMISSION = "consultation.view_draftcomment_contact"


class CommentDetailsPanel(Panel):
    """What the reader sent, read only; the contact only for roles that need it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultation/admin/comment_details.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["comment"] = self.instance
            context["may_see_contact"] = self.request.user.has_perm(CONTACT_PERMISSION)
            return context


class ModerateView(EditView):
    def save_instance(self):
        self.form.instance.moderated_by = self.request.user
        self.form.instance.moderated_at = timezone.now()
        return super().save_instance()


class DraftCommentViewSet(ModelViewSet):
    """Góp ý dự thảo: the comments waiting for moderation first; approving one shows it on its draft."""

    model = DraftComment
    icon = "comment"
    menu_label = gettext_lazy("Comments on drafts")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "consultation/comments"
    name = "consultation_comments"
    edit_view_class = ModerateView
    inspect_view_enabled = False
    list_display = ["__str__", "page", "status", "created_at"]
    list_filter = ["status", "page"]
    search_fields = ["body", "article_label"]
    ordering = ["status", "-created_at"]
    edit_handler = ObjectList(
        [
            CommentDetailsPanel(heading=gettext_lazy("Comment")),
            FieldPanel("status"),
            FieldPanel("moderation_note"),
        ]
    )


comment_viewset = DraftCommentViewSet()


def _draft_for(request, page_id):
    draft = get_object_or_404(DraftDocumentPage, pk=page_id)
    report = ConsultationReportPage.objects.child_of(draft).first()
    permissions = (report or draft).permissions_for_user(request.user)
    if not (permissions.can_edit() if report else permissions.can_add_subpage()):
        raise PermissionDenied
    return draft, report


def build_report(request, page_id):
    """Create the draft's report (or bring its latest revision up to date) with one row per shown
    comment not answered yet, then open it in the editor. Nothing is published: the report goes through
    the approval workflow like any page."""
    draft, report = _draft_for(request, page_id)
    if request.method != "POST":
        return TemplateResponse(
            request,
            "consultation/admin/build_report.html",
            {"draft": draft, "report": report, "pending": _pending_count(draft)},
        )
    with transaction.atomic():
        report, added = _update_report(draft, report, request.user)
    messages.success(
        request,
        _("%(count)s comments added to the report. Fill in each decision, then submit it for approval.")
        % {"count": added},
    )
    return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[report.pk]))


def _pending_count(draft):
    return DraftComment.objects.filter(
        page__translation_key=draft.translation_key, status=CommentStatus.PENDING
    ).count()


def _update_report(draft, report, user):
    comments = DraftComment.objects.filter(
        page__translation_key=draft.translation_key, status=CommentStatus.APPROVED
    ).order_by("created_at", "pk")
    if report is None:
        report = ConsultationReportPage(
            title=_("Report on the comments: %(title)s") % {"title": draft.title},
            live=False,
            locale=draft.locale,
        )
        draft.add_child(instance=report)
        working = report
    else:
        working = report.get_latest_revision_as_object()
    answered = {item.comment_id for item in working.items.all()}
    # Draft order (whole draft first, then article by article), each in the order they were sent.
    order = {article_id: index for index, (article_id, _label) in enumerate(draft.articles, start=1)}
    missing = sorted(
        (c for c in comments if c.pk not in answered),
        key=lambda c: (order.get(c.article_id, 0), c.created_at),
    )
    items = list(working.items.all()) + [ReportItem(comment=comment) for comment in missing]
    working.items = items
    working.save_revision(user=user, log_action=True)
    return report, len(missing)


def report_document(request, page_id):
    """The latest revision of the report as .docx, for those who may edit it (before publishing too)."""
    from consultation.views import docx_response

    report = get_object_or_404(ConsultationReportPage, pk=page_id)
    if not report.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    working = report.get_latest_revision_as_object()
    note = "" if report.live and not report.has_unpublished_changes else _("Draft report: not published yet")
    return docx_response(working, revision_note=note)
