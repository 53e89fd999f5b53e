"""Service notices (A16, A17): published by staff, shown as a banner and in the API to their
audience, and for carrier suspensions and price changes emailed once to the customers affected."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from support import selectors
from support.models import AbuseFlag, ServiceNotice
from support.states import EMAILED_NOTICE_KINDS
from transship.errors import DomainError
from transship.queue import task_enqueue_on_commit

EMAIL_BATCH = 500


@transaction.atomic
def notice_publish(*, notice_id: int, actor: Any) -> ServiceNotice:
    """Make the notice visible (from its start) and, for the kinds customers must be told about
    by email, send it to the customers it affects. Publishing twice is harmless."""
    notice = ServiceNotice.objects.select_for_update().get(pk=notice_id)
    if notice.ends_at <= timezone.now():
        raise DomainError(_("%(notice)s: it has already ended.") % {"notice": notice})
    if notice.published_at is None:
        notice.published_at = timezone.now()
        notice.save(update_fields=["published_at"])
    if notice.kind in EMAILED_NOTICE_KINDS and notice.emailed_at is None:
        task_enqueue_on_commit("support.notice_email", notice.pk)
    return notice


@transaction.atomic
def notice_withdraw(*, notice_id: int) -> ServiceNotice:
    """Stop showing a notice (emails already sent stay sent)."""
    notice = ServiceNotice.objects.select_for_update().get(pk=notice_id)
    if notice.published_at is not None:
        notice.published_at = None
        notice.save(update_fields=["published_at"])
    return notice


def notice_email_send(*, notice_id: int) -> int:
    """Email the notice to each customer in its audience, in their language: a service message
    (no marketing consent needed), once: `emailed_at` is claimed by a conditional UPDATE first.
    Returns how many were written to the outbox."""
    now = timezone.now()
    claimed = ServiceNotice.objects.filter(
        pk=notice_id, emailed_at__isnull=True, published_at__isnull=False
    ).update(emailed_at=now)
    if not claimed:
        return 0
    notice = ServiceNotice.objects.get(pk=notice_id)
    sent = 0
    recipients = selectors.notice_recipients(notice=notice).order_by("pk")
    last_pk = 0
    while True:
        batch = list(recipients.filter(pk__gt=last_pk)[:EMAIL_BATCH])
        if not batch:
            return sent
        with transaction.atomic():
            for user in batch:
                notify(
                    user=user,
                    event="support.notice",
                    context={
                        "notice_id": notice.pk,
                        "title": notice.title_for(user.language),
                        "text": notice.text_for(user.language),
                        "starts_at": f"{timezone.localtime(notice.starts_at):%Y-%m-%d %H:%M}",
                        "ends_at": f"{timezone.localtime(notice.ends_at):%Y-%m-%d %H:%M}",
                    },
                )
        sent += len(batch)
        last_pk = batch[-1].pk


@transaction.atomic
def abuse_flag_add(*, user_id: int, act: str, note: str, actor: Any) -> AbuseFlag:
    """Record a prohibited act (A18) with its ground; suspension or disqualification stay the
    account lifecycle's actions, taken by staff with the rights for them."""
    if not (note or "").strip():
        raise DomainError(_("Describe what happened."), field="note")
    return AbuseFlag.objects.create(
        user_id=user_id,
        act=act,
        note=note.strip(),
        flagged_by=actor if getattr(actor, "pk", None) else None,
    )
