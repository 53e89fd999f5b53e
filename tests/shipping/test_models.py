"""The database backs the price list's rules."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from shipping.models import CarrierService
from tests.shipping.factories import CarrierServiceFactory

pytestmark = pytest.mark.django_db


def test_a_negative_declared_value_limit_is_refused_by_the_database():
    service = CarrierServiceFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        CarrierService.objects.filter(pk=service.pk).update(max_declared_value=Decimal(-1))

    service.refresh_from_db()
    assert service.max_declared_value is None


def test_the_moved_models_keep_their_billing_tables():
    from shipping.models import Rate, RateTable, Zone

    assert [m._meta.db_table for m in (CarrierService, Zone, RateTable, Rate)] == [
        "billing_carrierservice",
        "billing_zone",
        "billing_ratetable",
        "billing_rate",
    ]
