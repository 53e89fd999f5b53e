"""Exchange rates for showing prices in other currencies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExchangeRate(models.Model):
    """Units of `currency` per 1 JPY; the newest row per currency is current."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by Finance")
        FEED = "feed", _("Rate feed")

    currency = models.CharField(_("currency"), max_length=3)
    rate = models.DecimalField(_("units per 1 JPY"), max_digits=20, decimal_places=10)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("currency", "-created_at", "-pk")
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        indexes = [models.Index(fields=["currency", "-created_at"], name="rate_currency_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"JPY→{self.currency} {self.rate}"
