from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from documents import admin_views
from documents.models import DocumentType, IssuingBody, LegalField, Signer


class TermViewSet(SnippetViewSet):
    list_display = ["name"]
    search_fields = ["name"]
    ordering = ["name"]


class DocumentTypeViewSet(TermViewSet):
    model = DocumentType
    icon = "tag"


class IssuingBodyViewSet(TermViewSet):
    model = IssuingBody
    icon = "group"


class SignerViewSet(TermViewSet):
    model = Signer
    icon = "user"


class LegalFieldViewSet(TermViewSet):
    model = LegalField
    icon = "folder-open-inverse"


class LegalVocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Legal vocabularies")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (DocumentTypeViewSet, IssuingBodyViewSet, SignerViewSet, LegalFieldViewSet)


register_snippet(LegalVocabularyGroup)


@hooks.register("register_admin_viewset")
def register_legal_documents_listing():
    return admin_views.LegalDocumentListingViewSet()


hooks.register("construct_explorer_page_queryset", admin_views.search_registers_with_the_service)


@hooks.register("register_admin_urls")
def register_transfer_urls():
    return [
        path(
            "legal-documents/transfer/", admin_views.TransferView.as_view(), name="legal_documents_transfer"
        ),
        path("legal-documents/export/", admin_views.export_view, name="legal_documents_export"),
    ]


class TransferMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.has_perm(admin_views.IMPORT_PERMISSION) or user.has_perm(admin_views.EXPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_transfer_menu_item():
    return TransferMenuItem(
        _("Import / export documents"),
        reverse("legal_documents_transfer"),
        icon_name="download",
        order=260,
    )
