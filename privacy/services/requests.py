"""Data-subject requests (P5): received → identity verified → processed, or refused on a ground
of P5(6), all within PRIVACY_RESPONSE_DAYS. Every status change goes through
`privacy_request_transition`; every step is logged in PrivacyRequestEvent."""

import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any

from constance import config
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts import selectors as accounts_selectors
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
from transship.queue import task_enqueue_on_commit
from transship.transitions import lock, record_created, transition

SUPPORT_GROUP = roles.SUPPORT


class PrivacyRequestError(DomainError):
    pass


def _event(request: PrivacyRequest, *, action: str, actor: Any, reason: str = "") -> None:
    """Log a step that is not a change of status (assigned, fee charged, export ready, …)."""
    PrivacyRequestEvent.objects.create(
        request=request,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
    )


def _notify_customer(request: PrivacyRequest, event: str, **context: Any) -> None:
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
        _consents_withdraw(user=user)
        request = privacy_request_transition(
            request_id=request.pk,
            to=RequestStatus.COMPLETED,
            actor=user,
            reason="consents withdrawn at the customer's request",
            answer=_("Your consents to marketing messages have been withdrawn on every channel."),
        )
        _notify_customer(request, "privacy.request_completed")
        return request
    _notify_customer(request, "privacy.request_received", due_at=request.due_at.isoformat())
    return request


def _consents_withdraw(*, user: Any) -> None:
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
    _event(
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
    _notify_customer(request, "privacy.request_completed")
    return request


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
        _consents_withdraw(user=user)
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
    _notify_customer(
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
    _event(
        request,
        action=RequestAction.FEE_CHARGED,
        actor=actor,
        reason=f"JPY {fee}, invoice {invoice.number} ({count} requests of this kind in 12 months)",
    )
    _notify_customer(
        request,
        "privacy.fee_charged",
        fee=str(fee),
        invoice_id=invoice.pk,
        number=invoice.number,
        due_date=invoice.due_date.isoformat(),
    )
    return request


def privacy_request_export_build(*, request_id: int) -> PrivacyRequest | None:
    """Build the ZIP for an access request being processed and send the customer a single-use,
    expiring link. A no-op when the export exists already (task ran twice)."""
    from privacy.services.erasure import personal_data_export

    with transaction.atomic():
        request = (
            PrivacyRequest.objects.select_for_update()
            .select_related("user")
            .filter(pk=request_id)
            .first()
        )
        if request is None or request.status != RequestStatus.PROCESSING:
            return request
        token = secrets.token_urlsafe(32)
        request.export_data = personal_data_export(user_id=request.user_id)
        request.export_token_digest = PrivacyRequest.token_digest(token)
        request.export_expires_at = timezone.now() + timedelta(
            hours=config.PRIVACY_EXPORT_LINK_HOURS
        )
        request.save(update_fields=["export_data", "export_token_digest", "export_expires_at"])
        _event(request, action=RequestAction.EXPORT_READY, actor=None)
        request = privacy_request_transition(
            request_id=request_id,
            to=RequestStatus.COMPLETED,
            actor=None,
            reason="export ready",
            answer=_("A copy of your personal data is ready to download (once, before %(at)s).")
            % {"at": timezone.localtime(request.export_expires_at).strftime("%Y-%m-%d %H:%M")},
        )
        link = reverse("privacy:export_download", args=[token])
        _notify_customer(
            request,
            "privacy.export_ready",
            link=link,
            expires_at=request.export_expires_at.isoformat(),
        )
        return request


@transaction.atomic
def privacy_request_export_download(
    *, request_id: int | None = None, user: Any, token: str | None = None
) -> tuple[PrivacyRequest, bytes]:
    """Hand the export to its owner once: by the emailed link's token or by the request id.
    The ZIP is deleted from our side as it is handed over."""
    queryset = PrivacyRequest.objects.select_for_update().filter(user=user)
    if token is not None:
        queryset = queryset.filter(export_token_digest=PrivacyRequest.token_digest(token))
    if request_id is not None:
        queryset = queryset.filter(pk=request_id)
    request = queryset.filter(~Q(export_token_digest="")).first()
    if request is None:
        raise PrivacyRequestError(_("There is no export to download."))
    if request.export_downloaded_at is not None:
        raise PrivacyRequestError(_("This export was already downloaded; ask for a new copy."))
    if not request.export_is_downloadable or request.export_data is None:
        raise PrivacyRequestError(_("This download link has expired; ask for a new copy."))
    data = bytes(request.export_data)
    request.export_data = None
    request.export_downloaded_at = timezone.now()
    request.save(update_fields=["export_data", "export_downloaded_at"])
    _event(request, action=RequestAction.EXPORT_DOWNLOADED, actor=user)
    return request, data


def _support_agents() -> list[Any]:
    return accounts_selectors.staff_in_role(role=SUPPORT_GROUP)


def privacy_requests_deadline_sweep(*, now: Any) -> dict[str, int]:
    """Remind the assigned agent (or the support group) when a deadline is near, and alarm the
    support group once a request is overdue. Each fires once per request: the timestamp is
    claimed with a conditional UPDATE, so two sweeps racing cannot both send."""
    reminded = alarmed = 0
    soon = now + timedelta(days=config.PRIVACY_REMINDER_DAYS_BEFORE)
    due_soon = PrivacyRequest.objects.open().filter(
        reminder_sent_at__isnull=True, due_at__lte=soon, due_at__gt=now
    )
    for request_id in list(due_soon.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            claimed = PrivacyRequest.objects.filter(
                pk=request_id, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            request = PrivacyRequest.objects.select_related("assigned_to").get(pk=request_id)
            agents = [request.assigned_to] if request.assigned_to else _support_agents()
            for agent in agents:
                notify(
                    user=agent,
                    event="privacy.request_due_soon",
                    context={"request_id": request.pk, "due_at": request.due_at.isoformat()},
                )
            _event(request, action=RequestAction.REMINDER_SENT, actor=None)
            reminded += 1
    overdue = PrivacyRequest.objects.open().filter(
        overdue_alarm_sent_at__isnull=True, due_at__lte=now
    )
    for request_id in list(overdue.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            claimed = PrivacyRequest.objects.filter(
                pk=request_id, overdue_alarm_sent_at__isnull=True
            ).update(overdue_alarm_sent_at=now)
            if not claimed:
                continue
            request = PrivacyRequest.objects.get(pk=request_id)
            for agent in _support_agents():
                notify(
                    user=agent,
                    event="privacy.request_overdue",
                    context={"request_id": request.pk, "due_at": request.due_at.isoformat()},
                )
            _event(request, action=RequestAction.OVERDUE_ALARM, actor=None)
            alarmed += 1
    return {"reminded": reminded, "alarmed": alarmed}
