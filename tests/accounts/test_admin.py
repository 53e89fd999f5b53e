import pytest
from django.urls import reverse

from accounts import services
from accounts.states import AccountStatus, RejectionReason
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


def _act(client, url, action, ids, **extra):
    data = {"action": action, "_selected_action": [str(i) for i in ids], "index": 0, **extra}
    return client.post(url, data, follow=True)


def test_a_support_agent_approves_an_application_from_the_queue(client, support_agent):
    applicant = ApplicantFactory()
    client.force_login(support_agent)
    queue = reverse("admin:accounts_application_changelist")
    assert applicant.email in client.get(queue).content.decode()

    _act(client, queue, "approve", [applicant.pk], reason="ID checked")

    applicant.refresh_from_db()
    assert applicant.status == AccountStatus.ACTIVE
    assert applicant.account_events.get(to_status="active").actor == support_agent


def test_rejecting_from_the_queue_needs_a_ground(client, support_agent):
    applicant = ApplicantFactory()
    client.force_login(support_agent)
    queue = reverse("admin:accounts_application_changelist")

    response = _act(client, queue, "reject", [applicant.pk], reason="")
    applicant.refresh_from_db()
    assert applicant.status == AccountStatus.APPLIED
    assert "Choose a rejection ground" in response.content.decode()

    _act(
        client,
        queue,
        "reject",
        [applicant.pk],
        rejection_reason=RejectionReason.UNPAID_DEBTS,
        reason="old debt",
    )
    applicant.refresh_from_db()
    assert applicant.status == AccountStatus.REJECTED


def test_suspending_without_a_reason_is_reported_and_changes_nothing(client, superuser, user):
    client.force_login(superuser)

    response = _act(client, reverse("admin:accounts_user_changelist"), "suspend", [user.pk])

    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    assert "Please give a reason" in response.content.decode()


def test_warehouse_staff_cannot_suspend(client, staff_user, user):
    client.force_login(staff_user)

    _act(client, reverse("admin:accounts_user_changelist"), "suspend", [user.pk], reason="x")

    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE


def test_the_users_page_shows_every_state_change_with_who_and_why(client, superuser, user):
    services.account_suspend(user_id=user.pk, actor=superuser, reason="Invoice 42 overdue")
    services.account_reinstate(user_id=user.pk, actor=superuser, reason="Paid")
    client.force_login(superuser)

    page = client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()

    assert "Invoice 42 overdue" in page
    assert "Paid" in page


def test_staff_unlock_a_locked_login(client, superuser, user):
    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(login_locked_at=timezone.now())
    client.force_login(superuser)

    _act(client, reverse("admin:accounts_user_changelist"), "unlock_login", [user.pk])

    user.refresh_from_db()
    assert user.login_locked_at is None


def test_user_admin_pages_stay_within_a_query_budget(
    client, superuser, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    client.force_login(superuser)
    url = reverse("admin:accounts_user_changelist")
    UserFactory.create_batch(3)
    with django_assert_max_num_queries(20):
        client.get(url)
    UserFactory.create_batch(20)
    with django_assert_max_num_queries(20):
        client.get(url)


def test_a_support_agent_sees_the_members_phone_masked(client, support_agent, user):
    type(user).objects.filter(pk=user.pk).update(phone="+8613812345678")
    client.force_login(support_agent)

    page = client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert page.status_code == 200
    assert "+8613812345678" not in page.content.decode()


def test_publishing_a_new_terms_version_in_the_admin(client, superuser):
    from accounts.models import LegalDocument

    client.force_login(superuser)

    client.post(
        reverse("admin:accounts_legaldocument_add"),
        {"kind": "terms", "body_en": "Terms v2", "body_zh_hans": "条款 v2", "body_ja": ""},
    )

    latest = LegalDocument.objects.filter(kind="terms").order_by("-version").first()
    assert latest.version == 2
    assert latest.published_by == superuser
    assert latest.body_for("zh-hans") == "条款 v2"


def test_the_dormant_sweep_is_scheduled_daily(db):
    from django_celery_beat.models import PeriodicTask

    from transship.schedule import periodic_tasks_sync

    periodic_tasks_sync()

    assert PeriodicTask.objects.filter(task="accounts.sweep_dormant").exists()


def test_the_application_queue_stays_within_a_query_budget(
    client, superuser, django_assert_max_num_queries
):
    client.force_login(superuser)
    url = reverse("admin:accounts_application_changelist")
    ApplicantFactory.create_batch(2)
    with django_assert_max_num_queries(15):
        client.get(url)
    ApplicantFactory.create_batch(20)
    with django_assert_max_num_queries(15):
        client.get(url)
