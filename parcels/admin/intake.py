"""The intake screen, built for a packing table with a barcode scanner: scan (GET) → declaration,
member, parcel already here, or unknown → receive it (weigh, measure, photograph, bin) or move a
parcel that is already here to another bin.

Forms post an explicit `action`: `receive` or `bin`."""

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from parcels import forms, selectors, services
from parcels.admin.common import posted_action, screen_context, unknown_action
from transship import bounds
from transship.errors import DomainError

ACTIONS = ("receive", "bin")


def _warehouse_address(owner: Any) -> list[str]:
    """The address the label must show for this member (to spot A14(3) mismatches)."""
    if owner is None:
        return []
    from accounts import selectors as accounts_selectors

    return accounts_selectors.warehouse_address(user=owner).get("ja", [])


class IntakeScreen(admin.ModelAdmin):
    """Mixed into the parcel admin: `intake_view` behind `admin:parcels_parcel_intake`."""

    def intake_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        scan = forms.ScanForm(request.GET or None)
        match, intake, bin_form = None, None, None
        if request.method == "POST":
            action = posted_action(request, ACTIONS)
            if action is None:
                return unknown_action(request)
            if action == "bin":
                return self._intake_bin(request)
            intake = forms.IntakeForm(request.POST, request.FILES)
            if intake.is_valid():
                try:
                    parcel = services.parcel_intake(actor=request.user, **intake.cleaned_data)
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
            screen_context(
                self,
                request,
                _("Intake"),
                warehouse_address=_warehouse_address(owner),
                scan=forms.ScanForm() if match else scan,
                match=match,
                intake=intake,
                bin_form=bin_form,
            ),
        )

    def _intake_bin(self, request: HttpRequest) -> HttpResponse:
        bin_form = forms.BinForm(request.POST)
        try:
            parcel_id = int(request.POST.get("parcel", "0") or 0)
        except ValueError:
            parcel_id = 0
        if not 0 < parcel_id <= bounds.ID_MAX:
            parcel_id = 0  # the service answers "No such parcel."
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
        else:
            self.message_user(request, _("Scan the bin."), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:parcels_parcel_intake"))
