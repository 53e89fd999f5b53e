"""Conversations between a customer and the support desk (A20.5): opening, replies both ways,
internal notes, assignment, status changes and the first-answer/resolution targets."""

import hmac
import re
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from constance import config
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts import roles
from accounts import selectors as accounts_selectors
from notifications.services import notify
from support import selectors
from support.models import Attachment, Conversation, Message
from support.states import ConversationStatus, MessageChannel, MessageKind, Topic
from transship.errors import DomainError
from transship.transitions import lock, record_created, record_note, transition

MAX_BODY = 10_000
# What a file's first bytes must be for each type we accept: the name and the browser's word
# are not trusted.
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
LINKABLE_TOPICS = (Topic.PARCEL, Topic.SHIPMENT, Topic.INVOICE, Topic.PRIVACY_REQUEST)


# --- Reply-by-email address ----------------------------------------------------------------------
REPLY_ADDRESS = re.compile(r"^reply\+c(?P<pk>\d{1,18})-(?P<sig>[0-9a-f]{20})@", re.IGNORECASE)


def _reply_signature(conversation_id: int, user_id: int) -> str:
    return salted_hmac(
        "support.reply-address", f"{conversation_id}:{user_id}", algorithm="sha256"
    ).hexdigest()[:20]


def reply_address(*, conversation: Conversation) -> str:
    """The Reply-To of every email about the conversation: only we can make one, and it names
    the conversation and its customer."""
    signature = _reply_signature(conversation.pk, conversation.user_id)
    return f"reply+c{conversation.pk}-{signature}@{settings.SUPPORT_REPLY_DOMAIN}"


def conversation_from_reply_address(address: str) -> Conversation | None:
    """The conversation a reply address names, if its signature is ours."""
    match = REPLY_ADDRESS.match((address or "").strip())
    if match is None:
        return None
    conversation = Conversation.objects.filter(pk=int(match["pk"])).first()
    if conversation is None:
        return None
    expected = _reply_signature(conversation.pk, conversation.user_id)
    return conversation if hmac.compare_digest(expected, match["sig"].lower()) else None


