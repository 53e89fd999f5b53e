"""Parcels factories: rows in a given state without going through intake (for lists, budgets and
the storage clock). Journeys use the services instead."""

import factory
from django.utils import timezone

from parcels.models import ExtraService, Parcel, ParcelItem
from parcels.states import Category, ParcelStatus
from tests.factories import UserFactory


class ParcelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parcel
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    status = ParcelStatus.STORED
    shop_name = "Mercari"
    carrier = "yamato"
    tracking_number = factory.Sequence(lambda n: f"4000{n:08d}")
    received_at = factory.LazyFunction(timezone.now)
    weight_g = 1200
    length_cm = 30
    width_cm = 20
    height_cm = 10
    bin_location = factory.Sequence(lambda n: f"A-{n % 50:02d}")

    @factory.post_generation
    def items(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if not create:
            return
        for line in extracted if extracted is not None else [{}]:
            ParcelItem.objects.create(
                parcel=self,
                description=line.get("description", "T-shirt"),
                category=line.get("category", Category.CLOTHING),
                quantity=line.get("quantity", 2),
                unit_value=line.get("unit_value", 1500),
                hs_code=line.get("hs_code", "620442"),
            )


class ExtraServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraService
        django_get_or_create = ("code",)

    code = "photos"
    name = "Content photos"
    price = 300
