"""Replies by email: the inbound provider (Mailgun routes, "forward" action, fully parsed) posts
each email sent to a reply address; a verified, fresh, first-seen call adds the customer's reply
to the conversation its signed reply address names."""

import hashlib
import hmac
import time
from collections.abc import Iterable
from email.utils import parseaddr
from enum import StrEnum

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from support.models import InboundEmail
from support.services.conversations import (
    conversation_customer_reply,
    conversation_from_reply_address,
)
from transship.errors import DomainError


class Outcome(StrEnum):
    ADDED = "added"
    BAD_SIGNATURE = "bad_signature"
    STALE = "stale"
    REPLAYED = "replayed"
    UNKNOWN_ADDRESS = "unknown_address"
    WRONG_SENDER = "wrong_sender"
    REFUSED = "refused"


def mailgun_signature_is_valid(*, timestamp: str, token: str, signature: str) -> bool:
    """Mailgun signs each webhook: hex HMAC-SHA256 of timestamp + token with the webhook
    signing key."""
    key = settings.MAILGUN_WEBHOOK_SIGNING_KEY
    if not (key and timestamp and token and signature):
        return False
    expected = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature.lower())


def _is_fresh(timestamp: str, now: float | None = None) -> bool:
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    now = time.time() if now is None else now
    return abs(now - sent) <= settings.MAILGUN_WEBHOOK_MAX_AGE_SECONDS


def _reply_text(stripped_text: str, body_plain: str) -> str:
    """The new text of a reply: Mailgun's `stripped-text` leaves out the quoted email and the
    signature; without it, the plain body up to the first quoted line."""
    text = (stripped_text or "").strip()
    if text:
        return text
    lines = []
    for line in (body_plain or "").splitlines():
        if line.startswith(">"):
            break
        lines.append(line)
    return "\n".join(lines).strip()


@transaction.atomic
def inbound_email_receive(
    *,
    timestamp: str,
    token: str,
    signature: str,
    recipient: str,
    sender: str,
    stripped_text: str,
    body_plain: str,
    attachments: Iterable[UploadedFile] = (),
    now: float | None = None,
) -> Outcome:
    """Check one provider call and add the reply it carries. Refused: a bad signature, a
    timestamp outside the window, a token seen before (a replay), an address we did not sign, a
    sender other than the conversation's customer. Every verified call is recorded once, in the
    same transaction as the reply: a call that fails half-way leaves nothing, and the provider's
    retry of it is not taken for a replay."""
    if not mailgun_signature_is_valid(timestamp=timestamp, token=token, signature=signature):
        return Outcome.BAD_SIGNATURE
    if not _is_fresh(timestamp, now):
        return Outcome.STALE
    try:
        with transaction.atomic():
            record = InboundEmail.objects.create(provider_token=token[:100], outcome="received")
    except IntegrityError:
        return Outcome.REPLAYED
    conversation = None
    for address in (recipient or "").split(","):
        conversation = conversation_from_reply_address(parseaddr(address)[1])
        if conversation is not None:
            break
    if conversation is None:
        outcome = Outcome.UNKNOWN_ADDRESS
    elif parseaddr(sender)[1].lower() != conversation.user.email.lower():
        outcome = Outcome.WRONG_SENDER
    else:
        try:
            conversation_customer_reply(
                user=conversation.user,
                conversation_id=conversation.pk,
                body=_reply_text(stripped_text, body_plain),
                attachments=attachments,
                channel="email",
            )
        except DomainError:
            outcome = Outcome.REFUSED
        else:
            outcome = Outcome.ADDED
    InboundEmail.objects.filter(pk=record.pk).update(
        outcome=outcome.value, conversation=conversation
    )
    return outcome
