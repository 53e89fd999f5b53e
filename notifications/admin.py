from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification
from transship.masking import MaskedAdminMixin

MASKED = ("recipient", "subject", "body_text", "body_html", "context")


@admin.register(Notification)
class NotificationAdmin(MaskedAdminMixin, admin.ModelAdmin):
    """The outbox, read-only. Addresses and message texts are personal data (a reset link is a
    credential): masked unless a privileged agent unmasks them, which is logged."""

    list_display = ("created_at", "event", "category", "member", "recipient", "status", "attempts")
    list_filter = ("status", "category", "channel")
    search_fields = ("event", "user__email")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    masked_fields = MASKED
    readonly_fields = [f.name for f in Notification._meta.fields if f.name not in MASKED]

    @admin.display(description=_("member"), ordering="user__member_code")
    def member(self, obj: Notification) -> str:
        return obj.user.member_code or f"#{obj.user_id}"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