# --- Attachments ---------------------------------------------------------------------------------
def attachment_type(upload: UploadedFile) -> str:
    """The checked content type of an upload (PNG, JPEG, GIF or PDF), or a DomainError."""
    max_bytes = int(config.SUPPORT_ATTACHMENT_MAX_BYTES)
    if upload.size is None or upload.size > max_bytes:
        raise DomainError(
            _("%(name)s is too large: at most %(mb)s MB per file.")
            % {"name": upload.name, "mb": f"{max_bytes / 1024 / 1024:.0f}"},
            field="attachments",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    raise DomainError(
        _("%(name)s is not an image (PNG, JPEG, GIF) or a PDF.") % {"name": upload.name},
        field="attachments",
    )


def _attachments_save(message: Message, uploads: Iterable[UploadedFile]) -> None:
    uploads = list(uploads)
    if len(uploads) > int(config.SUPPORT_ATTACHMENTS_PER_MESSAGE):
        raise DomainError(
            _("Attach at most %(n)s files.") % {"n": int(config.SUPPORT_ATTACHMENTS_PER_MESSAGE)},
            field="attachments",
        )
    checked = [(upload, attachment_type(upload)) for upload in uploads]
    for upload, content_type in checked:
        attachment = Attachment(
            message=message,
            token=secrets.token_hex(16),
            filename=(upload.name or "file")[-200:],
            content_type=content_type,
            size=upload.size,
        )
        # Saved through the storage API (FileField.save): any storage backend will do.
        attachment.file.save(attachment.token, upload, save=False)
        attachment.save()


def _body_clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write a message."), field="body")
    if len(body) > MAX_BODY:
        raise DomainError(
            _("A message has at most %(n)s characters.") % {"n": MAX_BODY}, field="body"
        )
    return body


# --- Opening -------------------------------------------------------------------------------------
@transaction.atomic
def conversation_open(
    *,
    user: Any,
    subject: str,
    body: str,
    topic: str = Topic.GENERAL,
    object_id: int | None = None,
    attachments: Iterable[UploadedFile] = (),
    channel: str = MessageChannel.SITE,
    kind: str = MessageKind.CUSTOMER,
) -> Conversation:
    """Open a conversation, linked to the customer's own parcel, shipment, invoice or privacy
    request when `topic` names one (another customer's object is refused as if it did not
    exist)."""
    subject = (subject or "").strip()
    if not subject:
        raise DomainError(_("Give your question a subject."), field="subject")
    if len(subject) > 200:
        raise DomainError(_("The subject has at most 200 characters."), field="subject")
    body = _body_clean(body)
    if topic not in Topic.values:
        raise DomainError(_("Choose what the question is about."), field="topic")
    links: dict[str, Any] = {}
    if topic in LINKABLE_TOPICS:
        linked = (
            None
            if object_id is None
            else selectors.linkable_object(user=user, topic=topic, object_id=object_id)
        )
        if linked is None:
            raise DomainError(_("We found nothing of yours with that number."), field="topic")
        links[topic] = linked
    now = timezone.now()
    conversation = Conversation.objects.create(
        user=user,
        subject=subject,
        topic=topic,
        first_response_due_at=now + timedelta(hours=int(config.SUPPORT_FIRST_RESPONSE_HOURS)),
        resolution_due_at=now + timedelta(hours=int(config.SUPPORT_RESOLUTION_HOURS)),
        created_at=now,
        **links,
    )
    record_created(conversation, actor=user, reason="opened")
    message = Message.objects.create(
        conversation=conversation,
        kind=kind,
        author=user if kind == MessageKind.CUSTOMER else None,
        body=body,
        channel=channel,
        created_at=now,
    )
    _attachments_save(message, attachments)
    return conversation


# --- Replies -------------------------------------------------------------------------------------
@transaction.atomic
def conversation_customer_reply(
    *,
    user: Any,
    conversation_id: int,
    body: str,
    attachments: Iterable[UploadedFile] = (),
    channel: str = MessageChannel.SITE,
) -> Message:
    """The customer writes again; the conversation now waits on us (a resolved one reopens)."""
    body = _body_clean(body)
    conversation = lock(Conversation.objects.filter(user=user), pk=conversation_id)
    message = Message.objects.create(
        conversation=conversation,
        kind=MessageKind.CUSTOMER,
        author=user,
        body=body,
        channel=channel,
    )
    _attachments_save(message, attachments)
    fields = ["updated_at"]
    if conversation.status == ConversationStatus.RESOLVED:
        # Reopened: a fresh resolution target and a fresh alarm.
        conversation.resolved_at = None
        conversation.resolution_due_at = timezone.now() + timedelta(
            hours=int(config.SUPPORT_RESOLUTION_HOURS)
        )
        conversation.overdue_alarm_sent_at = None
        fields += ["resolved_at", "resolution_due_at", "overdue_alarm_sent_at"]
    # A new conversation stays new (nobody has answered yet); any other now waits on us.
    moved = conversation.status != ConversationStatus.NEW and transition(
        conversation,
        to=ConversationStatus.WAITING_ON_US,
        actor=user,
        reason=f"customer wrote ({channel})",
        fields=fields,
    )
    if not moved:
        conversation.save(update_fields=fields)
    return message


def _customer_notify(conversation: Conversation, *, body: str) -> None:
    notify(
        user=conversation.user,
        event="support.reply",
        context={
            "conversation_id": conversation.pk,
            "subject": conversation.subject,
            "reply": body,
            "url": f"{settings.SITE_URL}/support/{conversation.pk}/",
            "reply_to": reply_address(conversation=conversation),
        },
    )


@transaction.atomic
def conversation_agent_reply(
    *, agent: Any, conversation_id: int, body: str, resolve: bool = False
) -> Message:
    """An agent answers: the customer is told by email (replying to it adds to the
    conversation) and in their messages, in their language. The conversation then waits on the
    customer, or is resolved."""
    body = _body_clean(body)
    conversation = lock(Conversation.objects.select_related("user"), pk=conversation_id)
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        kind=MessageKind.AGENT,
        author=agent,
        body=body,
        channel=MessageChannel.ADMIN,
        created_at=now,
    )
    fields = ["updated_at"]
    if conversation.first_responded_at is None:
        conversation.first_responded_at = now
        fields.append("first_responded_at")
    if conversation.assigned_to_id is None:
        conversation.assigned_to = agent
        fields.append("assigned_to")
    to = ConversationStatus.RESOLVED if resolve else ConversationStatus.WAITING_ON_CUSTOMER
    if to == ConversationStatus.RESOLVED:
        conversation.resolved_at = now
        fields.append("resolved_at")
    if conversation.status == ConversationStatus.RESOLVED and not resolve:
        # Writing again on a resolved conversation reopens it towards the customer.
        transition(
            conversation, to=ConversationStatus.WAITING_ON_US, actor=agent, reason="reopened"
        )
    if not transition(conversation, to=to, actor=agent, reason="support replied", fields=fields):
        conversation.save(update_fields=fields)  # already there: keep the answer's times
    _customer_notify(conversation, body=body)
    return message


