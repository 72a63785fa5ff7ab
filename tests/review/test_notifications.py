"""Notifications: who is told what, by the bell and by e-mail, and the pages for them."""

import pytest
from django.core import mail
from django.urls import reverse

from claims import services
from claims.models import Notification, NotificationPreference, Verdict
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    PublishedVerdictFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

NOTIFICATIONS = reverse("review:notifications")
READ = reverse("review:notification-read")
SETTINGS = reverse("review:notification-settings")


@pytest.fixture
def submitted(candidate, reviewer):
    EvidenceFactory(claim=candidate, source=SourceFactory(publisher="TASS"))
    return VerdictFactory(
        claim=candidate, author=reviewer, status=Verdict.Status.SUBMITTED, version=2
    )


@pytest.fixture
def published(candidate, reviewer, editor):
    EvidenceFactory(claim=candidate)
    return PublishedVerdictFactory(claim=candidate, author=reviewer, approved_by=editor)


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# ------------------------------------------------------------------------------
# Who is told what
# ------------------------------------------------------------------------------
def test_sent_back_verdict_tells_its_author_with_the_note_and_emails_after_commit(
    as_editor, submitted, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = as_editor.post(
            reverse("review:verdict-send-back", args=[submitted.pk]),
            {"version": submitted.version, "note": "Name the second source."},
        )
    assert response.status_code == 302
    assert callbacks, "the e-mail waits for the commit"
    notification = Notification.objects.get(recipient=reviewer)
    assert notification.kind == Notification.Kind.SENT_BACK
    assert notification.verdict == submitted and notification.claim == submitted.claim
    assert "Name the second source." in notification.message
    assert "charlie" in notification.message
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert "Verdict sent back" in mail.outbox[0].subject
    assert "Name the second source." in mail.outbox[0].body
    assert reverse("review:claim", args=[submitted.claim_id]) in mail.outbox[0].body
    assert SETTINGS in mail.outbox[0].body


def test_nothing_is_emailed_when_the_action_rolls_back(
    as_editor, submitted, django_capture_on_commit_callbacks
):
    """A refused send-back (no note) writes no notification and sends nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        as_editor.post(
            reverse("review:verdict-send-back", args=[submitted.pk]),
            {"version": submitted.version, "note": "  "},
        )
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_publish_correct_and_withdraw_tell_the_author(
    submitted, reviewer, editor, other_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        verdict = services.verdict_publish(
            verdict=submitted, by=editor, publish_anyway_reason="The ministry is the source."
        ).verdict
        # A correction is told when another editor approves it, not when it is proposed.
        change = services.verdict_correct(
            verdict=verdict,
            by=editor,
            rating="mostly-true",
            rationale="Four, per the ministry.",
            note="The ministry revised the toll.",
            version=verdict.version,
        )
        assert kinds_for(reviewer) == ["published"]
        services.change_approve(change=change, by=other_editor)
        verdict.refresh_from_db()
        services.verdict_withdraw(
            verdict=verdict, by=editor, note="The report was retracted.", version=verdict.version
        )
    assert kinds_for(reviewer) == ["withdrawn", "corrected", "published"]
    corrected = Notification.objects.get(kind=Notification.Kind.CORRECTED)
    assert "The ministry revised the toll." in corrected.message
    assert len(mail.outbox) == 3
    assert kinds_for(editor) == []


def test_a_submitted_verdict_tells_every_editor_but_not_its_author(
    candidate, editor, other_editor, reviewer, django_capture_on_commit_callbacks
):
    EvidenceFactory(claim=candidate)  # a verdict is submitted with its sources
    draft = VerdictFactory(claim=candidate, author=other_editor, version=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_submit(verdict=draft, by=other_editor, version=1)
    assert kinds_for(editor) == ["awaiting-approval"]
    assert kinds_for(other_editor) == []
    assert kinds_for(reviewer) == []
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_assigning_a_claim_tells_the_assignee_once_and_never_the_one_who_took_it(
    as_reviewer, reviewer, other_reviewer, candidate
):
    url = reverse("review:claim-assign", args=[candidate.pk])
    as_reviewer.post(url, {"assignee": other_reviewer.pk})
    as_reviewer.post(url, {"assignee": other_reviewer.pk})  # unchanged: no second one
    as_reviewer.post(url, {"assignee": reviewer.pk})  # taking it oneself: nobody told
    assert kinds_for(other_reviewer) == ["assigned"]
    assert kinds_for(reviewer) == []


def test_email_opt_out_keeps_the_bell_but_sends_no_mail(
    as_editor, submitted, reviewer, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=reviewer, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        as_editor.post(
            reverse("review:verdict-send-back", args=[submitted.pk]),
            {"version": submitted.version, "note": "Check the date."},
        )
    assert kinds_for(reviewer) == ["sent-back"]
    assert mail.outbox == []


def test_a_failing_mail_server_never_fails_the_action(
    as_editor, submitted, reviewer, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard: nothing listens, the connection is refused
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = as_editor.post(
            reverse("review:verdict-send-back", args=[submitted.pk]),
            {"version": submitted.version, "note": "Check the date."},
            follow=True,
        )
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == Verdict.Status.DRAFT
    assert kinds_for(reviewer) == ["sent-back"]
    assert "Could not e-mail" in caplog.text


# ------------------------------------------------------------------------------
# The bell and the notifications page
# ------------------------------------------------------------------------------
def test_notification_pages_need_a_reviewer(client, outsider):
    for url in (NOTIFICATIONS, SETTINGS):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(outsider)
    assert client.get(NOTIFICATIONS).status_code == 403
    assert client.post(READ).status_code == 403


def test_the_bell_counts_unread_notifications(as_reviewer, reviewer, candidate):
    Notification.objects.create(
        recipient=reviewer, kind="assigned", claim=candidate, message="You have a claim."
    )
    html = as_reviewer.get(reverse("review:queue")).content.decode()
    assert 'class="bell bell--unread"' in html
    assert '<span class="bell__count">1</span>' in html


def test_the_list_shows_only_ones_own_notifications(
    as_reviewer, reviewer, other_reviewer, candidate
):
    Notification.objects.create(
        recipient=reviewer, kind="assigned", claim=candidate, message="Yours to check."
    )
    Notification.objects.create(
        recipient=other_reviewer, kind="assigned", claim=candidate, message="Bob's claim."
    )
    html = as_reviewer.get(NOTIFICATIONS).content.decode()
    assert "Yours to check." in html
    assert "Bob&#x27;s claim." not in html and "Bob's claim." not in html


def test_opening_a_notification_marks_it_read_and_goes_to_its_claim(
    as_reviewer, reviewer, candidate
):
    notification = Notification.objects.create(
        recipient=reviewer, kind="assigned", claim=candidate, message="Yours."
    )
    response = as_reviewer.post(READ, {"notification": notification.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("review:claim", args=[candidate.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_cannot_be_marked_read(as_reviewer, other_reviewer, candidate):
    theirs = Notification.objects.create(
        recipient=other_reviewer, kind="assigned", claim=candidate, message="Bob's."
    )
    response = as_reviewer.post(READ, {"notification": theirs.pk}, follow=True)
    assert "could not be found" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_bad_input_to_mark_read_is_a_message_not_an_error(as_reviewer):
    response = as_reviewer.post(READ, {"notification": "not-a-number"}, follow=True)
    assert response.status_code == 200
    assert "could not be found" in response.content.decode()


def test_mark_all_read(as_reviewer, reviewer, other_reviewer, candidate):
    for _ in range(3):
        Notification.objects.create(recipient=reviewer, kind="assigned", claim=candidate)
    Notification.objects.create(recipient=other_reviewer, kind="assigned", claim=candidate)
    response = as_reviewer.post(READ, follow=True)
    assert "Marked 3 notifications as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=reviewer, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other_reviewer, read_at__isnull=True).exists()


@pytest.mark.parametrize("n", [1, 25])
def test_notification_list_query_count_does_not_grow(
    client, reviewer, django_assert_num_queries, n
):
    client.force_login(reviewer)
    for claim in ClaimFactory.create_batch(n):
        Notification.objects.create(
            recipient=reviewer, kind="assigned", claim=claim, message="A claim."
        )
    # session, user, groups and publish permission (the reviewer check and the
    # Approvals link), count for the paginator, the bell's unread count, the page's
    # notifications with their claims.
    with django_assert_num_queries(6):
        response = client.get(NOTIFICATIONS)
    assert len(response.context["page"].object_list) == n


def test_email_can_be_turned_off_and_on(as_reviewer, reviewer):
    assert "checked" in as_reviewer.get(SETTINGS).content.decode()
    response = as_reviewer.post(SETTINGS, {}, follow=True)
    assert "no longer be e-mailed" in response.content.decode()
    assert NotificationPreference.objects.get(user=reviewer).email is False
    as_reviewer.post(SETTINGS, {"email": "on"})
    assert NotificationPreference.objects.get(user=reviewer).email is True


def test_a_user_without_an_address_is_told_nothing_can_be_mailed(client):
    user = UserFactory(username="noaddress", role="Reviewer", email="")
    client.force_login(user)
    assert "no e-mail address" in client.get(SETTINGS).content.decode()
