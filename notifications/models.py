"""The notification outbox. A row is written in the same transaction as the business change that
caused it and delivered by a Celery task after commit; the customer also reads it on the site."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from transship.fields import EncryptedCharField


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user) -> "NotificationQuerySet":
        """What the user reads on the site: not the messages sent to someone else about them."""
        return self.filter(user=user).exclude(category=Notification.Category.THIRD_PARTY)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Category(models.TextChoices):
        TRANSACTIONAL = "transactional", _("Service message")
        MARKETING = "marketing", _("Marketing")
        # Sent about the user to someone else (a minor's guardian): kept with the user's rows,
        # so it is exported and erased with them, but never shown in the user's inbox.
        THIRD_PARTY = "third_party", _("To a third party about the user")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent (no channel)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=64, db_index=True)
    category = models.CharField(max_length=16, choices=Category.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING, editable=False
    )
    language = models.CharField(max_length=10)
    recipient = EncryptedCharField(help_text=_("Email address or phone at the time of writing"))
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    context = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the sweep should enqueue this row again if it is still pending: a little after its
    # task should have run, or after the retry backoff. A lost task (broker down at commit time,
    # worker killed mid-send) is picked up then, not after a fixed long wait. While the row is
    # `sending`, the end of the sending worker's lease.
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(fields=["status", "created_at"], name="notif_status_created"),
            models.Index(fields=["status", "next_attempt_at"], name="notif_status_next_attempt"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sending", "sent", "failed", "skipped"]),
                name="notification_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient} ({self.status})"

    @property
    def is_marketing(self) -> bool:
        return self.category == self.Category.MARKETING
