"""Admin report “Translation status”: pages with no English translation, or one older than its source."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page

PAGE_SIZE = 50
UNTRANSLATED = "untranslated"
OUTDATED = "outdated"
STATES = {UNTRANSLATED: _("Not translated"), OUTDATED: _("Out of date")}


def can_view_report(user):
    """Editors and the roles above them: whoever may edit some page."""
    return user.is_authenticated and user_has_any_page_permission(user)


def translation_status(target_locale, *, include_documents=False, state=None):
    """[(source page, state, translation or None)], in tree order, for the default locale's pages.

    A page is out of date when its source was published (or saved) after the translation's latest
    revision: the source changed and the translation was not synchronised since.
    """
    source_locale = Locale.get_default()
    sources = (
        Page.objects.filter(locale=source_locale, depth__gt=1)
        .annotate(changed_at=Coalesce(F("last_published_at"), F("latest_revision_created_at")))
        .select_related("content_type")
        .order_by("path")
    )
    if not include_documents:
        from documents.models import LegalDocumentPage

        sources = sources.not_type(LegalDocumentPage)
    translations = {
        page.translation_key: page
        for page in Page.objects.filter(locale=target_locale, alias_of__isnull=True).only(
            "id", "title", "translation_key", "latest_revision_created_at", "live", "locale_id"
        )
    }
    rows = []
    for page in sources:
        translation = translations.get(page.translation_key)
        if translation is None:
            row_state = UNTRANSLATED
        elif (
            page.changed_at
            and translation.latest_revision_created_at
            and page.changed_at > translation.latest_revision_created_at
        ):
            row_state = OUTDATED
        else:
            continue
        if state in (None, row_state):
            rows.append((page, row_state, translation))
    return rows


class TranslationStatusView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "home/admin/translation_status.html"
    page_title = _("Translation status")
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        language = self.request.GET.get("language")
        if language not in codes:
            language = codes[0]
        state = self.request.GET.get("state")
        if state not in STATES:
            state = None
        include_documents = self.request.GET.get("documents") == "1"
        target_locale = Locale.objects.filter(language_code=language).first()
        rows = (
            translation_status(target_locale, include_documents=include_documents, state=state)
            if target_locale
            else []
        )
        page_obj = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(
            {
                "languages": [(code, name) for code, name in settings.LANGUAGES if code in codes],
                "language": language,
                "states": STATES,
                "state": state,
                "include_documents": include_documents,
                "untranslated_count": sum(1 for row in rows if row[1] == UNTRANSLATED),
                "outdated_count": sum(1 for row in rows if row[1] == OUTDATED),
                "page_obj": page_obj,
                "rows": [self._row(*row) for row in page_obj],
            }
        )
        return context

    def _row(self, page, state, translation):
        if state == UNTRANSLATED:
            action_url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
            action_label = _("Translate")
        else:
            action_url = reverse("wagtailadmin_pages:edit", args=[translation.pk])
            action_label = _("Edit the translation")
        return {
            "page": page,
            "type": page.content_type.model_class()._meta.verbose_name,
            "state": state,
            "state_label": STATES[state],
            "translation": translation,
            "source_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "action_url": action_url,
            "action_label": action_label,
        }
