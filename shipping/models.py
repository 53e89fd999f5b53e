"""Shipping: the price list (carrier services with their limits, zones, rate table versions).

The tables were created by billing's migrations and keep their names (`billing_rate`, …): the
models moved here without moving data."""

from functools import cached_property

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from transship.money import MoneyField


class CarrierService(models.Model):
    """A way to ship abroad (EMS, ePacket, SAL, sea mail, a courier) with its physical limits."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    carrier = models.CharField(_("carrier"), max_length=100, help_text=_("e.g. Japan Post"))
    tracking_url = models.CharField(
        _("tracking URL"),
        max_length=300,
        blank=True,
        help_text=_("With {number} where the tracking number goes"),
    )
    volumetric_divisor = models.PositiveIntegerField(
        _("volumetric divisor"), default=5000, help_text=_("cm³ per kg of chargeable weight")
    )
    min_weight_g = models.PositiveIntegerField(_("minimum weight (g)"), default=0)
    max_weight_g = models.PositiveIntegerField(_("maximum weight (g)"), default=30000)
    max_length_cm = models.PositiveIntegerField(_("maximum longest side (cm)"), default=150)
    max_length_plus_girth_cm = models.PositiveIntegerField(
        _("maximum length + girth (cm)"), default=300
    )
    max_declared_value = MoneyField(
        verbose_name=_("maximum declared value (JPY)"),
        null=True,
        blank=True,
        help_text=_("Highest declared value of the contents per box; empty: no limit"),
    )
    requires_cn23 = models.BooleanField(
        _("always CN23"),
        default=False,
        help_text=_("The carrier wants the CN23 customs form whatever the declared value"),
    )
    is_courier = models.BooleanField(
        _("courier"),
        default=False,
        help_text=_("A courier service: a commercial invoice goes with the box"),
    )
    carries_batteries = models.BooleanField(
        _("carries lithium batteries"),
        default=True,
        help_text=_("Untick for a service that refuses contents with lithium batteries (by air)"),
    )
    transit_days = models.PositiveSmallIntegerField(
        _("typical transit days"),
        null=True,
        blank=True,
        help_text=_("Days to the destination as usually delivered; empty: unknown"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "name")
        verbose_name = _("carrier service")
        verbose_name_plural = _("carrier services")
        db_table = "billing_carrierservice"
        constraints = [
            models.CheckConstraint(
                condition=Q(volumetric_divisor__gt=0), name="service_divisor_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_declared_value__isnull=True) | Q(max_declared_value__gte=0),
                name="service_max_declared_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def refused_contents(self) -> frozenset[str]:
        """The content kinds (`shipping.selectors.CONTENT_*`) this service will not carry."""
        return frozenset() if self.carries_batteries else frozenset({"batteries"})


class Zone(models.Model):
    """A group of destination countries priced alike by one service."""

    service = models.ForeignKey(CarrierService, on_delete=models.CASCADE, related_name="zones")
    code = models.CharField(_("code"), max_length=30)
    countries = CountryField(_("countries"), multiple=True, blank=True)

    class Meta:
        ordering = ("service", "code")
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        db_table = "billing_zone"
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="zone_code_per_service")
        ]

    def __str__(self) -> str:
        return f"{self.service.code}/{self.code}"


class RateTable(models.Model):
    """One version of a service's prices, in effect from `effective_from` until the next one."""

    service = models.ForeignKey(
        CarrierService, on_delete=models.PROTECT, related_name="rate_tables"
    )
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("service", "-effective_from")
        verbose_name = _("rate table")
        verbose_name_plural = _("rate tables")
        db_table = "billing_ratetable"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "effective_from"], name="one_rate_table_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service.code} from {self.effective_from}"


class Rate(models.Model):
    """Price for a chargeable weight up to `max_weight_g` to a zone, in one table version."""

    table = models.ForeignKey(RateTable, on_delete=models.CASCADE, related_name="rates")
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="rates")
    max_weight_g = models.PositiveIntegerField(_("up to weight (g)"))
    price = MoneyField(verbose_name=_("price (JPY)"))

    class Meta:
        ordering = ("table", "zone", "max_weight_g")
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        db_table = "billing_rate"
        constraints = [
            models.UniqueConstraint(
                fields=["table", "zone", "max_weight_g"], name="one_rate_per_step"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="rate_price_non_negative"),
            models.CheckConstraint(condition=Q(max_weight_g__gt=0), name="rate_step_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} ≤{self.max_weight_g} g: ¥{self.price}"
