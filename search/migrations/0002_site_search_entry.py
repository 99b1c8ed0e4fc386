"""The site search's folded texts of each page (search.site_index), and on PostgreSQL a full-text index.

``search_vector`` is a stored generated column (not a model field: Django never reads or writes it) with
the heading's words (weight A) and the body's (weight B), under a GIN index. The texts are already
lower-cased and folded ("đ" to "d") by Python, so the ``simple`` configuration keeps every syllable as
it is. SQLite matches with LIKE over the same texts. ``manage.py update_index`` fills the table for
existing pages; after that, saving or publishing a page keeps its entry up to date.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FORWARD = (
    "ALTER TABLE search_sitesearchentry ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, heading), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body), 'B')) STORED",
    "CREATE INDEX IF NOT EXISTS site_search_vector ON search_sitesearchentry USING gin (search_vector)",
)
BACKWARD = (
    "DROP INDEX IF EXISTS site_search_vector",
    "ALTER TABLE search_sitesearchentry DROP COLUMN IF EXISTS search_vector",
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_query_day"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="SiteSearchEntry",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="site_search_entry",
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("heading", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("exact", models.TextField(blank=True)),
                ("published", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "site search entry",
                "verbose_name_plural": "site search entries",
            },
        ),
        migrations.RunPython(forward, backward),
    ]
