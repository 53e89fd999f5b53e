"""Factories shared by every app's tests. App-specific factories live in tests/<app>/factories.py.

`UserFactory` makes an ACTIVE, approved member with a member code and a verified email address,
which is what almost every test of the other apps needs. `ApplicantFactory` makes a fresh
application (status "applied", no member code)."""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import member_codes
from accounts.models import Address, MemberCode, User
from accounts.states import AccountStatus

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    language = "en"
    status = AccountStatus.ACTIVE
    member_code = factory.LazyFunction(member_codes.generate)
    approved_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def email_verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if not create:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=self,
            email=self.email,
            defaults={"verified": extracted is not False, "primary": True},
        )
        if self.member_code:
            MemberCode.objects.get_or_create(code=self.member_code, defaults={"user": self})

    @factory.post_generation
    def legal_accepted(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """A member has accepted the current terms and policy (pass False to leave them pending)."""
        if not create or extracted is False:
            return
        from accounts.models import LegalAcceptance
        from accounts.selectors import legal_documents_current

        for document in legal_documents_current():
            LegalAcceptance.objects.get_or_create(user=self, document=document)

    @factory.post_generation
    def groups(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class ApplicantFactory(UserFactory):
    """Someone who signed up and verified the email; the application awaits review."""

    status = AccountStatus.APPLIED
    member_code = None
    approved_at = None


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
