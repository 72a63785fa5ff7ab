"""The reviewers' pages, under /review/ (see claims.review)."""

from django.urls import path

from . import review

app_name = "review"

urlpatterns = [
    path("", review.queue, name="queue"),
    path("approvals/", review.approvals, name="approvals"),
    path("articles/", review.article_list, name="articles"),
    path("articles/new/", review.article_new, name="article-new"),
    path("articles/<int:pk>/", review.article_review, name="article"),
    path("articles/<int:pk>/claims/", review.claim_add, name="claim-add"),
    path("claims/<int:pk>/", review.claim_review, name="claim"),
    path("claims/<int:pk>/confirm/", review.claim_confirm, name="claim-confirm"),
    path("claims/<int:pk>/dismiss/", review.claim_dismiss, name="claim-dismiss"),
    path("claims/<int:pk>/recheck/", review.claim_recheck, name="claim-recheck"),
    path("claims/<int:pk>/assign/", review.claim_assign, name="claim-assign"),
    path("claims/<int:pk>/edit/", review.claim_edit, name="claim-edit"),
    path("claims/<int:pk>/evidence/", review.evidence_add, name="evidence-add"),
    path("claims/<int:pk>/verdict/", review.verdict_save, name="verdict-save"),
    path("verdicts/<int:pk>/publish/", review.verdict_publish, name="verdict-publish"),
    path("verdicts/<int:pk>/send-back/", review.verdict_send_back, name="verdict-send-back"),
    path("verdicts/<int:pk>/correct/", review.verdict_correct, name="verdict-correct"),
    path("verdicts/<int:pk>/withdraw/", review.verdict_withdraw, name="verdict-withdraw"),
    path("matches/<int:pk>/confirm/", review.match_confirm, name="match-confirm"),
    path("matches/<int:pk>/break/", review.match_break, name="match-break"),
    path("events/", review.event_list, name="events"),
    path("events/<int:pk>/", review.event_review, name="event"),
    path("events/<int:pk>/edit/", review.event_edit, name="event-edit"),
    path(
        "events/<int:pk>/articles/<int:article_pk>/confirm/",
        review.event_article_confirm,
        name="event-article-confirm",
    ),
    path(
        "events/<int:pk>/articles/<int:article_pk>/move/",
        review.event_article_move,
        name="event-article-move",
    ),
    path(
        "events/<int:pk>/articles/<int:article_pk>/split/",
        review.event_article_split,
        name="event-article-split",
    ),
    path("preview/", review.preview, name="preview"),
    path("claimants/", review.claimant_autocomplete, name="claimant-autocomplete"),
]
