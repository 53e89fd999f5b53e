"""The content types of the moved models change app label (billing → shipping) in place, so the
permissions granted on them (to groups and to single users) and the admin history keep pointing at
the same rows. `accounts.roles.roles_sync` then grants each role exactly what
`ShippingConfig.role_permissions` declares, the same rights it had under billing."""

from django.db import migrations

MODELS = ("carrierservice", "zone", "ratetable", "rate")


def _relabel(apps, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        # A row under the new label exists only if a migrate stopped half way; the old row is the
        # one grants and history point at, so it wins.
        ContentType.objects.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _relabel(apps, source="billing", target="shipping")


def backwards(apps, schema_editor):
    _relabel(apps, source="shipping", target="billing")


class Migration(migrations.Migration):
    dependencies = [
        ("shipping", "0002_carrier_service_max_declared_value"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
