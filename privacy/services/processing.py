"""Carrying out a verified privacy request according to its kind: access starts the export,
correction and consent withdrawal close with the agent's answer, cancellation closes the account,
deletion erases the personal data."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import services as accounts_services
from privacy.models import PrivacyRequest
from privacy.services.lifecycle import (
    PrivacyRequestError,
    consents_withdraw_all,
    privacy_request_complete,
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
    if request.kind == RequestKind.CANCELLATION:
        _account_close(user=user, actor=actor)
        return privacy_request_complete(
            request_id=request_id,
            actor=actor,
            answer=answer
            or _(
                "Your account is cancelled. Your personal data will be erased after the "
                "retention period; records the law requires are kept under a pseudonym."
            ),
        )
    # Deletion: the confirmation cannot go through the outbox (erasure empties it), so it is
    # mailed directly to the address we are about to forget, after commit.
    from privacy.services.erasure import user_erase

    answer = answer or _(
        "Your personal data has been erased. Records the law requires us to keep (invoices, "
        "ledger, customs declarations) are kept under an anonymous identifier."
    )
    request = privacy_request_transition(
        request_id=request_id, to=RequestStatus.COMPLETED, actor=actor, answer=answer
    )
    email, language = user.email, user.language
    user_erase(user_id=user.pk, actor=actor, reason=f"privacy request #{request_id}")
    transaction.on_commit(
        lambda: _deletion_confirmation_send(email=email, language=language, answer=answer)
    )
    return request


def _deletion_confirmation_send(*, email: str, language: str, answer: str) -> None:
    from django.core.mail import send_mail
    from django.utils import translation

    with translation.override(language):
        send_mail(
            subject=_("Your personal data has been erased"),
            message=answer,
            from_email=None,
            recipient_list=[email],
            fail_silently=True,
        )


def _account_close(*, user: Any, actor: Any) -> None:
    """Withdraw the account (A7, P5(4)) through the one closure service; refused while goods are
    stored, money is held or owed. The personal data is anonymized by the retention sweep after
    PRIVACY_ANONYMIZE_AFTER_DAYS."""
    try:
        accounts_services.account_close(
            user_id=user.pk,
            actor=actor,
            reason="account cancellation requested (privacy policy 5(4))",
            erase_now=False,
        )
    except accounts_services.AccountClosureBlocked as blocked:
        raise PrivacyRequestError(blocked.message) from blocked
