"""Wagtail's page routing in two queries instead of two per level of the address.

Wagtail routes ``/tin-tuc/tin-trong-tinh/bai-viet/`` from the home page one level at a time: the child with
that slug, then its specific page, then the next level (eight queries for an article, plus three to find
the home page in the reader's language). Here the home page comes from home.memo, every page along the
address comes in one query (by depth and slug under the home page), the chain is checked level by level
exactly as Wagtail walks it, and only the page served is fetched as its specific class, with what its
template needs (``route_select_related`` / ``route_prefetch_related`` on the page class). Every page
view runs these two statements: their SQL is written once per process (per address length, per page class)
rather than built and compiled by the ORM each time, which cost more than the database took to answer
them; their rows become model instances with the ORM's own conversions (``_Rows``).

Whenever the answer could differ from Wagtail's, Wagtail routes as usual: a level missing (a 404, or the
English address of a page that only exists in Vietnamese, see ``BasePage.route``), a page on the way
whose class routes its own sub-addresses (``RoutablePageMixin`` pages such as ``rss/``) when they match,
a page class with a ``route`` of its own, or two siblings with the same slug.

The result is left where Wagtail's ``Page.route_for_request`` looks for it first
(``request._wagtail_route_for_request``), so the serve view, hooks and ``Page.find_for_request`` all use it.
The pages on the way are kept on the served page (``portal_ancestors``) for the breadcrumbs, and its live
translations, read by the same query, for the language switcher (``portal_translations``).
"""

import copy
import re

from django.conf import settings
from django.db import connections, router
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import Http404
from django.urls import Resolver404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from home import memo


