"""The reviewers' pages, under /review/."""

from django.urls import path

from . import articles, claims, events, feeds, notifications, queue, verdicts

app_name = "review"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("approvals/", verdicts.approvals, name="approvals"),
    path("articles/", articles.article_list, name="articles"),
    path("articles/new/", articles.article_new, name="article-new"),
    path("articles/<int:pk>/", articles.article_review, name="article"),
    path("articles/<int:pk>/claims/", articles.claim_add, name="claim-add"),
    path("articles/<int:pk>/date/", articles.article_date, name="article-date"),
    path("claims/<int:pk>/", claims.claim_review, name="claim"),
    path("claims/<int:pk>/confirm/", claims.claim_confirm, name="claim-confirm"),
    path("claims/<int:pk>/dismiss/", claims.claim_dismiss, name="claim-dismiss"),
    path("claims/<int:pk>/recheck/", claims.claim_recheck, name="claim-recheck"),
    path("claims/<int:pk>/assign/", claims.claim_assign, name="claim-assign"),
    path("claims/<int:pk>/edit/", claims.claim_edit, name="claim-edit"),
    path("claims/<int:pk>/confirm-all/", claims.claim_confirm_unit, name="claim-confirm-unit"),
    path("claims/<int:pk>/evidence/", claims.evidence_add, name="evidence-add"),
    path("claims/<int:pk>/verdict/", verdicts.verdict_save, name="verdict-save"),
    path("verdicts/<int:pk>/publish/", verdicts.verdict_publish, name="verdict-publish"),
    path("verdicts/<int:pk>/send-back/", verdicts.verdict_send_back, name="verdict-send-back"),
    path("verdicts/<int:pk>/correct/", verdicts.verdict_correct, name="verdict-correct"),
    path("verdicts/<int:pk>/withdraw/", verdicts.verdict_withdraw, name="verdict-withdraw"),
    path("changes/<int:pk>/approve/", verdicts.change_approve, name="change-approve"),
    path("changes/<int:pk>/reject/", verdicts.change_reject, name="change-reject"),
    path("corrections/<int:pk>/note/", verdicts.correction_note_fix, name="correction-note-fix"),
    path("evidence/<int:pk>/remove/", claims.evidence_remove, name="evidence-remove"),
    path("matches/<int:pk>/confirm/", claims.match_confirm, name="match-confirm"),
    path("matches/<int:pk>/break/", claims.match_break, name="match-break"),
    path("events/", events.event_list, name="events"),
    path("events/<int:pk>/", events.event_review, name="event"),
    path("events/<int:pk>/edit/", events.event_edit, name="event-edit"),
    path(
        "events/<int:pk>/articles/<int:article_pk>/confirm/",
        events.event_article_confirm,
        name="event-article-confirm",
    ),
    path(
        "events/<int:pk>/articles/<int:article_pk>/move/",
        events.event_article_move,
        name="event-article-move",
    ),
    path(
        "events/<int:pk>/articles/<int:article_pk>/split/",
        events.event_article_split,
        name="event-article-split",
    ),
    # --- feeds the desk follows; background jobs ---
    path("feeds/", feeds.feed_list, name="feeds"),
    path("feeds/new/", feeds.feed_create, name="feed-create"),
    path("feeds/<int:pk>/toggle/", feeds.feed_toggle, name="feed-toggle"),
    path("feeds/<int:pk>/poll/", feeds.feed_poll, name="feed-poll"),
    path("articles/<int:pk>/retry/", feeds.article_retry, name="article-retry"),
    # --- end feeds ---
    path("preview/", verdicts.preview, name="preview"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notification_read, name="notification-read"),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification-settings",
    ),
    path("claimants/", claims.claimant_autocomplete, name="claimant-autocomplete"),
]
