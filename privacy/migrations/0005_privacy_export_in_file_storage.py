"""Export ZIPs move from a database column to file storage (the private bucket in production)."""

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models


def exports_to_storage(apps, schema_editor):
    PrivacyRequest = apps.get_model("privacy", "PrivacyRequest")
    for request in PrivacyRequest.objects.exclude(export_data=None).only("pk", "export_data"):
        name = default_storage.save(
            f"privacy-exports/{secrets.token_hex(16)}.zip", ContentFile(bytes(request.export_data))
        )
        PrivacyRequest.objects.filter(pk=request.pk).update(export_file=name)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0004_privacy_request_awaiting_settlement"),
    ]

    operations = [
        migrations.AddField(
            model_name="privacyrequest",
            name="export_file",
            field=models.FileField(blank=True, editable=False, upload_to="privacy-exports/"),
        ),
        # Backwards, a pending export is dropped (its file stays until the bucket is cleaned):
        # the customer asks for a new copy.
        migrations.RunPython(exports_to_storage, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="privacyrequest",
            name="export_data",
        ),
    ]