def prime_route(request, path):
    """Route ``path`` for ``request`` ahead of Wagtail's serve view, when it can be done the short way."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    site = memo.site_for_request(request)
    if site is None:
        return
    root = memo.site_root(site)
    components = [component for component in path.split("/") if component]
    try:
        result = _route(request, root, components)
    except Http404:
        result = None
    if result is not _UNSURE:
        request._wagtail_route_for_request = result


_UNSURE = object()


def _route(request, root, components):
    from home.models import BasePage

    if type(root).route is not BasePage.route:
        return _UNSURE
    if not components:
        page = copy.copy(root)  # the shared home page stays untouched by this request
        page.portal_ancestors = []
        homes = memo.home_pages(memo.site_for_request(request))  # the live translations of the root
        page.portal_translations = [home for home in homes.values() if home.alias_of_id is None]
        return page.route(request, [])

    unique = {page.pk: page for page in _pages_on_the_way(root, components)}
    candidates = sorted(unique.values(), key=lambda page: (page.depth, page.path))
    chain = []
    parent_path = root.path
    by_level = {}
    for candidate in candidates:
        by_level.setdefault(candidate.depth, []).append(candidate)
    for offset, slug in enumerate(components, start=1):
        matches = [
            page
            for page in by_level.get(root.depth + offset, ())
            if page.slug == slug and page.path[: -Page.steplen] == parent_path
        ]
        if len(matches) != 1:
            return _UNSURE
        chain.append(matches[0])
        parent_path = matches[0].path

    for position, page in enumerate(chain[:-1]):
        cls = page.specific_class
        if cls is None:
            return _UNSURE
        if cls.route is BasePage.route:
            continue
        if issubclass(cls, RoutablePageMixin) and (cls.route is RoutablePageMixin.route):
            if page.live and _resolves(cls, components[position + 1 :]):
                return _UNSURE
            continue
        return _UNSURE

    target = chain[-1]
    cls = target.specific_class
    if cls is None or not issubclass(cls, BasePage):
        return _UNSURE
    page = _served_page(cls, target.pk)
    if page is None:
        return _UNSURE
    parent = chain[-2] if len(chain) > 1 else root
    page._cached_parent_obj = parent
    page.portal_ancestors = [root, *chain[:-1]] if root.depth == 2 else None
    page.portal_translations = [
        other
        for other in candidates
        if other.translation_key == target.translation_key and other.alias_of_id is None and other.live
    ]
    return page.route(request, [])


def _served_page(cls, pk):
    """The page ``pk`` as ``cls``, with its ``route_select_related`` objects, or None."""
    connection = connections[router.db_for_read(cls)]
    plan = _served_page_plan(cls, connection)
    if plan is None:
        queryset = cls._default_manager.all()
        if select := getattr(cls, "route_select_related", ()):
            queryset = queryset.select_related(*select)
        prefetch = getattr(cls, "route_prefetch_related", ())
        if callable(prefetch):
            prefetch = prefetch()
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        return queryset.filter(pk=pk).first()
    sql, page_rows, related = plan
    rows = _run(connection, f"cong_route_{cls._meta.label_lower.replace('.', '_')}", sql, [pk])
    if not rows:
        return None
    row = rows[0]
    page = page_rows.build(connection, row[: page_rows.width])
    offset = page_rows.width
    for field, rows in related:
        values = row[offset : offset + rows.width]
        offset += rows.width
        field.set_cached_value(
            page, None if values[rows.pk_index] is None else rows.build(connection, values)
        )
    return page


_PLANS = {}


def _served_page_plan(cls, connection):
    """(SQL, _Rows of the page, [(foreign key, _Rows of its object)]) that read the served page and its
    ``route_select_related`` objects in one statement written once per class: the same join as the ORM's
    ``select_related``, which built and compiled it on every request (0.3-0.7 ms). None where the page
    class asks for more than that (prefetches, a deeper inheritance, other relations): the ORM then."""
    key = (cls, connection.vendor)
    if key in _PLANS:
        return _PLANS[key]
    plan = None
    select = getattr(cls, "route_select_related", ())
    fields = [cls._meta.get_field(name) for name in select]
    simple = cls._meta.get_parent_list() == [Page] and not getattr(cls, "route_prefetch_related", ())
    simple = simple and all(
        field.many_to_one
        and not field.related_model._meta.get_parent_list()
        and field.target_field == field.related_model._meta.pk
        for field in fields
    )
    if simple:
        quote = connection.ops.quote_name
        link = cls._meta.get_ancestor_link(Page)
        tables = {cls: "t0", Page: "t1"}
        page_rows = _Rows(cls, connection)
        columns = [f"{tables[field.model]}.{quote(field.column)}" for field in page_rows.fields]
        joins = [
            f"{quote(cls._meta.db_table)} t0 INNER JOIN {quote(Page._meta.db_table)} t1"
            f" ON t0.{quote(link.column)} = t1.{quote(Page._meta.pk.column)}"
        ]
        related = []
        for number, field in enumerate(fields):
            alias, rows = f"r{number}", _Rows(field.related_model, connection)
            columns += [f"{alias}.{quote(column.column)}" for column in rows.fields]
            owner, target = f"{tables[field.model]}.{quote(field.column)}", quote(field.target_field.column)
            table = quote(field.related_model._meta.db_table)
            joins.append(f"LEFT OUTER JOIN {table} {alias} ON {owner} = {alias}.{target}")
            related.append((field, rows))
        # Names from the models, the page's id as a parameter.
        sql = f"SELECT {', '.join(columns)} FROM {' '.join(joins)} WHERE t0.{quote(link.column)} = %s"  # noqa: S608  # nosec B608
        plan = (sql, page_rows, related)
    _PLANS[key] = plan
    return plan


class _Rows:
    """Turns the columns of ``model`` read by SQL of our own into an instance, each value converted as the
    ORM's compiler converts it (aware datetimes and booleans on SQLite, StreamField's JSON...)."""

    def __init__(self, model, connection):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.width = len(self.fields)
        self.attnames = [field.attname for field in self.fields]
        self.pk_index = self.fields.index(model._meta.pk)
        self.converters = []
        for index, field in enumerate(self.fields):
            column = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self.converters.append((index, column, found))

    def build(self, connection, values):
        values = list(values)
        for index, column, converters in self.converters:
            for converter in converters:
                values[index] = converter(values[index], column, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


def _pages_on_the_way(root, components):
    """Every page along the address below ``root`` (by depth and slug) and, in the same query, the live
    translations of the page at the address (the language switcher and the hreflang links list them).

    A UNION, not an OR: each half uses its index (an OR of the two scanned the whole page table). Its SQL
    is written once per address length (``_pages_sql``), not built and compiled by the ORM on every
    request: that took 1.4 ms of the query's 2.3 ms on a 2-core server.
    """
    connection = connections[router.db_for_read(Page)]
    below = connection.ops.prep_for_like_query(root.path) + "%"
    params = []
    for offset, slug in enumerate(components, start=1):
        params += [root.depth + offset, slug]
    params += [below, True, root.depth + len(components), components[-1], below]
    sql, pages = _pages_sql(connection, len(components))
    rows = _run(connection, f"cong_route_levels_{len(components)}", sql, params)
    return [pages.build(connection, row) for row in rows]


def _run(connection, name, sql, params):
    """The rows of ``sql`` (``%s`` placeholders) with ``params``. On PostgreSQL the statement is prepared
    once per database connection (``PREPARE name``, then ``EXECUTE``): the server plans it once, not on
    every page view, where planning cost it several times the execution. ``DATABASE_PREPARED_STATEMENTS``
    turns this off (behind a pooler in transaction mode, such as PgBouncer, which cannot keep them)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
            cursor.execute(sql, params)
            return cursor.fetchall()
        prepared = getattr(connection, "_cong_prepared", None)
        if prepared is None:
            prepared = connection._cong_prepared = set()
        if name not in prepared:
            numbered = iter(range(1, len(params) + 1))
            cursor.execute(f"PREPARE {name} AS " + re.sub("%s", lambda _: f"${next(numbered)}", sql))
            prepared.add(name)
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
        return cursor.fetchall()


