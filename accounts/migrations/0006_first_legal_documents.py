"""Publish version 1 of the terms of use and the privacy policy, so sign-up has something to
accept. Staff publish later versions in the admin."""

from django.db import migrations

TERMS = """Transship Japan — Terms of use (version 1)

1. Membership is personal: one person, one account. Registration is an application that we approve.
3. We may refuse an application on the grounds of article 3.3 (a minor without a guardian's consent,
   previous disqualification, false information, unpaid debts, obstruction, other).
4. Keep your password secret and change it regularly.
8. We may suspend or disqualify an account that breaks these terms; five wrong passwords in fifteen
   minutes lock the login until the password is reset.
"""
PRIVACY = """Transship Japan — Privacy policy (version 1)

We collect your name, email, optional phone, birthday and gender to run your account, and the
recipients you enter to ship your parcels. We share them only with carriers, customs and the payment
provider, as needed. You may ask for a copy, a correction or the deletion of your data at any time.
"""


def publish(apps, schema_editor):
    LegalDocument = apps.get_model("accounts", "LegalDocument")
    for kind, body in (("terms", TERMS), ("privacy", PRIVACY)):
        if not LegalDocument.objects.filter(kind=kind).exists():
            LegalDocument.objects.create(kind=kind, version=1, body_en=body)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_membership_details")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
