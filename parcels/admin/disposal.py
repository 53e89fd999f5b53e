"""The disposal queue (A15.4): parcels past their deadline or held for a prohibited item; staff
record how each was disposed of (sold or destroyed) and the sale price. The form posts
`action=dispose`."""

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from parcels import forms, selectors, services
from parcels.admin.common import posted_action, screen_context, unknown_action
from transship.errors import DomainError

ACTIONS = ("dispose",)


class DisposalScreen(admin.ModelAdmin):
    """Mixed into the parcel admin: `disposal_view` behind `admin:parcels_parcel_disposal`."""

    def disposal_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        if request.method == "POST":
            if posted_action(request, ACTIONS) is None:
                return unknown_action(request)
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
            screen_context(
                self, request, _("Disposal queue"), queue=queue, form=forms.DisposalForm()
            ),
        )
