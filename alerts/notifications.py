"""In-app notifications: the reads of the bell and the list, and the e-mail copy."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone

from .models import Notification


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def for_user(user):
    return Notification.objects.filter(recipient=user).select_related("warning")


def mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def send_emails(notification_ids: list[int]) -> int:
    """One e-mail per notification whose recipient has an address; each sent once."""
    rows = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    if not rows:
        return 0
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    messages = []
    for row in rows:
        link = f"{base}{reverse('alerts:warning', args=[row.warning_id])}" if row.warning_id else ""
        messages.append(
            EmailMessage(
                subject=row.text[:120], body=f"{row.text}\n\n{link}".strip(), to=[row.recipient.email]
            )
        )
    sent = get_connection().send_messages(messages) or 0
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=timezone.now())
    return sent
