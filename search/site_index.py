"""Vietnamese-aware site search over news, inspection reports and the other content pages.

Wagtail's database search cannot do it on either database: neither SQLite FTS5 nor PostgreSQL's
configurations fold "đ" to "d", and neither knows that "Hoá" and "Hóa" are one spelling. So each page
(but legal documents, which documents.search covers) keeps a SiteSearchEntry with its searchable text
folded and exact (see search.models), built from the page's own ``search_fields``, and the search
matches and scores over those texts the way the register does: every significant word of the query
must be in the page, as a whole syllable, with or without its diacritics; the score favours the whole
phrase, adjacent pairs of words, words in the title or summary over words in the body, and words
spelled with the same diacritics; then the newest page.

On PostgreSQL the words are found through a GIN-indexed generated ``search_vector`` column (migration
0002); on SQLite with LIKE over the same padded texts. Both find the same pages.
"""

from django.apps import apps as django_apps
from django.db import transaction
from django.db.models import F, Manager, Q

from wagtail.search import index

from documents.search import TextMatch, contains, parse_query, text_score, uses_full_text, words, words_match
from home.text import matching_key

# The body's text is cut here: a tsvector holds at most 1 MB, and the start of a page says what it is.
MAX_BODY = 100_000
EXCLUDED_MODELS = {("documents", "legaldocumentpage"), ("wagtailcore", "page")}


# Building the entries ---------------------------------------------------------------------------------


def _flatten(value):
    """The strings of a search field's value: a string, a list of them (StreamField), a dict, a tag list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = value.values()
    if hasattr(value, "__iter__"):
        return [text for item in value for text in _flatten(item)]
    return [str(value)]


def _field_texts(obj, field):
    """[(search field, text)] for ``field`` of ``obj``, following related fields."""
    if isinstance(field, index.SearchField):
        return [(field, text) for text in _flatten(field.get_value(obj))]
    if isinstance(field, index.RelatedFields):
        related = field.get_value(obj)
        if related is None:
            return []
        if isinstance(related, Manager):
            related = related.all()
        elif callable(related):
            related = related()
        if not hasattr(related, "__iter__"):
            related = [related]
        return [
            pair for item in related for sub_field in field.fields for pair in _field_texts(item, sub_field)
        ]
    return []


def page_texts(page):
    """(heading text, body text) of a specific page: the title and the search fields boosted 2 or more
    (the summary, the sapo) make the heading, the other search fields the body."""
    heading, body = [page.title], []
    if page.search_description:
        body.append(page.search_description)
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name == "title":
            continue  # already first
        for search_field, text in _field_texts(page, field):
            target = heading if (search_field.boost or 1) >= 2 else body
            target.append(text)
    return " ".join(heading), " ".join(body)[:MAX_BODY]


def _exact(text):
    return " ".join(matching_key(word) for word in words(text, fold=False))


def is_indexed(page):
    meta = page._meta
    return (meta.app_label, meta.model_name) not in EXCLUDED_MODELS


def entry_values(page):
    heading, body = page_texts(page)
    published = getattr(page, "publication_date", None) or page.first_published_at
    return {
        "heading": f" {' '.join(words(heading))} ",
        "body": f" {' '.join(words(body))} ",
        "exact": f" {_exact(heading)} {_exact(body)} ",
        "published": published,
    }


def index_page(page):
    """Write the entry of ``page`` (any page instance); legal documents and the root get none."""
    from search.models import SiteSearchEntry

    page = page.specific if type(page)._meta.model_name == "page" else page
    if not is_indexed(page):
        return
    SiteSearchEntry.objects.update_or_create(page_id=page.pk, defaults=entry_values(page))


def rebuild(batch_size=200):
    """Rewrite every entry; returns how many pages were indexed."""
    from wagtail.models import Page

    from search.models import SiteSearchEntry

    count = 0
    with transaction.atomic():
        SiteSearchEntry.objects.all().delete()
        pages = (
            Page.objects.filter(depth__gt=1)
            .not_type(django_apps.get_model("documents", "LegalDocumentPage"))
            .order_by("pk")
            .specific()
        )
        entries = []
        for page in pages.iterator(chunk_size=batch_size):
            if is_indexed(page):
                entries.append(SiteSearchEntry(page_id=page.pk, **entry_values(page)))
            if len(entries) >= batch_size:
                SiteSearchEntry.objects.bulk_create(entries)
                count += len(entries)
                entries = []
        SiteSearchEntry.objects.bulk_create(entries)
        count += len(entries)
    return count


# Content that is not a page field (e.g. only a revision's) never reaches the entry: it follows the page
# row, as Wagtail's own index does. A save that only touches these bookkeeping fields changes nothing.
BOOKKEEPING_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
    "live_revision",
    "path",
    "depth",
    "numchild",
    "url_path",
}


def fill_after_migrate(**kwargs):
    """After ``migrate``, an empty table on a database that has pages (the first deploy with site search)
    is filled, so the search does not come up empty until somebody runs ``update_index``."""
    from wagtail.models import Page

    from search.models import SiteSearchEntry

    if not SiteSearchEntry.objects.exists() and Page.objects.filter(depth__gt=1).exists():
        rebuild()


def file_saved(sender, instance, raw=False, **kwargs):
    """A file's extracted text changed: the pages that attach it (home.models.AttachedFile) follow."""
    from wagtail.models import Page

    from home.models import AttachedFile

    if raw:
        return
    page_ids = set()
    for model in django_apps.get_models():
        if issubclass(model, AttachedFile):
            page_ids.update(model.objects.filter(document_id=instance.pk).values_list("page_id", flat=True))
    for page in Page.objects.filter(pk__in=page_ids).specific():
        index_page(page)


def page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    from wagtail.models import Page

    if raw or not isinstance(instance, Page) or instance.depth is None or instance.depth <= 1:
        return
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    index_page(instance)


# Searching --------------------------------------------------------------------------------------------


def site_query(text):
    """The query understood as the register understands it (documents.query), every digit a word:
    pages have no document numbers to look for."""
    return parse_query(text, numbers=False, short_words=True)


def _as_typed(word):
    return contains("exact", matching_key(word))


def search_entries(entries, parsed):
    """``entries`` (SiteSearchEntry) matching ``parsed``, annotated with ``relevance``, best first. A
    word of one or two letters typed without diacritics must be in a phrase of the query or as typed."""
    if not parsed.has_text:
        return entries.none()
    if uses_full_text(entries):
        words = parsed.tsquery(skip=("short",))
        if words:
            entries = entries.filter(TextMatch(words, sibling="heading"))
        for group in parsed.groups:
            if group.kind == "short":
                forms = " | ".join(
                    "(" + " <-> ".join(f"'{word}'" for word in form) + ")" for form in group.forms
                )
                entries = entries.filter(Q(TextMatch(forms, sibling="heading")) | _as_typed(group.name))
    else:
        entries = entries.filter(words_match(parsed, "heading", "body", exact=_as_typed))
    score = text_score(parsed, "heading", "body", "exact", exact_form=matching_key)
    return entries.annotate(relevance=score).order_by(
        "-relevance", F("published").desc(nulls_last=True), "-pk"
    )


def search_pages(pages, text):
    """(parsed query, SiteSearchEntry queryset) for the pages of ``pages`` (a Page queryset, already
    narrowed to what the reader may see) that match ``text``, best first."""
    from search.models import SiteSearchEntry

    parsed = site_query(text)
    entries = SiteSearchEntry.objects.filter(page_id__in=pages.values("pk"))
    return parsed, search_entries(entries, parsed)
