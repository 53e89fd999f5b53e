"""The notifications spine: every app tells a user something through `notify()`.

`notify` renders the message in the user's language and writes it to the outbox in the caller's
transaction; delivery is enqueued only when that transaction commits, so a rolled-back change never
sends anything. `notification_deliver` claims the row (pending → sending) in one short transaction,
sends with no transaction open, and records the outcome in another, so a task that runs twice (a
retry, a redelivered message, the sweep) sends once, and no row lock is held across SMTP.

Templates, per event `a.b`: `notifications/a.b/subject.txt`, `body.txt`, optional `body.html`
(otherwise the text is wrapped in `notifications/base_email.html`).
"""

import logging
import smtplib
import threading
from typing import Any

from constance import config
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Notification
from notifications.recipients import recipient_provider
from notifications.sms import sms_send
from transship.queue import task_enqueue

log = logging.getLogger(__name__)

# How long a written message may wait for its task before the sweep enqueues it again.
REDELIVERY_GRACE = timezone.timedelta(minutes=2)

# How long a worker may take to send a message it claimed before the sweep gives it to another:
# well past the deliver task's time limit, so only a dead worker loses its claim.
SEND_LEASE = timezone.timedelta(minutes=5)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


class TransientDeliveryError(Exception):
    """Sending failed in a way worth retrying (SMTP down, timeout)."""


def unsubscribe_token_make(*, user_id: int, channel: str) -> str:
    return signing.dumps({"u": user_id, "c": channel}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user_id: int, channel: str) -> str:
    token = unsubscribe_token_make(user_id=user_id, channel=channel)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def _render(event: str, context: dict[str, Any]) -> tuple[str, str, str]:
    base = f"notifications/{event}"
    subject = " ".join(render_to_string(f"{base}/subject.txt", context).split())
    text = render_to_string(f"{base}/body.txt", context).strip() + "\n"
    try:
        html = render_to_string(f"{base}/body.html", context)
    except TemplateDoesNotExist:
        html = render_to_string("notifications/base_email.html", {**context, "body_text": text})
    return subject, text, html


def notify(
    *,
    user: Any,
    event: str,
    context: dict[str, Any] | None = None,
    marketing: bool = False,
    channel: str = Notification.Channel.EMAIL,
) -> Notification | None:
    """Write a message for `user` about `event` to the outbox and deliver it after commit.

    `context` must be JSON-serialisable (ids, strings, numbers): it is stored with the message.
    Marketing messages are written only with the user's consent for the channel, and carry a
    one-click unsubscribe link. Returns None when nothing was written (no consent)."""
    context = dict(context or {})
    category = Notification.Category.MARKETING if marketing else Notification.Category.TRANSACTIONAL
    recipients = recipient_provider()
    if marketing and not recipients.marketing_consent_is_granted(user=user, channel=channel):
        return None
    language = recipients.language(user) or settings.LANGUAGE_CODE
    render_context = {**context, "user": user, "site_url": settings.SITE_URL}
    if marketing:
        # kept with the message: the List-Unsubscribe header repeats the very link in the body
        context["unsubscribe_url"] = unsubscribe_url(user_id=user.pk, channel=channel)
        render_context["unsubscribe_url"] = context["unsubscribe_url"]
    with translation.override(language):
        subject, text, html = _render(event, render_context)
    notification = Notification.objects.create(
        user=user,
        event=event,
        category=category,
        channel=channel,
        language=language,
        recipient=recipients.address(user, channel),
        subject=subject[:255],
        body_text=text,
        body_html=html,
        context=context,
        next_attempt_at=timezone.now() + REDELIVERY_GRACE,
    )
    transaction.on_commit(lambda: deliver_soon(notification.pk))
    return notification


@transaction.atomic
def notify_third_party(
    *, user: Any, address: str, event: str, context: dict[str, Any] | None = None
) -> Notification:
    """Write a message about `user` to someone else's email `address` (a minor's guardian) and
    deliver it after commit. It is rendered in the user's language (the only one we know), kept
    with the user's messages for export and erasure, and never shown in the user's inbox."""
    context = dict(context or {})
    language = recipient_provider().language(user) or settings.LANGUAGE_CODE
    with translation.override(language):
        subject, text, html = _render(
            event, {**context, "user": user, "site_url": settings.SITE_URL}
        )
    notification = Notification.objects.create(
        user=user,
        event=event,
        category=Notification.Category.THIRD_PARTY,
        channel=Notification.Channel.EMAIL,
        language=language,
        recipient=address,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        context=context,
        next_attempt_at=timezone.now() + REDELIVERY_GRACE,
    )
    transaction.on_commit(lambda: deliver_soon(notification.pk))
    return notification


