"""Demo users. `seed` fills `users` (role → user) for the other apps' demo data."""

from typing import Any

from accounts.models import User
from accounts.services import account_transition
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
        users[key] = user
        logins.append((key, email, where))
