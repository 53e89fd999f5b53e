import pytest
from django.urls import reverse

from tests.conftest import wait_until
from tests.factories import UserFactory

pytestmark = pytest.mark.celery_worker


def test_the_lockout_email_is_delivered_by_a_real_worker(client, celery_worker_process):
    user = UserFactory()

    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    def delivered() -> bool:
        return any(
            "locked" in path.read_text(errors="replace")
            for path in celery_worker_process.mail_dir.glob("*")
        )

    assert wait_until(delivered, timeout=30)
    user.refresh_from_db()
    assert user.login_locked_at is not None
