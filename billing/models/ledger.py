"""The ledger: per-user balances (the row payments lock) and immutable entries."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from transship.money import MoneyField


class BalanceAccount(models.Model):
    """The per-user row payments lock (`select_for_update`); `balance` caches the ledger sum."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="balance_account",
    )
    balance = MoneyField(default=0, editable=False)
    points = models.IntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("balance")
        verbose_name_plural = _("balances")
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="balance_never_negative"),
            models.CheckConstraint(condition=Q(points__gte=0), name="points_never_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: ¥{self.balance}"


class LedgerEntry(models.Model):
    """One immutable movement of a customer's money, signed as seen from their balance."""

    class Kind(models.TextChoices):
        TOPUP = "topup", _("Top-up")
        PAYMENT = "payment", _("Payment")
        REFUND = "refund", _("Refund")
        CARD_REFUND = "card_refund", _("Refund to card")
        CARD_REFUND_FAILED = "card_refund_failed", _("Refund to card failed")
        FEE = "fee", _("Fee")
        DISPOSAL_PROCEEDS = "disposal_proceeds", _("Disposal proceeds")
        REMITTANCE = "remittance", _("Remittance")
        REMITTANCE_FEE = "remittance_fee", _("Remittance fee")
        COUPON = "coupon", _("Coupon")
        POINTS = "points", _("Points")
        ADJUSTMENT = "adjustment", _("Adjustment")
        CLAIM = "claim", _("Claim payout")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = MoneyField(verbose_name=_("amount (JPY)"))
    balance_after = MoneyField(verbose_name=_("balance after"))
    invoice = models.ForeignKey(
        "Invoice", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    payment = models.ForeignKey(
        "Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("user", "pk")
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_amount_not_zero"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="ledger_balance_never_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("ledger entries are immutable; add a reversing entry")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> None:
        raise ValueError("ledger entries are immutable; add a reversing entry")
