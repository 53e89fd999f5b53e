"""Reads of the support desk: a customer's conversations, the agent's view of the customer, the
security hold, and which service notices a visitor sees."""

from datetime import datetime, timedelta
from typing import Any

from constance import config
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Address, User
from billing.models import Invoice
from billing.states import InvoiceStatus
from parcels.models import Parcel, Shipment
from parcels.states import ShipmentStatus
from privacy.models import PrivacyRequest
from support.models import (
    AbuseFlag,
    CompromiseReport,
    Conversation,
    Message,
    ServiceNotice,
)
from support.states import NoticeAudience
from transship.masking import mask_email, mask_name

OPEN_SHIPMENT_STATUSES = (ShipmentStatus.REQUESTED, ShipmentStatus.PACKING, ShipmentStatus.PACKED)


def conversations_for_user(*, user: Any) -> QuerySet[Conversation]:
    return Conversation.objects.filter(user=user).order_by("-updated_at", "-pk")


def conversation_for_user(*, user: Any, conversation_id: int) -> Conversation:
    """The customer's own conversation; another's id raises Conversation.DoesNotExist."""
    return Conversation.objects.get(user=user, pk=conversation_id)


def customer_messages(*, conversation: Conversation) -> list[Message]:
    """The thread as the customer sees it (no internal notes), with its attachments."""
    return list(
        conversation.messages.for_customer()
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def staff_messages(*, conversation: Conversation) -> list[Message]:
    return list(
        conversation.messages.select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def linkable_object(*, user: Any, topic: str, object_id: int) -> Any | None:
    """The customer's own parcel, shipment, invoice or privacy request with this id, else None:
    a customer links only their own objects."""
    sources = {
        "parcel": Parcel.objects.filter(owner=user),
        "shipment": Shipment.objects.filter(user=user),
        "invoice": Invoice.objects.filter(user=user),
        "privacy_request": PrivacyRequest.objects.filter(user=user),
    }
    source = sources.get(topic)
    return None if source is None else source.filter(pk=object_id).first()


def customer_context(*, user_id: int, unmasked: bool = False) -> dict[str, Any]:
    """What an agent sees beside a conversation: the account, parcels by status, open shipments,
    unpaid invoices, open privacy requests, flags. Name and email are masked unless `unmasked`."""
    user = User.objects.get(pk=user_id)
    parcels = dict(
        Parcel.objects.filter(owner_id=user_id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    labels = dict(Parcel._meta.get_field("status").flatchoices)
    return {
        "customer": user,
        "name": user.full_name if unmasked else mask_name(user.full_name),
        "email": user.email if unmasked else mask_email(user.email),
        "status": user.get_status_display(),
        "member_code": user.member_code or "—",
        "is_login_locked": user.is_login_locked,
        "parcels": [(labels.get(s, s), n) for s, n in sorted(parcels.items())],
        "open_shipments": list(
            Shipment.objects.filter(user_id=user_id, status__in=OPEN_SHIPMENT_STATUSES)
            .select_related("service")
            .order_by("-pk")[:20]
        ),
        "unpaid_invoices": list(
            Invoice.objects.filter(
                user_id=user_id,
                status__in=(InvoiceStatus.OPEN, InvoiceStatus.AWAITING_APPROVAL),
            ).order_by("-pk")[:20]
        ),
        "open_privacy_requests": list(PrivacyRequest.objects.open().filter(user_id=user_id)),
        "abuse_flags": list(AbuseFlag.objects.filter(user_id=user_id)),
        "security_hold_since": compromise_hold_since(user_id=user_id),
    }


def compromise_hold_since(*, user_id: int) -> datetime | None:
    """The start of the security hold after a report that the password may be known (A4.4):
    the report's time less the look-back (a recipient or bank account added just before counts
    as new). None once the member has set a new password after the report or support restored
    the account."""
    report = (
        CompromiseReport.objects.filter(user_id=user_id, restored_at__isnull=True)
        .order_by("-reported_at")
        .values_list("reported_at", flat=True)
        .first()
    )
    if report is None:
        return None
    changed = User.objects.filter(pk=user_id).values_list("password_changed_at", flat=True).first()
    if changed is not None and changed > report:
        return None
    return report - timedelta(hours=int(config.SUPPORT_COMPROMISE_LOOKBACK_HOURS))


def notice_audience_q(notice: ServiceNotice) -> Q:
    """The customers a notice is for, as a filter on users."""
    customers = Q(is_staff=False)
    if notice.audience == NoticeAudience.COUNTRIES:
        codes = [str(c) for c in notice.countries]
        shipping_to = Q(pk__in=Address.objects.filter(country__in=codes).values("user_id")) | Q(
            pk__in=Shipment.objects.filter(destination_country__in=codes).values("user_id")
        )
        return customers & shipping_to
    if notice.audience == NoticeAudience.SERVICES:
        service_ids = list(notice.services.values_list("pk", flat=True))
        return customers & Q(
            pk__in=Shipment.objects.filter(service_id__in=service_ids).values("user_id")
        )
    if notice.audience == NoticeAudience.STAFF:
        return Q(is_staff=True)
    return customers


def notice_recipients(*, notice: ServiceNotice) -> QuerySet[User]:
    """The active members a notice is emailed to (never staff-only notices)."""
    if notice.audience == NoticeAudience.STAFF:
        return User.objects.none()
    return User.objects.filter(notice_audience_q(notice), is_active=True).filter(status="active")


def notices_for(*, user: Any, now: datetime | None = None) -> list[ServiceNotice]:
    """The notices shown now to this visitor: anonymous visitors see those for everyone, staff
    everything, a customer those whose audience includes them."""
    notices = list(ServiceNotice.objects.current(now).prefetch_related("services"))
    if not notices:
        return []
    if not getattr(user, "is_authenticated", False):
        return [n for n in notices if n.audience == NoticeAudience.ALL]
    if user.is_staff:
        return notices
    shown = []
    for notice in notices:
        if notice.audience == NoticeAudience.STAFF:
            continue
        if notice.audience == NoticeAudience.ALL or (
            User.objects.filter(notice_audience_q(notice), pk=user.pk).exists()
        ):
            shown.append(notice)
    return shown


def maintenance_notice(*, now: datetime | None = None) -> ServiceNotice | None:
    """The current notice that puts the site in maintenance mode, if any."""
    return ServiceNotice.objects.current(now).filter(maintenance_mode=True).first()


def is_overdue_q(now: datetime) -> Q:
    """Open conversations waiting on us past a target (first answer or resolution)."""
    return Q(status__in=("new", "waiting_on_us")) & (
        Q(first_responded_at__isnull=True, first_response_due_at__lte=now)
        | Q(resolution_due_at__lte=now)
    )


def overdue_conversations(*, now: datetime | None = None) -> QuerySet[Conversation]:
    return Conversation.objects.filter(is_overdue_q(now or timezone.now()))
