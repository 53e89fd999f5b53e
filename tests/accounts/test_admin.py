import pytest
from django.urls import reverse

from accounts import services
from accounts.states import AccountStatus, RejectionReason
from privacy.models import PersonalDataAccess
from tests.factories import ApplicantFactory, UserFactory

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


def test_warehouse_staff_see_member_names_masked_in_the_list_and_the_page(client, staff_user):
    member = UserFactory(full_name="Zhang Wei", phone="+8613812345678")
    client.force_login(staff_user)

    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    page = client.get(reverse("admin:accounts_user_change", args=[member.pk])).content.decode()

    assert member.email in listing
    assert "Z*** W***" in listing
    assert "Zhang Wei" not in listing
    assert "Z*** W***" in page
    assert "Zhang Wei" not in page
    assert "+8613812345678" not in page
    assert 'name="full_name"' not in page
    assert not PersonalDataAccess.objects.filter(subject=member).exists()


def test_warehouse_staff_cannot_unmask_a_member(client, staff_user):
    member = UserFactory(full_name="Zhang Wei")
    client.force_login(staff_user)

    response = client.get(reverse("admin:accounts_user_change", args=[member.pk]) + "?unmask=1")

    assert response.status_code == 403
    assert "Zhang Wei" not in response.content.decode()
    assert not PersonalDataAccess.objects.filter(subject=member).exists()


def test_staff_still_find_a_member_by_email_but_not_by_the_masked_name(client, staff_user):
    member = UserFactory(email="m-1001@example.com", full_name="Zhang Wei")
    other = UserFactory(full_name="Li Na")
    url = reverse("admin:accounts_user_changelist")
    client.force_login(staff_user)

    by_email = client.get(url, {"q": "m-1001@example"}).content.decode()
    by_name = client.get(url, {"q": "Zhang"}).content.decode()

    assert member.email in by_email
    assert other.email not in by_email
    assert member.email not in by_name


def test_a_support_agent_unmasks_a_member_and_the_view_is_logged(client, support_agent):
    member = UserFactory(full_name="Zhang Wei", phone="+8613812345678")
    url = reverse("admin:accounts_user_change", args=[member.pk])
    client.force_login(support_agent)
    assert support_agent.has_perm("privacy.view_personal_data")
    assert "Zhang Wei" not in client.get(url).content.decode()
    assert not PersonalDataAccess.objects.filter(subject=member).exists()

    page = client.get(url, {"unmask": "1", "reason": "ticket 42"}).content.decode()

    assert "Zhang Wei" in page
    assert "+8613812345678" in page or "+86 138 1234 5678" in page
    access = PersonalDataAccess.objects.get(subject=member)
    assert access.staff == support_agent
    assert "full_name" in access.fields
    assert access.reason == "ticket 42"


def test_a_masked_save_keeps_the_members_name(client, support_agent):
    member = UserFactory(full_name="Zhang Wei", language="en", currency="JPY")
    url = reverse("admin:accounts_user_change", args=[member.pk])
    client.force_login(support_agent)

    client.post(
        url,
        {
            "email": member.email,
            "language": "ja",
            "currency": "JPY",
            "gender": "",
            "account_events-TOTAL_FORMS": "0",
            "account_events-INITIAL_FORMS": "0",
            "login_failures-TOTAL_FORMS": "0",
            "login_failures-INITIAL_FORMS": "0",
            "legal_acceptances-TOTAL_FORMS": "0",
            "legal_acceptances-INITIAL_FORMS": "0",
            "abuse_flags-TOTAL_FORMS": "0",
            "abuse_flags-INITIAL_FORMS": "0",
        },
    )

    member.refresh_from_db()
    assert member.language == "ja"
    assert member.full_name == "Zhang Wei"


def test_the_application_queue_masks_names_until_a_reviewer_unmasks(client, support_agent):
    applicant = ApplicantFactory(full_name="Wang Fang")
    client.force_login(support_agent)
    queue = client.get(reverse("admin:accounts_application_changelist")).content.decode()
    page_url = reverse("admin:accounts_application_change", args=[applicant.pk])
    masked = client.get(page_url).content.decode()

    assert applicant.email in queue
    assert "W*** F***" in queue
    assert "Wang Fang" not in queue
    assert "Wang Fang" not in masked
    assert not PersonalDataAccess.objects.filter(subject=applicant).exists()

    unmasked = client.get(page_url, {"unmask": "1"}).content.decode()

    assert "Wang Fang" in unmasked
    assert PersonalDataAccess.objects.filter(subject=applicant, staff=support_agent).count() == 1
