"""One search service for legal documents: the register page, the JSON API and the admin use it.

Matching is Vietnamese-aware on every database: text and queries are NFC-normalised, lower-cased and
compared both with their diacritics and folded without them ("quyet dinh" finds "Quyết định", "dai"
finds "đài", "Thanh Hoá" finds "Thanh Hóa"), and whole syllables are matched ("an" does not match
inside "ban"). Each document keeps three derived texts (see LegalDocumentPage.set_search_text):

- ``search_heading``: number, type, issuing body, title and trích yếu, folded;
- ``search_heading_exact``: the same words with their diacritics;
- ``search_body``: the full text and the text of attached PDFs, folded.

All three are padded with spaces, so `` word `` finds a whole syllable. The query is read once by
documents.query (numbers in any spelling, types, issuers, provinces, years, the reading of words typed
without diacritics). A document matches when its number is the one typed, or when every significant
word is in its heading or body and every name in one of its spellings; small function words ("về",
"của", "và") only add to the score. The score favours, in this order: the exact document number, a
partial number ("39/2021", "qd 39 2021", "39/QĐ-UBND") with the type or issuer typed, a law named by
its title, the whole phrase in the heading, words spelled with the diacritics typed or read, words in
the heading over words in the body, then the newest document.
"""

import copy
import re
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, Case, Expression, F, FloatField, Func, IntegerField, Q, Value, When
from django.db.models.expressions import Col
from django.db.models.functions import Coalesce, Length

from documents.query import (  # noqa: F401 - the query step, re-exported for the register's users
    MAX_QUERY_LENGTH,
    MAX_WORDS,
    OPTIONAL_WORDS,
    ParsedQuery,
    number_equals,
    number_patterns,
    padded,
    parse_query,
    type_keys,
    words,
)
from home.text import fold_diacritics, nfc


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


# PostgreSQL full-text path ------------------------------------------------------------------------
#
# search_documents() filters any queryset of documents (the admin's: drafts included). On PostgreSQL
# the words are matched through the GIN-indexed ``search_vector`` column (migration 0007), and only the
# candidates that a register search would pick (documents.search_index, among these documents) get the
# full score below; the others follow, newest first. On SQLite the same words are matched with LIKE
# over the same padded texts. Both find the same documents: each text is a list of folded words either
# way. The register, the API and site search go through run_search() and the search index instead.


def uses_full_text(queryset):
    return connections[queryset.db].vendor == "postgresql"


class StoredColumn(Expression):
    """A column that is not a model field (the legal documents' ``search_vector``, migration 0007; the
    site search entries', search/0002), under whatever alias the query gives the table of ``sibling``,
    a model field of the same table."""

    def __init__(self, column, sibling="search_heading", output_field=None):
        super().__init__(output_field=output_field or FloatField())
        self.column = column
        self.sibling = sibling

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        sibling = F(self.sibling).resolve_expression(query, allow_joins, reuse, summarize, for_save)
        target = copy.copy(sibling.target)
        target.column = self.column
        return Col(sibling.alias, target, output_field=self.output_field)


class TextMatch(Func):
    """``search_vector @@ to_tsquery('simple', 'w1' & 'w2')`` (``sibling``: see StoredColumn), the
    query a ParsedQuery's text match (ParsedQuery.tsquery) or a tsquery text."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()

    def __init__(self, query, sibling="search_heading"):
        text = query if isinstance(query, str) else query.tsquery()
        super().__init__(StoredColumn("search_vector", sibling), _ToTsQuery(text))


class _ToTsQuery(Func):
    function = "to_tsquery"
    template = "to_tsquery('simple'::regconfig, %(expressions)s)"

    def __init__(self, text):
        super().__init__(Value(text))


def words_match(parsed, heading, body, exact=None):
    """Every required word, and every group of ``parsed`` in one of its forms (as a phrase), in the
    padded texts ``heading`` or ``body``: the LIKE match of SQLite (site search uses it too). A short
    word's group also matches the word as typed in ``exact`` (a condition on that text)."""
    text_match = Q()
    for word in parsed.required:
        text_match &= contains(heading, word) | contains(body, word)
    for group in parsed.groups:
        any_form = exact(group.name) if exact is not None and group.kind == "short" else Q(pk__in=[])
        for form in group.forms:
            any_form |= contains(heading, " ".join(form)) | contains(body, " ".join(form))
        text_match &= any_form
    return text_match


