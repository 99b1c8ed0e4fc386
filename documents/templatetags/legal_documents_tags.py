from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from documents.models import latest_documents
from documents.search import highlight_spans
from documents.versions import register_version
from home import memo

register = template.Library()


def latest_documents_or_source(count=5):
    """(documents, their language if not the reader's): documents are issued in Vietnamese, so the English
    pages list the Vietnamese ones, marked as such, rather than none."""
    documents = latest_documents(count)
    active = memo.active_locale()
    if documents or active.is_default:
        return documents, None
    default = memo.default_locale()
    return latest_documents(count, default), default.language_code


@register.simple_tag
def legal_documents_version():
    """Changes whenever a document, a relation or a vocabulary changes: what a ``{% wagtailcache %}`` of
    the “Văn bản mới” block varies on."""
    return register_version()


@register.inclusion_tag("documents/includes/latest_documents.html", takes_context=True)
def latest_legal_documents(context, count=5, heading_level=2):
    """The “Văn bản mới” block: number, trích yếu and “có hiệu lực từ ngày dd/mm/yyyy”."""
    documents, documents_language = latest_documents_or_source(count)
    return {
        "documents": documents,
        "documents_language": documents_language,
        "heading_level": heading_level,
        "request": context.get("request"),
    }


@register.filter
def highlight(text, query):
    """``text`` with the words of ``query`` (a ParsedQuery) in <mark>, matched with or without
    diacritics; everything else escaped, so a query can never inject HTML."""
    text = "" if text is None else str(text)
    if not query:
        return text
    text, spans = highlight_spans(text, query)
    parts, last = [], 0
    for start, end in spans:
        parts.append(escape(text[last:start]))
        parts.append(format_html("<mark>{}</mark>", text[start:end]))
        last = end
    parts.append(escape(text[last:]))
    # Every part is escaped above.
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308  # nosec B308, B703


@register.simple_tag
def facet_options(facet):
    """The <option> of each value of a facet: "label (count)", the chosen one selected. A facet of a
    large register has hundreds of values (issuing bodies, fields), so they are written here in one
    pass rather than by a template loop."""
    selected = facet["selected"]
    options = [
        f'<option value="{conditional_escape(value)}"{" selected" if value == selected else ""}>'
        f"{conditional_escape(label)} ({count})</option>"
        for value, label, count in facet["options"]
    ]
    # Every value and label is escaped above; counts are integers.
    return mark_safe("\n".join(options))  # noqa: S308  # nosec B308, B703
