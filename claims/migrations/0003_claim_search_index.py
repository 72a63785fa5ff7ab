"""GIN index for full-text search of claims (PostgreSQL only; SQLite has no equivalent)."""

from django.db import migrations

INDEX_NAME = "claims_claim_search_idx"


def _index():
    from django.contrib.postgres.indexes import GinIndex

    from claims.search import search_vector

    return GinIndex(search_vector(), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("claims", "Claim"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("claims", "Claim"), _index())


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles")]

    operations = [migrations.RunPython(create_index, drop_index)]
