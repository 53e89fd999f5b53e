"""Staff screens for the warehouse, built for a packing table: an intake screen with one input for
the barcode scanner, a packing queue with pick lists and PDFs, a disposal queue, and one search box
(tracking number, parcel code, member code or shipment number) on the parcel list.

Every action calls a service and reports a DomainError with `message_user`."""

import functools
from typing import Any

from django import forms as django_forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcels import documents, forms, selectors, services
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
from parcels.states import ParcelStatus, ShipmentStatus
from transship import bounds, masking
from transship.admin import ReadOnlyInline
from transship.errors import DomainError
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


def _run(modeladmin: admin.ModelAdmin, request: HttpRequest, rows: QuerySet, call) -> None:
    done = 0
    for row in rows:
        try:
            call(row)
            done += 1
        except DomainError as error:
            modeladmin.message_user(request, f"{row}: {error.message}", messages.ERROR)
    if done:
        modeladmin.message_user(request, _("%(n)s done.") % {"n": done}, messages.SUCCESS)


def _warehouse_address(owner: Any) -> list[str]:
    """The address the label must show for this member (to spot A14(3) mismatches)."""
    if owner is None:
        return []
    from accounts import selectors as accounts_selectors

    return accounts_selectors.warehouse_address(user=owner).get("ja", [])


