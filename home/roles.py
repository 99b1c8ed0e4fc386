"""The portal's editorial roles as Django groups with Wagtail permissions.

One idempotent function sets them up, so every environment (demo, CI, production) matches:
``manage.py setup_portal`` calls it, and running it again changes nothing.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page


@dataclass(frozen=True)
class Role:
    key: str
    group_name: str
    page_permissions: tuple = ()
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

ROLES = (
    Role(
        key="editor",
        group_name="Phóng viên / Biên tập viên",
        page_permissions=("add_page", "change_page"),
        collection_permissions=MEDIA_EDIT,
        description="soạn và gửi duyệt, không xuất bản",
    ),
    Role(
        key="secretary",
        group_name="Thư ký tòa soạn",
        page_permissions=("add_page", "change_page", "lock_page"),
        collection_permissions=MEDIA_EDIT,
        description="duyệt bước một, được sửa bài",
    ),
    Role(
        key="leader",
        group_name="Lãnh đạo duyệt",
        page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
        collection_permissions=MEDIA_EDIT,
        model_permissions=("documents.import_legaldocumentpage", "documents.export_legaldocumentpage"),
        description="phê duyệt, xuất bản và gỡ bài",
    ),
    Role(
        key="administrator",
        group_name="Quản trị cổng",
        superuser=True,
        description="cấu hình cổng và quản lý tài khoản",
    ),
    Role(
        key="reader",
        group_name="Cán bộ tra cứu",
        model_permissions=("documents.export_legaldocumentpage",),
        description="tra cứu văn bản, chỉ đọc",
    ),
)

ROLES_BY_KEY = {role.key: role for role in ROLES}


def _permission(codename_with_app):
    app_label, codename = codename_with_app.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_roles():
    """Create or update every role's group and permissions; return {role key: group}."""
    access_admin = _permission("wagtailadmin.access_admin")
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.group_name)
        group.permissions.add(access_admin)
        for codename in role.model_permissions:
            group.permissions.add(_permission(codename))
        for codename in role.page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission(f"wagtailcore.{codename}")
            )
        for codename in role.collection_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(codename)
            )
        groups[role.key] = group
    return groups
