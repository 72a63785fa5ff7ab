"""The benchmark's anchor: the textbook claim page really is the naive build
(three queries, one template) and shows the same claim as our page."""

import pytest
from django.test import override_settings

from claims.models import Claim
from tests.factories import ClaimFactory, EvidenceFactory, PublishedVerdictFactory

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="bench.urls")
def test_textbook_claim_page_shows_the_published_claim_in_three_queries(
    client, django_assert_num_queries, settings
):
    bench_templates = settings.BASE_DIR / "bench" / "templates"
    settings.TEMPLATES = [
        {**engine, "DIRS": [*engine["DIRS"], bench_templates]}
        if engine["BACKEND"].endswith("DjangoTemplates")
        else engine
        for engine in settings.TEMPLATES
    ]
    claim = ClaimFactory(status=Claim.Status.CONFIRMED, exact="all 5 aboard dead")
    PublishedVerdictFactory(claim=claim, rationale="Both statements agree.")
    EvidenceFactory.create_batch(3, claim=claim)

    # The claim with its article, outlet and claimant; its published verdict; its sources.
    with django_assert_num_queries(3):
        response = client.get(f"/bench/textbook/claims/{claim.pk}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "all 5 aboard dead" in body
    assert "Both statements agree." in body
    assert body.count("<li><a href=") == 3


@override_settings(ROOT_URLCONF="bench.urls")
def test_textbook_claim_page_is_not_found_without_a_published_verdict(client):
    claim = ClaimFactory(status=Claim.Status.CONFIRMED)
    assert client.get(f"/bench/textbook/claims/{claim.pk}/").status_code == 404
