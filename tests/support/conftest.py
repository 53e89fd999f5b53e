"""Support fixtures: Celery in-process, a customer with a parcel, an agent, small files of each
accepted type, and Mailgun's documented route payload, signed with a test key."""

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import StaffFactory, UserFactory
from tests.parcels.factories import ParcelFactory

MAILGUN_KEY = "key-test-signing-0123456789abcdef"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _eager_celery(settings) -> Iterator[None]:
    from transship.celery import app

    settings.MAILGUN_WEBHOOK_SIGNING_KEY = MAILGUN_KEY
    settings.SUPPORT_REPLY_DOMAIN = "reply.transship.test"
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def customer(db):
    return UserFactory(email="wang.fang@example.com", full_name="Wang Fang", language="zh-hans")


@pytest.fixture
def parcel(customer):
    return ParcelFactory(owner=customer)


@pytest.fixture
def agent(db):
    return StaffFactory(groups=["Support agent"], email="agent@transship.test")


def png(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "receipt.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def mailgun_payload(
    *,
    recipient: str,
    sender: str,
    text: str = "Thanks, that answers it.",
    timestamp: int | None = None,
    token: str | None = None,
    key: str = MAILGUN_KEY,
) -> dict[str, str]:
    """The fields Mailgun's route `forward()` posts for a fully parsed message (its "Receiving
    Messages via HTTP" guide), with the signature of its "Securing Webhooks" guide: hex
    HMAC-SHA256 of timestamp + token under the webhook signing key."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    token = token or secrets.token_hex(25)  # 50 characters, like Mailgun's
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    quoted = f"{text}\n\nOn Mon, support wrote:\n> Our customer service answered your question"
    return {
        "recipient": recipient,
        "sender": sender,
        "from": f"Wang Fang <{sender}>",
        "subject": "Re: Where is my parcel? [#1]",
        "body-plain": quoted,
        "stripped-text": text,
        "stripped-signature": "",
        "body-html": f"<p>{text}</p>",
        "stripped-html": f"<p>{text}</p>",
        "attachment-count": "0",
        "timestamp": str(timestamp),
        "token": token,
        "signature": signature,
        "message-headers": '[["Received", "by mxa.mailgun.org"], ["Subject", "Re: question"]]',
        "Message-Id": "<CAB1234@mail.example.com>",
    }
