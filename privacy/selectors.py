"""Privacy reads: what a customer sees of their requests, disclosures and staff views."""

from typing import Any

from django.db.models import QuerySet

from privacy.models import Disclosure, PersonalDataAccess, PrivacyRequest


def privacy_requests_for_user(*, user: Any) -> QuerySet[PrivacyRequest]:
    return (
        PrivacyRequest.objects.filter(user=user)
        .select_related("fee_invoice")
        .order_by("-received_at", "-pk")
    )


def privacy_request_for_user(*, user: Any, request_id: int) -> PrivacyRequest | None:
    return privacy_requests_for_user(user=user).filter(pk=request_id).first()


def disclosures_for_user(*, user: Any) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(user=user).order_by("-disclosed_at", "-pk")


def personal_data_accesses_for_user(*, user: Any) -> QuerySet[PersonalDataAccess]:
    return PersonalDataAccess.objects.filter(subject=user).order_by("-viewed_at", "-pk")


def privacy_queue() -> QuerySet[PrivacyRequest]:
    """Open requests, the nearest deadline first (the support agents' queue)."""
    return (
        PrivacyRequest.objects.open().select_related("user", "assigned_to").order_by("due_at", "pk")
    )
