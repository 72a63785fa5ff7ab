"""Events, matches and flags in the admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Event
from claims.models import ClaimFlag, ClaimMatch
from tests.events.factories import ClaimFlagFactory, ClaimMatchFactory, EventFactory
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def populate(n: int) -> None:
    for _ in range(n):
        event = EventFactory()
        a = ClaimFactory(article=ArticleFactory(event=event))
        b = ClaimFactory(article=ArticleFactory(event=event))
        ClaimMatchFactory(claim_a=a, claim_b=b)
        ClaimFlagFactory(claim=a, other=b)


@pytest.mark.parametrize("model", [Event, ClaimMatch, ClaimFlag], ids=lambda m: m.__name__)
def test_changelists_answer_in_a_fixed_number_of_queries(client, superuser, model):
    client.force_login(superuser)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    url = reverse(f"{prefix}_changelist")
    populate(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    populate(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    obj = model.objects.first()
    assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200


def test_matches_and_flags_are_not_typed_in_by_hand(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:claims_claimmatch_add")).status_code == 403
    assert client.get(reverse("admin:claims_claimflag_add")).status_code == 403


def test_admin_actions_confirm_and_break_through_the_services(client, superuser):
    populate(2)
    first, second = ClaimMatch.objects.order_by("pk")
    client.force_login(superuser)
    url = reverse("admin:claims_claimmatch_changelist")
    client.post(url, {"action": "confirm_selected", "_selected_action": [first.pk]})
    client.post(url, {"action": "break_selected", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ClaimMatch.Status.CONFIRMED and first.decided_by == superuser
    assert second.status == ClaimMatch.Status.BROKEN
