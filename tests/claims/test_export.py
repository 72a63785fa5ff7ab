import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.export import EXPORT_COLUMNS
from claims.models import Claim, ClaimRelay
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    PublishedVerdictFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

# The shape the API uses (and the issue names), every key present.
KEYS = {
    "id", "article", "kind", "exact", "start", "end", "prefix", "suffix", "sentence",
    "claimant", "via", "quantity", "status", "anchor_state", "verdict", "statement",
    "attribution",
}  # fmt: skip


@pytest.fixture
def relayed_claim(article) -> Claim:
    """A published casualty claim by Dmitry Peskov, relayed by The Associated Press."""
    claimant = ClaimantFactory(name="Dmitry Peskov", kind="person", role="Kremlin spokesman")
    agency = ClaimantFactory(name="The Associated Press", kind="media")
    claim = ClaimFactory(article=article, claimant=claimant)
    ClaimRelay.objects.create(claim=claim, claimant=agency, position=0)
    PublishedVerdictFactory(claim=claim)
    return claim


def export(*args: str) -> list[dict]:
    out = StringIO()
    call_command("export_claims", *args, stdout=out)
    return json.loads(out.getvalue())


def test_export_claims_json_has_every_field(article, relayed_claim):
    claim = relayed_claim
    (row,) = export("--article", str(article.pk), "--format", "json")
    assert row.keys() >= KEYS
    assert row["id"] == claim.pk and row["article"] == article.pk
    assert row["kind"] == "casualty"
    assert row["exact"] == "Three crew and two officers"
    assert article.text[row["start"] : row["end"]] == row["exact"]
    assert row["prefix"] == claim.prefix and row["suffix"] == claim.suffix
    assert row["sentence"] == claim.sentence
    assert row["claimant"] == {
        "name": "Dmitry Peskov",
        "kind": "person",
        "role": "Kremlin spokesman",
        "outlet": False,
    }
    assert row["via"] == ["The Associated Press"]
    assert row["quantity"] == {
        "min": 5, "max": 5, "category": "killed",
        "parts": [{"count": 3, "who": "crew"}, {"count": 2, "who": "officers"}],
    }  # fmt: skip
    assert (row["status"], row["anchor_state"]) == ("confirmed", "anchored")
    assert row["verdict"]["rating"] == "true" and row["verdict"]["rating_value"] == 5
    assert row["verdict"]["status"] == "published"


def test_export_has_the_statement_and_the_attribution_it_is_inside(article):
    said = ClaimFactory(
        article=article,
        kind=Claim.Kind.ATTRIBUTION,
        quote="Dmitry Peskov",
        statement="Kremlin spokesman Dmitry Peskov confirmed that all those on board are dead.",
    )
    figure = ClaimFactory(article=article, attribution=said, statement="Five people died.")
    rows = {row["id"]: row for row in export()}
    assert rows[said.pk]["statement"].endswith("all those on board are dead.")
    assert rows[figure.pk]["statement"] == "Five people died."
    assert rows[figure.pk]["attribution"] == said.pk
    assert rows[said.pk]["attribution"] is None


def test_export_names_the_outlet_for_a_figure_credited_to_nobody(article):
    ClaimFactory(article=article, claimant=None)
    (row,) = export()
    assert row["claimant"] == {
        "name": article.outlet.name, "kind": "media", "role": "", "outlet": True
    }  # fmt: skip
    assert row["statement"] == "Three crew and two officers"  # no statement yet: the quote
    (line,) = export_csv()
    assert (line["claimant"], line["claimant_is_outlet"]) == (article.outlet.name, "yes")


def test_export_of_a_claim_without_claimant_numbers_or_verdict(article):
    ClaimFactory(article=article, kind=Claim.Kind.STATEMENT, quote="Dmitry Peskov")
    (row,) = export()
    assert (row["claimant"], row["via"], row["quantity"], row["verdict"]) == (
        None, [], None, None
    )  # fmt: skip


