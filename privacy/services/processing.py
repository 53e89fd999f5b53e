"""Carrying out a verified privacy request according to its kind: access starts the export,
correction and consent withdrawal close with the agent's answer, cancellation closes the account,
deletion erases the personal data. A deletion or cancellation waits in "awaiting settlement" while
anything blocks closing the account (accounts/closure.py: goods in our custody, an open shipment,
an unpaid invoice, money we owe the customer); `privacy_request_settlement_check`, run by a beat
task, carries it out as soon as nothing does."""

from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import selectors as accounts_selectors
from accounts import services as accounts_services
from privacy.models import PrivacyRequest
from privacy.services.erasure import user_erase
from privacy.services.lifecycle import (
    PrivacyRequestError,
    consents_withdraw_all,
    privacy_request_complete,
    privacy_request_customer_notify,
    privacy_request_transition,
)
from privacy.states import RequestKind, RequestStatus
from transship.queue import task_enqueue_on_commit


@transaction.atomic
def privacy_request_process(*, request_id: int, actor: Any, answer: str = "") -> PrivacyRequest:
    """Carry out a verified request according to its kind: start the export (access), apply
    the erasure (deletion), close the account (cancellation), withdraw consents, or close a
    correction the agent has applied with `answer` saying what changed."""
    request = PrivacyRequest.objects.select_for_update().select_related("user").get(pk=request_id)
    if request.status != RequestStatus.VERIFIED:
        raise PrivacyRequestError(_("Only a request whose identity is verified can be processed."))
    user = request.user
    if request.kind == RequestKind.ACCESS:
        request = privacy_request_transition(
            request_id=request_id, to=RequestStatus.PROCESSING, actor=actor, reason="export started"
        )
        task_enqueue_on_commit("privacy.build_export", request_id)
        return request
    if request.kind == RequestKind.CORRECTION:
        return privacy_request_complete(request_id=request_id, actor=actor, answer=answer)
    if request.kind == RequestKind.CONSENT_WITHDRAWAL:
        consents_withdraw_all(user=user)
        return privacy_request_complete(
            request_id=request_id,
            actor=actor,
            answer=answer or _("Your consents to marketing messages have been withdrawn."),
        )
    blockers = accounts_selectors.withdrawal_blockers(user_id=user.pk)
    if blockers:
        return _settlement_await(request=request, actor=actor, blockers=blockers)
    return _erasure_carry_out(request=request, actor=actor, answer=answer)


def _blockers_in_language(*, user_id: int, language: str) -> list[str]:
    with translation.override(language or None):
        return [str(reason) for reason in accounts_selectors.withdrawal_blockers(user_id=user_id)]


def _settlement_await(*, request: PrivacyRequest, actor: Any, blockers: list) -> PrivacyRequest:
    """Goods, a shipment, an invoice or money stand between the customer and the erasure: the
    request waits, and the customer is told, in their language, what settles each one."""
    user = request.user
    request = privacy_request_transition(
        request_id=request.pk,
        to=RequestStatus.SETTLING,
        actor=actor,
        reason="awaiting settlement: " + " ".join(str(blocker) for blocker in blockers),
        settlement_started_at=timezone.now(),
    )
    privacy_request_customer_notify(
        request,
        "privacy.request_awaiting_settlement",
        blockers=_blockers_in_language(user_id=user.pk, language=user.language),
    )
    return request


def _erasure_carry_out(*, request: PrivacyRequest, actor: Any, answer: str) -> PrivacyRequest:
    """Nothing blocks: close the account (cancellation) or erase the personal data (deletion),
    at once, under the one closure rule (docs/accounts.md). A request that waited for the
    settlement records how long it waited, the reason its answer may be late."""
    user = request.user
    changes: dict[str, Any] = {}
    reason = ""
    if request.status == RequestStatus.SETTLING:
        now = timezone.now()
        changes["settlement_ended_at"] = now
        waited = now - request.settlement_started_at
        since = request.settlement_started_at.date().isoformat()
        reason = f"settled after waiting {waited.days} days for settlement (since {since})"
        if now > request.due_at:
            reason = "late: " + reason
    if request.kind == RequestKind.CANCELLATION:
        answer = answer or _(
            "Your account is closed and your personal data erased. Records the law requires "
            "us to keep (invoices, ledger, customs declarations) are kept under an anonymous "
            "identifier."
        )
    else:
        answer = answer or _(
            "Your personal data has been erased. Records the law requires us to keep (invoices, "
            "ledger, customs declarations) are kept under an anonymous identifier."
        )
    # The confirmation cannot go through the outbox (erasure empties it), so it is mailed
    # directly to the address we are about to forget, after commit.
    email, language = user.email, user.language
    request = privacy_request_transition(
        request_id=request.pk,
        to=RequestStatus.COMPLETED,
        actor=actor,
        reason=reason,
        answer=answer.strip(),
        **changes,
    )
    try:
        if request.kind == RequestKind.CANCELLATION:
            accounts_services.account_close(
                user_id=user.pk,
                actor=actor,
                reason=f"account cancellation, privacy request #{request.pk} (P5(4))",
            )
        else:
            user_erase(user_id=user.pk, actor=actor, reason=f"privacy request #{request.pk}")
    except accounts_services.AccountClosureBlocked as blocked:  # raced in under the lock
        raise PrivacyRequestError(blocked.message) from blocked
    transaction.on_commit(
        lambda: _deletion_confirmation_send(email=email, language=language, answer=answer)
    )
    return request


@transaction.atomic
def privacy_request_settlement_check(*, request_id: int) -> PrivacyRequest | None:
    """Carry out a request awaiting settlement once nothing blocks it any more; otherwise leave
    it waiting. Safe to run twice (a completed request is left alone)."""
    request = (
        PrivacyRequest.objects.select_for_update().select_related("user").filter(pk=request_id)
    ).first()
    if request is None or request.status != RequestStatus.SETTLING:
        return request
    if accounts_selectors.withdrawal_blockers(user_id=request.user_id):
        return request
    return _erasure_carry_out(request=request, actor=None, answer="")


def _deletion_confirmation_send(*, email: str, language: str, answer: str) -> None:
    from django.core.mail import send_mail

    with translation.override(language):
        send_mail(
            subject=_("Your personal data has been erased"),
            message=answer,
            from_email=None,
            recipient_list=[email],
            fail_silently=True,
        )
