"""Support desk: conversations with customers (A20.5), reports of a password known to someone
else (A4.4), service notices (A16, A17) and flags for prohibited acts (A18)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from support.states import (
    ALLOWED,
    OPEN_STATUSES,
    ConversationStatus,
    MessageChannel,
    MessageKind,
    NoticeAudience,
    NoticeKind,
    ProhibitedAct,
    Topic,
)
from transship.transitions import StateMachine, TransitionEvent


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def open(self) -> "ConversationQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class Conversation(models.Model):
    """A customer's question and the thread of replies, linked to what it is about."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="support_conversations",
        verbose_name=_("customer"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    topic = models.CharField(_("about"), max_length=20, choices=Topic.choices)
    parcel = models.ForeignKey(
        "parcels.Parcel", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shipment = models.ForeignKey(
        "parcels.Shipment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invoice = models.ForeignKey(
        "billing.Invoice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    privacy_request = models.ForeignKey(
        "privacy.PrivacyRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConversationStatus.choices,
        default=ConversationStatus.NEW,
        editable=False,
    )
    state_machine = StateMachine(
        ALLOWED, events="support.ConversationEvent", subject="conversation"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_conversations",
        verbose_name=_("assigned agent"),
        limit_choices_to={"is_staff": True},
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last activity"), auto_now=True)
    first_response_due_at = models.DateTimeField(_("first answer due by"), editable=False)
    first_responded_at = models.DateTimeField(
        _("first answered at"), null=True, blank=True, editable=False
    )
    resolution_due_at = models.DateTimeField(_("resolution due by"), editable=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    overdue_alarm_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("support conversation")
        verbose_name_plural = _("support conversations")
        ordering = ("-updated_at", "-pk")
        indexes = [
            models.Index(fields=["status", "first_response_due_at"], name="support_conv_due")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ConversationStatus]),
                name="support_conversation_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.is_open or self.status == ConversationStatus.WAITING_ON_CUSTOMER:
            return False
        first_late = self.first_responded_at is None and self.first_response_due_at <= now
        return first_late or self.resolution_due_at <= now


class ConversationEvent(TransitionEvent):
    """Append-only history of a conversation's status."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=ConversationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ConversationStatus.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("conversation event")
        verbose_name_plural = _("conversation events")


class MessageQuerySet(models.QuerySet["Message"]):
    def for_customer(self) -> "MessageQuerySet":
        """What the customer sees: never the internal notes."""
        return self.exclude(kind=MessageKind.NOTE)


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    body = models.TextField(_("message"))
    channel = models.CharField(
        _("channel"), max_length=8, choices=MessageChannel.choices, default=MessageChannel.SITE
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, db_index=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("support message")
        verbose_name_plural = _("support messages")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never reuses the customer's file name (kept in `filename` for display).
    return f"support/{timezone.now():%Y/%m}/{instance.token}"


class Attachment(models.Model):
    """An image or PDF sent with a message; served only to the customer and support."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    token = models.CharField(max_length=32, editable=False)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class CannedReply(models.Model):
    """A prepared answer agents start a reply from, in the three languages of the site."""

    title = models.CharField(_("title"), max_length=120, unique=True)
    body_en = models.TextField(_("text (English)"))
    body_ja = models.TextField(_("text (Japanese)"))
    body_zh_hans = models.TextField(_("text (Simplified Chinese)"))

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title

    def body_for(self, language: str) -> str:
        return {"ja": self.body_ja, "zh-hans": self.body_zh_hans}.get(language, self.body_en)


class InboundEmail(models.Model):
    """One webhook call of the inbound email provider, kept so a replayed call is refused."""

    provider_token = models.CharField(max_length=100, unique=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("inbound email")
        verbose_name_plural = _("inbound emails")
        ordering = ("-received_at",)

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.outcome}"


class CompromiseReport(models.Model):
    """A member told us someone else may know their password (A4.4)."""

    class Source(models.TextChoices):
        SECURITY_PAGE = "security_page", _("Security page (logged in)")
        LOGIN_PAGE = "login_page", _("Login page (by email)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="compromise_reports"
    )
    source = models.CharField(_("reported from"), max_length=16, choices=Source.choices)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now, editable=False)
    tokens_revoked = models.PositiveIntegerField(_("API tokens ended"), default=0, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    restored_at = models.DateTimeField(_("restored at"), null=True, blank=True, editable=False)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("restored by"),
    )

    class Meta:
        verbose_name = _("compromised-account report")
        verbose_name_plural = _("compromised-account reports")
        ordering = ("-reported_at", "-pk")
        permissions = [("restore_account", _("Can restore an account after a compromise report"))]

    def __str__(self) -> str:
        return f"{self.user_id} {self.reported_at:%Y-%m-%d %H:%M}"


class ServiceNoticeQuerySet(models.QuerySet["ServiceNotice"]):
    def current(self, now=None) -> "ServiceNoticeQuerySet":
        now = now or timezone.now()
        return self.filter(published_at__isnull=False, starts_at__lte=now, ends_at__gt=now)


class ServiceNotice(models.Model):
    """A change, interruption or stop of the service announced to those it affects (A16, A17)."""

    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    audience = models.CharField(
        _("audience"), max_length=12, choices=NoticeAudience.choices, default=NoticeAudience.ALL
    )
    countries = CountryField(_("destination countries"), multiple=True, blank=True)
    services = models.ManyToManyField(
        "shipping.CarrierService", blank=True, related_name="+", verbose_name=_("carrier services")
    )
    starts_at = models.DateTimeField(_("shown from"))
    ends_at = models.DateTimeField(_("shown until"))
    maintenance_mode = models.BooleanField(
        _("maintenance mode"),
        default=False,
        help_text=_(
            "While shown, customers see the maintenance page and cannot change data; the admin, "
            "/healthz and webhooks keep working."
        ),
    )
    title_en = models.CharField(_("title (English)"), max_length=150)
    title_ja = models.CharField(_("title (Japanese)"), max_length=150)
    title_zh_hans = models.CharField(_("title (Simplified Chinese)"), max_length=150)
    text_en = models.TextField(_("text (English)"))
    text_ja = models.TextField(_("text (Japanese)"))
    text_zh_hans = models.TextField(_("text (Simplified Chinese)"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ServiceNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("service notice")
        verbose_name_plural = _("service notices")
        ordering = ("-starts_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="support_notice_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title_en

    def title_for(self, language: str | None = None) -> str:
        language = language or get_language()
        return {"ja": self.title_ja, "zh-hans": self.title_zh_hans}.get(language, self.title_en)

    def text_for(self, language: str | None = None) -> str:
        language = language or get_language()
        return {"ja": self.text_ja, "zh-hans": self.text_zh_hans}.get(language, self.text_en)


class AbuseFlag(models.Model):
    """Staff record a prohibited act (A18) with its ground; part of the customer's data export."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="abuse_flags",
        verbose_name=_("customer"),
    )
    act = models.CharField(_("prohibited act"), max_length=20, choices=ProhibitedAct.choices)
    note = models.TextField(_("what happened"))
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("flagged by"),
    )
    created_at = models.DateTimeField(_("flagged at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("prohibited-act flag")
        verbose_name_plural = _("prohibited-act flags")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.get_act_display()}"
