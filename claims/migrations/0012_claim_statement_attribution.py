"""The claim as checked (``Claim.statement``) and the attribution a claim sits inside.

Existing claims get their sentence as their statement (their quote when they have
no sentence), which a reviewer then edits. The statement joins the quote and the
sentence in the search indexes: PostgreSQL's generated search vector (0011) is
rebuilt with it, and so is SQLite's FTS5 table (0010), whose triggers a rebuild of
the claims table on SQLite would otherwise have dropped.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Case, F, When

PG_DROP = "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_document"
PG_ADD = """
ALTER TABLE claims_claim ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    to_tsvector('english'::regconfig,
        COALESCE(exact, '') || ' ' || COALESCE(sentence, '') || ' ' || COALESCE(statement, ''))
) STORED
"""
PG_ADD_OLD = """
ALTER TABLE claims_claim ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    to_tsvector('english'::regconfig, COALESCE(exact, '') || ' ' || COALESCE(sentence, ''))
) STORED
"""
PG_INDEX = "CREATE INDEX claims_claim_document_idx ON claims_claim USING gin (search_document)"

FTS_TABLE = "claims_claim_fts"
FTS_CREATE = """
CREATE VIRTUAL TABLE claims_claim_fts USING fts5(
    exact, sentence, statement, content='claims_claim', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0'
)
"""
FTS_TRIGGERS = {
    "claims_claim_fts_insert": """
        CREATE TRIGGER IF NOT EXISTS claims_claim_fts_insert AFTER INSERT ON claims_claim
        BEGIN
            INSERT INTO claims_claim_fts(rowid, exact, sentence, statement)
            VALUES (new.id, new.exact, new.sentence, new.statement);
        END
    """,
    "claims_claim_fts_delete": """
        CREATE TRIGGER IF NOT EXISTS claims_claim_fts_delete AFTER DELETE ON claims_claim
        BEGIN
            INSERT INTO claims_claim_fts(claims_claim_fts, rowid, exact, sentence, statement)
            VALUES ('delete', old.id, old.exact, old.sentence, old.statement);
        END
    """,
    "claims_claim_fts_update": """
        CREATE TRIGGER IF NOT EXISTS claims_claim_fts_update
        AFTER UPDATE OF exact, sentence, statement ON claims_claim
        BEGIN
            INSERT INTO claims_claim_fts(claims_claim_fts, rowid, exact, sentence, statement)
            VALUES ('delete', old.id, old.exact, old.sentence, old.statement);
            INSERT INTO claims_claim_fts(rowid, exact, sentence, statement)
            VALUES (new.id, new.exact, new.sentence, new.statement);
        END
    """,
}
FTS_REBUILD = "INSERT INTO claims_claim_fts(claims_claim_fts) VALUES ('rebuild')"


def _fts5_available(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA compile_options")
        return any(row[0] == "ENABLE_FTS5" for row in cursor.fetchall())


def _drop_fts(schema_editor) -> None:
    for name in FTS_TRIGGERS:
        schema_editor.execute("DROP TRIGGER IF EXISTS " + name)
    schema_editor.execute("DROP TABLE IF EXISTS " + FTS_TABLE)


def fill_statements(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Claim.objects.filter(statement="").update(
        statement=Case(When(sentence="", then=F("exact")), default=F("sentence"))
    )


def index_statements(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP)
        schema_editor.execute(PG_ADD)
        schema_editor.execute(PG_INDEX)
    elif connection.vendor == "sqlite" and _fts5_available(connection):
        _drop_fts(schema_editor)
        schema_editor.execute(FTS_CREATE)
        for sql in FTS_TRIGGERS.values():
            schema_editor.execute(sql)
        schema_editor.execute(FTS_REBUILD)


def unindex_statements(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP)
        schema_editor.execute(PG_ADD_OLD)
        schema_editor.execute(PG_INDEX)
    elif connection.vendor == "sqlite" and _fts5_available(connection):
        from importlib import import_module

        fts = import_module("claims.migrations.0010_claim_search_sqlite")
        _drop_fts(schema_editor)
        schema_editor.execute(fts.CREATE_TABLE)
        fts.create_triggers(schema_editor)
        schema_editor.execute(fts.REBUILD)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0011_claim_search_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="attribution",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "attribution"},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="contained",
                to="claims.claim",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="statement",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="attribution",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                limit_choices_to={"kind": "attribution"},
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="claims.claim",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="statement",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(fill_statements, migrations.RunPython.noop),
        migrations.RunPython(index_statements, unindex_statements),
    ]
