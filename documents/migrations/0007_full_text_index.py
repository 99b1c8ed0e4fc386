"""On PostgreSQL, a full-text index over the folded search texts (documents.search).

Two stored generated columns, kept up to date by PostgreSQL on every insert and update whichever way
the row is written (page save, bulk import, revision publish):

- ``search_vector``: the words of ``search_heading`` (weight A) and ``search_body`` (weight B), with a
  GIN index, to find the documents that contain every word of a query;
- ``search_rank_vector``: the heading's words only, small, to rank candidates with ``ts_rank_cd``.

The texts are already lower-cased and folded ("đ" to "d") by Python, so the ``simple`` configuration
(no stemming, no stop words) keeps every syllable as it is. The columns are not model fields: Django
never reads or writes them. SQLite keeps matching with LIKE over the same texts. The trigram indexes
of 0006 are dropped: nothing filters with LIKE on PostgreSQL any more, and they slowed every write.
"""

from django.db import migrations

FORWARD = (
    "DROP INDEX IF EXISTS legaldoc_search_heading_trgm",
    "DROP INDEX IF EXISTS legaldoc_search_body_trgm",
    "ALTER TABLE documents_legaldocumentpage ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, search_heading), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, left(search_body, 100000)), 'B')) STORED",
    "ALTER TABLE documents_legaldocumentpage ADD COLUMN IF NOT EXISTS search_rank_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_heading)) STORED",
    "CREATE INDEX IF NOT EXISTS legaldoc_search_vector ON documents_legaldocumentpage "
    "USING gin (search_vector)",
    # number_key LIKE '39/%': a prefix search whatever the database's collation
    "CREATE INDEX IF NOT EXISTS legaldoc_number_key_prefix ON documents_legaldocumentpage "
    "(number_key varchar_pattern_ops)",
    "ANALYZE documents_legaldocumentpage",
)
BACKWARD = (
    "DROP INDEX IF EXISTS legaldoc_number_key_prefix",
    "DROP INDEX IF EXISTS legaldoc_search_vector",
    "ALTER TABLE documents_legaldocumentpage DROP COLUMN IF EXISTS search_rank_vector",
    "ALTER TABLE documents_legaldocumentpage DROP COLUMN IF EXISTS search_vector",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS legaldoc_search_heading_trgm ON documents_legaldocumentpage "
    "USING gin (search_heading gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS legaldoc_search_body_trgm ON documents_legaldocumentpage "
    "USING gin (search_body gin_trgm_ops)",
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
        ("documents", "0006_search_text"),
    ]

    operations = [migrations.RunPython(forward, backward)]
