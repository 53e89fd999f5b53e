"""Replies by email through Mailgun's route webhook: a good signature adds the reply to the
conversation its signed reply address names; a bad signature, an old timestamp, a replayed call,
an unsigned address or a stranger's address add nothing."""

import time

import pytest

from support import services
from support.models import InboundEmail, Message
from support.states import ConversationStatus
from tests.support.conftest import mailgun_payload

pytestmark = pytest.mark.django_db

URL = "/support/inbound/mailgun/"


@pytest.fixture
def waiting(customer, parcel, agent):
    conversation = services.conversation_open(
        user=customer, subject="Where is it?", body="?", topic="parcel", object_id=parcel.pk
    )
    services.conversation_agent_reply(agent=agent, conversation_id=conversation.pk, body="Here.")
    return conversation


def _customer_messages(conversation):
    return list(
        Message.objects.filter(conversation=conversation, kind="customer").values_list(
            "body", "channel"
        )
    )


def test_a_signed_reply_is_added_to_its_conversation(client, waiting, customer):
    payload = mailgun_payload(
        recipient=services.reply_address(conversation=waiting), sender=customer.email
    )

    response = client.post(URL, payload)

    assert response.status_code == 200
    assert _customer_messages(waiting)[-1] == ("Thanks, that answers it.", "email")
    waiting.refresh_from_db()
    assert waiting.status == ConversationStatus.WAITING_ON_US
    assert InboundEmail.objects.get().outcome == "added"


def test_a_bad_signature_is_refused_and_adds_nothing(client, waiting, customer):
    payload = mailgun_payload(
        recipient=services.reply_address(conversation=waiting),
        sender=customer.email,
        key="not-our-key",
    )

    response = client.post(URL, payload)

    assert response.status_code == 403
    assert len(_customer_messages(waiting)) == 1
    assert not InboundEmail.objects.exists()


def test_a_replayed_call_is_refused_the_second_time(client, waiting, customer):
    payload = mailgun_payload(
        recipient=services.reply_address(conversation=waiting), sender=customer.email
    )

    first = client.post(URL, payload)
    second = client.post(URL, payload)

    assert (first.status_code, second.status_code) == (200, 406)
    assert len(_customer_messages(waiting)) == 2


def test_an_old_signed_call_is_refused(client, waiting, customer):
    payload = mailgun_payload(
        recipient=services.reply_address(conversation=waiting),
        sender=customer.email,
        timestamp=int(time.time()) - 3600,
    )

    assert client.post(URL, payload).status_code == 403
    assert len(_customer_messages(waiting)) == 1


def test_a_reply_from_someone_else_or_to_an_unsigned_address_is_not_added(
    client, waiting, customer
):
    address = services.reply_address(conversation=waiting)
    stranger = mailgun_payload(recipient=address, sender="mallory@example.net")
    unsigned = mailgun_payload(
        recipient=f"reply+c{waiting.pk}-{'0' * 20}@reply.transship.test", sender=customer.email
    )

    assert client.post(URL, stranger).status_code == 406
    assert client.post(URL, unsigned).status_code == 406
    assert len(_customer_messages(waiting)) == 1
    assert sorted(InboundEmail.objects.values_list("outcome", flat=True)) == [
        "unknown_address",
        "wrong_sender",
    ]


def test_without_a_signing_key_every_call_is_refused(client, waiting, customer, settings):
    settings.MAILGUN_WEBHOOK_SIGNING_KEY = ""
    payload = mailgun_payload(
        recipient=services.reply_address(conversation=waiting), sender=customer.email
    )

    assert client.post(URL, payload).status_code == 403


def test_the_quoted_email_is_left_out_when_mailgun_gives_no_stripped_text(
    client, waiting, customer
):
    payload = mailgun_payload(
        recipient=services.reply_address(conversation=waiting), sender=customer.email
    )
    payload["stripped-text"] = ""

    client.post(URL, payload)

    assert (
        _customer_messages(waiting)[-1][0] == "Thanks, that answers it.\n\nOn Mon, support wrote:"
    )
