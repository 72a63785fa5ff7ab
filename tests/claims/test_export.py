import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import ClaimantFactory, ClaimFactory, PublishedVerdictFactory

pytestmark = pytest.mark.django_db


def test_export_claims_json_has_every_field(article):
    claimant = ClaimantFactory(name="Defense Ministry", kind="organization")
    claim = ClaimFactory(article=article, claimant=claimant)
    PublishedVerdictFactory(claim=claim)
    out = StringIO()
    call_command("export_claims", "--article", str(article.pk), "--format", "json", stdout=out)
    (row,) = json.loads(out.getvalue())
    assert row["id"] == claim.pk and row["article"] == article.pk
    assert row["exact"] == "Three crew and two officers"
    assert article.text[row["start"] : row["end"]] == row["exact"]
    assert row["claimant"] == {"name": "Defense Ministry", "kind": "organization", "role": ""}
    assert row["via"] == []
    assert row["quantity"] == {
        "min": 5, "max": 5, "category": "killed",
        "parts": [{"count": 3, "who": "crew"}, {"count": 2, "who": "officers"}],
    }  # fmt: skip
    assert row["verdict"]["rating"] == "true" and row["verdict"]["rating_value"] == 5
    assert {"prefix", "suffix", "sentence", "status", "anchor_state"} <= row.keys()


def test_export_unknown_article_is_an_error():
    with pytest.raises(CommandError, match="no article with id 999"):
        call_command("export_claims", "--article", "999")
