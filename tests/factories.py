"""Factories shared by every app's tests. App-specific factories live in tests/<app>/factories.py."""

import factory
from django.contrib.auth.models import Group

from accounts.models import Address, User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class StaffFactory(UserFactory):
    is_staff = True


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    label = "Home"
    name = factory.Faker("name")
    country = "CN"
    region = "Shanghai"
    city = "Shanghai"
    postcode = "200000"
    line1 = factory.Faker("street_address")
    line2 = ""
    phone = "+8613800138000"
