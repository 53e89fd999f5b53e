"""The support queue in the admin: the customer's context is masked until unmasked (and the look
logged), a note stays internal, a reply notifies, warehouse staff cannot write."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from support import services
from support.models import CannedReply
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(customer, parcel):
    return services.conversation_open(
        user=customer, subject="Where?", body="?", topic="parcel", object_id=parcel.pk
    )


def test_the_context_is_masked_until_the_agent_unmasks_it(client, agent, customer, conversation):
    CannedReply.objects.create(
        title="Hello", body_en="Hello!", body_ja="こんにちは！", body_zh_hans="您好！"
    )
    client.force_login(agent)
    url = reverse("admin:support_conversation_change", args=[conversation.pk])

    masked = client.get(url).content.decode()
    unmasked = client.get(url + "?unmask=1").content.decode()

    assert "w***@example.com" in masked
    assert "wang.fang@example.com" not in masked.split('data-testid="customer-context"')[1][:2000]
    assert "您好！" in masked  # the canned reply in the customer's language
    assert "wang.fang@example.com" in unmasked
    assert customer.personal_data_accesses.filter(model_label="support.conversation").count() == 1


def test_a_note_notifies_nobody_and_a_reply_notifies_the_customer(client, agent, conversation):
    client.force_login(agent)
    write = reverse("admin:support_conversation_write", args=[conversation.pk])

    client.post(write, {"action": "note", "body": "VIP customer"})
    client.post(write, {"action": "reply_resolve", "body": "Found it, shipping today."})

    conversation.refresh_from_db()
    assert conversation.status == "resolved"
    sent = Notification.objects.filter(event="support.reply")
    assert [n.context["reply"] for n in sent] == ["Found it, shipping today."]
    assert conversation.messages.filter(kind="note").get().body == "VIP customer"


def test_warehouse_staff_cannot_write_to_customers(client, conversation):
    client.force_login(StaffFactory(groups=["Warehouse staff"]))

    response = client.post(
        reverse("admin:support_conversation_write", args=[conversation.pk]),
        {"action": "reply", "body": "hi"},
    )

    assert response.status_code == 403
    assert conversation.messages.count() == 1


def test_a_prohibited_act_flag_shows_on_the_accounts_own_admin_page(client, agent, customer):
    services.abuse_flag_add(
        user_id=customer.pk, act="fraud", note="Declared ¥100 for a camera.", actor=agent
    )
    client.force_login(agent)

    page = client.get(reverse("admin:accounts_user_change", args=[customer.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Prohibited-act flags (article 18)" in html
    assert "Fraud or false declarations" in html
    assert "Declared ¥100 for a camera." in html
