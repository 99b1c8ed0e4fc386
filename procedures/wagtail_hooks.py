from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from procedures import admin_views


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("procedures/import/", admin_views.ImportView.as_view(), name="procedures_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import procedures"), reverse("procedures_import"), icon_name="download", order=265
    )
