"""The model admins of parcels: parcels, shipments, extra services. The staff screens they serve
(intake, desk, disposal, packing) live in their own modules and are mixed in; `get_urls` names them.

Every action calls a service and reports a DomainError with `message_user`."""

from typing import Any

from django import forms as django_forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcels import selectors, services
from parcels.admin.common import run_each
from parcels.admin.desk import DeskScreen
from parcels.admin.disposal import DisposalScreen
from parcels.admin.intake import IntakeScreen
from parcels.admin.packing import PackingScreen
from parcels.models import (
    CustomsLine,
    ExtraService,
    Inspection,
    Parcel,
    ParcelEvent,
    ParcelExtra,
    ParcelItem,
    ParcelPhoto,
    Shipment,
    ShipmentEvent,
)
from transship import bounds
from transship.admin import ReadOnlyInline
from transship.masking import MaskedAdminMixin


class ParcelEventInline(ReadOnlyInline):
    model = ParcelEvent
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


class ParcelItemInline(ReadOnlyInline):
    model = ParcelItem
    fields = ("description", "category", "quantity", "unit_value", "hs_code")
    readonly_fields = fields


class ParcelPhotoForm(django_forms.ModelForm):
    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if image and image is not getattr(self.instance, "image", None):
            bounds.upload_size_validate(image)
        return image


class ParcelPhotoInline(admin.TabularInline):
    model = ParcelPhoto
    form = ParcelPhotoForm
    extra = 0
    fields = ("image", "caption", "taken_by", "created_at")
    readonly_fields = ("taken_by", "created_at")


class InspectionInline(ReadOnlyInline):
    model = Inspection
    fields = ("created_at", "result", "notes", "actor")
    readonly_fields = fields


class ParcelExtraInline(ReadOnlyInline):
    model = ParcelExtra
    fields = ("service", "price", "is_done", "done_at", "done_by")
    readonly_fields = fields


