"""The register's search index on PostgreSQL: one narrow row per legal document (migration 0008).

Searching the document table itself is slow on a large register: its rows carry the full text, so a
broad query ("quyết định" matches two documents in three) reads and de-TOASTs hundreds of megabytes,
joins the page table for ``live`` and the tree, and computes the validity status of every match (two
sub-queries a row) to count the facets. ``documents_legaldocumentsearch`` keeps, per document, only what
searching, filtering, counting and sorting need:

- the page's place and state: ``path``, ``depth``, ``live``, ``locale_id`` (a register is a path prefix,
  privacy restrictions are path prefixes too, as in Wagtail's ``PageQuerySet.public()``);
- the filter keys: type, issuing body, year, fields (an array), and the validity ``status``;
- the sort keys: ``sort_date``, ``effective_date``, and ``number_key`` for number lookups;
- ``search_vector``: the words of the heading and the body, and every pair of adjacent words ("quyet
  dinh"), without positions. GIN-indexed, it answers a match alone, the phrases of a query included (as
  their pairs: ParsedQuery.terms_tsquery), so the large vector is never read; a vector with positions
  would have to be read for every match of a phrase ("quyết định" matches two documents in three);
- three small heading vectors (folded, exact, pairs) to pick and rank candidates.

The status is stored, so it must follow the days: each row also keeps ``status_until``, the first day on
which its status may change by the calendar alone (its effective or expiry date, or the day a document
replacing or amending it takes effect). Every search first re-derives the rows whose day has come (an
index probe that finds none on most days), so no cron job is needed for the status to be right.

Rows are written here, from the document table, by one ``INSERT ... ON CONFLICT`` per batch: on every
save of a document (which also refreshes the documents its relations point at, whose status may depend
on it), on publish, unpublish and move, and after each import batch. A row disappears with its document
(foreign key, ``ON DELETE CASCADE``). SQLite has no such table: there the search runs over the document
table, which is fast enough at the sizes SQLite serves.
"""

import copy
from contextlib import contextmanager

from django.db import DatabaseError, connections, router, transaction
from django.db.models import BooleanField, Case, Expression, F, FloatField, Func, IntegerField, Q, Value, When
from django.db.models.expressions import Col
from django.db.models.functions import ExtractYear

from documents.search.base import SearchResult, full_score, model, number_condition
from documents.search.query import number_equals, number_patterns, type_keys
from documents.search.replica import mark_down, read_alias
from documents.status import ENDS_PART_OF_VALIDITY, ENDS_VALIDITY, status_expression
from documents.status import today as current_day
from documents.versions import bump_register_version
from home.text import fold_diacritics

TABLE = "documents_legaldocumentsearch"
MAX_BODY = 100_000  # characters of a body that are searched (as in the document table's vector: 0007)


def _db():
    return router.db_for_write(model())


def enabled(using=None):
    return connections[using or _db()].vendor == "postgresql"


def _rows_sql(ids, today):
    """SELECT of the index rows for ``ids`` (all documents when None), and its parameters."""
    documents = model().objects.all()
    if ids is not None:
        documents = documents.filter(pk__in=list(ids))
    documents = documents.annotate(
        _status=status_expression(today, model("LegalDocumentRelation")),
        _year=ExtractYear("issue_date"),
    ).values_list(
        "pk",
        "path",
        "depth",
        "live",
        "locale_id",
        "document_type_id",
        "issuing_body_id",
        "_year",
        "_status",
        "sort_date",
        "effective_date",
        "expiry_date",
        "status_override",
        "number_key",
    )
    return documents.order_by().query.sql_with_params()


