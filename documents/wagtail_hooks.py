from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
