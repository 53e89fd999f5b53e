"""SMS senders, chosen by `settings.SMS_BACKEND` like Django's email backends.

The console backend (development) prints the message; the locmem backend (tests) keeps it in
`outbox`. A production gateway is one small class with `send(*, to, text)` that raises OSError on
a transient failure, so the outbox retries it like SMTP."""

import logging
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class ConsoleBackend:
    def send(self, *, to: str, text: str) -> None:
        print(f"SMS to {to}: {text}")


class LocmemBackend:
    outbox: ClassVar[list[dict[str, str]]] = []

    def send(self, *, to: str, text: str) -> None:
        self.outbox.append({"to": to, "text": text})


def sms_send(*, to: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(to=to, text=text)
