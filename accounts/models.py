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

from transship.fields import EncryptedCharField


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
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


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
    phone = EncryptedCharField(_("phone"), help_text=_("International format, e.g. +86 138 0013 8000"))
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
    hint = models.CharField(max_length=12, editable=False, help_text="First characters, to tell tokens apart")
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
