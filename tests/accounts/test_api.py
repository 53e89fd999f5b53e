import pytest

from accounts.models import AccessToken, Address
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db

VALID = {
    "label": "Office",
    "name": "Chen Jing",
    "country": "CN",
    "region": "Guangdong",
    "city": "Shenzhen",
    "postcode": "518000",
    "line1": "8 Keyuan Road",
    "phone": "+8613800138000",
}


def test_the_profile_carries_the_member_code_and_warehouse_address(api_client, user):
    api_client.force_authenticate(user)

    body = api_client.get("/api/v1/me/").json()

    assert body["status"] == "active"
    assert body["member_code"].replace("-", "") == user.member_code
    assert any(body["member_code"] in line for line in body["warehouse_address"]["ja"])
    assert any(body["member_code"] in line for line in body["warehouse_address"]["romanised"])


def test_a_bad_profile_update_answers_field_errors(api_client, user):
    api_client.force_authenticate(user)

    response = api_client.patch("/api/v1/me/", {"phone": "12", "gender": "x"}, format="json")

    assert response.status_code == 400
    assert {"phone", "gender"} <= set(response.json()["errors"])


def test_address_book_crud_through_the_api(api_client, user):
    api_client.force_authenticate(user)

    created = api_client.post("/api/v1/addresses/", VALID, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["is_default"] is True
    updated = api_client.patch(f"/api/v1/addresses/{pk}/", {"city": "Guangzhou"}, format="json")
    assert updated.json()["city"] == "Guangzhou"
    assert len(api_client.get("/api/v1/addresses/").json()["results"]) == 1
    assert api_client.delete(f"/api/v1/addresses/{pk}/").status_code == 204
    assert not Address.objects.filter(pk=pk).exists()


def test_bad_address_input_answers_400_with_field_errors_in_the_chosen_language(api_client, user):
    api_client.force_authenticate(user)

    response = api_client.post(
        "/api/v1/addresses/",
        {**VALID, "country": "XX", "city": ""},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    abroad = api_client.post(
        "/api/v1/addresses/", {**VALID, "phone": "+12025550123"}, format="json"
    )

    assert response.status_code == 400
    assert {"city", "country"} <= set(response.json()["errors"])
    assert "この項目は空にできません。" in response.json()["errors"]["city"]
    assert abroad.status_code == 400
    assert "phone" in abroad.json()["errors"]
    assert not Address.objects.filter(user=user).exists()


def test_another_members_address_is_a_404_through_the_api(api_client, user, other_user):
    theirs = AddressFactory(user=other_user, city="Beijing")
    api_client.force_authenticate(user)

    assert api_client.get(f"/api/v1/addresses/{theirs.pk}/").status_code == 404
    assert (
        api_client.patch(
            f"/api/v1/addresses/{theirs.pk}/", {"city": "X"}, format="json"
        ).status_code
        == 404
    )
    assert api_client.delete(f"/api/v1/addresses/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.city == "Beijing"


def test_marketing_preferences_through_the_api(api_client, user):
    api_client.force_authenticate(user)

    body = api_client.put("/api/v1/me/marketing/", {"email": True}, format="json").json()

    assert body == {"email": True, "sms": False}


def test_a_token_is_shown_once_works_and_stops_when_revoked(api_client, user):
    api_client.force_authenticate(user)
    created = api_client.post("/api/v1/tokens/", {"name": "script"}, format="json").json()
    secret = created["token"]
    api_client.force_authenticate(None)
    assert "token" not in AccessToken.objects.get(pk=created["id"]).digest

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api_client.get("/api/v1/me/").status_code == 200
    assert "token" not in api_client.get("/api/v1/tokens/").json()["results"][0]
    assert api_client.delete(f"/api/v1/tokens/{created['id']}/").status_code == 204

    assert api_client.get("/api/v1/me/").status_code == 401


def test_another_members_token_cannot_be_revoked(api_client, user, other_user):
    api_client.force_authenticate(other_user)
    theirs = api_client.post("/api/v1/tokens/", {"name": "theirs"}, format="json").json()
    api_client.force_authenticate(user)

    assert api_client.delete(f"/api/v1/tokens/{theirs['id']}/").status_code == 404
    assert AccessToken.objects.get(pk=theirs["id"]).revoked_at is None


def test_the_api_needs_authentication(api_client, db):
    assert api_client.get("/api/v1/addresses/").status_code in (401, 403)


def test_the_address_list_stays_within_a_query_budget(
    api_client, user, django_assert_max_num_queries
):
    api_client.force_authenticate(user)
    AddressFactory.create_batch(2, user=user)
    with django_assert_max_num_queries(6):
        api_client.get("/api/v1/addresses/")
    AddressFactory.create_batch(20, user=user)
    with django_assert_max_num_queries(6):
        api_client.get("/api/v1/addresses/")


def test_the_accounts_endpoints_are_in_the_openapi_schema(client, db):
    schema = client.get("/api/schema/").content.decode()

    for path in ("/api/v1/me/", "/api/v1/addresses/", "/api/v1/me/marketing/", "/api/v1/tokens/"):
        assert path in schema