@transaction.atomic
def conversation_note_add(*, agent: Any, conversation_id: int, body: str) -> Message:
    """An internal note: staff only, never shown to or sent to the customer."""
    body = _body_clean(body)
    conversation = lock(Conversation, pk=conversation_id)
    return Message.objects.create(
        conversation=conversation,
        kind=MessageKind.NOTE,
        author=agent,
        body=body,
        channel=MessageChannel.ADMIN,
    )


@transaction.atomic
def conversation_assign(*, conversation_id: int, agent: Any, actor: Any) -> Conversation:
    """Give the conversation to an agent (None: back to the queue); logged in its history."""
    conversation = lock(Conversation, pk=conversation_id)
    if conversation.assigned_to_id == getattr(agent, "pk", None):
        return conversation
    conversation.assigned_to = agent
    conversation.save(update_fields=["assigned_to", "updated_at"])
    record_note(
        conversation, actor=actor, reason=f"assigned to {agent.email if agent else 'nobody'}"
    )
    return conversation


@transaction.atomic
def conversation_resolve(*, conversation_id: int, actor: Any, reason: str = "") -> Conversation:
    """Close the conversation as answered; the customer may reopen it by writing again."""
    conversation = lock(Conversation, pk=conversation_id)
    conversation.resolved_at = timezone.now()
    transition(
        conversation,
        to=ConversationStatus.RESOLVED,
        actor=actor,
        reason=reason or "resolved",
        fields=["resolved_at"],
    )
    return conversation


def conversations_deadline_sweep(*, now: Any) -> int:
    """Alarm the support group, once per conversation, about those past their first-answer or
    resolution target while waiting on us. The alarm is claimed with a conditional UPDATE, so
    two sweeps racing cannot both send. Returns how many were alarmed."""
    alarmed = 0
    overdue = selectors.overdue_conversations(now=now).filter(overdue_alarm_sent_at__isnull=True)
    agents = None
    for conversation_id in list(overdue.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            claimed = Conversation.objects.filter(
                pk=conversation_id, overdue_alarm_sent_at__isnull=True
            ).update(overdue_alarm_sent_at=now)
            if not claimed:
                continue
            conversation = Conversation.objects.select_related("assigned_to").get(
                pk=conversation_id
            )
            if agents is None:
                agents = accounts_selectors.staff_in_role(role=roles.SUPPORT)
            for agent in [conversation.assigned_to] if conversation.assigned_to else agents:
                notify(
                    user=agent,
                    event="support.conversation_overdue",
                    context={
                        "conversation_id": conversation.pk,
                        "subject": conversation.subject,
                        "first_response_due_at": conversation.first_response_due_at.isoformat(),
                        "resolution_due_at": conversation.resolution_due_at.isoformat(),
                    },
                )
            alarmed += 1
    return alarmed
