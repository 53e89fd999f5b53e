"""Demo users. `seed` fills `users` (role → user) for the other apps' demo data."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts import selectors
from accounts.models import Address, User
from accounts.services import (
    account_transition,
    address_save,
    application_submit,
    legal_documents_accept,
)
from accounts.states import AccountStatus

DEMO_USERS = (
    # role key, email, full name, groups, is_staff, is_superuser, where to log in
    ("customer", "customer@demo.test", "Wang Xiaoming", [], False, False, "/accounts/login/"),
    ("warehouse", "warehouse@demo.test", "Sato Kenji", ["Warehouse staff"], True, False, "/admin/"),
    ("support", "support@demo.test", "Suzuki Aiko", ["Support agent"], True, False, "/admin/"),
    ("finance", "finance@demo.test", "Tanaka Yui", ["Finance"], True, False, "/admin/"),
    ("admin", "admin@demo.test", "Admin", [], True, True, "/admin/"),
)


def seed(*, users: dict[str, Any], password: str, logins: list) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    for key, email, name, groups, is_staff, is_superuser, where in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=name,
                is_staff=is_staff,
                is_superuser=is_superuser,
            )
            user.groups.set(Group.objects.filter(name__in=groups))
        if user.status == AccountStatus.APPLIED:
            account_transition(user_id=user.pk, to=AccountStatus.ACTIVE, actor=None, reason="demo")
            user.refresh_from_db()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        legal_documents_accept(
            user=user, document_ids=[doc.pk for doc in selectors.legal_documents_current()]
        )
        users[key] = user
        logins.append((key, email, where))

    customer = users["customer"]
    if not Address.objects.filter(user=customer).exists():
        address_save(
            user=customer,
            address=None,
            data={
                "label": "Home",
                "name": "Wang Xiaoming",
                "country": "CN",
                "region": "Shanghai",
                "city": "Shanghai",
                "postcode": "200040",
                "line1": "1188 Nanjing West Road",
                "line2": "Apt 12B",
                "phone": "+8613800138000",
            },
        )
    # An application waiting in the staff queue (a minor without a guardian's consent).
    if not User.objects.filter(email="applicant@demo.test").exists():
        applicant = User.objects.create_user(email="applicant@demo.test", password=password)
        EmailAddress.objects.create(
            user=applicant, email=applicant.email, verified=True, primary=True
        )
        application_submit(
            user=applicant,
            full_name="Zhao Lei",
            birth_date=timezone.localdate() - timedelta(days=16 * 365),
            document_ids=[doc.pk for doc in selectors.legal_documents_current()],
        )