def test_export_shows_the_working_verdict_when_nothing_is_published(article):
    claim = ClaimFactory(article=article)
    VerdictFactory(claim=claim, rating="mostly-false")
    (row,) = export()
    assert (row["verdict"]["rating"], row["verdict"]["status"]) == ("mostly-false", "draft")


def test_export_everything_or_one_article(article):
    ClaimFactory(article=article)
    other = ArticleFactory()
    ClaimFactory(article=other)
    ClaimFactory(article=other, quote="Dmitry Peskov")
    assert [row["article"] for row in export()] == [article.pk, other.pk, other.pk]
    assert len(export("--article", str(other.pk))) == 2


def test_export_of_nothing_is_an_empty_list():
    assert export() == []


def test_export_unknown_article_is_an_error():
    with pytest.raises(CommandError, match="no article with id 999"):
        call_command("export_claims", "--article", "999")


def test_export_speaks_json_and_csv_only():
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        call_command("export_claims", "--format", "xml")


def export_csv(*args: str) -> list[dict]:
    out = StringIO()
    call_command("export_claims", "--format", "csv", *args, stdout=out)
    return list(csv.DictReader(StringIO(out.getvalue(), newline="")))


def test_export_claims_csv_has_the_api_export_columns_and_values(article, relayed_claim):
    claim = relayed_claim
    out = StringIO()
    call_command("export_claims", "--format", "csv", stdout=out)
    header = out.getvalue().split("\r\n", 1)[0]
    assert header.split(",") == EXPORT_COLUMNS
    (row,) = export_csv()
    assert row["id"] == str(claim.pk) and row["article_title"] == article.title
    assert row["exact"] == "Three crew and two officers"
    assert (row["claimant"], row["claimant_kind"], row["via"]) == (
        "Dmitry Peskov", "person", "The Associated Press"
    )  # fmt: skip
    assert (row["count_min"], row["count_max"], row["category"]) == ("5", "5", "killed")
    parts = [{"count": 3, "who": "crew"}, {"count": 2, "who": "officers"}]
    assert json.loads(row["parts"]) == parts
    assert (row["verdict_rating"], row["verdict_status"]) == ("true", "published")


def test_export_claims_csv_is_what_the_api_exports(article, client, reviewer):
    ClaimFactory(article=article, claimant=ClaimantFactory(name='=HYPERLINK("x")'))
    ClaimFactory(article=ArticleFactory(), quote="Dmitry Peskov")
    client.force_login(reviewer)
    response = client.get("/api/v1/export/claims.csv")
    assert response.status_code == 200
    out = StringIO()
    call_command("export_claims", "--format", "csv", stdout=out)
    assert out.getvalue() == b"".join(response.streaming_content).decode()
    # A claimant's name a spreadsheet would run as a formula is quoted.
    assert export_csv()[0]["claimant"] == '\'=HYPERLINK("x")'


def test_export_claims_csv_of_one_article_or_of_nothing(article):
    assert export_csv() == []
    ClaimFactory(article=article)
    other = ClaimFactory(article=ArticleFactory())
    assert [row["id"] for row in export_csv("--article", str(other.article_id))] == [str(other.pk)]


def test_export_query_count_does_not_grow_with_claims():
    def add(n: int) -> None:
        for _ in range(n):
            claim = ClaimFactory(article=ArticleFactory(), claimant=ClaimantFactory())
            ClaimRelay.objects.create(claim=claim, claimant=ClaimantFactory(), position=0)
            PublishedVerdictFactory(claim=claim)

    add(5)
    with CaptureQueriesContext(connection) as five:
        export()
    add(45)
    # Claims with article, event and claimant; relays; verdicts; matches (twice); flags.
    with CaptureQueriesContext(connection) as fifty:
        assert len(export()) == 50
    assert len(fifty) == len(five) == 6
