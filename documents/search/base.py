"""What every database's search shares: the scope, the result, and the score of a document for a query.

Matching is Vietnamese-aware on every database: text and queries are NFC-normalised, lower-cased and
compared both with their diacritics and folded without them ("quyet dinh" finds "Quyết định"), and whole
syllables are matched ("an" does not match inside "ban"). Each document keeps three padded texts (see
LegalDocumentPage.set_search_text): ``search_heading`` (number, type, issuer, title, trích yếu, folded),
``search_heading_exact`` (the same with diacritics) and ``search_body`` (full text and attachments,
folded); `` word `` finds a whole syllable. The score favours, in this order: the exact document number,
a partial number with the type or issuer typed, a law named by its title, the whole phrase in the
heading, words spelled with the diacritics typed or read, words in the heading over the body, then the
newest document.

The models are looked up in Django's app registry rather than imported: the register page
(documents.models) builds its listing through this package, which must not import it back.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, Length

from documents.search.query import number_equals, number_patterns, type_keys
from home.privacy import hidden_paths
from home.text import fold_diacritics

FACETS = ("type", "issuer", "field", "year", "status")  # the register's filters, each counted


def model(name="LegalDocumentPage"):
    return apps.get_model("documents", name)


def contains(field_name, text):
    """``field_name`` (a padded text: " w1 w2 ") holds ``text`` as whole words."""
    return Q(**{f"{field_name}__contains": f" {text} "})


def _score(condition, points):
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _heading_or_body(text, heading_points, body_points, heading, body):
    return Case(
        When(contains(heading, text), then=Value(heading_points)),
        When(contains(body, text), then=Value(body_points)),
        default=Value(0),
        output_field=IntegerField(),
    )


def group_score(group, heading, body):
    """A name of the query (a type, a body, a province, a short word's phrase): more when the document
    carries it as typed than in another of its spellings, more in the heading than in the body."""
    typed, *others = group.forms
    whens = [When(contains(heading, " ".join(typed)), then=Value(12))]
    whens += [When(contains(heading, " ".join(form)), then=Value(8)) for form in others]
    whens += [When(contains(body, " ".join(form)), then=Value(2)) for form in group.forms]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def text_score(parsed, heading, body, exact, exact_form=lambda word: word):
    """The words' part of the score, over three padded texts of a model: ``heading`` and ``body``
    (folded) and ``exact`` (the heading with its diacritics, each word as ``exact_form`` makes it).
    Legal documents (below) and site search (search/site_index.py) score the same way."""
    score = Value(0)
    # A phrase, pair or word in the body only counts when the heading lacks it: a long text that repeats
    # the query's words must not outrank the document whose heading is about them.
    if len(parsed.sequence) > 2:
        score = score + _heading_or_body(parsed.folded_phrase, 60, 15, heading, body)
    for pair in parsed.pairs:
        score = score + _heading_or_body(pair, 8, 2, heading, body)
    for word in parsed.required:
        score = score + _heading_or_body(word, 10, 2, heading, body)
    for group in parsed.groups:
        score = score + group_score(group, heading, body)
    for word in parsed.optional:
        score = score + _score(contains(heading, word), 2)
    for word in parsed.exact:
        if fold_diacritics(word) != word:  # only words typed with diacritics earn the exact bonus
            score = score + _score(contains(exact, exact_form(word)), 5)
    for word in parsed.read_words:  # read with diacritics (documents.reading): a smaller bonus
        score = score + _score(contains(exact, exact_form(word)), 3)
    for pair in parsed.exact_pairs:  # "đổi số" typed or read, not "đổi sở"
        score = score + _score(contains(exact, exact_form(pair)), 8)
    return score


def number_condition(parsed):
    """The documents whose number is the one typed, in any of its spellings."""
    conditions = Q(pk__in=[])
    for key in number_equals(parsed):
        conditions |= Q(number_key=key)
    for prefix, suffix in number_patterns(parsed):
        condition = Q(number_key__startswith=prefix)
        if suffix:
            condition &= Q(number_key__endswith=suffix)
        conditions |= condition
    return conditions


def hint_condition(symbol):
    """A number carrying ``symbol`` ("QD", "BTC") as one of its parts: "39/2021/QD-UBND"."""
    return (
        Q(number_key__contains=f"/{symbol}-")
        | Q(number_key__contains=f"-{symbol}")
        | Q(number_key__endswith=f"/{symbol}")
    )


def full_score(queryset, parsed):
    """(``queryset`` with what the score needs, the score expression) for ``parsed``."""
    score = Value(0)
    if parsed.number:
        score = score + _score(Q(number_key=parsed.number), 1000)
    if parsed.has_number:
        score = score + _score(number_condition(parsed), 400)
        for symbol in parsed.hints:  # "thông tư 10/2012": the circular before other documents 10/2012
            score = score + _score(hint_condition(symbol), 50)
    for year in parsed.years:
        score = score + _score(Q(number_key__contains=f"/{year}/") | Q(sort_date__year=int(year)), 20)
    if parsed.types:
        score = score + _score(Q(document_type__name_key__in=type_keys(parsed.types)), 30)
    title = parsed.title_words
    if parsed.law_types and title:
        # A law named by its title ("luật giao thông đường bộ") before the documents that guide it.
        named = Q(document_type__name_key__in=type_keys(parsed.law_types)) & contains(
            "search_heading", " ".join(title)
        )
        score = score + _score(named, 150)
        # ... and the law whose whole title it is ("Giao thông đường bộ", "Luật Đất đai 2024") before
        # the laws whose longer titles hold it ("Luật Trật tự, an toàn giao thông đường bộ")
        whole = len(" ".join(title)) + len(" ".join(parsed.law_types)) + len(" 2024") + 1
        score = score + _score(named & Q(summary_length__lte=whole), 40)
        queryset = queryset.alias(summary_length=Length("summary"))
    score = score + text_score(parsed, "search_heading", "search_body", "search_heading_exact")
    phrase = parsed.folded_phrase
    if len(parsed.sequence) > 2:
        # Of two headings with the whole phrase, the shorter one is about it rather than mentioning it.
        score = score + _score(contains("search_heading", phrase) & Q(heading_length__lte=3 * len(phrase)), 3)
        queryset = queryset.alias(heading_length=Length("search_heading"))
    return queryset, Coalesce(score, Value(0))


def apply_filters(queryset, filters):
    """``queryset`` of documents (annotated with ``validity``) narrowed by the register's filters."""
    if "type" in filters:
        queryset = queryset.filter(document_type_id=filters["type"])
    if "issuer" in filters:
        queryset = queryset.filter(issuing_body_id=filters["issuer"])
    if "field" in filters:
        queryset = queryset.filter(fields__id=filters["field"])
    if "year" in filters:
        queryset = queryset.filter(issue_date__year=filters["year"])
    if "status" in filters:
        queryset = queryset.filter(validity=filters["status"])
    return queryset


def ordered(queryset, order, has_query):
    if order == "issue_date":
        return queryset.order_by("-sort_date", "-page_ptr_id")
    if order == "effective_date":
        return queryset.order_by(F("effective_date").desc(nulls_last=True), "-page_ptr_id")
    if has_query:
        return queryset.order_by("-relevance", "-sort_date", "-page_ptr_id")
    return queryset.order_by("-sort_date", "-page_ptr_id")


@dataclass(frozen=True)
class Scope:
    """Which documents a search runs over: a register's (or every register's), in a locale, live only,
    without the restricted subtrees (Wagtail privacy) that the reader may not see."""

    register: object = None  # a LegalDocumentIndexPage, or None for every register
    locale_id: int | None = None
    hidden_paths: tuple = ()  # paths of pages with view restrictions the reader does not pass
    live_only: bool = True

    @classmethod
    def for_request(cls, request, register=None, locale_id=None):
        return cls(register=register, locale_id=locale_id, hidden_paths=hidden_paths(request))

    def queryset(self):
        documents = model().objects.all()
        if self.live_only:
            documents = documents.live()
        if self.register is not None:
            documents = documents.child_of(self.register)
        if self.locale_id is not None:
            documents = documents.filter(locale_id=self.locale_id)
        for path in self.hidden_paths:
            documents = documents.exclude(path__startswith=path)
        return documents


@dataclass
class SearchResult:
    ids: list  # the documents of the requested window, in order
    total: int  # how many documents match the query and the filters
    counts: dict | None = None  # {facet: {value as text: count}}, the raw facet counts
    indexed: bool = False  # found through the search index, which knows each document's status

    def documents(self):
        """The window's documents, with their status, type and issuing body, in order."""
        documents = model().objects.filter(pk__in=self.ids)
        if self.indexed:
            documents = documents.annotate(validity=F("search_entry__status"))
        else:
            documents = documents.with_status()
        by_id = documents.select_related("document_type", "issuing_body", "locale").in_bulk()
        return [by_id[pk] for pk in self.ids if pk in by_id]


def number_suggestions(queryset, parsed, limit):
    if not parsed.has_number:
        return []
    rank = _score(Q(number_key__in=number_equals(parsed)), 100)
    for symbol in parsed.hints:
        rank = rank + _score(hint_condition(symbol), 10)
    return list(
        queryset.filter(number_condition(parsed))
        .annotate(number_rank=rank)
        .order_by("-number_rank", "-sort_date", "-page_ptr_id")[:limit]
    )
