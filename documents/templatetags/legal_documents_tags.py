from django import template

from wagtail.models import Locale

from documents.models import LegalDocumentPage

register = template.Library()


def latest_documents(count=5):
    """The newest live, public legal documents in the reader's language."""
    return list(
        LegalDocumentPage.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .newest_first()
        .only("title", "url_path", "number", "summary", "effective_date", "issue_date", "locale_id")[:count]
    )


@register.inclusion_tag("documents/includes/latest_documents.html", takes_context=True)
def latest_legal_documents(context, count=5, heading_level=2):
    """The “Văn bản mới” block: number, trích yếu and “có hiệu lực từ ngày dd/mm/yyyy”."""
    return {
        "documents": latest_documents(count),
        "heading_level": heading_level,
        "request": context.get("request"),
    }
