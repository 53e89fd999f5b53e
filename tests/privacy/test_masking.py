"""Masking on display (P4(4)): staff see masked values unless they hold the permission and ask,
and every unmasked view is logged for the customer to see."""

import pytest
from django.urls import reverse

from privacy import services
from privacy.models import PersonalDataAccess
from transship.masking import mask_phone

pytestmark = pytest.mark.django_db


def _correction(customer):
    return services.privacy_request_create(
        user=customer, kind="correction", details="My street is 88 Nanjing West Road"
    )


def test_staff_without_the_permission_see_masked_values(client, customer, clerk):
    request = _correction(customer)
    client.force_login(clerk)

    page = client.get(reverse("admin:privacy_privacyrequest_change", args=[request.pk]))
    listing = client.get(reverse("admin:privacy_privacyrequest_changelist"))

    assert page.status_code == 200
    assert "Nanjing West Road" not in page.content.decode()
    assert "My****" in page.content.decode()
    assert "zhang.weiming@example.com" not in listing.content.decode()
    assert "z***@example.com" in listing.content.decode()
    assert "Show personal data" not in page.content.decode()


def test_staff_without_the_permission_cannot_unmask(client, customer, clerk):
    request = _correction(customer)
    client.force_login(clerk)

    response = client.get(
        reverse("admin:privacy_privacyrequest_change", args=[request.pk]) + "?unmask=1"
    )

    assert response.status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_a_privileged_agent_sees_masked_values_until_unmasking_which_is_logged(
    client, customer, support_agent
):
    request = _correction(customer)
    client.force_login(support_agent)
    url = reverse("admin:privacy_privacyrequest_change", args=[request.pk])

    masked = client.get(url)
    unmasked = client.get(url + "?unmask=1")

    assert "Nanjing West Road" not in masked.content.decode()
    assert "Show personal data" in masked.content.decode()
    assert not PersonalDataAccess.objects.filter(staff=support_agent).count() > 1
    assert "Nanjing West Road" in unmasked.content.decode()
    log = PersonalDataAccess.objects.get()
    assert log.staff == support_agent
    assert log.subject == customer
    assert log.model_label == "privacy.PrivacyRequest"
    assert log.fields == ["details"]


def test_the_customer_sees_when_staff_viewed_their_unmasked_data(client, customer, support_agent):
    request = _correction(customer)
    client.force_login(support_agent)
    client.get(reverse("admin:privacy_privacyrequest_change", args=[request.pk]) + "?unmask=1")

    client.force_login(customer)
    page = client.get(reverse("privacy:home"))

    assert f"privacy.PrivacyRequest #{request.pk}" in page.content.decode()


def test_the_user_admin_masks_the_phone_for_warehouse_staff(client, customer, staff_user):
    client.force_login(staff_user)

    page = client.get(reverse("admin:accounts_user_change", args=[customer.pk]))

    assert page.status_code == 200
    assert "+8613912345678" not in page.content.decode()
    assert mask_phone("+8613912345678") in page.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_unmasking_an_address_logs_whose_data_was_seen(client, customer, support_agent):
    from accounts.models import Address

    address = Address.objects.get(user=customer)
    client.force_login(support_agent)
    url = reverse("admin:accounts_address_change", args=[address.pk])

    masked = client.get(url).content.decode()
    unmasked = client.get(url + "?unmask=1").content.decode()

    assert "88 Nanjing West Road" not in masked
    assert "88 Nanjing West Road" in unmasked
    log = PersonalDataAccess.objects.get()
    assert (log.staff, log.subject, log.model_label) == (
        support_agent,
        customer,
        "accounts.Address",
    )


def test_saving_a_masked_page_does_not_overwrite_the_hidden_values(client, customer, superuser):
    from accounts.models import Address

    address = Address.objects.get(user=customer)
    client.force_login(superuser)
    url = reverse("admin:accounts_address_change", args=[address.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}

    client.post(url, {**data, "label": "Office"})

    address.refresh_from_db()
    assert address.label == "Office"
    assert address.line1 == "88 Nanjing West Road"
