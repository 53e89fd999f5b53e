from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    role_permissions = {
        "Support agent": ["notifications.view_notification"],
    }
    periodic_tasks = (
        ("notifications: redeliver stuck", "notifications.deliver_pending", {"minute": "*"}),
    )
