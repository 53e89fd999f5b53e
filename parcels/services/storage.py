"""The storage clock (A15.2-15.4): reminders before the deadline and the move into the disposal
queue after it, with a notice to the customer. Set-based: a few statements whatever the number of
parcels, safe to run twice at once (reminders are unique per (parcel, day), disposal notices per
parcel; moved rows are locked with SKIP LOCKED). The messages go out afterwards, from the rows."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from constance import config
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from parcels.models import DisposalNotice, Parcel, StorageReminder
from parcels.services.transitions import notify_user
from parcels.states import CLOCK_STATUSES, ParcelStatus
from transship.queue import task_enqueue_on_commit
from transship.transitions import transition_bulk_set

DISPOSAL_BATCH = 5000


@dataclass(frozen=True)
class SweepResult:
    reminders_created: int
    moved_to_disposal: int


def reminder_days(*, limit_days: int | None = None) -> list[int]:
    """The configured reminder days (e.g. "30,50,57"), sorted, before the deadline."""
    limit = config.STORAGE_LIMIT_DAYS if limit_days is None else limit_days
    days = set()
    for part in str(config.STORAGE_REMINDER_DAYS).split(","):
        part = part.strip()
        if part.isdigit() and 0 < int(part) < limit:
            days.add(int(part))
    return sorted(days)


def _reminders_insert(*, now: datetime, limit: int) -> int:
    """For each reminder day, one INSERT … SELECT of the parcels whose latest due reminder is that
    day (a parcel first seen on day 52 gets the day-50 reminder, not day 30 as well) and that do
    not have it yet. The partial index `parcel_on_clock_received_idx` finds the window."""
    days = reminder_days(limit_days=limit)
    table = StorageReminder._meta.db_table
    created = 0
    for day, next_day in zip(days, [*days[1:], limit], strict=True):
        due = (
            Parcel.objects.filter(
                status__in=CLOCK_STATUSES,
                owner__isnull=False,
                received_at__lte=now - timedelta(days=day),
                received_at__gt=now - timedelta(days=next_day),
            )
            # Parcels already reminded are left out before the INSERT: a rerun then writes and
            # checks nothing (ON CONFLICT stays for two sweeps at once, but per row it cost
            # ten times the anti-join).
            .exclude(Exists(StorageReminder.objects.filter(parcel_id=OuterRef("pk"), day=day)))
            .order_by()
            .values("id")
        )
        sql, params = due.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (parcel_id, day, created_at) "  # noqa: S608 - our own names
                f"SELECT due.id, %s, %s FROM ({sql}) AS due WHERE true "
                "ON CONFLICT (parcel_id, day) DO NOTHING",
                [day, now, *params],
            )
            created += max(cursor.rowcount, 0)
    return created


def _disposal_move(*, now: datetime, limit: int) -> int:
    """Move parcels past their deadline into the disposal queue, in locked batches, recording the
    owner's disposal notice in the same transaction (two statements per batch on PostgreSQL).

    Keyset batches: each starts after the largest id the previous one moved, so a batch never
    rescans the rows already moved (the old `ORDER BY id LIMIT n` did, and slowed down batch after
    batch). Rows another sweep holds are skipped (SKIP LOCKED): that sweep moves them."""
    moved = 0
    after = 0
    cutoff = now - timedelta(days=limit)
    reason = _("Storage deadline passed (A15.4)")
    notices = DisposalNotice._meta.db_table
    while True:
        with transaction.atomic():
            ids = transition_bulk_set(
                Parcel.objects.filter(received_at__lte=cutoff, pk__gt=after),
                from_statuses=CLOCK_STATUSES,
                to=ParcelStatus.DISPOSAL_DUE,
                limit=DISPOSAL_BATCH,
                reason=reason,
                values={"updated_at": now},
            )
            if not ids:
                return moved
            owned = Parcel.objects.filter(pk__in=ids, owner__isnull=False).order_by().values("id")
            sql, params = owned.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {notices} (parcel_id, created_at) "  # noqa: S608 - our names
                    f"SELECT owned.id, %s FROM ({sql}) AS owned WHERE true "
                    "ON CONFLICT (parcel_id) DO NOTHING",
                    [now, *params],
                )
            moved += len(ids)
            after = ids[-1]
        if len(ids) < DISPOSAL_BATCH:
            return moved


def storage_sweep(*, now: datetime | None = None) -> SweepResult:
    """Record due storage reminders and move parcels past their deadline to disposal.

    Each step commits on its own (a sweep over many parcels must not hold one huge transaction);
    the reminders and disposal notices are sent by `storage_reminders_deliver`, queued after
    commit."""
    now = now or timezone.now()
    limit = config.STORAGE_LIMIT_DAYS
    with transaction.atomic():
        created = _reminders_insert(now=now, limit=limit)
    moved = _disposal_move(now=now, limit=limit)
    if created or moved:
        task_enqueue_on_commit("parcels.deliver_storage_reminders")
    return SweepResult(reminders_created=created, moved_to_disposal=moved)


def storage_reminders_deliver(*, limit: int = 500) -> int:
    """Send pending storage reminders and disposal notices, each once: rows are claimed under
    SKIP LOCKED and marked sent in the same transaction as the message is written to the
    outbox."""
    sent = 0
    limit_days = config.STORAGE_LIMIT_DAYS
    free_days = config.STORAGE_FREE_DAYS
    with transaction.atomic():
        reminders = list(
            StorageReminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(notified_at__isnull=True)
            .select_related("parcel__owner")
            .order_by("id")[:limit]
        )
        now = timezone.now()
        for reminder in reminders:
            parcel = reminder.parcel
            if parcel.status in CLOCK_STATUSES and parcel.owner is not None:
                deadline = parcel.deadline(limit_days=limit_days)
                notify_user(
                    parcel.owner,
                    "parcel.storage_reminder",
                    parcel_id=parcel.pk,
                    parcel_code=parcel.code,
                    day=reminder.day,
                    deadline=timezone.localdate(deadline).isoformat(),
                    days_left=max((deadline - now).days, 0),
                    is_charged=reminder.day >= free_days,
                    free_days=free_days,
                    on_hold=parcel.status == ParcelStatus.ON_HOLD,
                )
                sent += 1
        StorageReminder.objects.filter(pk__in=[r.pk for r in reminders]).update(notified_at=now)
    return sent + _disposal_notices_deliver(limit=limit, limit_days=limit_days)


def _disposal_notices_deliver(*, limit: int, limit_days: int) -> int:
    sent = 0
    with transaction.atomic():
        notices = list(
            DisposalNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(notified_at__isnull=True)
            .select_related("parcel__owner")
            .order_by("id")[:limit]
        )
        for notice in notices:
            parcel = notice.parcel
            if parcel.status == ParcelStatus.DISPOSAL_DUE and parcel.owner is not None:
                deadline = parcel.deadline(limit_days=limit_days)
                notify_user(
                    parcel.owner,
                    "parcel.disposal_due",
                    parcel_id=parcel.pk,
                    parcel_code=parcel.code,
                    deadline=timezone.localdate(deadline).isoformat() if deadline else "",
                    limit_days=limit_days,
                )
                sent += 1
        DisposalNotice.objects.filter(pk__in=[n.pk for n in notices]).update(
            notified_at=timezone.now()
        )
    return sent
