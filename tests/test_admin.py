import difflib

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from articles.models import (
    Article,
    ArticleLink,
    ArticleVersion,
    Event,
    FeedEntry,
    Outlet,
    OutletFeed,
)
from articles.services import article_import
from claims import services
from claims.models import (
    Claim,
    Claimant,
    ClaimFlag,
    ClaimMatch,
    ClaimRelay,
    Correction,
    Evidence,
    Notification,
    NotificationPreference,
    PendingChange,
    Source,
    Verdict,
)
from tests.conftest import SEED_PATH
from tests.factories import (
    ArticleFactory,
    ClaimantFactory,
    ClaimFactory,
    EvidenceFactory,
    PublishedVerdictFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

MODELS = list(admin.site._registry)


def populate(n: int) -> None:
    """``n`` rows of every model the admin lists, every foreign key filled."""
    user = UserFactory(username="populator", role="Editor")
    for i in range(n):
        event = Event.objects.create(title=f"Event {i}", slug=f"event-{Event.objects.count()}")
        article = ArticleFactory(event=event)
        ArticleLink.objects.create(article=article, text="Related story", url="#", position=0)
        ArticleVersion.objects.create(
            article=article, title=article.title, text=article.text, content_hash="x" * 64
        )
        party = ClaimantFactory(kind=Claimant.Kind.ORGANIZATION)
        claimant = ClaimantFactory(affiliation=party, aliases=["The ministry"])
        claim = ClaimFactory(article=article, claimant=claimant)
        other = ClaimFactory(article=article, quote="Dmitry Peskov", claimant=claimant)
        ClaimRelay.objects.create(claim=claim, claimant=party, position=0)
        EvidenceFactory(claim=claim, added_by=user)
        verdict = PublishedVerdictFactory(claim=claim)
        Correction.objects.create(verdict=verdict, note="Fixed a typo.", created_by=user)
        services.claim_update(claim=claim, by=user, count_min=3, count_max=5)  # held
        ClaimMatch.objects.create(claim_a=claim, claim_b=other, score=90, decided_by=user)
        ClaimFlag.objects.create(claim=claim, kind="parts_total", message="3 + 2 ≠ 6", other=other)
        token_user = UserFactory()
        Token.objects.create(user=token_user)
        Notification.objects.create(
            recipient=token_user, kind="published", claim=claim, verdict=verdict, message="Out."
        )
        NotificationPreference.objects.create(user=token_user, email=False)
        Group.objects.create(name=f"Desk {Group.objects.count()}")
        feed = OutletFeed.objects.create(
            outlet=article.outlet, url=f"https://feeds.example/{OutletFeed.objects.count()}.rss"
        )
        FeedEntry.objects.create(feed=feed, guid=f"{feed.url}#1", url=article.url, article=article)
        # django-axes' log-in records (the admin is where locked accounts are unlocked).
        who = {"username": f"guesser-{AccessAttempt.objects.count()}", "ip_address": "10.0.0.1"}
        AccessAttempt.objects.create(**who, failures_since_start=10, path_info="/accounts/login/")
        AccessLog.objects.create(**who, path_info="/accounts/login/")
        AccessFailureLog.objects.create(**who, path_info="/accounts/login/", locked_out=True)


def admin_url(model, action: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def count_queries(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [q["sql"] for q in queries.captured_queries]


def warm_up(client, url: str) -> None:
    """One unmeasured visit first: caches filled once per process (content types,
    the admin's own lookups) are then filled whichever test happened to run before,
    so the counts compared are per-page costs only."""
    assert client.get(url).status_code == 200, url


def same_queries(five: list[str], fifty: list[str]) -> str:
    """The failure message: what the page with more rows asked in addition."""
    return "\n".join(difflib.unified_diff(five, fifty, "5 rows", "50 rows", lineterm=""))


def test_every_model_is_registered():
    expected = {
        Outlet, Event, Article, ArticleLink, ArticleVersion, Claimant, Claim, Source,
        Evidence, Verdict, Correction, ClaimMatch, ClaimFlag,
    }  # fmt: skip
    assert expected <= set(MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_search_add_change_and_history_page_answers_200(client, superuser, model):
    populate(2)
    client.force_login(superuser)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "changelist"), {"q": "helicopter"}).status_code == 200
    add = client.get(admin_url(model, "add"))
    assert add.status_code in (200, 403)  # 403: written by the importer or derived only
    obj = model.objects.first()
    assert obj is not None, f"populate() made no {model._meta.label}"
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert client.get(admin_url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_query_count_does_not_grow_with_rows(client, superuser, model):
    """Session, user, count(s), the page of rows with what it shows, filter choices:
    the same queries for 5 rows as for 50."""
    client.force_login(superuser)
    url = admin_url(model, "changelist")
    populate(5)
    warm_up(client, url)
    five, sql_five = count_queries(client, url)
    populate(45)
    assert model.objects.count() >= 50
    fifty, sql_fifty = count_queries(client, url)
    assert fifty == five, same_queries(sql_five, sql_fifty)


def grow_inlines(model, obj, n: int) -> None:
    """``n`` more rows in each inline of ``obj``'s change page."""
    user = UserFactory(username="grower", role="Editor")
    if model is Article:
        for i in range(n):
            ArticleLink.objects.create(article=obj, text=f"Link {i}", url="#", position=0)
            ClaimFactory(article=obj, claimant=ClaimantFactory())
    elif model is Claim:
        for _ in range(n):
            EvidenceFactory(claim=obj, added_by=user)
            ClaimRelay.objects.create(
                claim=obj, claimant=ClaimantFactory(), position=obj.relays.count() + 1
            )
            VerdictFactory(claim=obj, approved_by=user)
    elif model is Verdict:
        for _ in range(n):
            Correction.objects.create(verdict=obj, note="Fixed.", created_by=UserFactory())
    elif model is Event:
        for _ in range(n):
            ArticleFactory(event=obj)
    elif model is OutletFeed:
        for _ in range(n):
            article = ArticleFactory()
            FeedEntry.objects.create(feed=obj, guid=article.url, url=article.url, article=article)


@pytest.mark.parametrize(
    "model", [Article, Claim, Verdict, Event, OutletFeed], ids=lambda m: m.__name__
)
def test_change_page_query_count_does_not_grow_with_inline_rows(client, superuser, model):
    """Session, user, the object, each inline's rows with what they show, and the
    widgets' choices: the same queries for 5 inline rows as for 50."""
    populate(1)
    obj = model.objects.first()
    client.force_login(superuser)
    url = admin_url(model, "change", obj.pk)
    grow_inlines(model, obj, 5)
    warm_up(client, url)
    five, sql_five = count_queries(client, url)
    grow_inlines(model, obj, 45)
    fifty, sql_fifty = count_queries(client, url)
    assert fifty == five, same_queries(sql_five, sql_fifty)


@pytest.mark.parametrize("model", [Article, Claim, Evidence, Verdict], ids=lambda m: m.__name__)
def test_history_page_query_count_does_not_grow_with_changes(client, superuser, model):
    populate(1)
    obj = model.objects.first()
    client.force_login(superuser)
    url = admin_url(model, "history", obj.pk)

    def change(n: int) -> None:
        for i in range(n):
            obj._history_user = UserFactory()
            obj.save()
            assert i >= 0

    change(5)
    warm_up(client, url)
    five, sql_five = count_queries(client, url)
    change(45)
    fifty, sql_fifty = count_queries(client, url)
    assert fifty == five, same_queries(sql_five, sql_fifty)


# ------------------------------------------------------------------------------
# Verdicts: the publish action
# ------------------------------------------------------------------------------
def test_publish_action_is_for_editors_and_never_for_own_verdicts(client, editor, reviewer):
    editor.is_staff = True
    editor.save()
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    EvidenceFactory(claim=claim)
    own = VerdictFactory(status=Verdict.Status.SUBMITTED, author=editor)
    theirs = VerdictFactory(claim=claim, status=Verdict.Status.SUBMITTED, author=reviewer)
    EvidenceFactory(claim=own.claim)
    client.force_login(editor)
    response = client.post(
        admin_url(Verdict, "changelist"),
        {"action": "publish_selected", "_selected_action": [own.pk, theirs.pk]},
        follow=True,
    )
    assert response.status_code == 200
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert theirs.status == Verdict.Status.PUBLISHED and theirs.approved_by == editor
    assert own.status == Verdict.Status.SUBMITTED
    assert "cannot approve your own verdict" in response.content.decode()


def test_publish_action_requires_evidence_like_the_approvals_page(client, editor, reviewer):
    editor.is_staff = True
    editor.save()
    verdict = VerdictFactory(status=Verdict.Status.SUBMITTED, author=reviewer)
    client.force_login(editor)
    response = client.post(
        admin_url(Verdict, "changelist"),
        {"action": "publish_selected", "_selected_action": [verdict.pk]},
        follow=True,
    )
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    assert "Attach at least one source before publishing" in response.content.decode()


def test_an_editor_who_rewrote_a_verdict_in_the_admin_cannot_publish_it(client, editor, reviewer):
    """Four eyes: an admin edit makes the editor a co-writer."""
    editor.is_staff = True
    editor.save()
    verdict = VerdictFactory(status=Verdict.Status.SUBMITTED, author=reviewer)
    EvidenceFactory(claim=verdict.claim)
    client.force_login(editor)
    response = client.post(
        admin_url(Verdict, "change", verdict.pk),
        {
            "rating": "mostly-true", "rationale": "Rewritten by the editor.", "review_note": "",
            "correction_set-TOTAL_FORMS": "0", "correction_set-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        admin_url(Verdict, "changelist"),
        {"action": "publish_selected", "_selected_action": [verdict.pk]},
        follow=True,
    )
    verdict.refresh_from_db()
    assert verdict.rationale == "Rewritten by the editor."
    assert verdict.status == Verdict.Status.SUBMITTED
    assert "You wrote part of this verdict" in response.content.decode()


def test_reviewer_does_not_get_the_publish_action(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    verdict = VerdictFactory(status=Verdict.Status.SUBMITTED)
    EvidenceFactory(claim=verdict.claim)
    client.force_login(reviewer)
    page = client.get(admin_url(Verdict, "changelist"))
    assert page.status_code == 200
    assert "publish_selected" not in page.content.decode()
    client.post(
        admin_url(Verdict, "changelist"),
        {"action": "publish_selected", "_selected_action": [verdict.pk]},
    )
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_status_and_author_cannot_be_edited_as_fields(client, superuser):
    verdict = VerdictFactory()
    client.force_login(superuser)
    page = client.get(admin_url(Verdict, "change", verdict.pk)).content.decode()
    assert 'name="status"' not in page
    assert 'name="author"' not in page


def test_a_verdict_added_in_the_admin_is_written_by_whoever_adds_it(client, superuser, editor):
    claim = ClaimFactory()
    client.force_login(superuser)
    response = client.post(
        admin_url(Verdict, "add"),
        {
            "claim": claim.pk, "rating": "true", "rationale": "Checked.", "review_note": "",
            "author": editor.pk,  # ignored: nobody writes a verdict in someone else's name
            "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    assert response.status_code == 302
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.author, verdict.status) == (superuser, Verdict.Status.DRAFT)


def test_corrections_are_for_published_verdicts_and_name_their_author(client, superuser):
    draft = VerdictFactory()
    published = PublishedVerdictFactory()
    client.force_login(superuser)
    refused = client.post(admin_url(Correction, "add"), {"verdict": draft.pk, "note": "x"})
    assert refused.status_code == 200
    assert "Only a published verdict can be corrected" in refused.content.decode()
    accepted = client.post(
        admin_url(Correction, "add"), {"verdict": published.pk, "note": "Rating changed."}
    )
    assert accepted.status_code == 302
    correction = Correction.objects.get()
    assert (correction.verdict, correction.created_by) == (published, superuser)


# ------------------------------------------------------------------------------
# Nothing published is silently removed
# ------------------------------------------------------------------------------
@pytest.mark.parametrize("model", [Article, Claim, Verdict], ids=lambda m: m.__name__)
def test_deleting_what_carries_a_published_verdict_is_refused(client, superuser, model):
    verdict = PublishedVerdictFactory()
    obj = {Article: verdict.claim.article, Claim: verdict.claim, Verdict: verdict}[model]
    client.force_login(superuser)
    page = client.get(admin_url(model, "delete", obj.pk))
    assert "withdraw it first" in page.content.decode()
    client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
    bulk = client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert "withdraw it first" in bulk.content.decode()
    assert model.objects.filter(pk=obj.pk).exists()
    assert Verdict.objects.filter(pk=verdict.pk, status="published").exists()


def test_an_article_without_published_verdicts_can_be_deleted(client, superuser):
    claim = ClaimFactory()
    VerdictFactory(claim=claim)
    client.force_login(superuser)
    response = client.post(admin_url(Article, "delete", claim.article.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.exists()


# ------------------------------------------------------------------------------
# Articles edited by hand
# ------------------------------------------------------------------------------
def article_form(article: Article, **changes) -> dict:
    data = {
        "title": article.title, "slug": article.slug,
        "outlet": article.outlet_id or "", "url": article.url, "author": article.author,
        "published_on": article.published_on.isoformat() if article.published_on else "",
        "event": article.event_id or "", "text": article.text,
        "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
        "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def seed_article(db):
    return article_import(raw=SEED_PATH.read_bytes(), outlet_name="RT").article


def test_editing_the_text_keeps_a_version_and_reanchors_claims(client, superuser, seed_article):
    claim = seed_article.claims.get(exact="Three crew and two officers")
    link = seed_article.links.order_by("position").last()
    linked_paragraph = seed_article.text[: link.position].rsplit("\n\n", 1)[-1]
    client.force_login(superuser)
    # Browsers send CRLF line breaks; a new paragraph goes in after the headline.
    edited = seed_article.text.replace(
        "\n\nA Russian Mi-8", "\n\nUPDATE: the ministry named the crew.\n\nA Russian Mi-8", 1
    ).replace("\n", "\r\n")
    response = client.post(
        admin_url(Article, "change", seed_article.pk), article_form(seed_article, text=edited)
    )
    assert response.status_code == 302
    seed_article.refresh_from_db()
    claim.refresh_from_db()
    link.refresh_from_db()
    assert "\r" not in seed_article.text
    assert "UPDATE: the ministry named the crew." in seed_article.text
    assert seed_article.versions.count() == 2
    assert seed_article.versions.latest().text == seed_article.text
    assert seed_article.content_hash != seed_article.versions.earliest().content_hash
    assert seed_article.text[claim.start : claim.end] == "Three crew and two officers"
    assert claim.anchor_state == Claim.AnchorState.MOVED
    assert seed_article.text[: link.position].endswith(linked_paragraph)
    # The content hash follows the text: the original file is no longer "unchanged".
    assert article_import(raw=SEED_PATH.read_bytes(), dry_run=True).status == "imported"


def test_a_new_title_becomes_the_headline_paragraph(client, superuser, seed_article):
    headline_claim = seed_article.claims.get(exact="all 5 aboard dead")
    client.force_login(superuser)
    response = client.post(
        admin_url(Article, "change", seed_article.pk),
        article_form(seed_article, title="Russian Mi-8 shot down in Syria, all 5 aboard dead"),
    )
    assert response.status_code == 302
    seed_article.refresh_from_db()
    headline_claim.refresh_from_db()
    assert seed_article.text.startswith("Russian Mi-8 shot down in Syria, all 5 aboard dead\n\n")
    assert seed_article.has_headline
    text = seed_article.text
    assert text[headline_claim.start : headline_claim.end] == "all 5 aboard dead"


def test_saving_an_unchanged_article_keeps_its_versions_and_claims(client, superuser, seed_article):
    claims = list(seed_article.claims.values_list("pk", "start", "end", "anchor_state"))
    client.force_login(superuser)
    response = client.post(
        admin_url(Article, "change", seed_article.pk),
        article_form(seed_article, author="Staff reporter"),
    )
    assert response.status_code == 302
    seed_article.refresh_from_db()
    assert seed_article.author == "Staff reporter"
    assert seed_article.versions.count() == 1
    assert list(seed_article.claims.values_list("pk", "start", "end", "anchor_state")) == claims


def test_an_article_added_by_hand_is_like_an_import(client, superuser):
    client.force_login(superuser)
    response = client.post(
        admin_url(Article, "add"),
        {
            "title": "Bus crash", "slug": "bus-crash", "outlet": "", "url": "", "author": "",
            "published_on": "2024-03-05", "event": "",
            "text": "Five people were injured,  the police said.\r\n\r\n\r\nMore later.",
            "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
            "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.text == (
        "Bus crash\n\nFive people were injured, the police said.\n\nMore later."
    )
    assert article.versions.count() == 1 and len(article.content_hash) == 64
    assert article.claims.filter(kind=Claim.Kind.CASUALTY).exists()  # proposed, as on import


def test_article_change_page_is_usable_with_a_long_article(client, superuser, seed_article):
    client.force_login(superuser)
    page = client.get(admin_url(Article, "change", seed_article.pk)).content.decode()
    assert 'rows="30"' in page
    assert "all 5 aboard dead" in page  # its claims, listed
    assert reverse("review:article", kwargs={"pk": seed_article.pk}) in page  # view on site


# ------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------
def claim_form(claim: Claim, **changes) -> dict:
    data = {
        "article": claim.article_id, "kind": claim.kind, "status": claim.status,
        "claimant": claim.claimant_id or "", "assigned_to": "",
        "start": claim.start, "end": claim.end, "exact": claim.exact,
        "sentence": claim.sentence, "count_min": claim.count_min or "",
        "count_max": claim.count_max or "", "category": claim.category,
        "parts": "[]", "anchor_state": claim.anchor_state,
        "statement": claim.statement, "attribution": claim.attribution_id or "",
        "relays-TOTAL_FORMS": "0", "relays-INITIAL_FORMS": "0",
        "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0",
        "verdicts-TOTAL_FORMS": "0", "verdicts-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(changes)
    return data


def test_claim_page_shows_the_claim_in_its_text(client, superuser, seed_article):
    claim = seed_article.claims.get(exact="Three crew and two officers")
    client.force_login(superuser)
    page = client.get(admin_url(Claim, "change", claim.pk)).content.decode()
    assert "<mark>Three crew and two officers</mark> from Russia" in page
    assert reverse("review:claim", kwargs={"pk": claim.pk}) in page  # view on site


def test_editing_a_claim_in_the_admin_marks_it_reviewed(client, superuser, seed_article):
    claim = seed_article.claims.get(exact="Three crew and two officers")
    assert not claim.reviewed
    client.force_login(superuser)
    response = client.post(
        admin_url(Claim, "change", claim.pk), claim_form(claim, kind=Claim.Kind.STATEMENT)
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.kind, claim.reviewed) == (Claim.Kind.STATEMENT, True)


def test_a_statement_edited_here_on_a_published_claim_waits_for_an_editor_then_is_a_correction(
    client, superuser, editor
):
    verdict = PublishedVerdictFactory(claim__statement="Five people died.")
    client.force_login(superuser)
    response = client.post(
        admin_url(Claim, "change", verdict.claim.pk),
        claim_form(verdict.claim, statement="Three crew and two officers died."),
    )
    assert response.status_code == 302
    verdict.claim.refresh_from_db()
    # Held: the public keeps the published wording until another editor approves.
    assert verdict.claim.statement == "Five people died."
    change = PendingChange.objects.pending().get(claim=verdict.claim)
    services.change_approve(change=change, by=editor)
    verdict.claim.refresh_from_db()
    assert verdict.claim.statement == "Three crew and two officers died."
    (correction,) = verdict.corrections.all()
    assert "Three crew and two officers died." in correction.note
    assert "Five people died." in correction.note


def test_a_claim_with_a_published_verdict_cannot_be_dismissed_here(client, superuser):
    verdict = PublishedVerdictFactory()
    client.force_login(superuser)
    response = client.post(
        admin_url(Claim, "change", verdict.claim.pk),
        claim_form(verdict.claim, status=Claim.Status.DISMISSED),
    )
    assert response.status_code == 200
    assert "withdraw the verdict first" in response.content.decode()
    verdict.claim.refresh_from_db()
    assert verdict.claim.status == Claim.Status.CONFIRMED


def test_a_span_outside_the_text_is_refused(client, superuser, article):
    client.force_login(superuser)
    claim = ClaimFactory.build(article=article)
    response = client.post(
        admin_url(Claim, "add"),
        claim_form(claim, start=0, end=len(article.text) + 5, exact=""),
    )
    assert response.status_code == 200
    assert f"only {len(article.text)} characters long" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_claim_added_by_span_gets_its_quote_and_context(client, superuser, article):
    start = article.text.index("Three crew")
    end = start + len("Three crew and two officers")
    client.force_login(superuser)
    claim = ClaimFactory.build(article=article)
    response = client.post(
        admin_url(Claim, "add"), claim_form(claim, start=start, end=end, exact="", sentence="")
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.exact == "Three crew and two officers"
    assert claim.prefix == article.text[start - 32 : start]
    assert claim.suffix == article.text[end : end + 32]
    assert claim.sentence.startswith("Three crew and two officers died")
    assert (claim.origin, claim.created_by, claim.reviewed) == ("manual", superuser, True)


def test_evidence_added_on_the_claim_page_names_who_added_it(client, superuser):
    claim = ClaimFactory()
    source = Source.objects.create(url="https://mil.example/statement", title="Statement")
    client.force_login(superuser)
    response = client.post(
        admin_url(Claim, "change", claim.pk),
        claim_form(
            claim,
            **{
                "evidence-TOTAL_FORMS": "1", "evidence-0-source": source.pk,
                "evidence-0-stance": "supports", "evidence-0-note": "",
                "evidence-0-claim": claim.pk,
            },
        ),
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Evidence.objects.get().added_by == superuser


def test_claimant_filter_lists_the_busiest_claimants_and_filters(client, superuser):
    busy = ClaimantFactory(name="Defense Ministry")
    quiet = ClaimantFactory(name="Nobody")
    for quote in ("Three crew and two officers", "Dmitry Peskov"):
        ClaimFactory(claimant=busy, quote=quote)
    ClaimFactory(claimant=None)
    client.force_login(superuser)
    page = client.get(admin_url(Claim, "changelist")).content.decode()
    assert "Defense Ministry" in page and "Nobody" not in page
    filtered = client.get(admin_url(Claim, "changelist"), {"claimant__id__exact": busy.pk})
    assert len(filtered.context["cl"].result_list) == 2
    none = client.get(admin_url(Claim, "changelist"), {"claimant__id__exact": "none"})
    assert len(none.context["cl"].result_list) == 1
    assert quiet.claims.count() == 0


# ------------------------------------------------------------------------------
# Claimants, matches, access
# ------------------------------------------------------------------------------
def test_claimant_aliases_are_typed_one_per_line(client, superuser):
    client.force_login(superuser)
    response = client.post(
        admin_url(Claimant, "add"),
        {
            "name": "Dmitry Peskov", "slug": "dmitry-peskov", "kind": "person",
            "role": "Kremlin spokesman", "affiliation": "",
            "aliases": "Peskov\r\n  Kremlin   spokesman\r\n\r\npeskov\r\nDmitry Peskov",
        },
    )  # fmt: skip
    assert response.status_code == 302
    claimant = Claimant.objects.get()
    assert claimant.aliases == ["Peskov", "Kremlin spokesman"]
    page = client.get(admin_url(Claimant, "change", claimant.pk)).content.decode()
    assert "Peskov\nKremlin spokesman</textarea>" in page
    found = client.get(admin_url(Claimant, "changelist"), {"q": "spokesman"})
    assert list(found.context["cl"].result_list) == [claimant]


def test_match_decisions_need_the_change_permission(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    populate(1)
    client.force_login(reviewer)
    page = client.get(admin_url(ClaimMatch, "changelist")).content.decode()
    assert "confirm_selected" in page  # reviewers decide matches
    viewer = UserFactory(username="viewer")
    viewer.is_staff = True
    viewer.save()
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_claimmatch"))
    client.force_login(viewer)
    page = client.get(admin_url(ClaimMatch, "changelist")).content.decode()
    assert "confirm_selected" not in page


def test_reviewer_sees_the_admin_of_their_work_but_not_users(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    for model in (Article, Claim, Verdict, Event, ClaimFlag, Correction):
        assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(admin_url(Correction, "add")).status_code == 403


def test_anonymous_is_sent_to_admin_login(client):
    response = client.get(admin_url(Verdict, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_version_page_shows_what_changed(client, superuser, seed_article):
    seed_article.text = seed_article.text.replace("Three crew", "Four crew")
    from articles.services import article_edit

    previous = Article.objects.get(pk=seed_article.pk)
    article_edit(article=seed_article, previous=previous)
    latest = seed_article.versions.latest()
    client.force_login(superuser)
    page = client.get(admin_url(ArticleVersion, "change", latest.pk)).content.decode()
    assert "Four crew and two officers" in page and "Three crew and two officers" in page
    first = seed_article.versions.earliest()
    assert (
        "The first version."
        in client.get(admin_url(ArticleVersion, "change", first.pk)).content.decode()
    )
    assert latest.created >= first.created
    assert timezone.now() >= latest.created


def test_history_page_lists_each_version_with_who_changed_it(client, superuser, editor):
    claim = ClaimFactory()
    claim.kind = Claim.Kind.STATEMENT
    claim._history_user = editor
    claim.save()
    client.force_login(superuser)
    page = client.get(admin_url(Claim, "history", claim.pk)).content.decode()
    assert page.count(f"{claim.exact} <span") == 2
    assert "charlie" in page
    assert "The object as it is now" not in page  # the template's comment stays a comment


def test_a_huge_saved_page_is_previewed_not_printed_whole(client, superuser):
    page = "<html><body><h1>Quake</h1><p>Five died.</p>" + "<!-- padding -->" * 50_000
    article = article_import(raw=page, filename="quake.html").article
    client.force_login(superuser)
    html = client.get(admin_url(Article, "change", article.pk)).content.decode()
    assert f"{len(article.source) - 5000:,} more characters" in html
    assert len(html) < 200_000


# ------------------------------------------------------------------------------
# Hand edits of what public pages show refresh the cached pages
# ------------------------------------------------------------------------------
@pytest.fixture
def public_claim(db):
    """A published claim with a claimant, a relay, an outlet and a source."""
    outlet = Outlet.objects.create(name="RT", slug="rt")
    article = ArticleFactory(outlet=outlet)
    claimant = ClaimantFactory(name="Defense Ministry", slug="defense-ministry")
    claim = ClaimFactory(article=article, claimant=claimant)
    ClaimRelay.objects.create(
        claim=claim, claimant=ClaimantFactory(name="Wire Agency", slug="wire-agency"), position=0
    )
    source = Source.objects.create(
        url="https://mod.example.org/statement", title="Ministry statement", kind="official"
    )
    EvidenceFactory(claim=claim, source=source)
    PublishedVerdictFactory(claim=claim)
    return claim


def public_pages(claim) -> dict[str, str]:
    return {
        "claim": claim.get_absolute_url(),
        "article": reverse("claims:article", args=[claim.article.slug]),
        "home": reverse("claims:home"),
    }


def read_as_reader(pages: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Each page as an anonymous reader gets it (cached when it can be): (text, ETag)."""
    reader = Client()
    seen = {}
    for name, url in pages.items():
        response = reader.get(url)
        assert response.status_code == 200, url
        seen[name] = (response.content.decode(), response["ETag"])
    return seen


def admin_change(client, model, obj, data: dict) -> None:
    response = client.post(admin_url(model, "change", obj.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_admin_edit_of_a_source_shows_on_the_cached_claim_page_once_approved(
    client, superuser, editor, public_claim
):
    source = public_claim.evidence.get().source
    pages = {"claim": public_pages(public_claim)["claim"]}
    before = read_as_reader(pages)
    assert "Ministry statement" in before["claim"][0]
    client.force_login(superuser)
    admin_change(
        client,
        Source,
        source,
        {
            "url": source.url,
            "title": "Statement of the Ministry of Defence",
            "publisher": "Ministry of Defence",
            "kind": "official",
            "accessed_on": "",
            "archive_url": "",
        },
    )
    # Cited by a published fact-check: held until another editor approves it.
    held = read_as_reader(pages)
    assert held == before
    source.refresh_from_db()
    assert source.title == "Ministry statement"
    services.change_approve(change=PendingChange.objects.get(source=source), by=editor)
    after = read_as_reader(pages)
    assert "Statement of the Ministry of Defence" in after["claim"][0]
    assert after["claim"][1] != before["claim"][1]  # a revalidating browser gets the new page
    record = public_claim.history.first()
    assert record.history_user == editor
    assert record.history_change_reason == "Source edited: Statement of the Ministry of Defence"


def test_admin_rename_of_a_claimant_shows_on_every_cached_page(client, superuser, public_claim):
    pages = public_pages(public_claim)
    before = read_as_reader(pages)
    assert all("Defense Ministry" in text for text, _etag in before.values())
    client.force_login(superuser)
    admin_change(
        client,
        Claimant,
        public_claim.claimant,
        {"name": "Russian Defence Ministry", "slug": "defense-ministry", "kind": "organization",
         "role": "", "affiliation": "", "aliases": ""},
    )  # fmt: skip
    after = read_as_reader(pages)
    for name in pages:
        assert "Russian Defence Ministry" in after[name][0], name
        assert after[name][1] != before[name][1], name


def test_admin_rename_of_a_relay_shows_on_the_cached_claim_page(client, superuser, public_claim):
    relay = public_claim.relays.get().claimant
    pages = {"claim": public_pages(public_claim)["claim"]}
    assert "Wire Agency" in read_as_reader(pages)["claim"][0]
    client.force_login(superuser)
    admin_change(
        client,
        Claimant,
        relay,
        {"name": "The Wire Agency", "slug": "wire-agency", "kind": "media", "role": "",
         "affiliation": "", "aliases": ""},
    )  # fmt: skip
    assert "The Wire Agency" in read_as_reader(pages)["claim"][0]


def test_admin_rename_of_an_outlet_shows_on_every_cached_page(client, superuser, public_claim):
    pages = public_pages(public_claim)
    before = read_as_reader(pages)
    client.force_login(superuser)
    outlet = public_claim.article.outlet
    admin_change(client, Outlet, outlet, {"name": "RT News", "slug": "rt", "homepage": ""})
    after = read_as_reader(pages)
    for name in pages:
        assert "RT News" in after[name][0] and "RT News" not in before[name][0], name
        assert after[name][1] != before[name][1], name


def test_admin_save_without_changes_leaves_claims_alone(client, superuser, public_claim):
    source = public_claim.evidence.get().source
    records = public_claim.history.count()
    client.force_login(superuser)
    admin_change(
        client,
        Source,
        source,
        {"url": source.url, "title": source.title, "publisher": "", "kind": "official",
         "accessed_on": "", "archive_url": ""},
    )  # fmt: skip
    assert public_claim.history.count() == records


def test_only_published_claims_are_touched_by_a_claimant_edit(superuser, public_claim):
    candidate = ClaimFactory(
        article=public_claim.article,
        quote="Dmitry Peskov",
        claimant=public_claim.claimant,
        status=Claim.Status.CANDIDATE,
    )
    records = candidate.history.count()
    claimant = public_claim.claimant
    claimant.name = "Russian Defence Ministry"
    services.claimant_save(claimant=claimant, by=superuser, changed=["name"])
    assert candidate.history.count() == records
    assert public_claim.history.first().history_change_reason == (
        "Claimant edited: Russian Defence Ministry"
    )


# ------------------------------------------------------------------------------
# Four eyes after publication: the admin obeys the same rules
# ------------------------------------------------------------------------------
def test_admin_rewrite_of_a_published_claim_is_held_until_an_editor_approves(
    client, superuser, editor, public_claim
):
    """Re-pointing a published claim to another passage and rewriting its sentence in the
    admin changes nothing public until another editor approves it."""
    pages = {"claim": public_pages(public_claim)["claim"]}
    before = read_as_reader(pages)
    text = public_claim.article.text
    start = text.index("the Defense Ministry said")
    client.force_login(superuser)
    form = claim_form(
        public_claim,
        start=start,
        end=start + len("the Defense Ministry said"),
        exact="",
        sentence="The governor said so.",
        parts='[{"count": 3, "who": "crew"}, {"count": 2, "who": "officers"}]',
    )
    response = client.post(admin_url(Claim, "change", public_claim.pk), form, follow=True)
    assert response.status_code == 200
    assert "Held for an editor" in response.content.decode()
    public_claim.refresh_from_db()
    assert public_claim.exact == "Three crew and two officers"
    assert public_claim.sentence == "Three crew and two officers"
    # The page reads as before (only its bookkeeping was saved: the claim is reviewed).
    assert read_as_reader(pages)["claim"][0] == before["claim"][0]
    change = PendingChange.objects.get(claim=public_claim)
    assert set(change.proposed) == {"start", "end", "exact", "sentence"}
    services.change_approve(change=change, by=editor, note="The quote was misplaced.")
    public_claim.refresh_from_db()
    assert public_claim.exact == "the Defense Ministry said"
    assert public_claim.sentence == "The governor said so."
    # The public address follows the new quote.
    after = read_as_reader({"claim": public_claim.get_absolute_url()})
    assert "The quote was misplaced." in after["claim"][0]


def test_admin_assignment_of_a_published_claim_is_saved_at_once(client, superuser, public_claim):
    client.force_login(superuser)
    form = claim_form(
        public_claim,
        assigned_to=superuser.pk,
        parts='[{"count": 3, "who": "crew"}, {"count": 2, "who": "officers"}]',
    )
    assert client.post(admin_url(Claim, "change", public_claim.pk), form).status_code == 302
    public_claim.refresh_from_db()
    assert public_claim.assigned_to == superuser
    assert not PendingChange.objects.exists()


def test_sources_of_a_published_claim_are_read_only_in_the_claim_admin(
    client, superuser, public_claim
):
    client.force_login(superuser)
    page = client.get(admin_url(Claim, "change", public_claim.pk)).content.decode()
    assert "changes to what the public sees" in page
    assert 'name="evidence-0-stance"' not in page  # shown, not editable
    assert 'name="relays-0-claimant"' not in page


def test_deleting_a_source_of_a_published_claim_in_the_admin_is_refused(
    client, superuser, public_claim
):
    evidence = public_claim.evidence.get()
    client.force_login(superuser)
    page = client.get(admin_url(Evidence, "delete", evidence.pk)).content.decode()
    assert "Source of a published fact-check" in page
    client.post(admin_url(Evidence, "delete", evidence.pk), {"post": "yes"})
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    client.post(
        admin_url(Evidence, "changelist"),
        {"action": "delete_selected", "_selected_action": [evidence.pk], "post": "yes"},
    )
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_admin_stance_change_of_a_published_source_is_held(client, superuser, public_claim):
    evidence = public_claim.evidence.get()
    client.force_login(superuser)
    response = client.post(
        admin_url(Evidence, "change", evidence.pk),
        {"stance": "contradicts", "note": evidence.note},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence.refresh_from_db()
    assert evidence.stance == "supports"
    change = PendingChange.objects.get()
    assert change.proposed == {"evidence": evidence.pk, "stance": "contradicts"}


def test_admin_cannot_attach_a_source_to_a_published_claim_directly(
    client, superuser, public_claim
):
    source = Source.objects.create(url="https://phish.example.net/", title="Phish")
    client.force_login(superuser)
    response = client.post(
        admin_url(Evidence, "add"),
        {"claim": public_claim.pk, "source": source.pk, "stance": "supports", "note": ""},
    )
    assert response.status_code == 200
    assert "attach the source on its review page" in response.content.decode()
    assert public_claim.evidence.count() == 1


def test_admin_publish_action_asks_for_the_two_source_reason_on_the_approvals_page(
    client, editor, reviewer
):
    editor.is_staff = True
    editor.save()
    verdict = VerdictFactory(status=Verdict.Status.SUBMITTED, author=reviewer)
    EvidenceFactory(claim=verdict.claim)
    client.force_login(editor)
    response = client.post(
        admin_url(Verdict, "changelist"),
        {"action": "publish_selected", "_selected_action": [verdict.pk]},
        follow=True,
    )
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    assert "Publish it from the Approvals page" in response.content.decode()


def test_a_typo_in_a_correction_note_is_fixed_in_the_admin_and_shown_at_once(
    client, superuser, public_claim
):
    verdict = public_claim.verdicts.get()
    correction = Correction.objects.create(verdict=verdict, note="Teh count.", created_by=superuser)
    pages = {"claim": public_pages(public_claim)["claim"]}
    assert "Teh count." in read_as_reader(pages)["claim"][0]
    client.force_login(superuser)
    admin_change(client, Correction, correction, {"note": "The count."})
    assert "The count." in read_as_reader(pages)["claim"][0]
