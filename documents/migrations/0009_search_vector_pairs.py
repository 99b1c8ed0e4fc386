"""The register's index keeps words and adjacent word pairs, without positions, in ``search_vector``.

A phrase of a query ("quyết định", "ủy ban nhân dân") is then matched as its pairs by the GIN index
alone, instead of re-reading the positions of every document holding its words (documents.search.postgres).
Every row is rewritten from the document table; nothing to do on other databases.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from documents.search import postgres as search_index

    search_index.refresh()
    schema_editor.execute("ANALYZE documents_legaldocumentsearch")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0008_search_index"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
