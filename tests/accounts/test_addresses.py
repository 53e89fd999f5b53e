import pytest
from django.urls import reverse

from accounts.models import Address
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db

VALID = {
    "label": "Mum",
    "name": "Wang Fang",
    "country": "CN",
    "region": "Zhejiang",
    "city": "Hangzhou",
    "postcode": "310000",
    "line1": "1 West Lake Road",
    "line2": "",
    "phone": "+8613800138000",
}


def test_a_member_adds_a_recipient_which_becomes_the_default(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:address_add"), VALID)

    assert response.status_code == 302
    address = Address.objects.get(user=user)
    assert address.name == "Wang Fang"
    assert address.is_default
    assert address.phone == "+8613800138000"


def test_bad_input_gives_field_errors_and_saves_nothing(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:address_add"), {**VALID, "country": "XX", "phone": "12", "city": ""}
    )

    assert response.status_code == 400
    assert {"country", "phone", "city"} <= set(response.context["form"].errors)
    assert not Address.objects.filter(user=user).exists()


def test_address_errors_come_in_the_chosen_language(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "zh-hans"

    response = client.post(reverse("accounts:address_add"), {**VALID, "city": ""})

    assert "该字段是必填项。" in response.context["form"].errors["city"]


def test_a_phone_from_another_country_is_refused(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:address_add"), {**VALID, "phone": "+12025550123"})

    assert "phone" in response.context["form"].errors


def test_another_members_address_cannot_be_read_changed_or_deleted(client, user, other_user):
    theirs = AddressFactory(user=other_user, city="Beijing")
    client.force_login(user)

    assert client.get(reverse("accounts:address_edit", args=[theirs.pk])).status_code == 404
    changed = client.post(reverse("accounts:address_edit", args=[theirs.pk]), VALID)
    deleted = client.post(reverse("accounts:address_delete", args=[theirs.pk]))

    assert changed.status_code == 404
    assert deleted.status_code == 404
    theirs.refresh_from_db()
    assert theirs.city == "Beijing"
    assert "Beijing" not in client.get(reverse("accounts:addresses")).content.decode()


def test_a_member_edits_and_deletes_their_own_recipient(client, address):
    client.force_login(address.user)

    client.post(reverse("accounts:address_edit", args=[address.pk]), {**VALID, "city": "Ningbo"})
    address.refresh_from_db()
    assert address.city == "Ningbo"

    client.post(reverse("accounts:address_delete", args=[address.pk]))
    assert not Address.objects.filter(pk=address.pk).exists()


def test_the_address_book_page_stays_within_a_query_budget(
    client, user, django_assert_max_num_queries
):
    client.force_login(user)
    AddressFactory.create_batch(2, user=user)
    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:addresses"))
    AddressFactory.create_batch(20, user=user)
    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:addresses"))


def test_deleting_a_recipient_asks_first_and_says_what_happens(client, address):
    client.force_login(address.user)
    listing = client.get(reverse("accounts:addresses")).content.decode()
    confirm_url = reverse("accounts:address_delete", args=[address.pk])
    assert f'href="{confirm_url}"' in listing  # a link to the confirmation, not a one-click form

    page = client.get(confirm_url)

    assert page.status_code == 200
    assert "Shipments already requested keep their own copy" in page.content.decode()
    assert Address.objects.filter(pk=address.pk).exists()
    client.post(confirm_url)
    assert not Address.objects.filter(pk=address.pk).exists()
