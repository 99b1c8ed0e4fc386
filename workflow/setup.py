"""The portal's approval paths as Wagtail workflows, created and assigned by ``manage.py setup_portal``.

Idempotent: running it again changes nothing. Names are data (shown to editors as they are), so they are
written in Vietnamese, like the group names in ``home.roles``.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from home.roles import ROLES_BY_KEY


@dataclass(frozen=True)
class WorkflowSpec:
    name: str
    # (task name, role key of the group that approves it), in order.
    tasks: tuple
    # The section page types the workflow is assigned to; the pages inside them inherit it. None: the
    # root page, so every page that no section's workflow covers.
    section_models: tuple | None


EDITORIAL_REVIEW = WorkflowSpec(
    name="Duyệt tin bài (hai bước)",
    tasks=(
        ("Thư ký tòa soạn kiểm tra", "secretary"),
        ("Lãnh đạo phê duyệt", "leader"),
    ),
    section_models=(
        "articles.NewsIndexPage",
        "articles.InspectionReportIndexPage",
        "participation.QuestionIndexPage",  # answers to citizens' questions: the same two steps
    ),
)

LEGAL_REVIEW = WorkflowSpec(
    name="Thẩm định văn bản",
    tasks=(("Lãnh đạo duyệt văn bản", "leader"),),
    section_models=("documents.LegalDocumentIndexPage",),
)

# The home page and information pages: Wagtail's default workflow was approved by its "Moderators"
# group, which home.roles deletes (anyone added to it published without approval).
PAGE_REVIEW = WorkflowSpec(
    name="Duyệt trang thông tin",
    tasks=(("Lãnh đạo duyệt trang", "leader"),),
    section_models=None,
)

WORKFLOWS = (EDITORIAL_REVIEW, LEGAL_REVIEW, PAGE_REVIEW)

WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def _models(spec):
    return [apps.get_model(label) for label in spec.section_models]


def _top_sections(spec):
    if spec.section_models is None:
        return [Page.get_first_root_node()]
    models = _models(spec)
    return [
        page
        for page in Page.objects.type(*models).order_by("path")
        if not page.get_ancestors().type(*models).exists()
    ]


def _ensure_workflow(spec, groups):
    workflow, _ = Workflow.objects.get_or_create(name=spec.name)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    tasks = []
    for task_name, role_key in spec.tasks:
        task, _ = GroupApprovalTask.objects.get_or_create(name=task_name)
        if not task.active:
            task.active = True
            task.save(update_fields=["active"])
        task.groups.set([groups[role_key]])
        tasks.append(task)
    WorkflowTask.objects.filter(workflow=workflow).exclude(task__in=tasks).delete()
    for order, task in enumerate(tasks):
        link, created = WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
        if not created and link.sort_order != order:
            link.sort_order = order
            link.save(update_fields=["sort_order"])
    return workflow


@transaction.atomic
def ensure_workflows():
    """Create or update the workflows and assign them to every top-level section; return them by name."""
    groups = {key: Group.objects.get_or_create(name=role.group_name)[0] for key, role in ROLES_BY_KEY.items()}
    workflows = {}
    for spec in WORKFLOWS:
        workflow = _ensure_workflow(spec, groups)
        for section in _top_sections(spec):
            WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
        workflows[spec.name] = workflow
    for default in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True):
        default.deactivate()  # cancels what waits for it; PAGE_REVIEW has taken its place on the root
    return workflows


def assign_workflow(page):
    """Assign a new section its workflow, unless it inherits one from a section above it.

    Does nothing before ``setup_portal`` has created the workflow. Returns the workflow or None."""
    for spec in WORKFLOWS:
        if spec.section_models is None:
            continue
        models = _models(spec)
        if not isinstance(page, tuple(models)):
            continue
        if page.get_ancestors().type(*models).exists():
            return None
        workflow = Workflow.objects.filter(name=spec.name, active=True).first()
        if workflow is not None:
            WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
        return workflow
    return None
