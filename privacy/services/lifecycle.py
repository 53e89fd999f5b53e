"""Data-subject requests (P5): received → identity verified → processed, or refused on a ground
of P5(6), all within PRIVACY_RESPONSE_DAYS. This module holds the life of a request: create,
verify, assign, complete, refuse, withdraw, the fee for a repeated request, and the one
`privacy_request_transition` every status change goes through; every step is logged in
PrivacyRequestEvent. Carrying a request out by kind is in `processing`, the export in `export`,
the deadline sweep in `sweeps`."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from constance import config
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as accounts_services
from notifications.services import notify
from privacy.models import PrivacyRequest, PrivacyRequestEvent
from privacy.states import (
    DeletionGround,
    RefusalGround,
    RequestAction,
    RequestKind,
    RequestStatus,
    VerificationMethod,
)
from transship.errors import DomainError
from transship.transitions import lock, record_created, transition


class PrivacyRequestError(DomainError):
    pass


def privacy_request_event_log(
    request: PrivacyRequest, *, action: str, actor: Any, reason: str = ""
) -> None:
    """Log a step that is not a change of status (assigned, fee charged, export ready, …)."""
    PrivacyRequestEvent.objects.create(
        request=request,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
    )


def privacy_request_customer_notify(request: PrivacyRequest, event: str, **context: Any) -> None:
    notify(
        user=request.user,
        event=event,
        context={
            "request_id": request.pk,
            "kind": request.get_kind_display(),
            "status": request.get_status_display(),
            "answer": request.answer,
            **context,
        },
    )


@transaction.atomic
def privacy_request_transition(
    *, request_id: int, to: str, actor: Any, reason: str = "", **changes: Any
) -> PrivacyRequest:
    """Move a request to `to`, recording who and why, with the other fields in `changes`.
    Re-applying the current status is a no-op; the row lock serialises two agents working the
    same request."""
    request = lock(PrivacyRequest, pk=request_id)
    if request.status == to:
        return request
    PrivacyRequest.state_machine.check(request, to)
    for name, value in changes.items():
        setattr(request, name, value)
    fields = list(changes)
    if to in (RequestStatus.COMPLETED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN):
        request.closed_at = timezone.now()
        fields.append("closed_at")
    transition(request, to=to, actor=actor, reason=reason, fields=fields)
    return request


@transaction.atomic
def privacy_request_create(
    *, user: Any, kind: str, details: str = "", deletion_ground: str = ""
) -> PrivacyRequest:
    """Record a customer's request with its legal deadline. Consent withdrawal takes effect at
    once (the logged-in customer needs no further verification to stop something)."""
    if kind not in RequestKind.values:
        raise PrivacyRequestError(_("Choose what you are asking for."), field="kind")
    details = (details or "").strip()
    if kind == RequestKind.DELETION and deletion_ground not in DeletionGround.values:
        raise PrivacyRequestError(
            _("Choose the ground on which you ask for deletion."), field="deletion_ground"
        )
    if kind != RequestKind.DELETION:
        deletion_ground = ""
    if kind == RequestKind.CORRECTION and not details:
        raise PrivacyRequestError(
            _("Tell us what is wrong and what it should be."), field="details"
        )
    if PrivacyRequest.objects.open().filter(user=user, kind=kind).exists():
        raise PrivacyRequestError(
            _("You already have an open request of this kind; we are working on it."),
            field="kind",
        )
    now = timezone.now()
    request = PrivacyRequest.objects.create(
        user=user,
        kind=kind,
        details=details[:5000],
        deletion_ground=deletion_ground,
        received_at=now,
        due_at=now + timedelta(days=config.PRIVACY_RESPONSE_DAYS),
    )
    record_created(request, actor=user)
    if kind == RequestKind.CONSENT_WITHDRAWAL:
        consents_withdraw_all(user=user)
        request = privacy_request_transition(
            request_id=request.pk,
            to=RequestStatus.COMPLETED,
            actor=user,
            reason="consents withdrawn at the customer's request",
            answer=_("Your consents to marketing messages have been withdrawn on every channel."),
        )
        privacy_request_customer_notify(request, "privacy.request_completed")
        return request
    privacy_request_customer_notify(
        request, "privacy.request_received", due_at=request.due_at.isoformat()
    )
    return request


def consents_withdraw_all(*, user: Any) -> None:
    from accounts.models import MarketingConsent

    for channel in MarketingConsent.Channel.values:
        accounts_services.marketing_consent_set(user=user, channel=channel, is_granted=False)


@transaction.atomic
def privacy_request_withdraw(*, request_id: int, user: Any) -> PrivacyRequest:
    """The customer takes back an open request."""
    request = PrivacyRequest.objects.filter(pk=request_id, user=user).first()
    if request is None:
        raise PrivacyRequestError(_("No such request."))
    return privacy_request_transition(
        request_id=request_id,
        to=RequestStatus.WITHDRAWN,
        actor=user,
        reason="withdrawn by customer",
    )


@transaction.atomic
def privacy_request_assign(*, request_id: int, agent: Any, actor: Any) -> PrivacyRequest:
    """Give the request to an agent: they get the deadline reminder."""
    request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
    if not request.is_open:
        raise PrivacyRequestError(_("This request is closed."))
    if agent is not None and not agent.is_staff:
        raise PrivacyRequestError(_("Only staff can be assigned."), field="assigned_to")
    request.assigned_to = agent
    request.save(update_fields=["assigned_to"])
    privacy_request_event_log(
        request, action=RequestAction.ASSIGNED, actor=actor, reason=str(getattr(agent, "pk", ""))
    )
    return request


@transaction.atomic
def privacy_request_verify(
    *, request_id: int, actor: Any, method: str, note: str = ""
) -> PrivacyRequest:
    """Record that the requester's identity was verified, and how; nothing is disclosed or
    erased before this step."""
    if method not in VerificationMethod.values:
        raise PrivacyRequestError(_("Choose how the identity was verified."), field="method")
    if method == VerificationMethod.OTHER and not note.strip():
        raise PrivacyRequestError(_("Describe how the identity was verified."), field="note")
    return privacy_request_transition(
        request_id=request_id,
        to=RequestStatus.VERIFIED,
        actor=actor,
        reason=f"{method}: {note}".strip(": "),
        verified_at=timezone.now(),
        verified_by=actor,
        verification_method=method,
    )


@transaction.atomic
def privacy_request_complete(*, request_id: int, actor: Any, answer: str) -> PrivacyRequest:
    """Close a verified request with the answer the customer reads."""
    if not answer.strip():
        raise PrivacyRequestError(_("Write the answer the customer will read."), field="answer")
    request = PrivacyRequest.objects.get(pk=request_id)
    if request.status == RequestStatus.RECEIVED:
        raise PrivacyRequestError(_("Verify the requester's identity first."))
    request = privacy_request_transition(
        request_id=request_id, to=RequestStatus.COMPLETED, actor=actor, answer=answer.strip()
    )
    privacy_request_customer_notify(request, "privacy.request_completed")
    return request


@transaction.atomic
def privacy_request_refuse(
    *, request_id: int, actor: Any, ground: str, message: str
) -> PrivacyRequest:
    """Refuse a request on one of the grounds of P5(6), with a message to the customer."""
    if ground not in RefusalGround.values:
        raise PrivacyRequestError(_("Choose a ground for refusal."), field="ground")
    if not message.strip():
        raise PrivacyRequestError(_("Explain the refusal to the customer."), field="message")
    request = privacy_request_transition(
        request_id=request_id,
        to=RequestStatus.REFUSED,
        actor=actor,
        reason=ground,
        refusal_ground=ground,
        answer=message.strip(),
    )
    privacy_request_customer_notify(
        request, "privacy.request_refused", ground=request.get_refusal_ground_display()
    )
    return request


def requests_in_last_year(*, user_id: int, kind: str, now: Any = None) -> int:
    now = now or timezone.now()
    return PrivacyRequest.objects.filter(
        user_id=user_id, kind=kind, received_at__gte=now - timedelta(days=365)
    ).count()


@transaction.atomic
def privacy_request_fee_charge(*, request_id: int, actor: Any) -> PrivacyRequest:
    """Charge the fee for a repeated request beyond the free ones (P5(6), P9(2)): billing issues
    an invoice for it, which the customer pays like any other. Charging twice issues one
    invoice (the request row is locked and billing's idempotency key backs it)."""
    from billing import services as billing_services

    request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
    if request.fee_invoice_id is not None:
        return request
    if not request.is_open:
        raise PrivacyRequestError(_("This request is closed."))
    count = requests_in_last_year(user_id=request.user_id, kind=request.kind)
    if request.fee_amount is None and count <= config.PRIVACY_FREE_REQUESTS_PER_YEAR:
        raise PrivacyRequestError(
            _("Only repeated requests beyond %(free)s a year may be charged.")
            % {"free": config.PRIVACY_FREE_REQUESTS_PER_YEAR}
        )
    # A fee recorded before fees were invoiced keeps its amount; it is invoiced now.
    fee = request.fee_amount
    if fee is None:
        fee = Decimal(config.PRIVACY_EXCESSIVE_REQUEST_FEE_JPY)
    if fee <= 0:
        raise PrivacyRequestError(_("No fee is set for repeated requests."))
    invoice = billing_services.fee_invoice_issue(
        user_id=request.user_id,
        description=_("Fee for repeated privacy request #%(id)s (privacy policy 5(6))")
        % {"id": request.pk},
        amount=fee,
        actor=actor,
        idempotency_key=f"privacy-fee:{request.pk}",
        notify_customer=False,  # the fee message below names the invoice
    )
    request.fee_amount = fee
    request.fee_invoice = invoice
    request.save(update_fields=["fee_amount", "fee_invoice"])
    privacy_request_event_log(
        request,
        action=RequestAction.FEE_CHARGED,
        actor=actor,
        reason=f"JPY {fee}, invoice {invoice.number} ({count} requests of this kind in 12 months)",
    )
    privacy_request_customer_notify(
        request,
        "privacy.fee_charged",
        fee=str(fee),
        invoice_id=invoice.pk,
        number=invoice.number,
        due_date=invoice.due_date.isoformat(),
    )
    return request
