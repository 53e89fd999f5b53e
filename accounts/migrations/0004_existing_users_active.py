"""Users created before membership existed (demo, staff) become active members with a code."""

from django.db import migrations


def activate_existing(apps, schema_editor):
    from accounts import member_codes

    User = apps.get_model("accounts", "User")
    MemberCode = apps.get_model("accounts", "MemberCode")
    for user in User.objects.filter(status="applied", member_code__isnull=True):
        code = member_codes.generate()
        while MemberCode.objects.filter(code=code).exists():
            code = member_codes.generate()
        MemberCode.objects.create(code=code, user=user)
        user.member_code = code
        user.status = "active"
        user.save(update_fields=["member_code", "status"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_membership")]
    operations = [migrations.RunPython(activate_existing, migrations.RunPython.noop)]
