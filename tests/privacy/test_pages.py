"""The customer's privacy page and the agents' queue."""

import pytest
from django.urls import reverse

from privacy import services, tasks
from privacy.models import PrivacyRequest

pytestmark = pytest.mark.django_db


def test_a_customer_asks_for_deletion_choosing_a_ground(client, customer):
    client.force_login(customer)

    response = client.post(
        reverse("privacy:home"), {"kind": "deletion", "deletion_ground": "no_consent"}
    )

    assert response.status_code == 302
    request = PrivacyRequest.objects.get(user=customer)
    assert request.deletion_ground == "no_consent"


def test_a_deletion_without_a_ground_re_renders_with_the_error(client, customer):
    client.force_login(customer)

    response = client.post(reverse("privacy:home"), {"kind": "deletion"})

    assert response.status_code == 400
    assert "Choose the ground" in response.content.decode()
    assert not PrivacyRequest.objects.exists()


def test_the_page_shows_requests_answers_and_recipients(client, customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_refuse(
        request_id=request.pk, actor=support_agent, ground="abuse", message="Too many."
    )
    services.disclosure_record(
        user_id=customer.pk,
        recipient="Yamato Transport",
        purpose="International shipment",
        data_categories=["name", "address"],
        country="CN",
    )
    client.force_login(customer)

    page = client.get(reverse("privacy:home")).content.decode()

    assert "Too many." in page
    assert "Yamato Transport" in page
    assert "International shipment" in page


def test_another_users_request_cannot_be_withdrawn_or_downloaded(client, customer, other_user):
    request = services.privacy_request_create(user=customer, kind="access")
    client.force_login(other_user)

    withdraw = client.post(reverse("privacy:request_withdraw", args=[request.pk]))
    download = client.post(reverse("privacy:request_download", args=[request.pk]))

    assert withdraw.status_code == 404
    assert download.status_code == 404
    assert PrivacyRequest.objects.get().status == "received"


def test_the_emailed_link_downloads_once_for_its_owner_only(
    client, customer, other_user, support_agent
):
    from notifications.models import Notification

    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_verify(
        request_id=request.pk, actor=support_agent, method="id_document"
    )
    services.privacy_request_process(request_id=request.pk, actor=support_agent)
    tasks.build_export(request.pk)
    link = Notification.objects.get(event="privacy.export_ready").context["link"]

    client.force_login(other_user)
    stranger = client.post(link)
    client.force_login(customer)
    first = client.post(link)
    second = client.post(link)

    assert stranger.status_code == 302
    assert first.status_code == 200
    assert first["Content-Type"] == "application/zip"
    assert second.status_code == 302


def test_the_queue_lists_open_requests_nearest_deadline_first(client, customer, other_user, clerk):
    later = services.privacy_request_create(user=customer, kind="access")
    sooner = services.privacy_request_create(user=other_user, kind="access")
    PrivacyRequest.objects.filter(pk=sooner.pk).update(due_at=later.due_at.replace(year=2020))
    client.force_login(clerk)

    page = client.get(reverse("admin:privacy_privacyrequest_changelist")).content.decode()

    assert page.index(f">{sooner.pk}<") < page.index(f">{later.pk}<")
    assert "overdue" in page


def test_the_queue_has_a_fixed_query_budget(client, clerk, django_assert_max_num_queries):
    from tests.factories import UserFactory

    client.force_login(clerk)
    for n in (2, 12):
        while PrivacyRequest.objects.count() < n:
            services.privacy_request_create(user=UserFactory(), kind="access")
        with django_assert_max_num_queries(16):
            assert client.get(reverse("admin:privacy_privacyrequest_changelist")).status_code == 200


def test_an_agent_verifies_and_processes_in_the_admin(client, customer, support_agent):
    request = services.privacy_request_create(user=customer, kind="correction", details="name")
    client.force_login(support_agent)

    client.post(
        reverse("admin:privacy_privacyrequest_step", args=[request.pk, "verify"]),
        {"method": "id_document", "note": "passport seen"},
    )
    client.post(
        reverse("admin:privacy_privacyrequest_step", args=[request.pk, "process"]),
        {"answer": "Name corrected to Zhang Weimin."},
    )

    request.refresh_from_db()
    assert request.status == "completed"
    assert request.verified_by == support_agent
    assert request.answer == "Name corrected to Zhang Weimin."


def test_a_clerk_without_change_rights_cannot_work_a_request(client, customer, staff_user):
    request = services.privacy_request_create(user=customer, kind="access")
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:privacy_privacyrequest_step", args=[request.pk, "verify"]),
        {"method": "id_document"},
    )

    assert response.status_code in (302, 403)
    assert PrivacyRequest.objects.get().status == "received"


@pytest.mark.parametrize(
    "name",
    [
        "privacyrequest",
        "securityincident",
        "disclosure",
        "personaldataaccess",
        "erasure",
        "deletionnotice",
    ],
)
def test_every_privacy_admin_list_opens_for_a_support_agent(client, support_agent, name):
    client.force_login(support_agent)

    assert client.get(reverse(f"admin:privacy_{name}_changelist")).status_code == 200


def test_an_agent_records_an_incident_in_the_admin(client, support_agent):
    client.force_login(support_agent)

    assert client.get(reverse("admin:privacy_securityincident_add")).status_code == 200


def test_the_privacy_page_has_a_fixed_query_budget(
    client, customer, support_agent, django_assert_max_num_queries
):
    client.force_login(customer)
    for n in (1, 10):
        while PrivacyRequest.objects.filter(user=customer).count() < n:
            request = services.privacy_request_create(user=customer, kind="access")
            services.privacy_request_withdraw(request_id=request.pk, user=customer)
            services.disclosure_record(
                user_id=customer.pk, recipient="Stripe", purpose="Payment", data_categories=["e"]
            )
        with django_assert_max_num_queries(12):
            assert client.get(reverse("privacy:home")).status_code == 200
