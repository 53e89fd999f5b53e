"""Files in object storage: the S3 path against a real local S3-compatible server (moto in server
mode, tests/conftest.py `s3_storage`), configured as production configures it."""

import io
import re
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parcels.models import ParcelPhoto
from privacy import services as privacy_services
from privacy import tasks as privacy_tasks
from privacy.models import PrivacyRequest
from tests.billing.factories import InvoiceFactory
from tests.factories import UserFactory
from tests.parcels.factories import ParcelFactory

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0 not much of a photo"


def _keys(client, bucket: str) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def _nothing_on_disk(settings) -> bool:
    media = Path(settings.MEDIA_ROOT)
    return not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_an_intake_photo_is_private_in_the_bucket_and_served_by_the_checked_view(
    s3_storage, settings, client
):
    s3, bucket = s3_storage
    owner = UserFactory()
    parcel = ParcelFactory(owner=owner)

    photo = ParcelPhoto.objects.create(
        parcel=parcel, image=SimpleUploadedFile("label.jpg", JPEG, "image/jpeg")
    )

    assert _keys(s3, bucket) == [photo.image.name]
    assert photo.image.name.startswith(f"parcels/{parcel.pk}/")
    grants = s3.get_object_acl(Bucket=bucket, Key=photo.image.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's only
    assert not any("AllUsers" in str(grant["Grantee"]) for grant in grants)
    # Any URL the storage makes is signed and short-lived, never the bare bucket URL.
    query = parse_qs(urlsplit(default_storage.url(photo.image.name)).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    assert _nothing_on_disk(settings)

    client.force_login(owner)
    response = client.get(reverse("parcels:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG
    client.force_login(UserFactory())
    assert client.get(reverse("parcels:photo", args=[photo.pk])).status_code == 404


def test_a_receipt_pdf_is_generated_per_request_and_written_nowhere(s3_storage, settings, client):
    s3, bucket = s3_storage
    invoice = InvoiceFactory(total=Decimal(1200))
    client.force_login(invoice.user)

    response = client.get(reverse("billing:receipt", args=[invoice.pk]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert _keys(s3, bucket) == []
    assert _nothing_on_disk(settings)


def _ready_export(*, customer, support_agent) -> PrivacyRequest:
    request = privacy_services.privacy_request_create(user=customer, kind="access")
    privacy_services.privacy_request_verify(
        request_id=request.pk, actor=support_agent, method="id_document"
    )
    privacy_services.privacy_request_process(request_id=request.pk, actor=support_agent)
    return privacy_services.privacy_request_export_build(request_id=request.pk)


def test_an_export_zip_is_in_the_bucket_until_its_owner_downloads_it(
    s3_storage, settings, client, support_agent, django_capture_on_commit_callbacks
):
    s3, bucket = s3_storage
    customer = UserFactory()
    request = _ready_export(customer=customer, support_agent=support_agent)
    assert _keys(s3, bucket) == [request.export_file.name]
    assert request.export_file.name.startswith("privacy-exports/")
    assert re.fullmatch(r"privacy-exports/[0-9a-f]{32}\.zip", request.export_file.name)

    client.force_login(UserFactory())
    url = reverse("privacy:request_download", args=[request.pk])
    assert client.post(url).status_code == 404
    client.force_login(customer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert _keys(s3, bucket) == []
    assert _nothing_on_disk(settings)


def test_expired_export_zips_are_deleted_from_the_bucket_by_the_beat_task(
    s3_storage, support_agent, django_capture_on_commit_callbacks
):
    s3, bucket = s3_storage
    expired = _ready_export(customer=UserFactory(), support_agent=support_agent)
    current = _ready_export(customer=UserFactory(), support_agent=support_agent)
    PrivacyRequest.objects.filter(pk=expired.pk).update(
        export_expires_at=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        privacy_tasks.purge_expired_exports()
    with django_capture_on_commit_callbacks(execute=True):
        privacy_tasks.purge_expired_exports()  # a second run finds nothing to do

    assert _keys(s3, bucket) == [current.export_file.name]
    expired.refresh_from_db()
    assert not expired.export_file
    assert not expired.export_is_downloadable