def _text_match(queryset, parsed):
    if uses_full_text(queryset):
        return Q(TextMatch(parsed))
    return words_match(parsed, "search_heading", "search_body")


def _full_score(queryset, parsed):
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


def search_documents(queryset, query, annotate=True):
    """``queryset`` narrowed to the documents matching ``query``, annotated with ``relevance``
    unless ``annotate`` is False (counting needs no score)."""
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    if not parsed:
        return queryset.none()
    text_match = _text_match(queryset, parsed) if parsed.has_text else Q()
    matches = number_condition(parsed)
    if parsed.has_text:
        matches |= text_match
    elif not parsed.has_number:
        return queryset.none()
    if not annotate:
        return queryset.filter(matches)
    parsed.reading  # noqa: B018 - read the register's words before the candidates' transaction
    queryset, score = _full_score(queryset, parsed)
    if not uses_full_text(queryset) or not parsed.has_text:
        return queryset.filter(matches).annotate(relevance=score)
    # Score in full only the best candidates, the ones a register search picks (documents.search_index),
    # among these documents (and any number match); the rest keep 0 and follow newest first.
    from documents import search_index

    candidates = search_index.candidates_among(queryset, parsed)
    # (never an empty IN: Django would fold the CASE below into a constant, "ORDER BY 0", a column number)
    shortlisted = Q(pk__in=candidates) if candidates else Q(pk__isnull=True)
    if parsed.has_number:
        shortlisted |= number_condition(parsed)
    relevance = Case(When(shortlisted, then=score + Value(1)), default=Value(0), output_field=IntegerField())
    return queryset.filter(matches).annotate(relevance=relevance)


def ordered(queryset, order, has_query):
    if order == "issue_date":
        return queryset.order_by("-sort_date", "-page_ptr_id")
    if order == "effective_date":
        return queryset.order_by(F("effective_date").desc(nulls_last=True), "-page_ptr_id")
    if has_query:
        return queryset.order_by("-relevance", "-sort_date", "-page_ptr_id")
    return queryset.order_by("-sort_date", "-page_ptr_id")


# The register's search: one entry point for the register page, the JSON API and the benchmarks --------


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
        from home.privacy import hidden_paths

        return cls(register=register, locale_id=locale_id, hidden_paths=hidden_paths(request))

    def queryset(self):
        from documents.models import LegalDocumentPage

        documents = LegalDocumentPage.objects.all()
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
        from documents.models import LegalDocumentPage

        documents = LegalDocumentPage.objects.filter(pk__in=self.ids)
        if self.indexed:
            documents = documents.annotate(validity=F("search_entry__status"))
        else:
            documents = documents.with_status()
        by_id = documents.select_related("document_type", "issuing_body", "locale").in_bulk()
        return [by_id[pk] for pk in self.ids if pk in by_id]


def run_search(scope, query, filters, order, offset=0, limit=20, with_facets=True, known_total=None):
    """The documents of ``scope`` matching ``query`` (text or ParsedQuery; empty for all) and
    ``filters``, in ``order`` ("relevance", "issue_date" or "effective_date"), the window
    ``offset:offset + limit``, the total, and the facet counts when ``with_facets``. ``known_total``
    (from remembered facet counts) spares counting the matches again.

    On PostgreSQL it reads the narrow search index (documents.search_index); elsewhere it runs the same
    matching and score over the document table. Both give the same documents in the same order, but
    that PostgreSQL fully scores only the best candidates of a broad query (see search_index)."""
    from documents import search_index
    from documents.listing import apply_filters, raw_facet_counts
    from documents.models import LegalDocumentPage

    parsed = query if isinstance(query, ParsedQuery) else parse_query(query or "")
    if not parsed:
        parsed = None
        if order == "relevance":
            order = "issue_date"
    else:
        parsed.reading  # noqa: B018 - read the register's words before the search's own transaction
    if search_index.enabled():

        def full_score(ids):
            documents, score = _full_score(LegalDocumentPage.objects.filter(pk__in=ids), parsed)
            return list(
                documents.annotate(relevance=score)
                .order_by("-relevance", "-sort_date", "-page_ptr_id")
                .values_list("pk", flat=True)
            )

        ids, total, counts = search_index.search(
            scope, parsed, filters, order, offset, limit, with_facets, full_score, known_total
        )
        return SearchResult(ids, total, counts, indexed=True)
    base = scope.queryset().with_status()
    counted = search_documents(base, parsed, annotate=False) if parsed else base
    matching = search_documents(base, parsed) if parsed else base
    documents = ordered(apply_filters(matching, filters), order, parsed is not None)
    counts = None
    if with_facets:
        counts = raw_facet_counts(counted, filters)
        total = counts["total"].get(None, 0)
    elif known_total is not None:
        total = known_total
    else:
        total = apply_filters(counted, filters).count()
    ids = list(documents.values_list("pk", flat=True)[offset : offset + limit]) if total > offset else []
    return SearchResult(ids, total, counts)