@admin.register(Parcel)
class ParcelAdmin(IntakeScreen, DeskScreen, DisposalScreen, admin.ModelAdmin):
    list_display = (
        "code",
        "owner",
        "status",
        "tracking_number",
        "bin_location",
        "received_at",
        "hold_reason",
    )
    list_filter = ("status", "hold_reason", "carrier", "is_marked_for_report")
    list_select_related = ("owner",)
    search_fields = ("tracking_number",)
    search_help_text = gettext_lazy(
        "Tracking number, parcel code (P…), member code or shipment number (S…)"
    )
    autocomplete_fields = ("owner",)
    readonly_fields = (
        "code",
        "status",
        "owner",
        "received_at",
        "weight_g",
        "length_cm",
        "width_cm",
        "height_cm",
        "hold_reason",
        "hold_note",
        "held_at",
        "refusal_reason",
        "is_marked_for_report",
        "disposal_method",
        "disposal_price",
        "created_at",
        "updated_at",
        "desk_link",
    )
    fields = (
        ("code", "status", "desk_link"),
        "owner",
        ("carrier", "tracking_number"),
        ("shop_name", "shop_url"),
        "note",
        "bin_location",
        "received_at",
        ("weight_g", "length_cm", "width_cm", "height_cm"),
        ("hold_reason", "held_at"),
        "hold_note",
        "refusal_reason",
        "is_marked_for_report",
        ("disposal_method", "disposal_price"),
        ("created_at", "updated_at"),
    )
    inlines = (
        ParcelItemInline,
        ParcelPhotoInline,
        InspectionInline,
        ParcelExtraInline,
        ParcelEventInline,
    )
    actions = ("release_hold", "send_to_disposal")
    date_hierarchy = "received_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # parcels come in through the intake screen

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # The desk answers 403 to roles that may only look: no link to it for them.
        return [
            tuple(f for f in row if f != "desk_link") if isinstance(row, tuple) else row
            for row in fields
        ]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=selectors.staff_search(query=search_term).values("pk")), False

    @admin.display(description=gettext_lazy("Desk"))
    def desk_link(self, obj: Parcel) -> str:
        if not obj.pk:
            return ""
        url = reverse("admin:parcels_parcel_desk", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Inspect / bin / assign"))

    @admin.action(
        description=gettext_lazy("Clear the hold (back to storage)"), permissions=["change"]
    )
    def release_hold(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_each(
            self,
            request,
            queryset,
            lambda p: services.parcel_release(parcel_id=p.pk, actor=request.user),
        )

    @admin.action(
        description=gettext_lazy("Send prohibited item to disposal (A15.1)"), permissions=["change"]
    )
    def send_to_disposal(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_each(
            self,
            request,
            queryset,
            lambda p: services.parcel_send_to_disposal(parcel_id=p.pk, actor=request.user),
        )

    # --- custom screens ---------------------------------------------------------------------
    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("intake/", view(self.intake_view), name="parcels_parcel_intake"),
            path("disposal/", view(self.disposal_view), name="parcels_parcel_disposal"),
            path("<int:parcel_id>/desk/", view(self.desk_view), name="parcels_parcel_desk"),
            *super().get_urls(),
        ]


class ShipmentEventInline(ReadOnlyInline):
    model = ShipmentEvent
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


class CustomsLineInline(admin.TabularInline):
    model = CustomsLine
    extra = 0
    fields = (
        "description",
        "category",
        "hs_code",
        "quantity",
        "value",
        "weight_g",
        "origin_country",
    )


@admin.register(Shipment)
class ShipmentAdmin(MaskedAdminMixin, PackingScreen, admin.ModelAdmin):
    masked_fields = ("recipient_name", "recipient_address", "recipient_phone")
    personal_data_owner = "user"
    list_display = (
        "number",
        "user",
        "status",
        "service",
        "destination_country",
        "estimated_weight_g",
        "quoted_price",
        "tracking_number",
        "created_at",
    )
    list_filter = ("status", "service", "needs_export_declaration")
    list_select_related = ("user", "service")
    search_fields = ("tracking_number",)
    autocomplete_fields = ("user",)
    readonly_fields = (
        "number",
        "status",
        "user",
        "recipient",
        "service",
        "destination_country",
        "insurance_amount",
        "quoted_price",
        "declared_value",
        "needs_export_declaration",
        "estimated_weight_g",
        "estimated_length_cm",
        "estimated_width_cm",
        "estimated_height_cm",
        "packed_weight_g",
        "packed_length_cm",
        "packed_width_cm",
        "packed_height_cm",
        "tracking_number",
        "customs_confirmed_at",
        "shipped_at",
        "delivered_at",
        "carrier_event_at",
        "tracking_checked_at",
        "tracking_error",
        "created_at",
        "parcel_codes",
    )
    exclude = ("parcels",)
    inlines = (CustomsLineInline, ShipmentEventInline)
    actions = ("start_packing", "cancel")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _may_open_recipient(self, request: HttpRequest) -> bool:
        address_admin = self.admin_site._registry.get(Shipment.recipient.field.related_model)
        return address_admin is not None and address_admin.has_view_permission(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_readonly_fields(request, obj)
        if self._may_open_recipient(request):
            return fields
        # The admin links a read-only foreign key to its change page: no link to the address
        # for roles whose address admin answers 403 (warehouse, finance).
        return tuple("recipient_text" if f == "recipient" else f for f in fields)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        exclude = tuple(super().get_exclude(request, obj) or ())
        return exclude if self._may_open_recipient(request) else (*exclude, "recipient")

    @admin.display(description=gettext_lazy("recipient"))
    def recipient_text(self, obj: Shipment) -> str:
        return str(obj.recipient) if obj.recipient_id else "-"

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        term = search_term.strip().upper()
        if match := selectors.SHIPMENT_CODE.match(term):
            return queryset.filter(pk=int(match.group(1))), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=gettext_lazy("Parcels"))
    def parcel_codes(self, obj: Shipment) -> str:
        return ", ".join(f"{p.code} ({p.bin_location or '-'})" for p in obj.parcels.all())

    @admin.action(description=gettext_lazy("Start packing"), permissions=["change"])
    def start_packing(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_each(
            self,
            request,
            queryset,
            lambda s: services.shipment_packing_start(shipment_id=s.pk, actor=request.user),
        )

    @admin.action(
        description=gettext_lazy("Cancel (parcels back to storage)"), permissions=["change"]
    )
    def cancel(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_each(
            self,
            request,
            queryset,
            lambda s: services.shipment_cancel(shipment_id=s.pk, actor=request.user),
        )

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("packing/", view(self.packing_view), name="parcels_shipment_packing"),
            path("<int:shipment_id>/pack/", view(self.pack_view), name="parcels_shipment_pack"),
            path(
                "<int:shipment_id>/pick-list/",
                view(self.pick_list_view),
                name="parcels_shipment_pick_list",
            ),
            path(
                "<int:shipment_id>/waybill.pdf",
                view(self.waybill_view),
                name="parcels_shipment_waybill",
            ),
            path(
                "<int:shipment_id>/customs.pdf",
                view(self.customs_view),
                name="parcels_shipment_customs",
            ),
            *super().get_urls(),
        ]


@admin.register(ExtraService)
class ExtraServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "price", "is_active", "position")
    list_editable = ("price", "is_active", "position")
    search_fields = ("name", "code")


@admin.register(ParcelExtra)
class ParcelExtraAdmin(admin.ModelAdmin):
    list_display = ("parcel", "service", "price", "is_done", "done_at", "created_at")
    list_filter = ("is_done", "service")
    list_select_related = ("parcel", "service")
    readonly_fields = ("parcel", "service", "price", "is_done", "done_at", "done_by", "created_at")
    actions = ("mark_done",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=gettext_lazy("Mark done"), permissions=["change"])
    def mark_done(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_each(
            self,
            request,
            queryset,
            lambda e: services.parcel_extra_done(extra_id=e.pk, actor=request.user),
        )
