"""The portal's editorial roles as Django groups with Wagtail permissions.

One idempotent function sets them up, so every environment (demo, CI, production) matches:
``manage.py setup_portal`` calls it, and running it again changes nothing.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page


@dataclass(frozen=True)
class Role:
    key: str
    group_name: str
    # Granted on the root page, so on every page of the site.
    page_permissions: tuple = ()
    # Granted on each editorial section (SECTION_MODELS), so on that section and the pages inside it only.
    section_permissions: tuple = ()
    collection_permissions: tuple = ()
    model_permissions: tuple = ()
    superuser: bool = False
    description: str = ""


# Wagtail checks image and document permissions against its own models, whatever the custom model.
MEDIA_EDIT = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)

# The portal administrator runs the site, not its content: accounts, site settings, menus of links,
# redirects, sites and collections. Not workflows: whoever edits a workflow's tasks chooses who approves,
# and the last approval publishes; the approval paths are data that setup_portal writes (workflow/setup.py),
# changed by a superuser. A scoped set rather than a superuser, because a Wagtail
# superuser passes every check: it may publish without approval, approve any workflow step in place of the
# leaders, and read every restricted page. Those powers belong to the editorial roles, where the audit
# log attributes them to a role. Keep at least one superuser account for emergencies (createsuperuser).
ADMINISTRATOR_PERMISSIONS = (
    "auth.add_user",
    "auth.change_user",
    "auth.view_user",
    "home.change_portalsettings",
    "home.add_externallink",
    "home.change_externallink",
    "home.delete_externallink",
    "wagtailcore.add_site",
    "wagtailcore.change_site",
    "wagtailcore.add_collection",
    "wagtailcore.change_collection",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
)

# The editorial sections: each one (and everything inside it) is where the newsroom roles work.
# Sections created later get the same permissions automatically (see workflow.signals).
SECTION_MODELS = (
    "articles.NewsIndexPage",
    "articles.InspectionReportIndexPage",
    "documents.LegalDocumentIndexPage",
    "organisation.OrganisationPage",
    "schedule.ScheduleIndexPage",
    "procedures.ProcedureIndexPage",
    "disclosure.PlanIndexPage",
    "disclosure.ProjectIndexPage",
    "disclosure.ProcurementIndexPage",
    "disclosure.BudgetIndexPage",
    "disclosure.StatisticsIndexPage",
    "participation.QuestionIndexPage",  # answers to citizens' questions
    "consultation.ConsultationIndexPage",  # drafts put out for public comment
)

# Comments on drafts: the secretary and the leaders moderate them; only the leaders, who answer for
# the consultation, may read a commenter's contact details (Law 91/2025/QH15: only roles that need them).
MODERATE_DRAFT_COMMENTS = ("consultation.view_draftcomment", "consultation.change_draftcomment")

# Citizens' questions and feedback (participation/admin_views.py): who reads the inbox, who reads the
# personal data in it, who answers, who publishes answered feedback. Answers are pages: the workflow
# approves them.
PARTICIPATION_ANSWER = ("participation.view_inbox", "participation.handle_submission")
PARTICIPATION_CONTACT = ("participation.view_contact",)

ROLES = (
    Role(
        key="editor",
        group_name="Phóng viên / Biên tập viên",
        section_permissions=("add_page", "change_page"),
        collection_permissions=MEDIA_EDIT,
        model_permissions=PARTICIPATION_ANSWER,
        description="soạn và gửi duyệt, không xuất bản",
    ),
    Role(
        key="secretary",
        group_name="Thư ký tòa soạn",
        section_permissions=("add_page", "change_page", "lock_page"),
        collection_permissions=MEDIA_EDIT,
        model_permissions=PARTICIPATION_ANSWER + PARTICIPATION_CONTACT + MODERATE_DRAFT_COMMENTS,
        description="duyệt bước một, được sửa bài, kiểm duyệt góp ý dự thảo",
    ),
    Role(
        key="leader",
        group_name="Lãnh đạo duyệt",
        page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
        collection_permissions=MEDIA_EDIT,
        model_permissions=(
            "documents.import_legaldocumentpage",
            "documents.export_legaldocumentpage",
            "procedures.import_procedurepage",
            # The English version: wagtail-localize's "Translate" action and the news categories.
            "wagtail_localize.submit_translation",
            "articles.add_newscategory",
            "articles.change_newscategory",
            *PARTICIPATION_ANSWER,
            *PARTICIPATION_CONTACT,
            "participation.publish_feedback",
            "participation.add_topic",
            "participation.change_topic",
            "participation.add_unit",
            "participation.change_unit",
            *MODERATE_DRAFT_COMMENTS,
            "consultation.view_draftcomment_contact",
        ),
        description="phê duyệt, xuất bản và gỡ bài",
    ),
    Role(
        key="administrator",
        group_name="Quản trị cổng",
        model_permissions=ADMINISTRATOR_PERMISSIONS,
        description="cấu hình cổng và quản lý tài khoản",
    ),
    Role(
        key="reader",
        group_name="Cán bộ tra cứu",
        model_permissions=("documents.view_legaldocumentpage", "documents.export_legaldocumentpage"),
        description="tra cứu văn bản, chỉ đọc",
    ),
)

ROLES_BY_KEY = {role.key: role for role in ROLES}

# The groups Wagtail's migrations create, with edit and publish rights on the whole tree: an account put
# into "Moderators" published without approval. ``ensure_roles`` deletes them.
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


def _permission(codename_with_app):
    app_label, codename = codename_with_app.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_roles():
    """Create or update every role's group so that it holds exactly the role's permissions, delete
    Wagtail's default groups and every permission given to a user directly; return {role key: group}.

    After it runs, no group or account holds a permission outside the role table (docs/workflow.md),
    apart from groups a superuser made by hand."""
    access_admin = _permission("wagtailadmin.access_admin")
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    sections = top_sections()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
    get_user_model().user_permissions.through.objects.all().delete()
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.group_name)
        group.permissions.set([access_admin, *(_permission(codename) for codename in role.model_permissions)])
        page_grants = [(root_page, codename) for codename in role.page_permissions]
        page_grants += [(section, codename) for section in sections for codename in role.section_permissions]
        kept = set()
        for page, codename in page_grants:
            grant, _ = GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_permission(f"wagtailcore.{codename}")
            )
            kept.add(grant.pk)
        # Converge: what the role no longer lists is taken away (editors had add/change on the root page
        # before sections existed), except on sections inside sections, which inherit and add nothing.
        GroupPagePermission.objects.filter(group=group).exclude(pk__in=kept).delete()
        kept = set()
        for codename in role.collection_permissions:
            grant, _ = GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(codename)
            )
            kept.add(grant.pk)
        GroupCollectionPermission.objects.filter(group=group).exclude(pk__in=kept).delete()
        groups[role.key] = group
    return groups


def section_models():
    return [apps.get_model(label) for label in SECTION_MODELS]


def top_sections():
    """Every section page that is not inside another section (permissions apply to descendants)."""
    models = section_models()
    return [
        page
        for page in Page.objects.type(*models).order_by("path")
        if not page.get_ancestors().type(*models).exists()
    ]


def _grant_section(group, role, page):
    for codename in role.section_permissions:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission(f"wagtailcore.{codename}")
        )


def grant_section_permissions(page):
    """Give the newsroom roles their permissions on a new top-level section; return whether it did.

    A section inside another one inherits them. Only roles whose group exists are granted
    (``setup_portal`` creates the groups)."""
    if page.get_ancestors().type(*section_models()).exists():
        return False
    groups = {group.name: group for group in Group.objects.filter(name__in=[r.group_name for r in ROLES])}
    granted = False
    for role in ROLES:
        if role.section_permissions and role.group_name in groups:
            _grant_section(groups[role.group_name], role, page)
            granted = True
    return granted