def refresh(ids=None, today=None):
    """Write the index rows of the documents ``ids`` (every document when None) from the document table."""
    using = _db()
    if not enabled(using):
        return
    if ids is not None:
        ids = list(ids)
        if not ids:
            return
    today = today or current_day()
    rows_sql, rows_params = _rows_sql(ids, today)
    through = model().fields.through
    relation = model("LegalDocumentRelation")._meta.db_table
    # The next day the status may change by the calendar alone: a future effective or expiry date, or
    # the day a live document that ends or amends this one takes effect.
    sql = f"""
        INSERT INTO {TABLE} (page_id, path, depth, live, locale_id, document_type_id, issuing_body_id,
            year, status, status_until, field_ids, sort_date, effective_date, number_key,
            search_vector, heading_vector, heading_exact_vector, heading_pairs_vector)
        SELECT s.id, s.path, s.depth, s.live, s.locale_id, s.type_id, s.issuer_id, s.year, s.status,
            CASE WHEN s.status_override = '' THEN LEAST(
                CASE WHEN s.effective_date > %s THEN s.effective_date END,
                CASE WHEN s.expiry_date > %s THEN s.expiry_date END,
                (SELECT MIN(COALESCE(src.effective_date, src.issue_date))
                   FROM {relation} r
                   JOIN documents_legaldocumentpage src ON src.page_ptr_id = r.source_id
                   JOIN wagtailcore_page sp ON sp.id = r.source_id
                  WHERE r.target_id = s.id AND sp.live AND r.relation_type IN %s
                    AND COALESCE(src.effective_date, src.issue_date) > %s)
            ) END,
            ARRAY(SELECT t.legalfield_id FROM {through._meta.db_table} t
                   WHERE t.legaldocumentpage_id = s.id ORDER BY 1),
            s.sort_date, s.effective_date, s.number_key,
            array_to_tsvector(ARRAY(
                SELECT DISTINCT v.term FROM (
                    SELECT w.word, lead(w.word) OVER (ORDER BY w.n) AS next FROM unnest(string_to_array(
                        btrim(d.search_heading) || ' | ' || btrim(left(d.search_body, {MAX_BODY})), ' '
                    )) WITH ORDINALITY AS w (word, n)
                ) p, LATERAL (VALUES (p.word), (
                    CASE WHEN p.next NOT IN ('', '|') THEN p.word || ' ' || p.next END
                )) AS v (term)
                WHERE p.word NOT IN ('', '|') AND v.term IS NOT NULL AND octet_length(v.term) < 2047)),
            strip(d.search_rank_vector),
            strip(to_tsvector('simple'::regconfig, d.search_heading_exact)),
            array_to_tsvector(ARRAY(
                SELECT DISTINCT p.word || ' ' || p.next FROM (
                    SELECT w.word, lead(w.word) OVER (ORDER BY w.n) AS next FROM
                        unnest(string_to_array(btrim(d.search_heading), ' ')) WITH ORDINALITY AS w (word, n)
                ) p WHERE p.next IS NOT NULL AND p.word <> '' AND p.next <> ''))
        FROM ({rows_sql}) AS s (id, path, depth, live, locale_id, type_id, issuer_id, year, status,
            sort_date, effective_date, expiry_date, status_override, number_key)
        JOIN documents_legaldocumentpage d ON d.page_ptr_id = s.id
        ON CONFLICT (page_id) DO UPDATE SET
            path = EXCLUDED.path, depth = EXCLUDED.depth, live = EXCLUDED.live,
            locale_id = EXCLUDED.locale_id, document_type_id = EXCLUDED.document_type_id,
            issuing_body_id = EXCLUDED.issuing_body_id, year = EXCLUDED.year, status = EXCLUDED.status,
            status_until = EXCLUDED.status_until,
            field_ids = EXCLUDED.field_ids, sort_date = EXCLUDED.sort_date,
            effective_date = EXCLUDED.effective_date, number_key = EXCLUDED.number_key,
            search_vector = EXCLUDED.search_vector, heading_vector = EXCLUDED.heading_vector,
            heading_exact_vector = EXCLUDED.heading_exact_vector,
            heading_pairs_vector = EXCLUDED.heading_pairs_vector
    """  # noqa: S608  # nosec B608 - table names from the models; every value is a parameter
    relation_ends = tuple(sorted(str(kind) for kind in ENDS_VALIDITY | ENDS_PART_OF_VALIDITY))
    params = [today, today, relation_ends, today, *rows_params]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)


