"""The admin side: one inbox over every source, a question's and a feedback's page with the actions on
them, the attachment download, the monthly report (CSV) and the answers that need review.

Who may do what (home/roles.py): ``participation.view_inbox`` reads the inbox and the messages without
contact details; ``participation.view_contact`` also reads names, e-mails, phones and attachments;
``participation.handle_submission`` assigns, rejects, drafts answers and replies; publishing an answer
goes through the page workflow, and publishing a feedback's answer on the public list needs
``participation.publish_feedback``.
"""

import csv
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from participation import inbox, services
from participation.forms import AssignForm, RejectForm, ReplyForm
from participation.models import Feedback, Question, Status, Topic, Unit, pages_needing_review

PER_PAGE = 50
MAX_PAGES = 20
REPORT_MONTHS = 12


def require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied


def can_see_contact(user):
    return user.has_perm("participation.view_contact")


class AdminView(WagtailAdminTemplateMixin, TemplateView):
    permission = "participation.view_inbox"

    def dispatch(self, request, *args, **kwargs):
        require(request.user, self.permission)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("participation_admin:inbox"), "label": _("Citizens' inbox")},
            {"url": "", "label": self.get_page_title()},
        ]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class InboxView(AdminView):
    template_name = "participation/admin/inbox.html"
    page_title = gettext_lazy("Citizens' inbox")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not inbox.sources(request.user):
            raise PermissionDenied
        return TemplateView.dispatch(self, request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        filters = inbox.InboxFilters(
            source=query.get("source", "") if inbox.get_source(query.get("source", "")) else "",
            status=query.get("status", "") if query.get("status", "") in Status.values else "",
            unit=_int(query.get("unit")),
            topic=_int(query.get("topic")),
            due_before=_date(query.get("due_before")),
            overdue=query.get("overdue") == "1",
        )
        number = min(max(_int(query.get("p")) or 1, 1), MAX_PAGES)
        rows, total = inbox.items(self.request.user, filters, number * PER_PAGE)
        rows = rows[(number - 1) * PER_PAGE :]
        kept = query.copy()
        kept.pop("p", None)
        context.update(
            rows=rows,
            total=total,
            filters=filters,
            sources=inbox.sources(self.request.user),
            statuses=Status.choices,
            units=Unit.objects.all(),
            topics=Topic.objects.all(),
            number=number,
            has_next=number * PER_PAGE < total and number < MAX_PAGES,
            query=kept.urlencode(),
        )
        return context


class SubmissionView(AdminView):
    model = None
    actions = ()

    def get_page_title(self):
        return f"{self.object.code}: {self.object.title}"

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.model.objects.select_related("unit"), pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        require(request.user, "participation.handle_submission")
        self.object = get_object_or_404(self.model, pk=kwargs["pk"])
        action = request.POST.get("action", "")
        if action not in self.actions:
            return HttpResponse(_("Unknown action."), status=400)
        result = getattr(self, f"do_{action}")(request)
        return result or redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            item=self.object,
            show_contact=can_see_contact(user),
            can_handle=user.has_perm("participation.handle_submission"),
            assign_form=kwargs.get("assign_form") or AssignForm(initial={"unit": self.object.unit_id}),
            reject_form=kwargs.get("reject_form") or RejectForm(),
        )
        return context

    def do_assign(self, request):
        form = AssignForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(assign_form=form), status=400)
        self.object.unit = form.cleaned_data["unit"]
        if self.object.status == Status.NEW and self.object.unit:
            self.object.status = Status.IN_PROGRESS
        self.object.save(update_fields=["unit", "status"])
        messages.success(request, _("The handling unit is saved."))

    def do_progress(self, request):
        self.object.status = Status.IN_PROGRESS
        self.object.closed_at = None
        self.object.save(update_fields=["status", "closed_at"])
        messages.success(request, _("Marked as in progress."))

    def do_reject(self, request):
        form = RejectForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reject_form=form), status=400)
        self.object.close(Status.REJECTED, form.cleaned_data["reason"])
        self.object.save(update_fields=["status", "closed_at", "rejection_reason"])
        messages.success(request, _("Rejected; the person reads the reason on the tracking page."))


