"""State changes, one way for every state machine (parcels, shipments, invoices, payments,
remittances, accounts, privacy requests).

A model with a status names its machine in its class body (`state_machine = StateMachine(...)`,
the table of allowed moves coming from its app's `states.py`), and its event model subclasses
`TransitionEvent`. A service locks the row with `lock` inside its transaction, adds the checks of
its own domain, and calls `transition`, which checks the move against the table, writes the event
row and saves. Periodic sweeps move whole batches with `transition_bulk`, against the same table.

The platform layer: this module imports no app."""

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from transship.errors import IllegalTransition

# The attribute `lock` sets on an instance: the outermost atomic block of the transaction that
# locked it. Django keeps that block object for the whole transaction and gives none outside one,
# so the mark stops counting when the transaction ends (a block object reused by a later call of
# the same decorated function is the one case it cannot tell apart: services hold no instances
# between calls).
_LOCK_MARK = "_transition_locked_in"


class LockRequired(RuntimeError):
    """A programming error: the object was not loaded with `lock` in the current transaction."""


class TransitionEvent(models.Model):
    """Append-only: who moved the object from which status to which, when and why.

    Each machine's event model adds the foreign key to its object (named by the machine's
    `subject`) and redeclares `from_status`/`to_status` with its status choices."""

    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)

    class Meta:
        abstract = True
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


@dataclass(frozen=True)
class StateMachine:
    """A status field, the table of moves allowed from each status, and where moves are logged.

    `events` is the event model's label ("parcels.ParcelEvent"), resolved when first needed: the
    machine is declared in the model's class body, before its event model exists. `event_values`
    are set on every event the machine writes (e.g. the kind of step, where the event table logs
    other steps too)."""

    allowed: Mapping[str, Iterable[str]]
    events: str
    subject: str
    field: str = "status"
    event_values: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def event_model(self) -> type[TransitionEvent]:
        return apps.get_model(self.events)

    def can(self, current: str, to: str) -> bool:
        return to in self.allowed.get(current, ())

    def check(self, obj: Model, to: str) -> None:
        """Raise `IllegalTransition` unless the table allows `obj` to move to `to`."""
        if not self.can(getattr(obj, self.field), to):
            label = dict(obj._meta.get_field(self.field).flatchoices).get(to, to)
            raise IllegalTransition(obj, label)

    def reachable(self, start: str) -> set[str]:
        """Every status a chain of allowed moves can reach from `start` (itself included)."""
        seen, todo = {start}, [start]
        while todo:
            for nxt in self.allowed.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    def event(
        self, obj: Model, *, from_status: str, to_status: str, actor: Any, reason: str
    ) -> TransitionEvent:
        """An unsaved event row for `obj`."""
        return self.event_model(
            **{self.subject: obj},
            from_status=from_status,
            to_status=to_status,
            actor=_actor(actor),
            reason=reason or "",
            **self.event_values,
        )


def machine_of(obj_or_model: Model | type[Model]) -> StateMachine:
    """The machine a model declares in its class body."""
    machine = getattr(obj_or_model, "state_machine", None)
    if not isinstance(machine, StateMachine):
        raise TypeError(f"{obj_or_model!r} declares no state_machine")
    return machine


# --- Locks ---------------------------------------------------------------------------------------
def _outermost_block(using: str) -> object | None:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block or not connection.atomic_blocks:
        return None
    return connection.atomic_blocks[0]


def _for_update(source: type[Model] | QuerySet) -> QuerySet:
    if isinstance(source, type):
        queryset = source._default_manager.all()
    else:
        queryset = source if isinstance(source, QuerySet) else source.all()  # a manager
    if _outermost_block(queryset.db) is None:
        raise LockRequired("lock() needs a transaction: call it inside transaction.atomic.")
    # Keep the caller's options (skip_locked, of=…): only add FOR UPDATE when it is missing.
    return queryset if queryset.query.select_for_update else queryset.select_for_update()


def _mark(obj: Model) -> Model:
    obj.__dict__[_LOCK_MARK] = _outermost_block(obj._state.db or "default")
    return obj


