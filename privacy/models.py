"""Privacy: data-subject requests, disclosures to outside recipients, the log of staff viewing
unmasked personal data, erasures and security incidents (privacy policy sections 3-7)."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.states import (
    ALLOWED,
    OPEN_STATUSES,
    DeletionGround,
    RefusalGround,
    RequestAction,
    RequestKind,
    RequestStatus,
    VerificationMethod,
)
from transship.transitions import StateMachine, TransitionEvent


class PersonalDataAccess(models.Model):
    """One unmasked view of a person's data by a member of staff (P4(4)); append-only.

    The customer sees these rows on their privacy page."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="personal_data_views",
        verbose_name=_("staff member"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_data_accesses",
        verbose_name=_("data subject"),
    )
    model_label = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record"), max_length=64)
    fields = models.JSONField(_("fields"), default=list)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    viewed_at = models.DateTimeField(_("viewed at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("unmasked personal data view")
        verbose_name_plural = _("unmasked personal data views")
        ordering = ("-viewed_at", "-pk")
        permissions = [("view_personal_data", _("Can view unmasked personal data"))]

    def __str__(self) -> str:
        return f"{self.staff_id} viewed {self.model_label}#{self.object_id}"


class Disclosure(models.Model):
    """Personal data handed to an outside recipient (carrier, customs broker, payment provider):
    P3 and, when it leaves Japan, P7. Deletion notices go to these recipients."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="disclosures"
    )
    recipient = models.CharField(_("recipient"), max_length=120, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    data_categories = models.JSONField(_("data categories"), default=list)
    country = models.CharField(_("destination country"), max_length=2, blank=True)
    disclosed_at = models.DateTimeField(_("disclosed at"), default=timezone.now)
    deletion_notice_sent_at = models.DateTimeField(
        _("deletion notice sent at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("disclosure to a recipient")
        verbose_name_plural = _("disclosures to recipients")
        ordering = ("-disclosed_at", "-pk")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.purpose}"


class PrivacyRequestQuerySet(models.QuerySet["PrivacyRequest"]):
    def open(self) -> "PrivacyRequestQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class PrivacyRequest(models.Model):
    """A data-subject request (P5): received, verified, processed or refused within the deadline."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_requests"
    )
    kind = models.CharField(_("request"), max_length=24, choices=RequestKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RequestStatus.choices,
        default=RequestStatus.RECEIVED,
        editable=False,
    )
    state_machine = StateMachine(
        ALLOWED,
        events="privacy.PrivacyRequestEvent",
        subject="request",
        event_values={"action": RequestAction.TRANSITION},
    )
    details = models.TextField(
        _("details"),
        blank=True,
        help_text=_("For a correction: what is wrong and what it should be."),
    )
    deletion_ground = models.CharField(
        _("ground for deletion"), max_length=20, choices=DeletionGround.choices, blank=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_privacy_requests",
        verbose_name=_("assigned agent"),
        limit_choices_to={"is_staff": True},
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    due_at = models.DateTimeField(_("answer due by"), db_index=True, editable=False)
    verified_at = models.DateTimeField(
        _("identity verified at"), null=True, blank=True, editable=False
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("verified by"),
    )
    verification_method = models.CharField(
        _("verification method"),
        max_length=20,
        choices=VerificationMethod.choices,
        blank=True,
        editable=False,
    )
    refusal_ground = models.CharField(
        _("ground for refusal"),
        max_length=24,
        choices=RefusalGround.choices,
        blank=True,
        editable=False,
    )
    answer = models.TextField(_("answer to the customer"), blank=True, editable=False)
    fee_amount = models.DecimalField(
        _("fee (JPY)"), max_digits=12, decimal_places=0, null=True, blank=True, editable=False
    )
    # The billing invoice the fee is paid through (kept, like every invoice, after erasure).
    fee_invoice = models.OneToOneField(
        "billing.Invoice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("fee invoice"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # Awaiting settlement: when the request began to wait for the customer's goods, shipments,
    # invoices or balance to be settled, and when it stopped (the reason a late answer is late).
    settlement_started_at = models.DateTimeField(
        _("awaiting settlement since"), null=True, blank=True, editable=False
    )
    settlement_ended_at = models.DateTimeField(
        _("settled at"), null=True, blank=True, editable=False
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_alarm_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The export (access requests): a ZIP in file storage (private; the bucket in production)
    # until downloaded once, deleted then or when it expires (`privacy.purge_expired_exports`).
    export_file = models.FileField(upload_to="privacy-exports/", blank=True, editable=False)
    export_token_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    export_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    export_downloaded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PrivacyRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        ordering = ("due_at", "pk")
        indexes = [models.Index(fields=["status", "due_at"], name="privacy_req_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in RequestStatus]),
                name="privacy_request_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="deletion") | ~models.Q(deletion_ground=""),
                name="privacy_deletion_has_ground",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_ground=""),
                name="privacy_refusal_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < timezone.now()

    @property
    def export_is_downloadable(self) -> bool:
        return (
            self.export_token_digest != ""
            and self.export_downloaded_at is None
            and self.export_expires_at is not None
            and self.export_expires_at > timezone.now()
        )

    @staticmethod
    def token_digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class PrivacyRequestEvent(TransitionEvent):
    """Append-only log of every step on a request: who, when, what, why. Status changes are
    `transition` steps; the other steps (assigned, fee charged, …) keep the status blank."""

    request = models.ForeignKey(PrivacyRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("step"), max_length=20, choices=RequestAction.choices)
    from_status = models.CharField(max_length=16, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=RequestStatus.choices, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True, editable=False)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("privacy request step")
        verbose_name_plural = _("privacy request steps")

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


class Erasure(models.Model):
    """A record that a user's personal data was erased, and under which pseudonym the records kept
    by law (invoices, ledger, customs declarations) now stand."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="erasure"
    )
    user_pk = models.BigIntegerField(_("user id"), unique=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=40, unique=True)
    reason = models.CharField(_("reason"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    apps_erased = models.JSONField(default=list)
    apps_missing = models.JSONField(
        default=list, help_text=_("Apps that offered no erase hook when this ran")
    )
    records_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ("-erased_at",)

    def __str__(self) -> str:
        return self.pseudonym


class DeletionNotice(models.Model):
    """A notice to an outside recipient that a person's data must be deleted (P5(3))."""

    erasure = models.ForeignKey(Erasure, on_delete=models.CASCADE, related_name="notices")
    recipient = models.CharField(_("recipient"), max_length=120)
    contact = models.EmailField(_("sent to"))
    disclosures = models.JSONField(default=list, help_text=_("Disclosure ids covered"))
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deletion notice")
        verbose_name_plural = _("deletion notices")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["erasure", "recipient"], name="one_deletion_notice_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.erasure})"


class SecurityIncident(models.Model):
    """A personal-data security incident (P4(2)3-4) and what the affected users are told."""

    title = models.CharField(_("what happened (short)"), max_length=200)
    description = models.TextField(_("basic situation"))
    possible_impact = models.TextField(_("possible impact"))
    measures_taken = models.TextField(_("measures taken or to be taken"))
    advice = models.TextField(_("what users can do to reduce the risk"))
    remedies = models.TextField(_("remedies offered to users"), blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    detected_at = models.DateTimeField(_("detected at"), default=timezone.now)
    affected_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="security_incidents", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(
        _("users notified at"), null=True, blank=True, editable=False
    )
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("security incident")
        verbose_name_plural = _("security incidents")
        ordering = ("-occurred_at",)

    def __str__(self) -> str:
        return self.title
