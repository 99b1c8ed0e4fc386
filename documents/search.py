"""One search service for legal documents: the register page, the JSON API and the admin use it.

Matching is Vietnamese-aware on every database: text and queries are NFC-normalised, lower-cased and
compared both with their diacritics and folded without them ("quyet dinh" finds "Quyết định", "dai"
finds "đài", "Thanh Hoá" finds "Thanh Hóa"), and whole syllables are matched ("an" does not match
inside "ban"). Each document keeps three derived texts (see LegalDocumentPage.set_search_text):

- ``search_heading``: number, type, issuing body, title and trích yếu, folded;
- ``search_heading_exact``: the same words with their diacritics;
- ``search_body``: the full text and the text of attached PDFs, folded.

All three are padded with spaces, so `` word `` finds a whole syllable. A document matches when every
significant word of the query is in its heading or body; small function words ("về", "của", "và")
only add to the score. The score favours, in this order: the exact document number, a partial number
("qd 39 2021", "39/QĐ-UBND"), the whole phrase in the heading, words spelled with the same diacritics,
words in the heading over words in the body, then the newest document.
"""

import copy
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import BooleanField, Case, Expression, F, FloatField, Func, IntegerField, Q, Value, When
from django.db.models.expressions import Col
from django.db.models.functions import Coalesce, Length

from documents.numbers import number_key
from home.text import fold_diacritics, nfc

MAX_QUERY_LENGTH = 200
MAX_WORDS = 16
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# Function words that add nothing on their own (folded): they only add to the score.
OPTIONAL_WORDS = {
    "ve", "cua", "va", "cac", "nhung", "cho", "trong", "tai", "theo", "voi", "la", "de", "tren", "duoc",
    "nay", "do", "mot", "so", "viec", "nam", "ngay", "thang",
}  # fmt: skip
NUMBER_SYMBOLS = re.compile(r"^[a-z]{1,6}$")
YEAR = re.compile(r"^(19|20)\d\d$")


def words(text, fold=True):
    """Lower-case words of ``text`` (folded unless ``fold`` is False), punctuation removed."""
    text = nfc(text).lower()
    if fold:
        text = fold_diacritics(text)
    return [word for word in _NON_WORD.split(text.replace("_", " ")) if word]


def padded(text, fold=True):
    return " " + " ".join(words(text, fold)) + " "


@dataclass
class ParsedQuery:
    text: str
    required: list = field(default_factory=list)  # folded words that must match
    optional: list = field(default_factory=list)  # folded words that only score
    exact: list = field(default_factory=list)  # words with their diacritics, for the bonus
    sequence: list = field(default_factory=list)  # folded words in the order typed, for phrases
    number: str = ""  # a full number key, e.g. "39/2021/QD-UBND"
    number_parts: dict = field(default_factory=dict)  # {"serial", "year", "symbol"} from loose words

    @property
    def folded_phrase(self):
        return " ".join(self.sequence)

    @property
    def pairs(self):
        """Adjacent words as typed: "truyen so", "so lieu" (Vietnamese words are often two syllables)."""
        return [f"{a} {b}" for a, b in zip(self.sequence, self.sequence[1:], strict=False)]

    def __bool__(self):
        return bool(self.required or self.optional or self.number or self.number_parts)


def parse_query(text):
    text = "".join(ch for ch in nfc(text) if unicodedata.category(ch)[0] != "C")  # control characters
    text = nfc(text)[:MAX_QUERY_LENGTH].strip()
    parsed = ParsedQuery(text=text)
    raw_tokens = text.split()
    numbers = [token for token in raw_tokens if "/" in token and any(ch.isdigit() for ch in token)]
    if numbers:
        parsed.number = number_key(numbers[0])
    remaining = " ".join(token for token in raw_tokens if token not in numbers)
    folded = words(remaining)[:MAX_WORDS]
    exact = words(remaining, fold=False)[:MAX_WORDS]
    digits = [word for word in folded if word.isdigit()]
    if not numbers and digits:
        serial = next((d for d in digits if not YEAR.match(d)), None)
        year = next((d for d in digits if YEAR.match(d) and d != serial), None)
        symbols = [w for w in folded if NUMBER_SYMBOLS.match(w) and w not in OPTIONAL_WORDS]
        if serial:
            parsed.number_parts = {
                "serial": serial,
                "year": year,
                "symbol": symbols[0].upper() if symbols else "",
            }
    for word, exact_word in zip(folded, exact, strict=False):
        if word.isdigit() and parsed.number_parts:
            continue
        (parsed.optional if word in OPTIONAL_WORDS else parsed.required).append(word)
        parsed.exact.append(exact_word)
        parsed.sequence.append(word)
    if not parsed.required and parsed.optional and not (parsed.number or parsed.number_parts):
        parsed.required, parsed.optional = parsed.optional, []
    return parsed


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
    for word in parsed.optional:
        score = score + _score(contains(heading, word), 2)
    for word in parsed.exact:
        if fold_diacritics(word) != word:  # only words typed with diacritics earn the exact bonus
            score = score + _score(contains(exact, exact_form(word)), 5)
    return score


