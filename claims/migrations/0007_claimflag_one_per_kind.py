"""One consistency flag per claim and kind of problem, naming every claim it conflicts with.

Flags used to be stored one per pair of claims, so a contested figure carried a
flag for each report that disagreed. Existing rows are merged here: the first
flag of each claim and kind keeps its message and names the others. Running
``python manage.py group_events --all`` afterwards rewrites the messages so they
sum up the other side.
"""

from django.db import migrations, models


def merge_flags(apps, schema_editor):
    ClaimFlag = apps.get_model("claims", "ClaimFlag")
    flags = ClaimFlag.objects.select_related("other__article__outlet").order_by(
        "claim_id", "kind", "pk"
    )
    kept: dict[tuple[int, str], object] = {}
    extra: list[int] = []
    for flag in flags.iterator(chunk_size=2000):
        key = (flag.claim_id, flag.kind)
        first = kept.setdefault(key, flag)
        if first is not flag:
            extra.append(flag.pk)
        if flag.other is not None:
            article = flag.other.article
            source = article.outlet.name if article.outlet else article.title[:60]
            first.others.append({"id": flag.other_id, "exact": flag.other.exact, "source": source})
    ClaimFlag.objects.filter(pk__in=extra).delete()
    ClaimFlag.objects.bulk_update(list(kept.values()), ["others"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_queue_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="claimflag",
            name="others",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text='Every claim it conflicts with, the most telling first: [{"id": 12, '
                '"exact": "Ten servicemen were killed", "source": "ESNA"}] (named here so a '
                "page can link them all without loading them).",
            ),
        ),
        migrations.AlterField(
            model_name="claimflag",
            name="other",
            field=models.ForeignKey(
                blank=True,
                help_text="The claim it conflicts with most tellingly (the first of the others).",
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to="claims.claim",
            ),
        ),
        migrations.AlterField(
            model_name="claimflag",
            name="kind",
            field=models.CharField(
                choices=[
                    ("parts_total", "Parts vs total"),
                    ("cross_article", "Differs from other articles"),
                    ("attribution_conflict", "Attributed to someone else"),
                ],
                max_length=30,
            ),
        ),
        migrations.RemoveConstraint(
            model_name="claimflag",
            name="claims_claimflag_unique_conflict",
        ),
        migrations.RunPython(merge_flags, migrations.RunPython.noop),
    ]