def lock(source: type[Model] | QuerySet, **lookups: Any) -> Model:
    """Load one row with SELECT … FOR UPDATE (`DoesNotExist` when there is none) and mark it
    locked for the current transaction, which `transition` asks for. The row lock serialises two
    people or tasks changing the same object: the second waits and then sees the first's work."""
    return _mark(_for_update(source).get(**lookups))


def lock_all(source: type[Model] | QuerySet, **lookups: Any) -> list[Model]:
    """Like `lock`, for every row of `source` (give it an order, so that locks are taken in a
    stable order)."""
    queryset = _for_update(source)
    if lookups:
        queryset = queryset.filter(**lookups)
    return [_mark(obj) for obj in queryset]


def is_locked(obj: Model) -> bool:
    """Whether `obj` was locked (or created) in the transaction now open."""
    mark = obj.__dict__.get(_LOCK_MARK)
    return mark is not None and mark is _outermost_block(obj._state.db or "default")


def _require_lock(obj: Model) -> None:
    if not is_locked(obj):
        raise LockRequired(
            f"{type(obj).__name__} {obj.pk} is not locked in this transaction: "
            "load it with transship.transitions.lock inside transaction.atomic."
        )


# --- Moves ---------------------------------------------------------------------------------------
def transition(
    obj: Model, *, to: str, actor: Any, reason: str = "", fields: Iterable[str] = ()
) -> bool:
    """Move `obj`, locked by the caller, to `to`: check the move against its machine's table
    (`IllegalTransition`), write one event row (who, from, to, why, when) and save the status with
    `fields`, the other fields the caller changed alongside. Returns False, changing nothing, when
    `obj` already has that status, so a retried task or a double click is harmless."""
    machine = machine_of(obj)
    _require_lock(obj)
    current = getattr(obj, machine.field)
    if current == to:
        return False
    machine.check(obj, to)
    machine.event(obj, from_status=current, to_status=to, actor=actor, reason=reason).save()
    setattr(obj, machine.field, to)
    touched = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    obj.save(update_fields=list(dict.fromkeys([machine.field, *fields, *touched])))
    return True


def transition_bulk(
    queryset: QuerySet,
    *,
    to: str,
    actor: Any = None,
    reason: str = "",
    values: Mapping[str, Any] | None = None,
) -> list[Model]:
    """Lock the rows of `queryset` (keeping its FOR UPDATE options, e.g. SKIP LOCKED) and move
    them all to `to` in two statements whatever their number: one UPDATE (with `values`), one
    INSERT of their events. Every row's move is checked against the same table first; one illegal
    move refuses the batch and nothing changes. Rows already at `to` are left alone. Returns the
    moved rows (load only the fields you need: `queryset.only(...)`)."""
    model = queryset.model
    machine = machine_of(model)
    rows = lock_all(queryset)
    moving = [obj for obj in rows if getattr(obj, machine.field) != to]
    for obj in moving:
        machine.check(obj, to)
    if not moving:
        return []
    changes = {machine.field: to, **(values or {})}
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False):
            changes.setdefault(f.name, timezone.now())
    model._default_manager.filter(pk__in=[obj.pk for obj in moving]).update(**changes)
    machine.event_model._default_manager.bulk_create(
        machine.event(
            obj,
            from_status=getattr(obj, machine.field),
            to_status=to,
            actor=actor,
            reason=reason,
        )
        for obj in moving
    )
    for obj in moving:
        setattr(obj, machine.field, to)
    return moving


