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


def form_data(response) -> dict:
    """The admin change form as the browser would send it back unchanged."""
    data = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for form in formset.forms:
            add(form)
    return data


def test_moving_an_article_to_another_event_in_the_admin_recomputes_both(client, superuser, story):
    observer = story.by_outlet["Levant Observer"]
    left_behind = observer.event
    assert ClaimFlag.objects.filter(claim__article=observer).exists()
    elsewhere = EventFactory(title="Another story")
    client.force_login(superuser)
    url = reverse("admin:articles_article_change", args=[observer.pk])
    data = form_data(client.get(url))
    data["event"] = str(elsewhere.pk)
    data.pop("event_confirmed", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    observer.refresh_from_db()
    assert observer.event == elsewhere and observer.event_confirmed
    # Alone in its new event, it conflicts with nothing; nor does anything point at it.
    assert not ClaimFlag.objects.filter(claim__article=observer).exists()
    assert not ClaimFlag.objects.filter(other__article=observer).exists()
    assert not ClaimMatch.objects.filter(claim_a__article=observer).exists()
    assert not ClaimMatch.objects.filter(claim_b__article=observer).exists()
    assert ClaimFlag.objects.filter(claim__article__event=left_behind).exists()


def test_taking_the_last_article_out_of_an_event_in_the_admin_removes_the_event(client, superuser):
    lonely = EventFactory()
    article = ArticleFactory(event=lonely)
    target = EventFactory()
    client.force_login(superuser)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data["event"] = str(target.pk)
    assert client.post(url, data).status_code == 302
    assert not Event.objects.filter(pk=lonely.pk).exists()
