from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from claims.models import Claim, Verdict

pytestmark = pytest.mark.django_db


def test_generated_claims_are_anchored_exactly_and_half_published():
    call_command(
        "generate_data", "--articles", "6", "--claims-per-article", "12", "--seed", "3",
        stdout=StringIO(), verbosity=0,
    )  # fmt: skip
    assert Article.objects.count() == 6
    assert Claim.objects.count() == 72
    for claim in Claim.objects.select_related("article"):
        text = claim.article.text
        assert text[claim.start : claim.end] == claim.exact
        assert text[: claim.start].endswith(claim.prefix)
        assert text[claim.end :].startswith(claim.suffix)
        assert claim.exact in claim.sentence
    published = Verdict.objects.published().count()
    assert 10 < published < 62
    assert Claim.objects.published().filter(evidence__isnull=False).count() == published


def test_running_twice_adds_more_data_without_clashes():
    for _ in range(2):
        call_command("generate_data", "--articles", "2", "--claims-per-article", "3", verbosity=0)
    assert Article.objects.count() == 4


def test_bad_sizes_are_refused():
    with pytest.raises(CommandError):
        call_command("generate_data", "--articles", "0", verbosity=0)
