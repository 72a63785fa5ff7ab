"""A stored search vector for claims on PostgreSQL, indexed, in place of 0003's index.

0003 indexed the expression ``to_tsvector(quote || ' ' || sentence)``, so every
claim a search tested without the index (walking the newest checks, or checking
the other words) had its text parsed again: about 30 µs a claim, most of a
search's time at a million claims. The vector is now a generated column that
PostgreSQL keeps up to date on every insert and update (Django never writes it:
it is not a model field), with the GIN index on it. ``claims.search`` reads it
through ``search_document()``. SQLite has its own index (0010).
"""

from django.db import migrations

ADD = """
ALTER TABLE claims_claim ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    to_tsvector('english'::regconfig, COALESCE(exact, '') || ' ' || COALESCE(sentence, ''))
) STORED
"""
INDEX = "CREATE INDEX claims_claim_document_idx ON claims_claim USING gin (search_document)"
DROP_OLD = "DROP INDEX IF EXISTS claims_claim_search_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(ADD)
    schema_editor.execute(INDEX)
    schema_editor.execute(DROP_OLD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex

    from claims.search import search_vector

    schema_editor.add_index(
        apps.get_model("claims", "Claim"), GinIndex(search_vector(), name="claims_claim_search_idx")
    )
    schema_editor.execute("DROP INDEX IF EXISTS claims_claim_document_idx")
    schema_editor.execute("ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_claim_search_sqlite")]

    operations = [migrations.RunPython(forwards, backwards)]
