"""Export and erasure of a person's data across every app, and the retention rule (P4(1), P5).

Each app offers `<app>/personal_data.py` with `export(*, user_id)` and `erase(*, user_id,
pseudonym)`. Records the law requires (invoices, ledger, customs declarations) are kept by their
app's `erase`, pseudonymized under the opaque id recorded in `Erasure`."""

import csv
import importlib
import io
import json
import logging
import secrets
import zipfile
from datetime import timedelta
from types import ModuleType
from typing import Any

from constance import config
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from privacy.models import DeletionNotice, Disclosure, Erasure
from transship import redaction
from transship.queue import task_enqueue_on_commit

log = logging.getLogger(__name__)

HOOK_APPS = ("accounts", "notifications", "parcels", "billing", "privacy", "support")


def personal_data_hooks() -> dict[str, ModuleType | None]:
    """Each app's personal_data module, or None when the app offers none yet."""
    hooks: dict[str, ModuleType | None] = {}
    for app in HOOK_APPS:
        name = f"{app}.personal_data"
        try:
            hooks[app] = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            hooks[app] = None
    return hooks


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: json.dumps(value, ensure_ascii=False)
                if isinstance(value, list | dict)
                else value
                for key, value in row.items()
            }
        )
    return out.getvalue()


def personal_data_export(*, user_id: int) -> bytes:
    """A ZIP with every app's rows of the user's personal data, each table as JSON and CSV."""
    buffer = io.BytesIO()
    manifest: dict[str, Any] = {
        "user_id": user_id,
        "generated_at": timezone.now().isoformat(),
        "apps": {},
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for app, hook in personal_data_hooks().items():
            if hook is None:
                manifest["apps"][app] = "no personal data hook"
                continue
            tables = hook.export(user_id=user_id)
            manifest["apps"][app] = sorted(tables)
            for table, rows in tables.items():
                body = json.dumps(rows, ensure_ascii=False, indent=2, default=str)
                archive.writestr(f"{app}/{table}.json", body)
                archive.writestr(f"{app}/{table}.csv", _csv(rows))
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return buffer.getvalue()


def _scrub_admin_log(*, user: Any, pseudonym: str) -> None:
    """Django's admin history repeats `str(obj)` (a user's email) in object_repr."""
    user_type = ContentType.objects.get_for_model(type(user))
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=pseudonym
    )
    LogEntry.objects.filter(object_repr__icontains=user.email).update(object_repr=pseudonym)
    if user.full_name:
        LogEntry.objects.filter(object_repr__icontains=user.full_name).update(object_repr=pseudonym)


def _recipient_contacts() -> dict[str, str]:
    contacts = {}
    for line in (config.PRIVACY_RECIPIENT_CONTACTS or "").splitlines():
        name, sep, email = line.partition("=")
        if sep and name.strip() and email.strip():
            contacts[name.strip().lower()] = email.strip()
    return contacts


def _identifier_pattern(hooks: dict[str, ModuleType | None], *, user_id: int) -> Any:
    """Every app's identifiers of the person (names, emails, address lines, phones), read before
    any app erases them."""
    found: dict[str, list[str]] = {"names": [], "texts": [], "phones": []}
    for hook in hooks.values():
        provide = getattr(hook, "identifiers", None)
        if provide is not None:
            for key, values in provide(user_id=user_id).items():
                found[key] += [value for value in values if value]
    return redaction.identifier_pattern(**found)


def _redact_kept_text(
    hooks: dict[str, ModuleType | None], *, user_id: int, pattern: Any, pseudonym: str
) -> None:
    """Free text in records kept by law (customs lines, ledger descriptions...) is kept with the
    person's identifiers replaced by the pseudonym; emptied text (notes, requests) needs nothing."""
    for hook in hooks.values():
        kept = getattr(hook, "kept_text", None)
        if kept is not None:
            for queryset, fields in kept(user_id=user_id):
                redaction.redact_rows(queryset, fields, pattern, pseudonym)


