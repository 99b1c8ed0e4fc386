"""The register's narrow search index (documents.search.postgres), filled from the documents on PostgreSQL.

One row per legal document with what searching, filtering, counting and sorting need, and nothing
else: see documents/search/postgres.py for why and how it is kept in step. On other databases the table
exists (so Django flushes and deletes it with the documents) but stays empty.
"""

import django.db.models.deletion
from django.db import migrations, models

import documents.models

POSTGRESQL = (
    "ALTER TABLE documents_legaldocumentsearch SET (toast_tuple_target = 128)",
    # The vectors are only ever read through their GIN indexes: out of line, they leave the rows narrow...
    "ALTER TABLE documents_legaldocumentsearch ALTER COLUMN search_vector SET STORAGE EXTERNAL, "
    "ALTER COLUMN heading_vector SET STORAGE EXTERNAL, ALTER COLUMN heading_exact_vector SET STORAGE EXTERNAL, "
    "ALTER COLUMN heading_pairs_vector SET STORAGE EXTERNAL",
    # ... and the small columns that filters and counts read stay in the row, whatever its size.
    "ALTER TABLE documents_legaldocumentsearch ALTER COLUMN field_ids SET STORAGE PLAIN, "
    "ALTER COLUMN path SET STORAGE PLAIN, ALTER COLUMN status SET STORAGE PLAIN, "
    "ALTER COLUMN number_key SET STORAGE PLAIN",
    "CREATE INDEX legaldocsearch_vector ON documents_legaldocumentsearch USING gin (search_vector)",
    "CREATE INDEX legaldocsearch_heading ON documents_legaldocumentsearch USING gin (heading_vector)",
    "CREATE INDEX legaldocsearch_heading_exact ON documents_legaldocumentsearch USING gin (heading_exact_vector)",
    "CREATE INDEX legaldocsearch_heading_pairs ON documents_legaldocumentsearch USING gin (heading_pairs_vector)",
    # a register, or a restricted subtree, is a path prefix: LIKE 'prefix%' whatever the collation
    "CREATE INDEX legaldocsearch_path ON documents_legaldocumentsearch (path varchar_pattern_ops)",
    "CREATE INDEX legaldocsearch_number ON documents_legaldocumentsearch (number_key varchar_pattern_ops)",
    "CREATE INDEX legaldocsearch_newest ON documents_legaldocumentsearch (sort_date DESC, page_id DESC)",
    "CREATE INDEX legaldocsearch_status_until ON documents_legaldocumentsearch (status_until) "
    "WHERE status_until IS NOT NULL",
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in POSTGRESQL:
        schema_editor.execute(statement)
    from documents.search import postgres as search_index

    search_index.refresh()
    schema_editor.execute("ANALYZE documents_legaldocumentsearch")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_full_text_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="LegalDocumentSearchEntry",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="documents.legaldocumentpage",
                    ),
                ),
                ("path", models.CharField(max_length=255)),
                ("depth", models.PositiveIntegerField()),
                ("live", models.BooleanField()),
                ("locale_id", models.IntegerField()),
                ("document_type_id", models.IntegerField(null=True)),
                ("issuing_body_id", models.IntegerField(null=True)),
                ("year", models.IntegerField(null=True)),
                ("status", models.CharField(max_length=20)),
                ("status_until", models.DateField(null=True)),
                ("field_ids", documents.models.IntegerArrayColumn(null=True)),
                ("sort_date", models.DateField()),
                ("effective_date", models.DateField(null=True)),
                ("number_key", models.CharField(blank=True, max_length=100)),
                ("search_vector", documents.models.TextSearchVectorColumn(null=True)),
                ("heading_vector", documents.models.TextSearchVectorColumn(null=True)),
                ("heading_exact_vector", documents.models.TextSearchVectorColumn(null=True)),
                ("heading_pairs_vector", documents.models.TextSearchVectorColumn(null=True)),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
                "db_table": "documents_legaldocumentsearch",
            },
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
