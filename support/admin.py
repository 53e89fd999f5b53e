"""The support queue and the notices in the admin: agents assign conversations to themselves,
reply (the customer is notified), add internal notes, resolve; the customer's context is beside
the thread, masked unless the agent unmasks it (logged)."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin
from support import selectors, services
from support.forms import AgentReplyForm
from support.models import (
    AbuseFlag,
    CannedReply,
    CompromiseReport,
    Conversation,
    ConversationEvent,
    ServiceNotice,
)
from transship.admin import ReadOnlyInline
from transship.errors import DomainError
from transship.masking import mask_email, personal_data_view_log, user_may_unmask


class ConversationEventInline(ReadOnlyInline):
    model = ConversationEvent
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields
    verbose_name_plural = _("history")


class OverdueFilter(admin.SimpleListFilter):
    title = _("targets")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Past a target"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "yes":
            return queryset.filter(selectors.is_overdue_q(timezone.now()))
        return queryset


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "subject",
        "customer",
        "topic",
        "status",
        "assigned_to",
        "target",
        "updated_at",
    )
    list_display_links = ("id", "subject")
    list_filter = ("status", OverdueFilter, "topic", "assigned_to")
    list_select_related = ("user", "assigned_to")
    search_fields = ("=id", "user__member_code", "user__email")
    ordering = ("first_response_due_at", "pk")
    autocomplete_fields = ("assigned_to",)
    fields = (
        "customer",
        "subject",
        "topic",
        "linked",
        "status",
        "assigned_to",
        "created_at",
        "first_response_due_at",
        "first_responded_at",
        "resolution_due_at",
        "resolved_at",
    )
    readonly_fields = (
        "customer",
        "subject",
        "topic",
        "linked",
        "status",
        "created_at",
        "first_response_due_at",
        "first_responded_at",
        "resolution_due_at",
        "resolved_at",
    )
    inlines = (ConversationEventInline,)
    actions = ("assign_to_me", "resolve")
    change_form_template = "admin/support/conversation_change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # customers open conversations

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("customer"))
    def customer(self, obj: Conversation) -> str:
        code = obj.user.member_code or f"#{obj.user_id}"
        return f"{code} · {mask_email(obj.user.email)}"

    @admin.display(description=_("about"))
    def linked(self, obj: Conversation) -> str:
        for field, url_name in (
            ("parcel", "admin:parcels_parcel_change"),
            ("shipment", "admin:parcels_shipment_change"),
            ("invoice", "admin:billing_invoice_change"),
            ("privacy_request", "admin:privacy_privacyrequest_change"),
        ):
            target_id = getattr(obj, f"{field}_id")
            if target_id:
                return format_html(
                    '<a href="{}">{}</a>',
                    reverse(url_name, args=[target_id]),
                    getattr(obj, field),
                )
        return "—"

    @admin.display(description=_("next target"), ordering="first_response_due_at")
    def target(self, obj: Conversation) -> str:
        due = obj.first_response_due_at if obj.first_responded_at is None else obj.resolution_due_at
        text = timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
        if obj.is_overdue():
            return format_html('<strong class="errornote">{} ({})</strong>', text, _("overdue"))
        return text if obj.is_open else "—"

    def save_model(self, request: HttpRequest, obj: Conversation, form, change: bool) -> None:
        if "assigned_to" in form.changed_data:
            services.conversation_assign(
                conversation_id=obj.pk, agent=obj.assigned_to, actor=request.user
            )

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: Any) -> None:
        for conversation_id in queryset.values_list("pk", flat=True):
            services.conversation_assign(
                conversation_id=conversation_id, agent=request.user, actor=request.user
            )
        self.message_user(request, _("Assigned to you."), messages.SUCCESS)

    @admin.action(description=_("Mark resolved"), permissions=["change"])
    def resolve(self, request: HttpRequest, queryset: Any) -> None:
        for conversation_id in queryset.values_list("pk", flat=True):
            try:
                services.conversation_resolve(conversation_id=conversation_id, actor=request.user)
            except DomainError as exc:
                self.message_user(request, str(exc.message), messages.ERROR)

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/write/",
                self.admin_site.admin_view(self.write_view),
                name="support_conversation_write",
            )
        ]
        return custom + super().get_urls()

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, object_id)
        if obj is not None:
            unmask = request.GET.get("unmask") == "1" and user_may_unmask(request.user)
            if unmask:
                personal_data_view_log(
                    staff=request.user,
                    subject_user_id=obj.user_id,
                    model_label="support.conversation",
                    object_id=str(obj.pk),
                    fields=["name", "email"],
                    reason="support conversation context",
                )
            extra_context.update(
                thread=selectors.staff_messages(conversation=obj),
                context=selectors.customer_context(user_id=obj.user_id, unmasked=unmask),
                may_unmask=user_may_unmask(request.user),
                unmasked=unmask,
                may_write=self.has_change_permission(request, obj),
                reply_form=AgentReplyForm(),
                canned_replies=[
                    (reply.title, reply.body_for(obj.user.language))
                    for reply in CannedReply.objects.all()
                ],
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def write_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The reply / note box under the thread (POST only)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        get_object_or_404(Conversation, pk=pk)
        form = AgentReplyForm(request.POST)
        back = reverse("admin:support_conversation_change", args=[pk])
        if not form.is_valid():
            self.message_user(request, _("Write a text and choose what to do."), messages.ERROR)
            return HttpResponseRedirect(back)
        action, body = form.cleaned_data["action"], form.cleaned_data["body"]
        try:
            if action == "note":
                services.conversation_note_add(agent=request.user, conversation_id=pk, body=body)
                self.message_user(request, _("Internal note added."), messages.SUCCESS)
            else:
                services.conversation_agent_reply(
                    agent=request.user,
                    conversation_id=pk,
                    body=body,
                    resolve=action == "reply_resolve",
                )
                self.message_user(
                    request, _("Reply sent; the customer is notified."), messages.SUCCESS
                )
        except DomainError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
        return HttpResponseRedirect(back)


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ("title",)
    search_fields = ("title",)


@admin.register(CompromiseReport)
class CompromiseReportAdmin(admin.ModelAdmin):
    list_display = ("id", "customer", "source", "reported_at", "tokens_revoked", "restored_at")
    list_filter = ("source", ("restored_at", admin.EmptyFieldListFilter))
    list_select_related = ("user",)
    search_fields = ("=id", "user__member_code", "user__email")
    fields = (
        "customer",
        "source",
        "reported_at",
        "tokens_revoked",
        "conversation",
        "restored_at",
        "restored_by",
    )
    readonly_fields = fields
    actions = ("restore",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_restore_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("support.restore_account")

    @admin.display(description=_("customer"))
    def customer(self, obj: CompromiseReport) -> str:
        return f"{obj.user.member_code or '#' + str(obj.user_id)} · {mask_email(obj.user.email)}"

    @admin.action(
        description=_("Restore the account (lift the hold on recipients and bank accounts)"),
        permissions=["restore"],
    )
    def restore(self, request: HttpRequest, queryset: Any) -> None:
        for report_id in queryset.values_list("pk", flat=True):
            services.account_restore(report_id=report_id, actor=request.user)
        self.message_user(request, _("Restored."), messages.SUCCESS)


@admin.register(ServiceNotice)
class ServiceNoticeAdmin(admin.ModelAdmin):
    list_display = (
        "title_en",
        "kind",
        "audience",
        "starts_at",
        "ends_at",
        "maintenance_mode",
        "published_at",
        "emailed_at",
    )
    list_filter = ("kind", "audience", "maintenance_mode")
    search_fields = ("title_en",)
    filter_horizontal = ("services",)
    readonly_fields = ("published_at", "emailed_at")
    actions = ("publish", "withdraw")

    def save_model(self, request: HttpRequest, obj: ServiceNotice, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish (and email affected customers)"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: Any) -> None:
        for notice_id in queryset.values_list("pk", flat=True):
            try:
                services.notice_publish(notice_id=notice_id, actor=request.user)
            except DomainError as exc:
                self.message_user(request, str(exc.message), messages.ERROR)
        self.message_user(request, _("Published."), messages.SUCCESS)

    @admin.action(description=_("Withdraw"), permissions=["change"])
    def withdraw(self, request: HttpRequest, queryset: Any) -> None:
        for notice_id in queryset.values_list("pk", flat=True):
            services.notice_withdraw(notice_id=notice_id)
        self.message_user(request, _("Withdrawn."), messages.SUCCESS)


@admin.register(AbuseFlag)
class AbuseFlagAdmin(admin.ModelAdmin):
    list_display = ("id", "customer", "act", "created_at", "flagged_by")
    list_filter = ("act",)
    list_select_related = ("user", "flagged_by")
    search_fields = ("=id", "user__member_code", "user__email")
    autocomplete_fields = ("user",)
    fields = ("user", "act", "note", "created_at", "flagged_by")
    readonly_fields = ("created_at", "flagged_by")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("customer"))
    def customer(self, obj: AbuseFlag) -> str:
        return f"{obj.user.member_code or '#' + str(obj.user_id)} · {mask_email(obj.user.email)}"

    def save_model(self, request: HttpRequest, obj: AbuseFlag, form, change: bool) -> None:
        flag = services.abuse_flag_add(
            user_id=obj.user_id, act=obj.act, note=obj.note, actor=request.user
        )
        obj.pk = flag.pk


class AbuseFlagInline(ReadOnlyInline):
    """The account's prohibited-act flags (A18) on the account's own admin page."""

    model = AbuseFlag
    fk_name = "user"
    fields = ("created_at", "act", "note", "flagged_by")
    readonly_fields = fields
    verbose_name_plural = _("prohibited-act flags (article 18)")


# Accounts never imports support (the layers): support adds its flags to the account's page.
UserAdmin.inlines = (*UserAdmin.inlines, AbuseFlagInline)
