"""Versioned terms of use and privacy policy, and who accepted which (agreement 2, P8)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import LegalAcceptance, LegalDocument, User


@transaction.atomic
def legal_document_publish(
    *, kind: str, body_en: str, body_zh_hans: str = "", body_ja: str = "", actor: User | None
) -> LegalDocument:
    """Publish the next version of a document; every user is asked to accept it at next login."""
    LegalDocument.objects.select_for_update().filter(kind=kind).exists()
    latest = LegalDocument.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
    return LegalDocument.objects.create(
        kind=kind,
        version=latest + 1,
        body_en=body_en,
        body_zh_hans=body_zh_hans,
        body_ja=body_ja,
        published_by=actor,
        published_at=timezone.now(),
    )


@transaction.atomic
def legal_documents_accept(*, user: User, document_ids: list[int]) -> int:
    """Record that the user accepted these document versions now; returns how many were new."""
    already = set(
        LegalAcceptance.objects.filter(user=user, document_id__in=document_ids).values_list(
            "document_id", flat=True
        )
    )
    rows = [
        LegalAcceptance(user=user, document_id=document_id)
        for document_id in set(document_ids) - already
    ]
    LegalAcceptance.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
