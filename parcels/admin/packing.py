"""The packing table: the queue of requested shipments, one shipment's screen (start packing,
weigh and measure the box, enter the carrier's tracking number), and the packing documents (pick
list, waybill and customs PDFs). The shipment screen's forms post an explicit `action`: `start`,
`extras` (tick paid extras done), `pack` or `ship`."""

import functools
from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from parcels import documents, forms, selectors, services
from parcels.admin.common import posted_action, screen_context, unknown_action
from parcels.models import Shipment
from parcels.states import ShipmentStatus
from transship import masking
from transship.errors import DomainError

ACTIONS = ("start", "extras", "pack", "ship")


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


def _packing_table(shipment: Shipment) -> dict[str, Any]:
    """The pick list with every paid extra of every parcel, for the packer to tick."""
    pick_list = selectors.pick_list(shipment_id=shipment.pk)
    extras = [extra for parcel in pick_list for extra in parcel.extras.all()]
    return {
        "pick_list": pick_list,
        "has_extras": bool(extras),
        "extras_open": any(not extra.is_done for extra in extras),
    }


class PackingScreen(admin.ModelAdmin):
    """Mixed into the shipment admin: the packing queue, the pack screen and the documents."""

    def packing_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        queue = list(selectors.packing_queue()[:200])
        return render(
            request,
            "admin/parcels/packing.html",
            screen_context(
                self,
                request,
                _("Packing queue"),
                queue=queue,
                # Roles that may only look get the shipment's page, not the packing table.
                can_pack=self.has_change_permission(request),
            ),
        )

    def pack_view(self, request: HttpRequest, shipment_id: int) -> HttpResponse:
        """One shipment at the packing table: start, weigh and measure, enter tracking, ship."""
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        action = None
        if request.method == "POST":
            action = posted_action(request, ACTIONS)
            if action is None:
                return unknown_action(request)
        pack = forms.PackForm(request.POST if action == "pack" else None)
        ship = forms.ShipForm(request.POST if action == "ship" else None)
        if action is not None:
            try:
                if action == "start":
                    services.shipment_packing_start(shipment_id=shipment_id, actor=request.user)
                elif action == "extras":
                    services.shipment_extras_done(
                        shipment_id=shipment_id,
                        extra_ids=[
                            int(pk) for pk in request.POST.getlist("extras_done") if pk.isdigit()
                        ],
                        actor=request.user,
                    )
                elif action == "pack" and pack.is_valid():
                    services.shipment_pack(
                        shipment_id=shipment_id, actor=request.user, **pack.cleaned_data
                    )
                elif action == "ship" and ship.is_valid():
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
            screen_context(
                self,
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
            screen_context(
                self,
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