@transaction.atomic
def user_erase(*, user_id: int, actor: Any, reason: str) -> None:
    """Anonymize the user's personal data in every app, keep legally required records under a
    pseudonym, and send each recorded recipient a deletion notice. Running it twice is a no-op."""
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user_id)
    if Erasure.objects.filter(user_pk=user_id).exists():
        return
    pseudonym = "anon-" + secrets.token_hex(8)
    _scrub_admin_log(user=user, pseudonym=pseudonym)
    hooks = personal_data_hooks()
    pattern = _identifier_pattern(hooks, user_id=user_id)
    erased, missing = [], []
    for app, hook in hooks.items():
        if hook is None:
            missing.append(app)
            continue
        hook.erase(user_id=user_id, pseudonym=pseudonym)
        erased.append(app)
    _redact_kept_text(hooks, user_id=user_id, pattern=pattern, pseudonym=pseudonym)
    if missing:
        log.warning("user %s erased without hooks for %s", user_id, ", ".join(missing))
    erasure = Erasure.objects.create(
        user_id=user_id,
        user_pk=user_id,
        pseudonym=pseudonym,
        reason=reason[:200],
        actor=actor if getattr(actor, "pk", None) else None,
        apps_erased=erased,
        apps_missing=missing,
    )
    contacts = _recipient_contacts()
    by_recipient: dict[str, list[int]] = {}
    for disclosure_id, recipient in Disclosure.objects.filter(
        user_id=user_id, deletion_notice_sent_at__isnull=True
    ).values_list("pk", "recipient"):
        by_recipient.setdefault(recipient, []).append(disclosure_id)
    notice_ids = []
    for recipient, disclosure_ids in by_recipient.items():
        contact = contacts.get(recipient.lower(), config.PRIVACY_DEFAULT_RECIPIENT_CONTACT)
        notice = DeletionNotice.objects.create(
            erasure=erasure, recipient=recipient, contact=contact, disclosures=disclosure_ids
        )
        notice_ids.append(notice.pk)
    Disclosure.objects.filter(user_id=user_id).update(deletion_notice_sent_at=timezone.now())

    for notice_id in notice_ids:
        task_enqueue_on_commit("privacy.send_deletion_notice", notice_id)


def deletion_notice_send(*, notice_id: int) -> None:
    """Email one deletion notice to the recipient's contact; a no-op once sent."""
    with transaction.atomic():
        notice = (
            DeletionNotice.objects.select_for_update()
            .select_related("erasure")
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return
        disclosures = Disclosure.objects.filter(pk__in=notice.disclosures).order_by("disclosed_at")
        context = {
            "notice": notice,
            "disclosures": disclosures,
            "contact": config.PRIVACY_CONTACT_EMAIL,
        }
        subject = " ".join(
            render_to_string("privacy/email/deletion_notice_subject.txt", context).split()
        )
        body = render_to_string("privacy/email/deletion_notice_body.txt", context)
        EmailMessage(subject=subject, body=body, to=[notice.contact]).send(fail_silently=False)
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])


def retention_sweep(*, now: Any) -> dict[str, int]:
    """Apply the retention rule: anonymize withdrawn (or deceased) accounts after
    PRIVACY_ANONYMIZE_AFTER_DAYS; after PRIVACY_FINANCIAL_RETENTION_YEARS, ask each app to delete
    the records it kept by law (`purge(*, user_id)` in its personal_data, when it has one)."""
    from accounts.models import AccountEvent
    from accounts.states import AccountStatus

    closed = (AccountStatus.WITHDRAWN, AccountStatus.DECEASED)
    cutoff = now - timedelta(days=config.PRIVACY_ANONYMIZE_AFTER_DAYS)
    User = get_user_model()
    due_ids = list(
        User.objects.filter(status__in=closed, erasure__isnull=True)
        .filter(
            pk__in=AccountEvent.objects.filter(to_status__in=closed, created_at__lte=cutoff).values(
                "user_id"
            )
        )
        .values_list("pk", flat=True)[:500]
    )
    for user_id in due_ids:
        user_erase(user_id=user_id, actor=None, reason="retention: account closed")

    purge_cutoff = now - timedelta(days=365 * config.PRIVACY_FINANCIAL_RETENTION_YEARS + 2)
    purged = 0
    hooks = personal_data_hooks()
    for erasure in Erasure.objects.filter(
        erased_at__lte=purge_cutoff, records_purged_at__isnull=True
    )[:500]:
        with transaction.atomic():
            for hook in hooks.values():
                purge = getattr(hook, "purge", None)
                if purge is not None:
                    purge(user_id=erasure.user_pk)
            Erasure.objects.filter(pk=erasure.pk).update(records_purged_at=now)
        purged += 1
    return {"anonymized": len(due_ids), "purged": purged}