def refresh_document(document):
    """After ``document`` was saved: its row, and those of the documents its relations point at, whose
    status may follow from its dates and whether it is live. (A relation added or removed refreshes its
    target itself: documents.signals.)"""
    if not enabled():
        return
    targets = (
        model("LegalDocumentRelation")
        .objects.filter(source_id=document.pk)
        .values_list("target_id", flat=True)
    )
    refresh({document.pk, *targets})


def refresh_places(page):
    """After ``page`` moved or was unpublished: the place and state (path, depth, live, locale) of the
    documents at or under it, copied from the page table in one statement."""
    from wagtail.models import Page

    if not enabled():
        return
    path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first()
    if path is None:
        return
    with connections[_db()].cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} e SET path = p.path, depth = p.depth, live = p.live, locale_id = p.locale_id "  # noqa: S608  # nosec B608 - constant table name
            "FROM wagtailcore_page p WHERE p.id = e.page_id AND p.path LIKE %s "
            "AND (e.path, e.depth, e.live, e.locale_id) "
            "IS DISTINCT FROM (p.path, p.depth, p.live, p.locale_id)",
            [_prefix(path)],
        )


_checked_on = {}


def refresh_due_statuses(today=None):
    """Re-derive the rows whose status may have changed since they were written (``status_until``
    reached): an index probe, made once a day in each process (a row written today is never due before
    tomorrow). A status that changed makes the register's stored pages and counts stale."""
    using = _db()
    if not enabled(using):
        return 0
    today = today or current_day()
    if _checked_on.get(using) == today:
        return 0
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT page_id FROM {TABLE} WHERE status_until <= %s", [today])  # noqa: S608  # nosec B608 - constant table name
        due = [row[0] for row in cursor.fetchall()]
    if due:
        refresh(due, today)
        bump_register_version()
    _checked_on[using] = today
    return len(due)


# Searching the index -----------------------------------------------------------------------------
#
# Every query below reads ``documents_legaldocumentsearch`` alone (alias ``e``). The planner is told not
# to scan it sequentially: the GIN index answers ``@@`` exactly (no re-check), whereas a sequential scan
# would read every matching row's large, out-of-line ``search_vector``; PostgreSQL does not count that
# cost and picks the scan for broad queries ("quyết định" matches two documents in three), 10x slower.

CANDIDATES = 200


def _tsquery(words, operator):
    # Words are runs of \w characters (documents.search.words), so quoting them is enough.
    return f" {operator} ".join(f"'{word}'" for word in words)


def where_clause(scope, parsed, filters, skip=None):
    """(SQL condition over ``e``, params): the scope, the query's matches, and the filters but ``skip``."""
    parts, params = [], []
    if scope.live_only:
        parts.append("e.live")
    if scope.locale_id is not None:
        parts.append("e.locale_id = %s")
        params.append(scope.locale_id)
    if scope.register is not None:
        parts.append("e.path LIKE %s AND e.depth = %s")
        params += [_prefix(scope.register.path), scope.register.depth + 1]
    for path in scope.hidden_paths:
        parts.append("e.path NOT LIKE %s")
        params.append(_prefix(path))
    if parsed is not None:
        sql, values = match_clause(parsed)
        parts.append(sql)
        params += values
    for name, (sql, value) in _filter_clauses(filters).items():
        if name != skip:
            parts.append(sql)
            params.append(value)
    return " AND ".join(parts) or "TRUE", params


def _prefix(path):
    return _like_escape(path) + "%"


def _filter_clauses(filters, alias="e"):
    """{filter name: (SQL over the index row ``e`` or the gathered match ``m``, value)}"""
    columns = {
        "type": "e.document_type_id = %s" if alias == "e" else "m.type_id = %s",
        "issuer": "e.issuing_body_id = %s" if alias == "e" else "m.issuer_id = %s",
        "year": f"{alias}.year = %s",
        "status": f"{alias}.status = %s",
        "field": f"%s = ANY ({alias}.field_ids)",
    }
    return {name: (columns[name], filters[name]) for name in columns if name in filters}