# Highlighting -------------------------------------------------------------------------------------


def _fold_char(ch):
    folded = fold_diacritics(ch).lower()
    return folded if len(folded) == 1 else ch.lower()


def highlight_spans(text, parsed):
    """[(start, end)] of the query's words in ``text``, matched without diacritics, whole words only.
    A word read with diacritics ("số" of "chuyen doi so") is marked where it is spelled so, or inside
    a pair of the query's words; elsewhere only when the text never spells it so. A word of one or two
    letters typed without diacritics is marked only inside such a pair or where spelled as typed."""
    text = nfc(text)
    folded = "".join(_fold_char(ch) for ch in text)  # one character for one character
    lowered = text.lower()
    spans = []
    for pair in parsed.pairs:
        first, second = pair.split(" ")
        spans += [
            m.span() for m in re.finditer(rf"(?<!\w){re.escape(first)}\s+{re.escape(second)}(?!\w)", folded)
        ]
    spelled = dict(zip(parsed.sequence, parsed.reading, strict=False)) if parsed.reading else {}
    typed = dict(zip(parsed.sequence, parsed.exact, strict=False))
    for word in parsed.highlight_words:
        found = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", folded)]
        if len(parsed.sequence) > 1 and len(word) <= 2 and typed.get(word) == word and not word.isdigit():
            spans += [(start, end) for start, end in found if lowered[start:end] == word]  # as typed
            continue
        reading = spelled.get(word) or (typed.get(word) if typed.get(word, word) != word else "")
        if reading:
            as_read = [(start, end) for start, end in found if lowered[start:end] == reading]
            found = as_read or ([] if typed.get(word) != word else found)
        spans += found
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return text, merged


# Suggestions as you type ---------------------------------------------------------------------------

SUGGESTIONS = 8


def suggest_documents(scope, text, limit=SUGGESTIONS):
    """Up to ``limit`` documents of ``scope``: first those whose number is the one typed in any of its
    spellings ("39-2021", "qd 39 2021", "39 năm 2021"), then those whose number starts with ``text``,
    then those whose heading has every word of ``text``, the last one as a prefix ("quyet dinh truy"
    finds "Quyết định ... truyền ..."), newest first."""
    from documents import search_index
    from documents.numbers import number_key

    text = nfc(text)[:MAX_QUERY_LENGTH]
    folded = words(text)[:MAX_WORDS]
    if not folded or len("".join(folded)) < 2:
        return []
    queryset = scope.queryset().select_related("document_type")
    found = _number_suggestions(queryset, parse_query(text, read=False), limit)
    key = number_key(text) if any(ch.isdigit() for ch in text) else ""
    if len(found) >= limit:
        return found
    if search_index.enabled():
        ids = search_index.suggest(scope, key, folded, limit)
        documents = scope.queryset().filter(pk__in=ids).select_related("document_type").in_bulk()
        more = [documents[pk] for pk in ids if pk in documents]
    else:
        more = []
        if key:
            more = list(
                queryset.filter(number_key__startswith=key).order_by("number_key", "-page_ptr_id")[:limit]
            )
        if len(more) < limit:
            seen = [document.pk for document in more]
            condition = Q(search_heading__contains=f" {folded[-1]}")
            for word in folded[:-1]:
                condition &= contains("search_heading", word)
            more += list(
                queryset.filter(condition)
                .exclude(pk__in=seen)
                .order_by("-sort_date", "-page_ptr_id")[: limit - len(more)]
            )
    seen = {document.pk for document in found}
    return (found + [document for document in more if document.pk not in seen])[:limit]


def reading_of(text):
    """The most likely reading with diacritics of a query typed without ("chuyen doi so" ->
    "chuyển đổi số"), or "" when there is none or it is what was typed."""
    from documents import reading

    text = nfc(text)[:MAX_QUERY_LENGTH]
    if not text or any(ch.isdigit() for ch in text):
        return ""
    return reading.suggestion(parse_query(text))


def _number_suggestions(queryset, parsed, limit):
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