@receiver(connection_created)
def _new_connection(sender, connection, **kwargs):
    """A new database session knows none of the statements prepared by the one before."""
    connection._cong_prepared = set()


_SQL = {}


def _pages_sql(connection, levels):
    """(SQL, _Rows of its pages) of ``_pages_on_the_way`` for an address of ``levels`` components."""
    key = (connection.vendor, levels)
    if key not in _SQL:
        quote = connection.ops.quote_name
        pages = _Rows(Page, connection)
        columns = ", ".join(quote(field.column) for field in pages.fields)
        table = quote(Page._meta.db_table)
        depth, slug, path = quote("depth"), quote("slug"), quote("path")
        level = f"({depth} = %s AND {slug} = %s)"
        below = f"{path} LIKE %s ESCAPE '\\'"
        # Names from the model, values as parameters.
        on_the_way = f"SELECT {columns} FROM {table} WHERE ({' OR '.join([level] * levels)}) AND {below}"  # noqa: S608  # nosec B608
        key_column = quote("translation_key")
        addressed = f"SELECT {key_column} FROM {table} WHERE {depth} = %s AND {slug} = %s AND {below}"  # noqa: S608  # nosec B608
        translations = (
            f"SELECT {columns} FROM {table} WHERE {quote('alias_of_id')} IS NULL AND {quote('live')} = %s"  # noqa: S608  # nosec B608
            f" AND {key_column} IN ({addressed})"
        )
        _SQL[key] = (f"{on_the_way} UNION ALL {translations}", pages)
    return _SQL[key]


def _resolves(cls, remaining):
    path = "/" + "".join(f"{component}/" for component in remaining)
    try:
        cls.get_resolver().resolve(path)
    except (Resolver404, Http404):
        return False
    return True
