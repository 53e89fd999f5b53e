"""Customer pages: claims (open, read, add information, withdraw), their photos, and the choice of
tracking milestones to be emailed about. The timeline is a section of parcels' shipment page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracking import forms, selectors, services
from tracking.models import Claim, ClaimPhoto
from tracking.states import MILESTONES
from transship.errors import DomainError


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "tracking/claims.html", {"claims": selectors.claims_for_user(user=request.user)}
    )


@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    subjects = selectors.claimable_subjects(user=request.user)
    initial = {}
    for kind in ("shipment", "parcel"):
        if request.GET.get(kind, "").isdigit():
            initial["subject"] = f"{kind}:{request.GET[kind]}"
    form = forms.ClaimForm(
        request.POST or None, request.FILES or None, subjects=subjects, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_open(
                user=request.user,
                kind=data["kind"],
                description=data["description"],
                amount_claimed=data["amount_claimed"],
                photos=data["photos"],
                **form.subject_ids(),
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Claim %(number)s opened.") % {"number": claim.number})
            return redirect("tracking:claim", pk=claim.pk)
    return render(
        request,
        "tracking/claim_new.html",
        {"form": form, "has_subjects": bool(subjects["shipments"] or subjects["parcels"])},
    )


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim = selectors.claim_for_user(user=request.user, claim_id=pk)
    except Claim.DoesNotExist:
        raise Http404 from None
    form = forms.ClaimInformationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_information_add(
                claim_id=claim.pk,
                user=request.user,
                text=form.cleaned_data["text"],
                photos=form.cleaned_data["photos"],
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Thank you: we added it to your claim."))
            return redirect("tracking:claim", pk=claim.pk)
    return render(request, "tracking/claim.html", {"claim": claim, "form": form})


@login_required
@require_POST
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk, user=request.user)
    try:
        services.claim_withdraw(claim_id=claim.pk, user=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Claim withdrawn."))
    return redirect("tracking:claim", pk=claim.pk)


@login_required
def claim_photo(request: HttpRequest, photo_id: int) -> FileResponse:
    """A claim's photo, for its owner (staff open them from the admin's claim screen)."""
    photo = get_object_or_404(ClaimPhoto, pk=photo_id, claim__user=request.user)
    return FileResponse(photo.image.open("rb"))


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.tracking_preference(user=request.user)
    form = forms.TrackingPreferenceForm(
        request.POST or None,
        initial={"milestones": [s for s in MILESTONES if current.wants(s)]},
    )
    if request.method == "POST" and form.is_valid():
        services.tracking_preference_set(
            user=request.user, milestones=form.cleaned_data["milestones"]
        )
        messages.success(request, _("Saved."))
        return redirect("tracking:preferences")
    return render(request, "tracking/preferences.html", {"form": form})
