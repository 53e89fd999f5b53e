"""Billing models. First cut from the foundation: carrier services, so parcels can reference them
while the billing issue grows rate tables, quotes, invoices and the ledger around them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CarrierService(models.Model):
    """A way to ship abroad (EMS, ePacket, SAL, sea mail, a courier) with its physical limits."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    carrier = models.CharField(_("carrier"), max_length=100, help_text=_("e.g. Japan Post"))
    tracking_url = models.CharField(
        _("tracking URL"), max_length=300, blank=True,
        help_text=_("With {number} where the tracking number goes"),
    )
    volumetric_divisor = models.PositiveIntegerField(
        _("volumetric divisor"), default=5000, help_text=_("cm³ per kg of chargeable weight")
    )
    max_weight_g = models.PositiveIntegerField(_("maximum weight (g)"), default=30000)
    max_length_cm = models.PositiveIntegerField(_("maximum longest side (cm)"), default=150)
    max_length_plus_girth_cm = models.PositiveIntegerField(
        _("maximum length + girth (cm)"), default=300
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "name")
        verbose_name = _("carrier service")
        verbose_name_plural = _("carrier services")

    def __str__(self) -> str:
        return self.name
