"""The copy of a customer's personal data for an access request: built by a task, handed over
once through an expiring link."""

import secrets
from datetime import datetime, timedelta
from typing import Any

from constance import config
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy.models import PrivacyRequest
from privacy.services.lifecycle import (
    PrivacyRequestError,
    privacy_request_customer_notify,
    privacy_request_event_log,
    privacy_request_transition,
)
from privacy.states import RequestAction, RequestStatus
from privacy.storage import export_files_delete_on_commit


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
        # A random name: the file's name says nothing of whose data it holds.
        request.export_file.save(
            f"{secrets.token_hex(16)}.zip",
            ContentFile(personal_data_export(user_id=request.user_id)),
            save=False,
        )
        request.export_token_digest = PrivacyRequest.token_digest(token)
        request.export_expires_at = timezone.now() + timedelta(
            hours=config.PRIVACY_EXPORT_LINK_HOURS
        )
        request.save(update_fields=["export_file", "export_token_digest", "export_expires_at"])
        privacy_request_event_log(request, action=RequestAction.EXPORT_READY, actor=None)
        request = privacy_request_transition(
            request_id=request_id,
            to=RequestStatus.COMPLETED,
            actor=None,
            reason="export ready",
            answer=_("A copy of your personal data is ready to download (once, before %(at)s).")
            % {"at": timezone.localtime(request.export_expires_at).strftime("%Y-%m-%d %H:%M")},
        )
        link = reverse("privacy:export_download", args=[token])
        privacy_request_customer_notify(
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
    if not request.export_is_downloadable or not request.export_file:
        raise PrivacyRequestError(_("This download link has expired; ask for a new copy."))
    with request.export_file.open("rb") as stored:
        data = stored.read()
    export_files_delete_on_commit([request.export_file.name])
    request.export_file = ""
    request.export_downloaded_at = timezone.now()
    request.save(update_fields=["export_file", "export_downloaded_at"])
    privacy_request_event_log(request, action=RequestAction.EXPORT_DOWNLOADED, actor=user)
    return request, data


def privacy_exports_purge(*, now: datetime, batch_size: int = 500) -> int:
    """Delete the stored ZIPs of exports whose link expired before anyone downloaded them;
    return how many. Safe to run twice: a purged row has no file left."""
    purged = 0
    while True:
        with transaction.atomic():
            rows = list(
                PrivacyRequest.objects.select_for_update(skip_locked=True)
                .filter(export_expires_at__lte=now)
                .exclude(export_file="")
                .values_list("pk", "export_file")[:batch_size]
            )
            if not rows:
                return purged
            PrivacyRequest.objects.filter(pk__in=[pk for pk, _name in rows]).update(export_file="")
            export_files_delete_on_commit(name for _pk, name in rows)
            purged += len(rows)