def transition_bulk_set(
    queryset: QuerySet,
    *,
    from_statuses: Iterable[str],
    to: str,
    limit: int,
    actor: Any = None,
    reason: str = "",
    values: Mapping[str, Any] | None = None,
) -> list[int]:
    """`transition_bulk` for sweeps over many rows: the same contract, checked per status rather
    than per row, and done in the database without loading the rows into Python.

    The moves `from_statuses` → `to` are checked against the machine's table first (one illegal
    pair refuses the call, nothing changes); only rows of `queryset` in one of those statuses
    move, so a row's legality is that of its status, which is what the table decides. At most
    `limit` rows (in primary-key order) are locked with FOR UPDATE SKIP LOCKED, updated to `to`
    (with `values` and the auto_now fields) and given their event rows, in ONE statement on
    PostgreSQL (a data-modifying WITH: SELECT … FOR UPDATE, UPDATE … RETURNING the old status,
    INSERT … SELECT the events). Other databases take `transition_bulk`'s path. Returns the moved
    ids: the caller writes its own per-row records (notices) set-based from them and continues a
    keyset scan after the largest."""
    model = queryset.model
    machine = machine_of(model)
    sources = list(dict.fromkeys(from_statuses))
    if to in sources:
        raise ValueError("A bulk move never starts from its target status.")
    for status in sources:
        if not machine.can(status, to):
            label = dict(model._meta.get_field(machine.field).flatchoices).get(to, to)
            raise IllegalTransition(model(**{machine.field: status}), label)
    picked = (
        queryset.filter(**{f"{machine.field}__in": sources})
        .select_for_update(skip_locked=True)
        .order_by("pk")
    )
    connection = transaction.get_connection(queryset.db)
    if connection.vendor != "postgresql":
        moved = transition_bulk(
            picked.only("pk", machine.field)[:limit],
            to=to,
            actor=actor,
            reason=reason,
            values=values,
        )
        return [obj.pk for obj in moved]
    if _outermost_block(queryset.db) is None:
        raise LockRequired("transition_bulk_set() needs a transaction.")

    now = timezone.now()
    changes = {machine.field: to, **(values or {})}
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False):
            changes.setdefault(f.name, now)
    meta, qn = model._meta, connection.ops.quote_name
    pk_column = meta.pk.column
    select_sql, select_params = picked.values_list("pk", machine.field)[
        :limit
    ].query.sql_with_params()
    set_sql, set_params = [], []
    for name, value in changes.items():
        field = meta.get_field(name)
        set_sql.append(f"{qn(field.column)} = %s")
        set_params.append(field.get_db_prep_save(value, connection))

    event_model = machine.event_model
    event_meta = event_model._meta
    event_values = {
        "to_status": to,
        "actor": _actor(actor),
        "reason": reason or "",
        "created_at": now,
        **machine.event_values,
    }
    columns = [event_meta.get_field(machine.subject).column, "from_status"]
    selects, event_params = ["id", "from_status"], []
    for name, value in event_values.items():
        field = event_meta.get_field(name)
        if field.is_relation:
            value = value.pk if value is not None else None
        columns.append(field.column)
        selects.append("%s")
        event_params.append(
            field.get_db_prep_save(value, connection) if value is not None else None
        )

    sql = (
        f"WITH picked (id, from_status) AS ({select_sql}), "  # noqa: S608 - names from the models
        f"moved AS (UPDATE {qn(meta.db_table)} AS t SET {', '.join(set_sql)} FROM picked "
        f"WHERE t.{qn(pk_column)} = picked.id RETURNING t.{qn(pk_column)} AS id, "
        f"picked.from_status), "
        f"logged AS (INSERT INTO {qn(event_meta.db_table)} ({', '.join(map(qn, columns))}) "
        f"SELECT {', '.join(selects)} FROM moved) "
        "SELECT id FROM moved ORDER BY id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*select_params, *set_params, *event_params])
        return [row[0] for row in cursor.fetchall()]


def record_created(obj: Model, *, actor: Any, reason: str = "") -> None:
    """Log the first status of an object just created in this transaction (from ∅). The new
    row is the transaction's own until it commits, so it counts as locked."""
    machine = machine_of(obj)
    machine.event(
        obj, from_status="", to_status=getattr(obj, machine.field), actor=actor, reason=reason
    ).save()
    if _outermost_block(obj._state.db or "default") is not None:
        _mark(obj)


def record_note(obj: Model, *, actor: Any, reason: str) -> None:
    """Log a step that keeps the status (e.g. a new hold reason, a bin move) in the same
    history: an event from the current status to itself."""
    machine = machine_of(obj)
    _require_lock(obj)
    current = getattr(obj, machine.field)
    machine.event(obj, from_status=current, to_status=current, actor=actor, reason=reason).save()


def _actor(actor: Any) -> Any:
    """A user, or None for the system (tasks) and anonymous callers."""
    return actor if getattr(actor, "pk", None) else None
