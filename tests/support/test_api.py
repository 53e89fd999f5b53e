"""The customer's conversations in the API: list, ask, read, reply; another's id answers 404 and
errors carry the documented body."""

import pytest

from support.models import Conversation
from tests.factories import UserFactory
from tests.parcels.factories import ParcelFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/support/conversations/"


def test_a_customer_asks_reads_and_replies_through_the_api(api_client, customer, parcel):
    api_client.force_authenticate(customer)

    created = api_client.post(
        LIST,
        {
            "subject": "Customs?",
            "body": "What do I declare?",
            "topic": "parcel",
            "object_id": parcel.pk,
        },
        format="json",
    )
    pk = created.json()["id"]
    reply = api_client.post(f"{LIST}{pk}/messages/", {"body": "Also the value."}, format="json")
    detail = api_client.get(f"{LIST}{pk}/")
    listed = api_client.get(LIST)

    assert created.status_code == 201
    assert created.json()["parcel"] == parcel.pk
    assert reply.status_code == 201
    assert reply.json()["from_support"] is False
    assert [m["body"] for m in detail.json()["messages"]] == [
        "What do I declare?",
        "Also the value.",
    ]
    assert listed.json()["results"][0]["id"] == pk


def test_another_customers_object_or_conversation_is_refused(api_client, customer):
    stranger = UserFactory()
    theirs = ParcelFactory(owner=stranger)
    api_client.force_authenticate(stranger)
    conversation_id = api_client.post(LIST, {"subject": "s", "body": "b"}, format="json").json()[
        "id"
    ]
    api_client.force_authenticate(customer)

    linked = api_client.post(
        LIST,
        {"subject": "s", "body": "b", "topic": "parcel", "object_id": theirs.pk},
        format="json",
    )
    read = api_client.get(f"{LIST}{conversation_id}/")
    write = api_client.post(f"{LIST}{conversation_id}/messages/", {"body": "x"}, format="json")

    assert linked.status_code == 400
    assert linked.json()["type"] == "domain_error"
    assert read.status_code == 404
    assert read.json()["type"] == "not_found"
    assert write.status_code == 404
    assert Conversation.objects.filter(user=customer).count() == 0