@admin.register(Parcel)
class ParcelAdmin(admin.ModelAdmin):
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
        _run(
            self,
            request,
            queryset,
            lambda p: services.parcel_release(parcel_id=p.pk, actor=request.user),
        )

    @admin.action(
        description=gettext_lazy("Send prohibited item to disposal (A15.1)"), permissions=["change"]
    )
    def send_to_disposal(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
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

    def _context(self, request: HttpRequest, title: str, **extra: Any) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            **extra,
        }

    def intake_view(self, request: HttpRequest) -> HttpResponse:
        """Scan → (declaration, member, parcel or unknown) → weigh, measure, photograph."""
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        scan = forms.ScanForm(request.GET or None)
        match, intake, bin_form = None, None, None
        if request.method == "POST" and "weight_g" in request.POST:
            intake = forms.IntakeForm(request.POST, request.FILES)
            if intake.is_valid():
                data = intake.cleaned_data
                try:
                    parcel = services.parcel_intake(actor=request.user, **data)
                except DomainError as error:
                    intake.add_error(
                        error.field if error.field in intake.fields else None, str(error.message)
                    )
                else:
                    self.message_user(
                        request,
                        _("%(code)s: %(status)s, bin %(bin)s")
                        % {
                            "code": parcel.code,
                            "status": parcel.get_status_display(),
                            "bin": parcel.bin_location or "-",
                        },
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:parcels_parcel_intake"))
            match = selectors.intake_lookup(
                code=request.POST.get("tracking_number") or request.POST.get("member_code", "")
            )
        elif request.method == "POST" and "bin_location" in request.POST:
            bin_form = forms.BinForm(request.POST)
            parcel_id = int(request.POST.get("parcel", "0") or 0)
            if bin_form.is_valid():
                try:
                    parcel = services.parcel_bin_move(
                        parcel_id=parcel_id,
                        bin_location=bin_form.cleaned_data["bin_location"],
                        actor=request.user,
                    )
                except DomainError as error:
                    self.message_user(request, str(error.message), messages.ERROR)
                else:
                    self.message_user(
                        request,
                        _("%(code)s moved to bin %(bin)s")
                        % {"code": parcel.code, "bin": parcel.bin_location},
                        messages.SUCCESS,
                    )
                return HttpResponseRedirect(reverse("admin:parcels_parcel_intake"))
        elif scan.is_valid():
            match = selectors.intake_lookup(code=scan.cleaned_data["code"])
            if match.kind == "parcel":
                bin_form = forms.BinForm()
            else:
                initial = {
                    "tracking_number": match.code if match.kind != "member" else "",
                    "member_code": getattr(match.member, "member_code", "") or "",
                    "bin_location": "",
                }
                intake = forms.IntakeForm(initial=initial)
        owner = getattr(match, "member", None) or getattr(
            getattr(match, "parcel", None), "owner", None
        )
        return render(
            request,
            "admin/parcels/intake.html",
            self._context(
                request,
                _("Intake"),
                warehouse_address=_warehouse_address(owner),
                scan=forms.ScanForm() if match else scan,
                match=match,
                intake=intake,
                bin_form=bin_form,
            ),
        )

    def desk_view(self, request: HttpRequest, parcel_id: int) -> HttpResponse:
        """Inspect a parcel (A13), assign an unidentified one, or move it to a bin."""
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        parcel = get_object_or_404(Parcel.objects.select_related("owner"), pk=parcel_id)
        inspection = forms.InspectionForm(request.POST if "result" in request.POST else None)
        assign = forms.AssignForm(request.POST if "member_code" in request.POST else None)
        hold = forms.HoldForm(request.POST if "reason" in request.POST else None)
        bin_form = forms.BinForm(
            request.POST if "bin_location" in request.POST else None,
            initial={"bin_location": parcel.bin_location},
        )
        if request.method == "POST":
            try:
                if inspection.is_valid():
                    services.parcel_inspect(
                        parcel_id=parcel.pk, actor=request.user, **inspection.cleaned_data
                    )
                elif hold.is_valid():
                    services.parcel_hold(
                        parcel_id=parcel.pk, actor=request.user, **hold.cleaned_data
                    )
                elif assign.is_valid():
                    services.parcel_assign_owner(
                        parcel_id=parcel.pk, actor=request.user, **assign.cleaned_data
                    )
                elif bin_form.is_valid():
                    services.parcel_bin_move(
                        parcel_id=parcel.pk, actor=request.user, **bin_form.cleaned_data
                    )
                else:
                    raise DomainError(_("Fill in the form."))
            except DomainError as error:
                self.message_user(request, str(error.message), messages.ERROR)
            else:
                self.message_user(request, _("Saved."), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:parcels_parcel_change", args=[parcel.pk])
                )
        return render(
            request,
            "admin/parcels/desk.html",
            self._context(
                request,
                _("Parcel %(code)s") % {"code": parcel.code},
                parcel=parcel,
                inspection=inspection,
                assign=assign,
                hold=hold,
                bin_form=bin_form,
                is_unidentified=parcel.status == ParcelStatus.UNIDENTIFIED,
            ),
        )

    def disposal_view(self, request: HttpRequest) -> HttpResponse:
        """Parcels past their deadline (A15.4): sell or destroy, record the sale price."""
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        if request.method == "POST":
            form = forms.DisposalForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    parcel = services.parcel_dispose(
                        parcel_id=data["parcel"],
                        method=data["method"],
                        sale_price=data["sale_price"] or 0,
                        actor=request.user,
                    )
                except DomainError as error:
                    self.message_user(request, str(error.message), messages.ERROR)
                else:
                    self.message_user(
                        request, _("%(code)s disposed.") % {"code": parcel.code}, messages.SUCCESS
                    )
            else:
                self.message_user(request, _("Check the sale price."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:parcels_parcel_disposal"))
        queue = list(selectors.disposal_queue()[:200])
        return render(
            request,
            "admin/parcels/disposal.html",
            self._context(request, _("Disposal queue"), queue=queue, form=forms.DisposalForm()),
        )


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
class ShipmentAdmin(MaskedAdminMixin, admin.ModelAdmin):
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
        "created_at",
        "parcel_codes",
    )
    exclude = ("parcels",)
    inlines = (CustomsLineInline, ShipmentEventInline)
    actions = ("start_packing", "cancel")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

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
        _run(
            self,
            request,
            queryset,
            lambda s: services.shipment_packing_start(shipment_id=s.pk, actor=request.user),
        )

    @admin.action(
        description=gettext_lazy("Cancel (parcels back to storage)"), permissions=["change"]
    )
    def cancel(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
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

    def _context(self, request: HttpRequest, title: str, **extra: Any) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            **extra,
        }

    def packing_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        queue = list(selectors.packing_queue()[:200])
        return render(
            request,
            "admin/parcels/packing.html",
            self._context(request, _("Packing queue"), queue=queue),
        )

    def pack_view(self, request: HttpRequest, shipment_id: int) -> HttpResponse:
        """One shipment at the packing table: start, weigh and measure, enter tracking, ship."""
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        pack = forms.PackForm(request.POST if "weight_g" in request.POST else None)
        ship = forms.ShipForm(request.POST if "tracking_number" in request.POST else None)
        if request.method == "POST":
            try:
                if "start" in request.POST:
                    services.shipment_packing_start(shipment_id=shipment_id, actor=request.user)
                elif "extras" in request.POST:
                    services.shipment_extras_done(
                        shipment_id=shipment_id,
                        extra_ids=[
                            int(pk) for pk in request.POST.getlist("extras_done") if pk.isdigit()
                        ],
                        actor=request.user,
                    )
                elif pack.is_valid():
                    services.shipment_pack(
                        shipment_id=shipment_id, actor=request.user, **pack.cleaned_data
                    )
                elif ship.is_valid():
                    services.shipment_ship(
                        shipment_id=shipment_id, actor=request.user, **ship.cleaned_data
                    )
                else:
                    raise DomainError(_("Fill in the form."))
            except DomainError as error:
                self.message_user(request, str(error.message), messages.ERROR)
            else:
                return HttpResponseRedirect(
                    reverse("admin:parcels_shipment_pack", args=[shipment_id])
                )
        try:
            shipment = selectors.shipment_get(shipment_id=shipment_id)
        except Shipment.DoesNotExist:
            return HttpResponse(status=404)
        return render(
            request,
            "admin/parcels/pack.html",
            self._context(
                request,
                _("Shipment %(number)s") % {"number": shipment.number},
                shipment=shipment,
                **_packing_table(shipment),
                pack=pack,
                ship=ship,
                status=ShipmentStatus,
            ),
        )

    def pick_list_view(self, request: HttpRequest, shipment_id: int) -> HttpResponse:
        # Packing documents print the recipient unmasked: for the people who pack.
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        shipment = get_object_or_404(
            Shipment.objects.select_related("user", "service"), pk=shipment_id
        )
        _log_document(request, shipment, "pick list")
        return render(
            request,
            "admin/parcels/pick_list.html",
            self._context(
                request,
                _("Pick list %(number)s") % {"number": shipment.number},
                shipment=shipment,
                **_packing_table(shipment),
            ),
        )

    def _pdf(self, request: HttpRequest, shipment_id: int, make, name: str) -> HttpResponse:
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        try:
            shipment = selectors.shipment_get(shipment_id=shipment_id)
        except Shipment.DoesNotExist:
            return HttpResponse(status=404)
        _log_document(request, shipment, name)
        response = HttpResponse(make(shipment=shipment), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{shipment.number}-{name}.pdf"'
        return response

    def waybill_view(self, request: HttpRequest, shipment_id: int) -> HttpResponse:
        size = request.GET.get("size", "100x150")
        if size not in documents.WAYBILL_SIZES:
            return HttpResponse(status=404)
        make = functools.partial(documents.waybill_pdf, size=size)
        return self._pdf(request, shipment_id, make, "waybill")

    def customs_view(self, request: HttpRequest, shipment_id: int) -> HttpResponse:
        return self._pdf(request, shipment_id, documents.customs_pdf, "customs")


def _packing_table(shipment: Shipment) -> dict[str, Any]:
    """The pick list with every paid extra of every parcel, for the packer to tick."""
    pick_list = selectors.pick_list(shipment_id=shipment.pk)
    extras = [extra for parcel in pick_list for extra in parcel.extras.all()]
    return {
        "pick_list": pick_list,
        "has_extras": bool(extras),
        "extras_open": any(not extra.is_done for extra in extras),
    }


def _log_document(request: HttpRequest, shipment: Shipment, document: str) -> None:
    """Packing documents print the recipient unmasked (name, address, phone): only the role that
    packs may open them (change rights on shipments), and every download is a logged view."""
    masking.personal_data_view_log(
        staff=request.user,
        subject_user_id=shipment.user_id,
        model_label=Shipment._meta.label,
        object_id=str(shipment.pk),
        fields=["recipient_name", "recipient_address", "recipient_phone"],
        reason=f"{document} printed",
    )


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
        _run(
            self,
            request,
            queryset,
            lambda e: services.parcel_extra_done(extra_id=e.pk, actor=request.user),
        )
