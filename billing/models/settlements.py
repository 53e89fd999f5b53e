"""Disposal settlements and remittances of the remainder (articles 15.5-15.8)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from billing.states import REMITTANCE_ALLOWED, RemittanceStatus
from transship.money import MoneyField
from transship.transitions import StateMachine, TransitionEvent


class Remittance(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="remittances"
    )
    gross = MoneyField(verbose_name=_("amount before fee"))
    fee = MoneyField(verbose_name=_("remittance fee"))
    amount = MoneyField(verbose_name=_("amount remitted"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        max_length=10,
        choices=RemittanceStatus.choices,
        default=RemittanceStatus.PENDING,
        editable=False,
    )
    state_machine = StateMachine(
        REMITTANCE_ALLOWED, events="billing.RemittanceEvent", subject="remittance"
    )
    paid_at = models.DateTimeField(null=True, blank=True, editable=False)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A remittance past its due date (A15.6) is alarmed to Finance once.
    overdue_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The customer without a bank account on file was last asked for one (reminders repeat).
    bank_account_asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("due_date", "pk")
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances")
        permissions = [("mark_remittance_paid", _("Can mark remittances paid"))]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="remittance_positive"),
            models.CheckConstraint(
                condition=Q(gross=models.F("amount") + models.F("fee")),
                name="remittance_gross_is_amount_plus_fee",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class RemittanceEvent(TransitionEvent):
    """Append-only history of a remittance's status: who marked it paid, and when."""

    remittance = models.ForeignKey(Remittance, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=RemittanceStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=RemittanceStatus.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("remittance event")
        verbose_name_plural = _("remittance events")

    def __str__(self) -> str:
        return f"{self.remittance_id}: {self.from_status or '∅'} → {self.to_status}"


class Settlement(models.Model):
    """How the proceeds of one disposed parcel were used (A15.5-15.8)."""

    parcel = models.OneToOneField(
        "parcels.Parcel",
        on_delete=models.PROTECT,
        related_name="settlement",
        verbose_name=_("parcel"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="settlements"
    )
    sale_price = MoneyField(verbose_name=_("sale price"))
    storage_fee = MoneyField(verbose_name=_("storage fee"))
    disposal_fee = MoneyField(verbose_name=_("disposal cost"))
    costs_covered = MoneyField(verbose_name=_("costs paid from proceeds"))
    unpaid_fees_paid = MoneyField(verbose_name=_("unpaid invoices paid from proceeds"))
    remainder = MoneyField(verbose_name=_("credited to the customer"))
    remittance = models.OneToOneField(
        Remittance, on_delete=models.PROTECT, null=True, blank=True, related_name="settlement"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("disposal settlement")
        verbose_name_plural = _("disposal settlements")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    sale_price=models.F("costs_covered")
                    + models.F("unpaid_fees_paid")
                    + models.F("remainder")
                ),
                name="settlement_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"parcel {self.parcel_id}: ¥{self.sale_price}"
