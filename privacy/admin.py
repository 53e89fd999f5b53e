"""Support agents' privacy desk: the request queue sorted by legal deadline, the identity
verification step, processing or refusal, incidents, and the read-only logs."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts import selectors as accounts_selectors
from privacy import services
from privacy.models import (
    DeletionNotice,
    Disclosure,
    Erasure,
    PersonalDataAccess,
    PrivacyRequest,
    PrivacyRequestEvent,
    SecurityIncident,
)
from privacy.states import (
    ERASING_KINDS,
    RefusalGround,
    RequestKind,
    RequestStatus,
    VerificationMethod,
)
from transship.admin import ReadOnlyInline
from transship.errors import DomainError
from transship.masking import MaskedAdminMixin, mask_email


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PrivacyRequestEventInline(ReadOnlyInline):
    model = PrivacyRequestEvent
    fields = ("created_at", "action", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


class VerifyForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How was the identity verified?"), choices=VerificationMethod.choices
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProcessForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the customer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For a correction, say what was changed. Otherwise a standard answer is sent."),
    )


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Ground (privacy policy 5(6))"), choices=RefusalGround.choices
    )
    message = forms.CharField(
        label=_("Message to the customer"), widget=forms.Textarea(attrs={"rows": 5})
    )


STEPS = {
    "verify": (VerifyForm, _("Verify the requester's identity")),
    "process": (ProcessForm, _("Process the request")),
    "refuse": (RefuseForm, _("Refuse the request")),
}


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(MaskedAdminMixin, admin.ModelAdmin):
    masked_fields = ("details",)
    list_display = (
        "id",
        "kind",
        "requester",
        "status",
        "received_at",
        "deadline",
        "assigned_to",
        "fee_amount",
    )
    list_display_links = ("id",)
    list_filter = ("status", "kind", "assigned_to")
    list_select_related = ("user", "assigned_to")
    search_fields = ("=id", "user__member_code")
    ordering = ("due_at", "pk")
    autocomplete_fields = ("assigned_to",)
    fields = (
        "requester",
        "kind",
        "deletion_ground",
        "details",
        "status",
        "received_at",
        "due_at",
        "assigned_to",
        "verified_at",
        "verified_by",
        "verification_method",
        "refusal_ground",
        "answer",
        "fee_amount",
        "fee_invoice_link",
        "settlement_blockers",
        "settlement_started_at",
        "settlement_ended_at",
        "closed_at",
        "export_expires_at",
        "export_downloaded_at",
    )
    readonly_fields = (
        "requester",
        "details",
        "kind",
        "deletion_ground",
        "status",
        "received_at",
        "due_at",
        "verified_at",
        "verified_by",
        "verification_method",
        "refusal_ground",
        "answer",
        "fee_amount",
        "fee_invoice_link",
        "settlement_blockers",
        "settlement_started_at",
        "settlement_ended_at",
        "closed_at",
        "export_expires_at",
        "export_downloaded_at",
    )
    inlines = (PrivacyRequestEventInline,)
    actions = ("assign_to_me", "charge_fee")
    change_form_template = "admin/privacy/privacyrequest_change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # requests come from customers

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("requester"))
    def requester(self, obj: PrivacyRequest) -> str:
        code = getattr(obj.user, "member_code", None) or f"#{obj.user_id}"
        return f"{code} · {mask_email(obj.user.email)}"

    @admin.display(description=_("fee invoice"))
    def fee_invoice_link(self, obj: PrivacyRequest) -> str:
        if obj.fee_invoice_id is None:
            return "—"
        invoice = obj.fee_invoice
        url = reverse("admin:billing_invoice_change", args=[invoice.pk])
        return format_html(
            '<a href="{}">{}</a> ({})', url, invoice.number, invoice.get_status_display()
        )

    @admin.display(description=_("what blocks the erasure"))
    def settlement_blockers(self, obj: PrivacyRequest) -> str:
        """For a deletion or cancellation still open: the parcels, shipments, invoices and
        balance that must be settled before the erasure (the closure registry answers)."""
        if obj.kind not in ERASING_KINDS or not obj.is_open:
            return "—"
        blockers = accounts_selectors.withdrawal_blockers(user_id=obj.user_id)
        if not blockers:
            return _("Nothing: the erasure can run.")
        return format_html_join(
            "", '<p data-testid="settlement-blocker">{}</p>', ((b,) for b in blockers)
        )

    @admin.display(description=_("answer due by"), ordering="due_at")
    def deadline(self, obj: PrivacyRequest) -> str:
        text = timezone.localtime(obj.due_at).strftime("%Y-%m-%d %H:%M")
        if obj.is_overdue:
            return format_html('<strong class="errornote">{} ({})</strong>', text, _("overdue"))
        return text

    def save_model(self, request: HttpRequest, obj: PrivacyRequest, form, change: bool) -> None:
        if "assigned_to" in form.changed_data:
            services.privacy_request_assign(
                request_id=obj.pk, agent=obj.assigned_to, actor=request.user
            )

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/step/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="privacy_privacyrequest_step",
            )
        ]
        return custom + super().get_urls()

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_change_permission(request, obj):
            extra_context["privacy_steps"] = self._steps_for(obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def _steps_for(self, obj: PrivacyRequest) -> list[tuple[str, str]]:
        steps = []
        if obj.status == RequestStatus.RECEIVED:
            steps.append(("verify", STEPS["verify"][1]))
        if obj.status == RequestStatus.VERIFIED:
            steps.append(("process", STEPS["process"][1]))
        if obj.status in (RequestStatus.RECEIVED, RequestStatus.VERIFIED):
            steps.append(("refuse", STEPS["refuse"][1]))
        return steps

    def step_view(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        """One step of the work on a request (verify / process / refuse) on its own page."""
        obj = get_object_or_404(PrivacyRequest.objects.select_related("user"), pk=pk)
        if step not in STEPS:
            raise PermissionDenied
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form_class, title = STEPS[step]
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                if step == "verify":
                    services.privacy_request_verify(
                        request_id=pk, actor=request.user, **form.cleaned_data
                    )
                elif step == "process":
                    services.privacy_request_process(
                        request_id=pk, actor=request.user, **form.cleaned_data
                    )
                else:
                    services.privacy_request_refuse(
                        request_id=pk, actor=request.user, **form.cleaned_data
                    )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                self.message_user(
                    request, _("Done: %(title)s.") % {"title": title}, messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:privacy_privacyrequest_change", args=[pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": title,
            "form": form,
            "step": step,
            "is_access": obj.kind == RequestKind.ACCESS,
        }
        return TemplateResponse(request, "admin/privacy/request_step.html", context)

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset) -> None:
        done = 0
        for request_id in queryset.values_list("pk", flat=True):
            try:
                services.privacy_request_assign(
                    request_id=request_id, agent=request.user, actor=request.user
                )
                done += 1
            except DomainError as exc:
                self.message_user(request, f"#{request_id}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)s request(s) assigned to you.") % {"n": done})

    @admin.action(description=_("Charge the fee for a repeated request"), permissions=["change"])
    def charge_fee(self, request: HttpRequest, queryset) -> None:
        for request_id in queryset.values_list("pk", flat=True):
            try:
                services.privacy_request_fee_charge(request_id=request_id, actor=request.user)
                self.message_user(request, _("#%(id)s: fee charged.") % {"id": request_id})
            except DomainError as exc:
                self.message_user(request, f"#{request_id}: {exc.message}", messages.ERROR)


@admin.register(SecurityIncident)
class SecurityIncidentAdmin(admin.ModelAdmin):
    list_display = ("title", "occurred_at", "detected_at", "affected_count", "notified_at")
    search_fields = ("title",)
    autocomplete_fields = ("affected_users",)
    readonly_fields = ("recorded_by", "created_at", "notified_at", "notified_by")
    actions = ("notify_users",)

    def get_queryset(self, request: HttpRequest):
        from django.db.models import Count

        return super().get_queryset(request).annotate(affected=Count("affected_users"))

    @admin.display(description=_("affected users"), ordering="affected")
    def affected_count(self, obj: SecurityIncident) -> int:
        return obj.affected

    def save_model(self, request: HttpRequest, obj: SecurityIncident, form, change: bool) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Notify the affected users by email"), permissions=["change"])
    def notify_users(self, request: HttpRequest, queryset) -> None:
        for incident_id in queryset.values_list("pk", flat=True):
            try:
                count = services.incident_notify_users(incident_id=incident_id, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"#{incident_id}: {exc.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Incident #%(id)s: %(n)s user(s) notified.")
                    % {"id": incident_id, "n": count},
                )


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = (
        "disclosed_at",
        "user",
        "recipient",
        "purpose",
        "country",
        "deletion_notice_sent_at",
    )
    list_filter = ("recipient", "country")
    list_select_related = ("user",)
    search_fields = ("recipient", "user__member_code")
    date_hierarchy = "disclosed_at"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ("viewed_at", "staff", "subject", "model_label", "object_id")
    list_select_related = ("staff", "subject")
    list_filter = ("model_label",)
    search_fields = ("staff__email", "subject__member_code", "object_id")
    date_hierarchy = "viewed_at"


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = (
        "pseudonym",
        "user_pk",
        "erased_at",
        "reason",
        "apps_missing",
        "records_purged_at",
    )
    search_fields = ("pseudonym", "=user_pk")


@admin.register(DeletionNotice)
class DeletionNoticeAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "contact", "erasure", "created_at", "sent_at")
    list_select_related = ("erasure",)
    search_fields = ("recipient", "erasure__pseudonym")
