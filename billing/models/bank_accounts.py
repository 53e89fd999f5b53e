"""The customer's designated bank account for remittances."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from transship.fields import EncryptedCharField


class BankAccount(models.Model):
    """The customer's designated account for remittances; encrypted at rest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bank_account"
    )
    bank_name = EncryptedCharField(_("bank"))
    branch = EncryptedCharField(_("branch"), blank=True)
    account_number = EncryptedCharField(_("account number / IBAN"))
    holder = EncryptedCharField(_("account holder"))
    swift = EncryptedCharField(_("SWIFT/BIC"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")

    def __str__(self) -> str:
        return f"{self.user_id}: …{self.account_number[-4:]}"
