"""A full-text index of claims on SQLite (FTS5), as the GIN index of 0003 is on PostgreSQL.

Without it, a search on SQLite matched every word with LIKE and a regular
expression, claim by claim: seconds for a rare word at a million claims. The
index is an "external content" FTS5 table over the quote and the sentence,
kept in step by triggers on every insert, update and delete of a claim,
however the row is written (the ORM, bulk inserts, queryset updates).

If a later migration makes Django rebuild the claims table on SQLite (it does
so for many field changes), the rebuilt table has no triggers: run
``create_triggers`` again in that migration. tests/claims/test_search.py
checks that every kind of write reaches the index.
"""

from django.db import migrations

TABLE = "claims_claim_fts"
# Words as SQLite's unicode61 tokenizer splits them, folded to lower case (any
# script) and with their accents kept, as the search's regular expression did.
CREATE_TABLE = """
CREATE VIRTUAL TABLE claims_claim_fts USING fts5(
    exact, sentence, content='claims_claim', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0'
)
"""
TRIGGERS = {
    "claims_claim_fts_insert": """
        CREATE TRIGGER IF NOT EXISTS claims_claim_fts_insert AFTER INSERT ON claims_claim
        BEGIN
            INSERT INTO claims_claim_fts(rowid, exact, sentence)
            VALUES (new.id, new.exact, new.sentence);
        END
    """,
    "claims_claim_fts_delete": """
        CREATE TRIGGER IF NOT EXISTS claims_claim_fts_delete AFTER DELETE ON claims_claim
        BEGIN
            INSERT INTO claims_claim_fts(claims_claim_fts, rowid, exact, sentence)
            VALUES ('delete', old.id, old.exact, old.sentence);
        END
    """,
    "claims_claim_fts_update": """
        CREATE TRIGGER IF NOT EXISTS claims_claim_fts_update
        AFTER UPDATE OF exact, sentence ON claims_claim
        BEGIN
            INSERT INTO claims_claim_fts(claims_claim_fts, rowid, exact, sentence)
            VALUES ('delete', old.id, old.exact, old.sentence);
            INSERT INTO claims_claim_fts(rowid, exact, sentence)
            VALUES (new.id, new.exact, new.sentence);
        END
    """,
}
REBUILD = "INSERT INTO claims_claim_fts(claims_claim_fts) VALUES ('rebuild')"


def fts5_available(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA compile_options")
        return any(row[0] == "ENABLE_FTS5" for row in cursor.fetchall())


def create_triggers(schema_editor) -> None:
    for sql in TRIGGERS.values():
        schema_editor.execute(sql)


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite" or not fts5_available(connection):
        # Without FTS5, claims.search falls back to matching words one claim at a time.
        return
    schema_editor.execute(CREATE_TABLE)
    create_triggers(schema_editor)
    # Index the claims already there.
    schema_editor.execute(REBUILD)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in TRIGGERS:
        schema_editor.execute("DROP TRIGGER IF EXISTS " + name)
    schema_editor.execute("DROP TABLE IF EXISTS " + TABLE)


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_public_page_indexes")]

    operations = [migrations.RunPython(create_index, drop_index)]
