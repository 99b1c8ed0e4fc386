"""Many live pages at once, for the tests that need a thousand of them (the query budgets).

Creating a page through Wagtail (``add_child``, a revision, publishing) takes tens of milliseconds; here
the tree rows are written with one ``bulk_create`` (paths computed as treebeard does, the parent's
``numchild`` updated), and each page's own table row with a raw insert of that table alone (what loading
a fixture does). The pages are live and public, with no revisions and no search index entries: what a
reader sees of them is all there is, which is what the budget tests render.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from wagtail.models import Page


def bulk_pages(parent, model, items):
    """Create one live ``model`` page under ``parent`` per dict of ``items`` (its fields; ``title`` and
    ``slug`` required); returns the pages, in order, with their primary keys."""
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    page_fields = {field.name for field in Page._meta.concrete_fields}
    base_rows, own_fields = [], []
    for offset, item in enumerate(items, start=1):
        path = Page._get_path(parent.path, parent.depth + 1, parent.numchild + offset)
        shared = {name: value for name, value in item.items() if name in page_fields}
        own_fields.append({name: value for name, value in item.items() if name not in page_fields})
        base_rows.append(
            Page(
                **shared,
                path=path,
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{item['slug']}/",
                content_type=content_type,
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
                draft_title=item["title"],
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
        )
    base_rows = Page.objects.bulk_create(base_rows)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(base_rows))
    parent.refresh_from_db()

    pages = []
    for base, fields in zip(base_rows, own_fields, strict=True):
        inherited = {field.attname: getattr(base, field.attname) for field in Page._meta.concrete_fields}
        page = model(page_ptr_id=base.pk, **inherited)
        for name, value in fields.items():
            setattr(page, name, value)
        if hasattr(page, "set_derived_fields"):
            page.set_derived_fields(body_text="", attachment_text="")
        # raw: only this page class's own table (the tree row exists); no publication signals.
        page.save_base(raw=True, force_insert=True)
        pages.append(page)
    return pages
