"""The notifications page (what the bell in the header counts) and each person's
notification settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from claims import notifications as notify
from claims.models import Notification

from .common import NOTIFICATIONS_PAGE_SIZE, reviewer_required
from .forms import NotificationReadForm, NotificationSettingsForm


@require_http_methods(["GET", "HEAD"])
@reviewer_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = (
        Notification.objects.filter(recipient=request.user)
        .select_related("claim")
        .only("pk", "kind", "message", "created", "read_at", "claim_id", "claim__exact")
        .order_by("-created", "-id")
    )
    page = Paginator(notifications, NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "review/notifications.html",
        {"nav": "notifications", "page": page},
    )


@require_POST
@reviewer_required
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read and open its claim; without an id, mark all read."""
    form = NotificationReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That notification could not be found.")
        return redirect("review:notifications")
    wanted = form.cleaned_data["notification"]
    if wanted is None:
        count = notify.notifications_mark_read(user=request.user)
        messages.success(
            request,
            f"Marked {count} notification{'s' if count != 1 else ''} as read."
            if count
            else "Nothing was unread.",
        )
        return redirect("review:notifications")
    notification = (
        Notification.objects.filter(recipient=request.user, pk=wanted).only("claim_id").first()
    )
    if notification is None:
        # Someone else's, or gone with its claim: the same answer, so ids reveal nothing.
        messages.error(request, "That notification could not be found.")
        return redirect("review:notifications")
    notify.notifications_mark_read(user=request.user, notification_ids=[wanted])
    return redirect(reverse("review:claim", args=[notification.claim_id]))


@require_http_methods(["GET", "HEAD", "POST"])
@reviewer_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            enabled = form.cleaned_data["email"]
            notify.notification_preference_set(user=request.user, email=enabled)
            messages.success(
                request,
                "Notifications will also be e-mailed to you."
                if enabled
                else "Notifications will no longer be e-mailed to you; they stay under the bell.",
            )
            return redirect("review:notification-settings")
    else:
        form = NotificationSettingsForm(initial={"email": notify.email_enabled(request.user)})
    return render(
        request,
        "review/notification_settings.html",
        {"nav": "notifications", "form": form, "address": request.user.email},
    )