class QuestionView(SubmissionView):
    model = Question
    template_name = "participation/admin/question.html"
    header_icon = "help"
    actions = ("assign", "progress", "reject", "draft")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object.answer_page
        context.update(
            answer_page=page,
            review=labelled(page.review_reasons()) if page else [],
            has_section=services.index_page_for(self.object.language) is not None,
        )
        return context

    def do_draft(self, request):
        parent = services.index_page_for(self.object.language)
        if parent is None:
            messages.error(
                request, _("There is no questions and answers section to publish the answer in yet.")
            )
            return None
        if not self.object.answer_page_id and not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        page = services.draft_answer(self.object, request.user)
        return redirect("wagtailadmin_pages:edit", page.pk)


class FeedbackView(SubmissionView):
    model = Feedback
    template_name = "participation/admin/feedback.html"
    header_icon = "comment"
    actions = ("assign", "progress", "reject", "reply", "publish", "unpublish")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            reply_form=kwargs.get("reply_form") or ReplyForm(initial={"reply": self.object.reply}),
            can_publish=self.request.user.has_perm("participation.publish_feedback"),
        )
        return context

    def do_reply(self, request):
        form = ReplyForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reply_form=form), status=400)
        self.object.reply = form.cleaned_data["reply"]
        self.object.close(Status.ANSWERED)
        self.object.save(update_fields=["reply", "status", "closed_at"])
        messages.success(request, _("The answer is saved; the person reads it on the tracking page."))

    def do_publish(self, request):
        require(request.user, "participation.publish_feedback")
        if self.object.status != Status.ANSWERED:
            messages.error(request, _("Only answered feedback can be published: write the answer first."))
            return None
        self.object.published = True
        self.object.published_at = self.object.published_at or timezone.now()
        self.object.save(update_fields=["published", "published_at"])
        messages.success(request, _("Published on the list of answered feedback (without who sent it)."))

    def do_unpublish(self, request):
        require(request.user, "participation.publish_feedback")
        self.object.published = False
        self.object.save(update_fields=["published"])
        messages.success(request, _("Removed from the public list."))


def attachment(request, pk):
    """A feedback's attachment, for the roles that read personal data; always downloaded, never shown."""
    require(request.user, "participation.view_contact")
    item = get_object_or_404(Feedback, pk=pk)
    if not item.attachment:
        raise Http404
    response = FileResponse(
        item.attachment.open("rb"), as_attachment=True, filename=item.attachment.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _month_start(day):
    return day.replace(day=1)


def report_months(today=None, months=REPORT_MONTHS):
    today = today or timezone.localdate()
    start = _month_start(today)
    result = [start]
    for _index in range(months - 1):
        start = _month_start(start - timedelta(days=1))
        result.append(start)
    return result


class ReportView(AdminView):
    template_name = "participation/admin/report.html"
    page_title = gettext_lazy("Citizens' messages per month")
    header_icon = "table"

    def rows(self):
        months = report_months()
        sources = inbox.sources(self.request.user)
        counts = {source.key: source.monthly_counts(months[-1]) for source in sources}
        rows = []
        for month in months:
            for source in sources:
                figures = counts[source.key].get(month, {"received": 0, "closed": 0, "open": 0})
                rows.append({"month": month, "source": source, **figures})
        return rows

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="y-kien-nguoi-dan-theo-thang.csv"'
            response.write("\ufeff")
            writer = csv.writer(response)
            writer.writerow([_("Month"), _("Kind"), _("Received"), _("Closed"), _("Still open")])
            for row in self.rows():
                writer.writerow(
                    [
                        row["month"].strftime("%m/%Y"),
                        str(row["source"].label),
                        row["received"],
                        row["closed"],
                        row["open"],
                    ]
                )
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = self.rows()
        return context


def labelled(reasons):
    """[(document, status when cited, status now)] with the statuses as editors read them."""
    from documents.status import Status as Validity

    labels = dict(Validity.choices)
    return [(document, labels.get(before, before), labels.get(now, now)) for document, before, now in reasons]


class ReviewView(AdminView):
    template_name = "participation/admin/review.html"
    page_title = gettext_lazy("Answers that need review")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(page, labelled(reasons)) for page, reasons in pages_needing_review()]
        return context
