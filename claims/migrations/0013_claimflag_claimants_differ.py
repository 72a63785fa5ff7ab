"""A flag for figures one article credits to sources that disagree (claimants_differ)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0012_claim_statement_attribution'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='claimflag',
            name='claims_claimflag_kind_valid',
        ),
        migrations.AlterField(
            model_name='claimflag',
            name='kind',
            field=models.CharField(choices=[('parts_total', 'Parts vs total'), ('cross_article', 'Differs from other articles'), ('attribution_conflict', 'Attributed to someone else'), ('claimants_differ', 'Sources disagree')], max_length=30),
        ),
        migrations.AddConstraint(
            model_name='claimflag',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['parts_total', 'cross_article', 'attribution_conflict', 'claimants_differ'])), name='claims_claimflag_kind_valid'),
        ),
    ]
