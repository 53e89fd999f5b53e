"""The parcel desk: inspect a parcel (A13), put it on hold (A14), assign an unidentified one to a
member, or move it to a bin. Each form posts an explicit `action`: `inspect`, `hold`, `assign` or
`bin`; only the posted form is bound, so the others render empty."""

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from parcels import forms, services
from parcels.admin.common import posted_action, screen_context, unknown_action
from parcels.models import Parcel
from parcels.states import ParcelStatus
from transship.errors import DomainError

# action → (template context name, form class, service in parcels.services)
ACTIONS = {
    "inspect": ("inspection", forms.InspectionForm, "parcel_inspect"),
    "hold": ("hold", forms.HoldForm, "parcel_hold"),
    "assign": ("assign", forms.AssignForm, "parcel_assign_owner"),
    "bin": ("bin_form", forms.BinForm, "parcel_bin_move"),
}


class DeskScreen(admin.ModelAdmin):
    """Mixed into the parcel admin: `desk_view` behind `admin:parcels_parcel_desk`."""

    def desk_view(self, request: HttpRequest, parcel_id: int) -> HttpResponse:
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        parcel = get_object_or_404(Parcel.objects.select_related("owner"), pk=parcel_id)
        action = None
        if request.method == "POST":
            action = posted_action(request, ACTIONS)
            if action is None:
                return unknown_action(request)
        initial = {"bin": {"bin_location": parcel.bin_location}}
        screen = {
            key: form_class(request.POST if action == name else None, initial=initial.get(name))
            for name, (key, form_class, _service) in ACTIONS.items()
        }
        if action is not None:
            key, _form_class, service = ACTIONS[action]
            form = screen[key]
            try:
                if not form.is_valid():
                    raise DomainError(_("Fill in the form."))
                getattr(services, service)(
                    parcel_id=parcel.pk, actor=request.user, **form.cleaned_data
                )
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
            screen_context(
                self,
                request,
                _("Parcel %(code)s") % {"code": parcel.code},
                parcel=parcel,
                is_unidentified=parcel.status == ParcelStatus.UNIDENTIFIED,
                **screen,
            ),
        )
