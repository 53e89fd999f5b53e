"""A member reports that someone else may know their password (A4.4): every session and API
token ends, the password stops working until the member sets a new one from the reset email,
recipients and bank accounts stay locked meanwhile (accounts/sensitive.py), and support gets a
conversation about it. Support may restore the account."""

import logging
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts import selectors as accounts_selectors
from accounts.models import User
from accounts.services import access_tokens_revoke_all, password_reset_email_send
from support.models import CompromiseReport
from support.services.conversations import conversation_open
from support.states import MessageChannel, MessageKind, Topic
from transship.errors import DomainError
from transship.transitions import lock

log = logging.getLogger(__name__)


@transaction.atomic
def account_compromise_report(
    *, user_id: int, source: str, request: HttpRequest | None = None
) -> CompromiseReport:
    """End the member's sessions and tokens, force a password reset and open a support
    conversation. Sessions end because the password hash changes (Django checks each session
    against it on every request), which also covers sessions of other devices."""
    user = lock(User, pk=user_id)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    revoked = access_tokens_revoke_all(user_id=user.pk)
    with override(user.language):
        subject = _("Someone else may know my password")
        body = _(
            "The member reported that someone else may know their password. We ended every "
            "session and API token and sent a password reset link; new recipients and bank "
            "accounts are locked until the reset."
        )
    conversation = conversation_open(
        user=user,
        subject=subject,
        body=body,
        topic=Topic.COMPROMISED,
        channel=MessageChannel.SITE,
        kind=MessageKind.SYSTEM,
    )
    report = CompromiseReport.objects.create(
        user=user, source=source, tokens_revoked=revoked, conversation=conversation
    )
    if request is not None:
        try:
            password_reset_email_send(user_id=user.pk, request=request)
        except DomainError:
            log.warning("compromise report %s: no address to send the reset link to", report.pk)
    return report


def account_compromise_report_by_email(*, email: str, request: HttpRequest) -> None:
    """The login page's form: the same answer whether or not the address has an account (no
    account enumeration); the caller rate-limits it."""
    user = accounts_selectors.user_by_email(email=email or "")
    if user is None or not user.is_active or user.is_staff:
        return
    account_compromise_report(
        user_id=user.pk, source=CompromiseReport.Source.LOGIN_PAGE, request=request
    )


@transaction.atomic
def account_restore(*, report_id: int, actor: Any) -> CompromiseReport:
    """Support has checked with the member (e.g. by phone) and lifts the hold on recipients and
    bank accounts. The password stays unusable until the member sets one from a reset email."""
    report = lock(CompromiseReport, pk=report_id)
    if report.restored_at is None:
        report.restored_at = timezone.now()
        report.restored_by = actor if getattr(actor, "pk", None) else None
        report.save(update_fields=["restored_at", "restored_by"])
    CompromiseReport.objects.filter(user_id=report.user_id, restored_at__isnull=True).update(
        restored_at=report.restored_at, restored_by=report.restored_by
    )
    return report
