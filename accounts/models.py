"""Accounts: the user (keyed by email), recipients' address book, marketing consent, API tokens.

First cut from the foundation issue; the accounts issue grows the membership lifecycle here."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.states import (
    ALLOWED,
    AccountStatus,
    Gender,
    GuardianRelationship,
    RejectionReason,
)
from transship.fields import EncryptedCharField
from transship.transitions import StateMachine, TransitionEvent


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    currency = models.CharField(
        _("display currency"),
        max_length=3,
        default="JPY",
        help_text=_("Prices are charged in JPY; this currency is shown alongside."),
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("May log in. Follows the account status; change the status, not this."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    # Membership (agreement 3, 7, 8): changed only by accounts.services.account_transition.
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AccountStatus.choices,
        default=AccountStatus.APPLIED,
        editable=False,
        db_index=True,
    )
    state_machine = StateMachine(ALLOWED, events="accounts.AccountEvent", subject="user")
    member_code = models.CharField(
        _("member code"), max_length=12, unique=True, null=True, blank=True, editable=False
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=16, choices=RejectionReason.choices, blank=True
    )

    # Application details (privacy policy 1.1): birthday and gender are optional.
    birth_date = models.DateField(_("birthday"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    phone = EncryptedCharField(_("mobile phone"), blank=True)
    phone_verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    phone_code_digest = models.CharField(max_length=64, blank=True, editable=False)
    phone_code_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A hash of the normalised phone, so a disqualified person's number can be recognised (3.3(2))
    # without searching ciphertext.
    phone_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    guardian_name = EncryptedCharField(_("guardian's name"), blank=True)
    guardian_contact = EncryptedCharField(_("guardian's phone or email"), blank=True)
    guardian_consent_at = models.DateTimeField(
        _("guardian's consent given at"), null=True, blank=True
    )
    # A minor's application waits for the guardian (3.3(1)): we email the guardian a signed link
    # and the consent is recorded only when the guardian confirms on that page, saying who they
    # are to the applicant.
    guardian_consent_requested_at = models.DateTimeField(
        _("guardian's consent requested at"), null=True, blank=True, editable=False
    )
    guardian_relationship = models.CharField(
        _("guardian's relationship"),
        max_length=16,
        choices=GuardianRelationship.choices,
        blank=True,
        editable=False,
        db_default="",  # rows written by code that predates the field (migration tests)
    )

    # Security (agreement 4.5, 8.5).
    password_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The age reminder (4.5) went out at this moment; earlier than `password_changed_at` means it
    # was about a previous password, so the current one may be reminded of again.
    password_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    login_locked_at = models.DateTimeField(
        _("login locked at"), null=True, blank=True, editable=False
    )
    # Failures before this moment no longer count (a reset or staff unlock starts afresh).
    login_failures_reset_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Dormancy (agreement 1.6, 8(6)): how many warnings were sent since the last login.
    dormant_warnings_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    dormant_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("review_application", _("Can approve or reject applications")),
            ("suspend_user", _("Can suspend and reinstate accounts")),
            ("disqualify_user", _("Can disqualify accounts or record a death")),
            ("unlock_login", _("Can unlock a locked login")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AccountStatus.values), name="user_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="active") | models.Q(member_code__isnull=False),
                name="active_user_has_member_code",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def is_member(self) -> bool:
        """An approved account in good standing: may use the service."""
        return self.status == AccountStatus.ACTIVE

    @property
    def is_frozen(self) -> bool:
        return self.status == AccountStatus.DISQUALIFIED

    @property
    def is_login_locked(self) -> bool:
        return self.login_locked_at is not None


class Application(User):
    """The staff queue of applications waiting for review (agreement 3): users in "applied"."""

    class Meta:
        proxy = True
        verbose_name = _("application")
        verbose_name_plural = _("application queue")


class AccountEvent(TransitionEvent):
    """Append-only history of a user's account status: who changed it, when and why."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_events")
    from_status = models.CharField(max_length=16, choices=AccountStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=AccountStatus.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("account event")
        verbose_name_plural = _("account history")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.from_status or '∅'} → {self.to_status}"


class MemberCode(models.Model):
    """Every member code ever issued; a code is never given twice, even after erasure."""

    code = models.CharField(max_length=12, unique=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("issued member code")
        verbose_name_plural = _("issued member codes")

    def __str__(self) -> str:
        return self.code


class LoginFailure(models.Model):
    """A wrong password for an existing account, kept to enforce and explain the lockout (A8.5)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_failures")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["user", "created_at"], name="loginfail_user_at")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.ip_address} {self.created_at:%Y-%m-%d %H:%M}"


class LegalDocument(models.Model):
    """A published version of the terms of use or the privacy policy, text per language."""

    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of use")
        PRIVACY = "privacy", _("Privacy policy")

    kind = models.CharField(_("document"), max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"), editable=False)
    body_en = models.TextField(_("text (English)"))
    body_zh_hans = models.TextField(_("text (Simplified Chinese)"), blank=True)
    body_ja = models.TextField(_("text (Japanese)"), blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now, editable=False)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ("kind", "-version")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="one_legal_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    def body_for(self, language: str) -> str:
        field = "body_" + language.replace("-", "_")
        return getattr(self, field, "") or self.body_en


class LegalAcceptance(models.Model):
    """The user accepted this version of a legal document, at this time (A2, P8)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="legal_acceptances")
    document = models.ForeignKey(
        LegalDocument, on_delete=models.PROTECT, related_name="acceptances"
    )
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        constraints = [models.UniqueConstraint(fields=["user", "document"], name="accept_once")]

    def __str__(self) -> str:
        return f"{self.user_id} accepted {self.document}"


class Address(models.Model):
    """A recipient in the customer's address book, used for outbound shipments."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=60, blank=True)
    name = EncryptedCharField(_("recipient name"))
    country = CountryField(_("country"))
    region = models.CharField(_("state / province"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    line1 = EncryptedCharField(_("address line 1"))
    line2 = EncryptedCharField(_("address line 2"), blank=True)
    phone = EncryptedCharField(
        _("phone"), help_text=_("International format, e.g. +86 138 0013 8000")
    )
    is_default = models.BooleanField(_("default recipient"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("address book")
        ordering = ("-is_default", "-updated_at")

    def __str__(self) -> str:
        return f"{self.label or self.city}, {self.country.code}"


class MarketingConsent(models.Model):
    """Per-channel consent to marketing messages (J5, P1.4); absent row means no consent."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="marketing_consents")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    is_granted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="one_consent_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.channel}={self.is_granted}"


class AccessTokenQuerySet(models.QuerySet["AccessToken"]):
    def usable(self) -> "AccessTokenQuerySet":
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class AccessToken(models.Model):
    """A personal access token for programs using the API. Only its SHA-256 digest is stored;
    the clear token is shown once, at creation."""

    PREFIX = "tsj_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(
        max_length=12, editable=False, help_text="First characters, to tell tokens apart"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def new_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class BlockedIdentity(models.Model):
    """A hashed email or phone of a disqualified member: a new application with it is not
    approved automatically (agreement 3.3(2)). Hashes survive the erasure of the account."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("disqualified identity")
        verbose_name_plural = _("disqualified identities")
        constraints = [
            models.UniqueConstraint(fields=["kind", "digest"], name="blocked_identity_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.digest[:10]}…"