def _number_clause(parsed, alias="e"):
    """SQL conditions over ``number_key`` for the number typed (documents.query.number_patterns)."""
    parts, params = [], []
    for key in number_equals(parsed):
        parts.append(f"{alias}.number_key = %s")
        params.append(key)
    for prefix, suffix in number_patterns(parsed):
        if suffix:
            parts.append(f"({alias}.number_key LIKE %s AND {alias}.number_key LIKE %s)")
            params += [_prefix(prefix), "%" + _like_escape(suffix)]
        else:
            parts.append(f"{alias}.number_key LIKE %s")
            params.append(_prefix(prefix))
    return parts, params


def _like_escape(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def match_clause(parsed):
    if not parsed.has_text:
        parts, params = _number_clause(parsed)
        return ("(" + " OR ".join(parts) + ")" if parts else "FALSE"), params
    text = "e.search_vector @@ %s::tsquery"  # the words are folded already: no parsing
    parts, params = _number_clause(parsed, alias="n")
    if not parts:
        return text, [parsed.terms_tsquery()]
    # The number's matches by id: PostgreSQL re-checks a condition OR-ed with a LIKE on every row (the
    # text match too, reading each match's large vector), but not an id among a list.
    numbers = f"e.page_id = ANY (ARRAY(SELECT n.page_id FROM {TABLE} n WHERE {' OR '.join(parts)}))"  # noqa: S608  # nosec B608 - built from constants, values as params
    return f"({numbers} OR {text})", [*params, parsed.terms_tsquery()]


def _tiers(parsed):
    """Conditions that pick a broad query's candidates for the full score, best first, each answered by
    an index alone: the exact number, a partial number, the phrase in the heading with the diacritics
    typed, the phrase in the heading (every adjacent pair of words), the words with their diacritics,
    every word in the heading. Each implies the text match, so none needs the large vector."""
    tiers = []
    if parsed.number:
        tiers.append(("e.number_key = %s", [parsed.number]))
    number, number_params = _number_clause(parsed)
    if number:
        tiers.append(("(" + " OR ".join(number) + ")", number_params))
    if not parsed.has_text:
        return tiers
    # (the heading vectors keep no positions: a phrase of the query is looked for as words there)
    words = ("e.heading_vector @@ to_tsquery('simple'::regconfig, %s)", [parsed.tsquery(phrases=False)])
    law = _law_tier(parsed, words)
    if law:
        tiers.append(law)
    marked = [word.lower() for word in parsed.exact if word != _fold(word)] + parsed.read_words
    exact = (
        "e.heading_exact_vector @@ to_tsquery('simple'::regconfig, %s)",
        [_tsquery(marked, "&")],
    )
    pairs = ("e.heading_pairs_vector @@ %s::tsquery", [_tsquery(parsed.pairs, "&")])
    if parsed.pairs and marked:
        tiers.append((f"{pairs[0]} AND {exact[0]}", pairs[1] + exact[1]))
    if parsed.pairs:
        tiers.append(pairs)
    if marked:
        tiers.append((f"{exact[0]} AND {words[0]}", exact[1] + words[1]))
    tiers.append(words)
    return tiers


def _law_tier(parsed, words):
    """A law named by its title: the documents of that type whose heading has the query's words."""
    if not (parsed.law_types and parsed.title_words):
        return None
    law = "e.document_type_id IN (SELECT t.id FROM documents_documenttype t WHERE t.name_key = ANY (%s))"
    return (
        f"{law} AND {words[0]}",
        [type_keys(parsed.law_types), *words[1]],
    )


def _candidates(cursor, scope, parsed, filters):
    """Up to CANDIDATES ids of the best matches by tier (see _tiers), newest first within a tier, then
    the newest of the other matches."""
    scoped, scoped_params = where_clause(scope, None, filters)
    match, match_params = match_clause(parsed)
    return _pick(cursor, scoped, scoped_params, match, match_params, parsed)


def candidates_among(documents, parsed):
    """The same candidates as a register search picks, among the documents of the queryset ``documents``
    (the admin's listing: drafts and restricted documents included): the admin then orders a query's
    matches as the register and the API do."""
    sql, params = documents.order_by().values("pk").query.sql_with_params()
    match, match_params = match_clause(parsed)
    using = _db()
    nested = connections[using].in_atomic_block
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # see above: ends with this transaction
        try:
            return _pick(cursor, f"e.page_id IN ({sql})", list(params), match, match_params, parsed)
        finally:
            if nested:
                cursor.execute("SET LOCAL enable_seqscan = on")


def _pick(cursor, scoped, scoped_params, match, match_params, parsed):
    found, seen = [], set()
    steps = [(f"{scoped} AND {sql}", [*scoped_params, *values]) for sql, values in _tiers(parsed)]
    steps.append((f"{scoped} AND {match}", [*scoped_params, *match_params]))
    for where, params in steps:
        rows = _fetch(
            cursor,
            f"SELECT e.page_id FROM {TABLE} e WHERE {where} "  # noqa: S608  # nosec B608 - built from constants, values as params
            f"ORDER BY e.sort_date DESC, e.page_id DESC LIMIT {CANDIDATES}",
            params,
        )
        for (page_id,) in rows:
            if page_id not in seen:
                seen.add(page_id)
                found.append(page_id)
        if len(found) >= CANDIDATES:
            break
    return found[:CANDIDATES]


def _fold(word):
    return fold_diacritics(word)


def _fetch(cursor, sql, params):
    cursor.execute(sql, params)
    return cursor.fetchall()


def search(scope, parsed, filters, order, offset, limit, with_facets, rank, known_total=None):
    """(ids of the documents at ``offset:offset + limit`` in ``order``, total, raw facet counts or None).

    ``rank(ids, alias)`` orders candidate ids by the complete score (documents.search.base.full_score),
    read from the database the search reads."""
    refresh_due_statuses()
    args = (scope, parsed, filters, order, offset, limit, with_facets, known_total)
    return _read(lambda cursor, using: _search(cursor, *args[:7], lambda ids: rank(ids, using), args[7]))


def _read(work):
    """``work(cursor, alias)`` on the search replica when it may answer (documents.search.replica), else,
    or when the replica fails meanwhile, on the primary."""
    primary = _db()
    using = read_alias(primary)
    if using != primary:
        try:
            with _index_scans(using) as cursor:
                return work(cursor, using)
        except DatabaseError as error:  # gone, or a query cancelled by a recovery conflict
            if not connections[using].is_usable():
                mark_down(error)
    with _index_scans(primary) as cursor:
        return work(cursor, primary)


@contextmanager
def _index_scans(using=None):
    """A cursor in a transaction told to use the indexes (see above) and given the memory that keeps a
    broad query's matches out of temporary files; both settings end with the transaction, or are put
    back when the transaction is the caller's."""
    using = using or _db()
    nested = connections[using].in_atomic_block
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '32MB'")
        try:
            yield cursor
        finally:
            if nested:
                cursor.execute("SET LOCAL enable_seqscan = on; SET LOCAL work_mem = DEFAULT")


def _search(cursor, scope, parsed, filters, order, offset, limit, with_facets, rank, known_total):
    where, params = where_clause(scope, parsed, filters)
    counts = _facet_counts(cursor, scope, parsed, filters) if with_facets else None
    if counts is not None:
        total = counts["total"].get(None, 0)
    elif known_total is not None:
        total = known_total
    else:
        total = _fetch(cursor, f"SELECT COUNT(*) FROM {TABLE} e WHERE {where}", params)[0][0]  # noqa: S608  # nosec B608 - built from constants, values as params
    if not total or offset >= total:
        return [], total, counts
    if parsed is not None and order == "relevance":
        if total <= CANDIDATES:  # every match gets the full score
            every_match = f"SELECT e.page_id FROM {TABLE} e WHERE {where}"  # noqa: S608  # nosec B608 - built from constants, values as params
            candidates = [row[0] for row in _fetch(cursor, every_match, params)]
        else:
            candidates = _candidates(cursor, scope, parsed, filters)
        ranked = rank(candidates)
        ids = ranked[offset : offset + limit]
        if len(ids) < limit and total > len(candidates):
            ids += [
                row[0]
                for row in _fetch(
                    cursor,
                    f"SELECT e.page_id FROM {TABLE} e WHERE {where} AND NOT (e.page_id = ANY (%s)) "  # noqa: S608  # nosec B608 - built from constants, values as params
                    "ORDER BY e.sort_date DESC, e.page_id DESC OFFSET %s LIMIT %s",
                    [*params, candidates, max(0, offset - len(ranked)), limit - len(ids)],
                )
            ]
        return ids, total, counts
    sort = "e.effective_date DESC NULLS LAST" if order == "effective_date" else "e.sort_date DESC"
    rows = _fetch(
        cursor,
        f"SELECT e.page_id FROM {TABLE} e WHERE {where} ORDER BY {sort}, e.page_id DESC OFFSET %s LIMIT %s",  # noqa: S608  # nosec B608 - built from constants, values as params
        [*params, offset, limit],
    )
    return [row[0] for row in rows], total, counts


def facet_counts(scope, parsed, filters):
    """The raw facet counts of a search (see documents.search.facet_counts)."""
    refresh_due_statuses()
    return _read(lambda cursor, _using: _facet_counts(cursor, scope, parsed, filters))


def _facet_counts(cursor, scope, parsed, filters):
    """{facet: {value as text: count}} and {"total": {None: n}}: each facet counts the documents that
    the other active filters leave. One query: the matches are gathered once (a materialised CTE)."""
    base, params = where_clause(scope, parsed, {})
    clauses = _filter_clauses(filters, alias="m")

    def others(skip=None):
        parts = [sql for name, (sql, _v) in clauses.items() if name != skip]
        values = [value for name, (_sql, value) in clauses.items() if name != skip]
        return " AND ".join(parts) or "TRUE", values

    parts = []
    for name, column in (
        ("type", "type_id"),
        ("issuer", "issuer_id"),
        ("year", "year"),
        ("status", "status"),
    ):
        condition, values = others(name)
        parts.append(
            f"SELECT '{name}', CAST(m.{column} AS TEXT), COUNT(*) FROM m "  # noqa: S608  # nosec B608 - constants
            f"WHERE m.{column} IS NOT NULL AND {condition} GROUP BY m.{column}"
        )
        params = [*params, *values]
    condition, values = others("field")
    # (unnest in the select list: a lateral join would call it once per match, a fifth slower)
    parts.append(
        "SELECT 'field', CAST(x.f AS TEXT), COUNT(*) FROM "  # noqa: S608  # nosec B608 - constants
        f"(SELECT unnest(m.field_ids) AS f FROM m WHERE {condition}) x GROUP BY x.f"
    )
    params = [*params, *values]
    condition, values = others()
    parts.append(f"SELECT 'total', NULL, COUNT(*) FROM m WHERE {condition}")  # noqa: S608  # nosec B608 - constants
    params = [*params, *values]
    sql = (
        "WITH m AS MATERIALIZED (SELECT e.page_id, e.document_type_id AS type_id, "  # noqa: S608  # nosec B608 - constants
        "e.issuing_body_id AS issuer_id, e.year, e.status, e.field_ids "
        f"FROM {TABLE} e WHERE {base}) " + " UNION ALL ".join(parts)
    )
    counts = {name: {} for name in ("type", "issuer", "field", "year", "status", "total")}
    for facet, value, n in _fetch(cursor, sql, params):
        counts[facet][value] = n
    return counts


def suggest_ids(scope, key, words, limit):
    """Ids of up to ``limit`` documents of ``scope`` whose number starts with ``key``, then whose heading
    has every one of ``words``, the last as a prefix; newest first. Index scans only."""
    ids = []
    scoped, params = where_clause(scope, None, {})
    with connections[_db()].cursor() as cursor:
        if key:
            ids = [
                row[0]
                for row in _fetch(
                    cursor,
                    f"SELECT e.page_id FROM {TABLE} e WHERE {scoped} AND e.number_key LIKE %s "  # noqa: S608  # nosec B608 - built from constants, values as params
                    "ORDER BY e.number_key, e.page_id DESC LIMIT %s",
                    [*params, _prefix(key), limit],
                )
            ]
        if len(ids) < limit:
            prefix = " & ".join([*(f"'{word}'" for word in words[:-1]), f"'{words[-1]}':*"])
            ids += [
                row[0]
                for row in _fetch(
                    cursor,
                    f"SELECT e.page_id FROM {TABLE} e WHERE {scoped} "  # noqa: S608  # nosec B608 - built from constants, values as params
                    "AND e.heading_vector @@ to_tsquery('simple'::regconfig, %s) "
                    "AND NOT (e.page_id = ANY (%s)) "
                    "ORDER BY e.sort_date DESC, e.page_id DESC LIMIT %s",
                    [*params, prefix, ids, limit - len(ids)],
                )
            ]
    return ids


# The search service's interface (documents.search) --------------------------------------------------


def run_search(scope, parsed, filters, order, offset, limit, with_facets, known_total=None):
    """See documents.search.run_search: the index finds and counts; the candidates of a query get
    the full score over the document table."""

    def scored(ids, using):
        documents, score = full_score(model().objects.using(using).filter(pk__in=ids), parsed)
        return list(
            documents.annotate(relevance=score)
            .order_by("-relevance", "-sort_date", "-page_ptr_id")
            .values_list("pk", flat=True)
        )

    ids, total, counts = search(
        scope, parsed, filters, order, offset, limit, with_facets, scored, known_total
    )
    return SearchResult(ids, total, counts, indexed=True)


def suggest(scope, key, words, limit):
    """Documents of ``scope`` (see suggest_ids), in order."""
    ids = suggest_ids(scope, key, words, limit)
    documents = scope.queryset().filter(pk__in=ids).select_related("document_type").in_bulk()
    return [documents[pk] for pk in ids if pk in documents]


# Any queryset of documents (the admin's: drafts included) ---------------------------------------
#
# search_documents() matches the words through the GIN-indexed ``search_vector`` column of the document
# table (migration 0007), and gives the full score only to the candidates that a register search would
# pick among these documents (candidates_among); the others follow, newest first.


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


def text_match(queryset, parsed):
    return Q(TextMatch(parsed))


def search_documents(queryset, parsed, annotate=True):
    """``queryset`` narrowed to the documents matching ``parsed``, annotated with ``relevance`` unless
    ``annotate`` is False (counting needs no score)."""
    matches = number_condition(parsed)
    if parsed.has_text:
        matches |= text_match(queryset, parsed)
    elif not parsed.has_number:
        return queryset.none()
    if not annotate:
        return queryset.filter(matches)
    parsed.reading  # noqa: B018 - read the register's words before the candidates' transaction
    queryset, score = full_score(queryset, parsed)
    if not parsed.has_text:
        return queryset.filter(matches).annotate(relevance=score)
    candidates = candidates_among(queryset, parsed)
    # (never an empty IN: Django would fold the CASE below into a constant, "ORDER BY 0", a column number)
    shortlisted = Q(pk__in=candidates) if candidates else Q(pk__isnull=True)
    if parsed.has_number:
        shortlisted |= number_condition(parsed)
    relevance = Case(When(shortlisted, then=score + Value(1)), default=Value(0), output_field=IntegerField())
    return queryset.filter(matches).annotate(relevance=relevance)
