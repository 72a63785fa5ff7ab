"""The review queue and the reviewers' article list, on PostgreSQL: articles newest
first, undated ones last — ``ORDER BY published_on DESC NULLS LAST, created DESC``
(claims.review.queue.queue, claims.review.articles.article_list).

The index ``articles_article_newest_idx`` sorts undated articles first, as
PostgreSQL's DESC does, so it cannot serve NULLS LAST: at a million claims the
queue sorted every article on each visit. SQLite cannot declare NULLS LAST in an
index, and sorts its small article table well enough without one.
"""

from django.db import migrations

INDEX = "articles_article_newest_nulls_last_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article "
            "(published_on DESC NULLS LAST, created DESC, id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_events")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
