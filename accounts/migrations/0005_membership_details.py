from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_existing_users_active")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="login_failures_reset_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