def deliver_soon(notification_id: int) -> None:
    """Enqueue one delivery; with the broker down the row stays in the outbox for the sweep.

    Called after the writing transaction commits, so a broker outage never fails the request
    that wrote the message."""
    try:
        task_enqueue("notifications.deliver", notification_id, retry=False)
    except Exception as exc:  # kombu and redis raise several unrelated connection errors
        log.warning(
            "broker unavailable, notification %s waits for the sweep: %s", notification_id, exc
        )


class _MailConnection(threading.local):
    """The worker's SMTP connection, opened once and kept from one message to the next (a
    connection, EHLO, STARTTLS and login per message was the largest part of a delivery). It is
    reopened when the email settings change, and once when a send on a kept connection fails
    (the server closed it while idle)."""

    backend: Any = None
    key: tuple = ()

    def get(self) -> Any:
        key = tuple(
            getattr(settings, name, None)
            for name in (
                "EMAIL_BACKEND",
                "EMAIL_HOST",
                "EMAIL_PORT",
                "EMAIL_HOST_USER",
                "EMAIL_USE_TLS",
                "EMAIL_USE_SSL",
                "EMAIL_FILE_PATH",
            )
        )
        if self.backend is None or key != self.key:
            self.drop()
            self.backend = get_connection(fail_silently=False)
            self.backend.open()
            self.key = key
        return self.backend

    def drop(self) -> None:
        backend, self.backend = self.backend, None
        if backend is not None:
            try:
                backend.close()
            except Exception:  # a dead connection may fail to close: forget it
                log.debug("closing the SMTP connection failed", exc_info=True)


_mail_connection = _MailConnection()


def _send_kept(message: EmailMultiAlternatives) -> None:
    fresh = _mail_connection.backend is None
    message.connection = _mail_connection.get()
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError):
        _mail_connection.drop()
        if fresh:
            raise
        message.connection = _mail_connection.get()  # once more, on a new connection
        message.send(fail_silently=False)
    except smtplib.SMTPException:
        _mail_connection.drop()
        raise


def _send_email(notification: Notification) -> None:
    # The site's own domain (not the worker's host name); the same id on a redelivery of the row.
    # A receiver drops the duplicate of an at-least-once resend (see notification_deliver).
    stamp = f"{notification.created_at:%Y%m%d%H%M%S}"
    headers = {"Message-ID": f"<{stamp}.notification{notification.pk}@{settings.SITE_DOMAIN}>"}
    if notification.is_marketing:
        url = notification.context.get("unsubscribe_url") or unsubscribe_url(
            user_id=notification.user_id, channel=notification.channel
        )
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.recipient],
        headers=headers,
        # A message the recipient may answer by email (a support conversation) names where.
        reply_to=[notification.context["reply_to"]]
        if notification.context.get("reply_to")
        else None,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    _send_kept(message)


def _send_sms(notification: Notification) -> None:
    sms_send(to=notification.recipient, text=notification.body_text.strip())


SENDERS = {Notification.Channel.EMAIL: _send_email, Notification.Channel.SMS: _send_sms}


def notification_deliver(*, notification_id: int) -> Notification | None:
    """Send one pending notification; a no-op when it is already sent, failed, gone, or being sent
    by another worker.

    Three steps, so no database transaction (and no row lock) is open while SMTP or the SMS
    gateway is on the line: claim the row (pending → sending, one more attempt, a lease until
    `next_attempt_at`) in a short transaction; send; record the outcome in a second short
    transaction, guarded by the claim. A second task for the same row finds it `sending` and does
    nothing, so it is sent once. A worker that dies between the claim and the record leaves the row
    `sending`; when its lease ends the sweep puts it back to pending and it is sent again: after a
    crash at exactly that point the message can go out twice (at-least-once at the SMTP boundary),
    never zero times.

    Raises TransientDeliveryError after recording the failed attempt, for the task to retry."""
    notification, claimed = _delivery_claim(notification_id=notification_id)
    if not claimed:
        return notification
    try:
        SENDERS[notification.channel](notification)
    except (smtplib.SMTPException, OSError) as exc:
        notification = _delivery_record(notification=notification, error=exc)
        if notification.status == Notification.Status.PENDING:
            log.warning("notification %s not delivered: %s", notification_id, exc)
            raise TransientDeliveryError(str(exc)) from exc
        return notification
    return _delivery_record(notification=notification, error=None)


