"""The editorial dashboard panel: what waits for me, what I submitted, what came back for changes."""

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import GroupApprovalTask, Page, TaskState, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

SHOWN = 5


def _pages(ids):
    pages = Page.objects.filter(pk__in=ids).in_bulk()
    return [pages[pk] for pk in ids if pk in pages]


def _entries(pages):
    return [
        {"title": page.get_admin_display_title(), "url": reverse("wagtailadmin_pages:edit", args=[page.pk])}
        for page in pages
    ]


def _section(key, label, ids):
    return {"key": key, "label": label, "count": len(ids), "pages": _entries(_pages(ids[:SHOWN]))}


def _my_states(user, status):
    return (
        WorkflowState.objects.filter(
            status=status,
            requested_by=user,
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        .order_by("-created_at")
        .values_list("object_id", flat=True)
    )


def is_reviewer(user):
    if user.is_superuser:
        return True
    return GroupApprovalTask.objects.filter(active=True, groups__in=user.groups.all()).exists()


def can_write(user):
    return PagePermissionPolicy().user_has_any_permission(user, {"add", "change"})


class EditorialPanel(Component):
    name = "editorial_workflow"
    template_name = "workflow/editorial_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def sections(self):
        user = self.request.user
        sections = []
        if is_reviewer(user):
            states = TaskState.objects.reviewable_by(user).filter(
                workflow_state__base_content_type=ContentType.objects.get_for_model(Page)
            )
            ids = [
                int(pk)
                for pk in states.order_by("-started_at").values_list("workflow_state__object_id", flat=True)
            ]
            sections.append(
                {
                    "key": "to-review",
                    "label": _("Waiting for my review"),
                    "count": len(ids),
                    "pages": _entries(_pages(ids[:SHOWN])),
                }
            )
        if can_write(user):
            for key, label, status in (
                ("in-review", _("My pages waiting for review"), WorkflowState.STATUS_IN_PROGRESS),
                ("needs-changes", _("Changes requested"), WorkflowState.STATUS_NEEDS_CHANGES),
            ):
                sections.append(_section(key, label, [int(pk) for pk in _my_states(user, status)]))
        return sections

    def get_context_data(self, parent_context):
        return {"sections": self.sections(), "heading": _("Editorial work")}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["sections"]:
            return ""
        return render_to_string(self.template_name, context, request=self.request)
