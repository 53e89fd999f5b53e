"""Support's screens: the claims queue with one work screen per claim (ask, file with the carrier,
accept in full or in part, refuse), the stalled shipments queue with the last carrier event, and
the carrier events (read-only). Finance reads claims; warehouse reads carrier events."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tracking import services
from tracking.models import CarrierEvent, Claim, ClaimEvent, ClaimNote, ClaimPhoto, Stall
from tracking.states import CLAIM_SUPPORT_STATUSES
from transship import bounds
from transship.admin import ReadOnlyInline
from transship.errors import DomainError
from transship.masking import MaskedAdminMixin, personal_data_view_log


class ClaimEventInline(ReadOnlyInline):
    model = ClaimEvent
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


class ClaimNoteInline(ReadOnlyInline):
    model = ClaimNote
    fields = ("created_at", "text")
    readonly_fields = fields


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("Past its decision date"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.value() == "yes":
            return queryset.filter(
                status__in=CLAIM_SUPPORT_STATUSES, respond_by__lt=timezone.localdate()
            )
        return queryset


class ClaimWorkForm(forms.Form):
    ACTIONS = (
        ("info", _("Ask the customer for more information")),
        ("file", _("Record the claim filed with the carrier")),
        ("accept", _("Accept (in full or in part) and credit the balance")),
        ("refuse", _("Refuse")),
    )
    action = forms.ChoiceField(label=_("What to do"), choices=ACTIONS, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the customer (question, or the reason for the decision)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    amount = forms.DecimalField(
        label=_("Amount accepted (JPY)"),
        required=False,
        min_value=1,
        max_value=bounds.MONEY_MAX,
        decimal_places=0,
    )
    reference = forms.CharField(
        label=_("Carrier's claim reference"), max_length=100, required=False
    )
    carrier_outcome = forms.CharField(
        label=_("Carrier's answer"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


@admin.register(Claim)
class ClaimAdmin(MaskedAdminMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "user",
        "kind",
        "subject",
        "amount_claimed",
        "liability",
        "status",
        "respond_by",
    )
    list_filter = ("status", OverdueFilter, "liability", "kind")
    list_select_related = ("user", "shipment", "parcel")
    search_fields = ("user__member_code", "shipment__tracking_number", "carrier_reference")
    masked_fields = ("description",)
    personal_data_owner = "user"
    readonly_fields = (
        "user",
        "shipment",
        "parcel",
        "kind",
        "description",
        "amount_claimed",
        "amount_cap",
        "liability",
        "status",
        "info_request",
        "carrier_reference",
        "carrier_outcome",
        "amount_accepted",
        "decision_reason",
        "respond_by",
        "decided_at",
        "paid_at",
        "created_at",
        "work_link",
    )
    fields = readonly_fields
    inlines = (ClaimNoteInline, ClaimEventInline)
    ordering = ("respond_by", "pk")

    @admin.display(description=_("about"))
    def subject(self, obj: Claim) -> str:
        return obj.subject_label

    @admin.display(description=_("work"))
    def work_link(self, obj: Claim) -> str:
        if not obj.pk or not obj.is_open:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:tracking_claim_work", args=[obj.pk]), _("Work")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list:
        return [
            path(
                "<int:claim_id>/work/",
                self.admin_site.admin_view(self.work_view),
                name="tracking_claim_work",
            ),
            path(
                "photos/<int:photo_id>/",
                self.admin_site.admin_view(self.photo_view),
                name="tracking_claim_photo",
            ),
            *super().get_urls(),
        ]

    def work_view(self, request: HttpRequest, claim_id: int) -> HttpResponse:
        if not request.user.has_perm("tracking.decide_claim"):
            raise PermissionDenied
        claim = get_object_or_404(
            Claim.objects.select_related("user", "shipment", "parcel"), pk=claim_id
        )
        form = ClaimWorkForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                self._act(claim, data, request.user)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                self.message_user(request, _("Claim %s updated.") % claim.number)
                return redirect("admin:tracking_claim_change", claim.pk)
        personal_data_view_log(
            staff=request.user,
            subject_user_id=claim.user_id,
            model_label=Claim._meta.label,
            object_id=str(claim.pk),
            fields=["description", "photos"],
            reason="claim worked",
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Work claim %s") % claim.number,
            "form": form,
            "opts": self.model._meta,
            "claim": claim,
            "notes": claim.notes.all(),
            "photos": claim.photos.all(),
            "events": claim.events.all(),
        }
        return TemplateResponse(request, "admin/tracking/claim_work.html", context)

    def _act(self, claim: Claim, data: dict, actor: Any) -> None:
        action = data["action"]
        if action == "info":
            services.claim_info_request(claim_id=claim.pk, actor=actor, message=data["message"])
        elif action == "file":
            services.claim_file_with_carrier(
                claim_id=claim.pk, actor=actor, reference=data["reference"]
            )
        elif action == "accept":
            if data["amount"] is None:
                raise DomainError(_("Enter the amount accepted."), field="amount")
            services.claim_accept(
                claim_id=claim.pk,
                actor=actor,
                amount=data["amount"],
                reason=data["message"],
                carrier_outcome=data["carrier_outcome"],
            )
        else:
            services.claim_refuse(
                claim_id=claim.pk,
                actor=actor,
                reason=data["message"],
                carrier_outcome=data["carrier_outcome"],
            )

    def photo_view(self, request: HttpRequest, photo_id: int) -> HttpResponse:
        from django.http import FileResponse

        if not request.user.has_perm("tracking.view_claimphoto"):
            raise PermissionDenied
        photo = get_object_or_404(ClaimPhoto.objects.select_related("claim"), pk=photo_id)
        personal_data_view_log(
            staff=request.user,
            subject_user_id=photo.claim.user_id,
            model_label=ClaimPhoto._meta.label,
            object_id=str(photo.pk),
            fields=["image"],
            reason="claim photo opened",
        )
        return FileResponse(photo.image.open("rb"))


class OpenStallFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "open"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("Open")), ("no", _("Cleared"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Stall]) -> QuerySet[Stall]:
        if self.value() == "yes":
            return queryset.filter(cleared_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(cleared_at__isnull=False)
        return queryset


@admin.register(Stall)
class StallAdmin(admin.ModelAdmin):
    """Support's queue: shipments the carrier has said nothing about for too long."""

    list_display = (
        "shipment",
        "tracking_number",
        "carrier",
        "flagged_at",
        "last_event_at",
        "last_event",
        "cleared_at",
    )
    list_filter = (OpenStallFilter,)
    list_select_related = ("shipment", "shipment__service")
    search_fields = ("shipment__tracking_number",)
    readonly_fields = ("shipment", "flagged_at", "last_event_at", "last_event", "cleared_at")
    ordering = ("cleared_at", "flagged_at")

    @admin.display(description=_("tracking number"))
    def tracking_number(self, obj: Stall) -> str:
        return obj.shipment.tracking_number

    @admin.display(description=_("carrier"))
    def carrier(self, obj: Stall) -> str:
        return obj.shipment.service.carrier

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CarrierEvent)
class CarrierEventAdmin(admin.ModelAdmin):
    list_display = ("shipment", "occurred_at", "status", "description", "location", "carrier")
    list_filter = ("status", "carrier")
    list_select_related = ("shipment",)
    search_fields = ("shipment__tracking_number",)
    readonly_fields = (
        "shipment",
        "carrier",
        "key",
        "occurred_at",
        "status",
        "code",
        "description",
        "location",
        "recorded_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


__all__ = ["CarrierEventAdmin", "ClaimAdmin", "StallAdmin"]
