"""The constraint behind one flag per claim and kind, once 0007 merged the old rows.

(Its own migration: PostgreSQL does not alter a table in the transaction that
just updated its rows.)
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_claimflag_one_per_kind"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="claimflag",
            constraint=models.UniqueConstraint(
                fields=("claim", "kind"), name="claims_claimflag_one_per_kind"
            ),
        ),
    ]