def number_condition(parsed):
    conditions = Q(pk__in=[])
    if parsed.number:
        serial, _, rest = parsed.number.partition("/")
        symbol = parsed.number.rsplit("/", 1)[-1]
        conditions |= Q(number_key=parsed.number)
        if serial and symbol and symbol != serial:
            # "39/QĐ-UBND" without its year, or with another spelling of the year
            conditions |= Q(number_key__startswith=f"{serial}/", number_key__endswith=f"/{symbol}")
    if parsed.number_parts:
        parts = parsed.number_parts
        loose = Q(number_key__startswith=f"{parts['serial']}/")
        if parts["year"]:
            loose &= Q(number_key__contains=f"/{parts['year']}/")
        if parts["symbol"]:
            loose &= Q(number_key__contains=parts["symbol"])
        conditions |= loose
    return conditions


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


def _tsquery(words, operator):
    # Words are runs of \w characters (see words()), so quoting them is enough.
    return f" {operator} ".join(f"'{word}'" for word in words)


class TextMatch(Func):
    """``search_vector @@ to_tsquery('simple', 'w1' & 'w2')`` (``sibling``: see StoredColumn)"""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()

    def __init__(self, words, sibling="search_heading"):
        super().__init__(StoredColumn("search_vector", sibling), _ToTsQuery(_tsquery(words, "&")))


class _ToTsQuery(Func):
    function = "to_tsquery"
    template = "to_tsquery('simple'::regconfig, %(expressions)s)"

    def __init__(self, text):
        super().__init__(Value(text))


def _text_match(queryset, parsed):
    if uses_full_text(queryset):
        return Q(TextMatch(parsed.required))
    text_match = Q()
    for word in parsed.required:
        text_match &= contains("search_heading", word) | contains("search_body", word)
    return text_match


def _full_score(queryset, parsed):
    """(``queryset`` with what the score needs, the score expression) for ``parsed``."""
    score = Value(0)
    if parsed.number:
        score = score + _score(Q(number_key=parsed.number), 1000)
    if parsed.number or parsed.number_parts:
        score = score + _score(number_condition(parsed), 400)
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
    text_match = _text_match(queryset, parsed) if parsed.required else Q()
    matches = number_condition(parsed)
    if parsed.required:
        matches |= text_match
    elif not (parsed.number or parsed.number_parts):
        return queryset.none()
    if not annotate:
        return queryset.filter(matches)
    queryset, score = _full_score(queryset, parsed)
    if not uses_full_text(queryset) or not parsed.required:
        return queryset.filter(matches).annotate(relevance=score)
    # Score in full only the best candidates, the ones a register search picks (documents.search_index),
    # among these documents (and any number match); the rest keep 0 and follow newest first.
    from documents import search_index

    candidates = search_index.candidates_among(queryset, parsed)
    # (never an empty IN: Django would fold the CASE below into a constant, "ORDER BY 0", a column number)
    shortlisted = Q(pk__in=candidates) if candidates else Q(pk__isnull=True)
    if parsed.number or parsed.number_parts:
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
    """[(start, end)] of the query's words in ``text``, matched without diacritics, whole words only."""
    text = nfc(text)
    folded = "".join(_fold_char(ch) for ch in text)  # one character for one character
    spans = []
    for word in set(parsed.required + parsed.optional):
        for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
            spans.append(match.span())
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
    """Up to ``limit`` documents of ``scope`` whose number starts with ``text`` (in any spelling), then
    documents whose heading has every word of ``text``, the last one as a prefix ("quyet dinh truy"
    finds "Quyết định ... truyền ..."), newest first."""
    from documents import search_index
    from documents.numbers import number_key

    text = nfc(text)[:MAX_QUERY_LENGTH]
    folded = words(text)[:MAX_WORDS]
    if not folded or len("".join(folded)) < 2:
        return []
    key = number_key(text) if any(ch.isdigit() for ch in text) else ""
    if search_index.enabled():
        ids = search_index.suggest(scope, key, folded, limit)
        documents = scope.queryset().filter(pk__in=ids).select_related("document_type").in_bulk()
        return [documents[pk] for pk in ids if pk in documents]
    queryset = scope.queryset().select_related("document_type")
    found = []
    if key:
        found = list(
            queryset.filter(number_key__startswith=key).order_by("number_key", "-page_ptr_id")[:limit]
        )
    if len(found) < limit:
        seen = [document.pk for document in found]
        condition = Q(search_heading__contains=f" {folded[-1]}")
        for word in folded[:-1]:
            condition &= contains("search_heading", word)
        found += list(
            queryset.filter(condition)
            .exclude(pk__in=seen)
            .order_by("-sort_date", "-page_ptr_id")[: limit - len(found)]
        )
    return found
