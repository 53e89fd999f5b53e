"""Conversations: opened from the customer's own objects, attachments checked and stored through
the storage API, statuses through the transition helper, agents' replies notified with a signed
reply address, internal notes never shown, the overdue alarm once."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from support import services
from support.models import Conversation, ConversationEvent, Message
from support.states import ConversationStatus
from tests.factories import UserFactory
from tests.parcels.factories import ParcelFactory
from tests.support.conftest import pdf, png
from transship.errors import DomainError

pytestmark = pytest.mark.django_db


def _open(customer, parcel, **extra):
    return services.conversation_open(
        user=customer,
        subject="Where is my parcel?",
        body="It shows stored but I asked to ship it.",
        topic="parcel",
        object_id=parcel.pk,
        **extra,
    )


def test_a_customer_opens_a_conversation_about_their_parcel(customer, parcel):
    conversation = _open(customer, parcel, attachments=[png(), pdf()])

    assert conversation.parcel == parcel
    assert conversation.status == ConversationStatus.NEW
    assert conversation.first_response_due_at > timezone.now()
    message = conversation.messages.get()
    assert sorted(a.content_type for a in message.attachments.all()) == [
        "application/pdf",
        "image/png",
    ]
    stored = message.attachments.first()
    assert stored.file.storage.exists(stored.file.name)
    assert "photo" not in stored.file.name  # the customer's file name is not the stored name
    assert ConversationEvent.objects.get(conversation=conversation).to_status == "new"


def test_another_customers_parcel_cannot_be_linked(customer):
    strangers = ParcelFactory(owner=UserFactory())

    with pytest.raises(DomainError, match="nothing of yours"):
        _open(customer, strangers)

    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("x.png", b"MZ\x90\x00 not an image", content_type="image/png"),
        SimpleUploadedFile("page.html", b"<html><script>", content_type="application/pdf"),
    ],
)
def test_a_file_that_is_not_an_image_or_pdf_is_refused_whatever_its_name(customer, parcel, upload):
    with pytest.raises(DomainError, match="not an image"):
        _open(customer, parcel, attachments=[upload])

    assert not Conversation.objects.exists()


def test_a_file_over_the_size_limit_is_refused(customer, parcel, settings):
    from constance.test import override_config

    with (
        override_config(SUPPORT_ATTACHMENT_MAX_BYTES=10),
        pytest.raises(DomainError, match="large"),
    ):
        _open(customer, parcel, attachments=[png()])

    assert not Message.objects.exists()


def test_an_agent_reply_notifies_the_customer_in_their_language_with_a_reply_address(
    customer, parcel, agent, django_capture_on_commit_callbacks, mailoutbox
):
    conversation = _open(customer, parcel)

    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_agent_reply(
            agent=agent, conversation_id=conversation.pk, body="It leaves tomorrow."
        )

    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.WAITING_ON_CUSTOMER
    assert conversation.first_responded_at is not None
    assert conversation.assigned_to == agent
    notification = Notification.objects.get(user=customer, event="support.reply")
    assert notification.language == "zh-hans"
    assert "It leaves tomorrow." in notification.body_text
    email = mailoutbox[-1]
    assert email.reply_to == [services.reply_address(conversation=conversation)]
    assert services.conversation_from_reply_address(email.reply_to[0]) == conversation


def test_a_forged_reply_address_names_no_conversation(customer, parcel):
    conversation = _open(customer, parcel)
    real = services.reply_address(conversation=conversation)

    forged = real.replace(f"c{conversation.pk}-", f"c{conversation.pk + 1}-")

    assert services.conversation_from_reply_address(forged) is None
    assert services.conversation_from_reply_address("reply+c1-0000@x.test") is None


def test_internal_notes_are_never_shown_to_the_customer(customer, parcel, agent, client):
    conversation = _open(customer, parcel)
    services.conversation_note_add(
        agent=agent, conversation_id=conversation.pk, body="Customer sounds upset, check bin B-2"
    )

    client.force_login(customer)
    page = client.get(reverse("support:detail", args=[conversation.pk]))
    api = client.get(f"/api/v1/support/conversations/{conversation.pk}/")

    assert page.status_code == 200
    assert "check bin B-2" not in page.content.decode()
    assert "check bin B-2" not in api.content.decode()
    assert not Notification.objects.filter(user=customer, event="support.reply").exists()


def test_the_customer_replies_and_a_resolved_conversation_reopens(customer, parcel, agent):
    conversation = _open(customer, parcel)
    services.conversation_agent_reply(
        agent=agent, conversation_id=conversation.pk, body="Done.", resolve=True
    )

    services.conversation_customer_reply(
        user=customer, conversation_id=conversation.pk, body="Actually, one more thing."
    )

    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.WAITING_ON_US
    assert conversation.resolved_at is None
    assert list(conversation.events.values_list("to_status", flat=True)) == [
        "new",
        "resolved",
        "waiting_on_us",
    ]


def test_the_overdue_alarm_goes_to_support_once(customer, parcel, agent):
    conversation = _open(customer, parcel)
    later = timezone.now() + timedelta(days=2)

    assert services.conversations_deadline_sweep(now=later) == 1
    assert services.conversations_deadline_sweep(now=later) == 0

    alarms = Notification.objects.filter(event="support.conversation_overdue")
    assert list(alarms.values_list("user", flat=True)) == [agent.pk]
    conversation.refresh_from_db()
    assert conversation.overdue_alarm_sent_at == later


def test_a_conversation_waiting_on_the_customer_raises_no_alarm(customer, parcel, agent):
    conversation = _open(customer, parcel)
    services.conversation_agent_reply(agent=agent, conversation_id=conversation.pk, body="?")

    assert services.conversations_deadline_sweep(now=timezone.now() + timedelta(days=30)) == 0


def test_the_customer_opens_a_conversation_from_the_parcel_page(customer, parcel, client):
    client.force_login(customer)

    detail = client.get(reverse("parcels:detail", args=[parcel.pk]))
    form = client.get(reverse("support:new") + f"?parcel={parcel.pk}")
    posted = client.post(
        reverse("support:new"),
        {
            "parcel": parcel.pk,
            "subject": "Damaged?",
            "body": "The box looks crushed.",
            "attachments": [png()],
        },
    )

    assert f"/support/new/?parcel={parcel.pk}" in detail.content.decode()
    assert form.status_code == 200
    conversation = Conversation.objects.get()
    assert posted.status_code == 302
    assert posted.url == f"/support/{conversation.pk}/"
    assert conversation.parcel == parcel
    assert conversation.messages.get().attachments.count() == 1


def test_a_form_with_a_bad_file_re_renders_with_the_error(customer, parcel, client):
    client.force_login(customer)

    response = client.post(
        reverse("support:new"),
        {
            "subject": "Hi",
            "body": "See file",
            "attachments": [SimpleUploadedFile("a.exe", b"MZ\x90", content_type="image/png")],
        },
    )

    assert response.status_code == 400
    assert "not an image" in response.content.decode()
    assert 'data-testid="error-summary"' in response.content.decode()
    assert not Conversation.objects.exists()


def test_another_customers_object_in_the_link_is_a_404(customer, client):
    client.force_login(customer)
    strangers = ParcelFactory(owner=UserFactory())

    assert client.get(reverse("support:new") + f"?parcel={strangers.pk}").status_code == 404


def test_attachments_are_served_to_the_owner_and_support_only(customer, parcel, agent, client):
    conversation = _open(customer, parcel, attachments=[png()])
    attachment = conversation.messages.get().attachments.get()
    url = reverse("support:attachment", args=[attachment.pk])

    client.force_login(customer)
    own = client.get(url)
    client.force_login(UserFactory())
    other = client.get(url)
    client.force_login(agent)
    staff = client.get(url)

    assert own.status_code == 200
    assert own["Content-Type"] == "image/png"
    assert b"".join(own.streaming_content).startswith(b"\x89PNG")
    assert other.status_code == 404
    assert staff.status_code == 200
    assert customer.personal_data_accesses.filter(model_label="support.attachment").exists()