@transaction.atomic
def _delivery_claim(*, notification_id: int) -> tuple[Notification | None, bool]:
    """Claim a pending row for this worker: (the row, whether this worker may send it now)."""
    now = timezone.now()
    notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
    if notification is None or notification.status != Notification.Status.PENDING:
        return notification, False  # gone, done, or another worker is sending it
    if notification.channel not in SENDERS or not notification.recipient:
        notification.status = Notification.Status.SKIPPED
        notification.save(update_fields=["status"])
        return notification, False
    if notification.attempts >= config.NOTIFICATION_MAX_ATTEMPTS:
        # Only a row whose workers died mid-send gets here: each lost claim used an attempt.
        notification.status = Notification.Status.FAILED
        notification.last_error = notification.last_error or "delivery interrupted"
        notification.save(update_fields=["status", "last_error"])
        return notification, False
    notification.status = Notification.Status.SENDING
    notification.attempts += 1
    notification.next_attempt_at = now + SEND_LEASE
    notification.save(update_fields=["status", "attempts", "next_attempt_at"])
    return notification, True


@transaction.atomic
def _delivery_record(*, notification: Notification, error: Exception | None) -> Notification:
    """Record the outcome of the send this worker claimed; a no-op when the claim was lost (its
    lease ended and the row was claimed again)."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.SENDING, attempts=notification.attempts
    )
    if error is None:
        changes = {"status": Notification.Status.SENT, "sent_at": now}
    else:
        failed = notification.attempts >= config.NOTIFICATION_MAX_ATTEMPTS
        delay = timezone.timedelta(seconds=retry_delay_seconds(attempts=notification.attempts))
        changes = {
            "status": Notification.Status.FAILED if failed else Notification.Status.PENDING,
            "last_error": f"{type(error).__name__}: {error}"[:2000],
            "next_attempt_at": now + delay + REDELIVERY_GRACE,
        }
    if not claimed.update(**changes):
        log.warning("notification %s: claim lost while sending", notification.pk)
        return Notification.objects.get(pk=notification.pk)
    for field, value in changes.items():
        setattr(notification, field, value)
    return notification


def retry_delay_seconds(*, attempts: int) -> int:
    """Exponential backoff after `attempts` failed sends: 30 s, 60 s, 120 s, … at most an hour."""
    return min(3600, 30 * 2 ** max(0, attempts - 1))


@transaction.atomic
def notifications_due_claim(*, now: Any, limit: int = 1000) -> list[int]:
    """Pending messages whose task is overdue (lost with a broker outage or a killed worker), and
    messages whose sending worker's lease ended (it died mid-send): those go back to pending.

    Claims them for another grace period so the next sweep does not enqueue them twice."""
    due = Notification.objects.filter(
        status__in=[Notification.Status.PENDING, Notification.Status.SENDING],
        next_attempt_at__lte=now,
    ).order_by("next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:limit])
    Notification.objects.filter(pk__in=ids).update(
        status=Notification.Status.PENDING, next_attempt_at=now + REDELIVERY_GRACE
    )
    return ids


@transaction.atomic
def notifications_mark_read(*, user: Any, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given)."""
    rows = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    return rows.update(read_at=timezone.now())


def marketing_unsubscribe(*, token: str) -> tuple[Any, str]:
    """Withdraw marketing consent for the user and channel in a signed link; no login needed.

    Raises signing.BadSignature for a forged or mangled link."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    user = recipient_provider().marketing_unsubscribe(user_id=int(data["u"]), channel=data["c"])
    if user is None:
        raise signing.BadSignature("unknown user")
    return user, data["c"]
