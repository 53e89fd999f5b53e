"""Customer pages: parcels with their timeline, declarations, holds, extras and shipments.
Each view parses, calls one service or selector, and renders; another customer's id is a 404."""

from constance import config
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from billing import selectors as billing_selectors
from parcels import forms, planning, selectors, services
from parcels.models import Parcel, ParcelPhoto, Shipment
from parcels.shipment_sections import shipment_sections
from parcels.states import CUSTOMER_RESOLVABLE_HOLDS, ParcelStatus, ShipmentStatus
from transship import masking
from transship.errors import DomainError
from transship.labels import choice_labels, row_link
from transship.pagination import paginate


def _field_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


@login_required
def parcel_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ParcelStatus.values:
        status = ""
    page = paginate(request, selectors.parcel_list(user=request.user, status=status or None))
    parcels = list(page.object_list)
    limit = config.STORAGE_LIMIT_DAYS
    now = timezone.now()
    # Labels and links once per page, not once per row (transship/labels.py).
    status_labels = choice_labels(Parcel, "status")
    hold_labels = choice_labels(Parcel, "hold_reason")
    link = row_link("parcels:detail")
    for parcel in parcels:
        deadline = parcel.deadline(limit_days=limit)
        parcel.days_left = (deadline - now).days if deadline else None
        parcel.status_label = status_labels.get(parcel.status, parcel.status)
        parcel.hold_label = hold_labels.get(parcel.hold_reason, parcel.hold_reason)
        parcel.url = link(parcel.pk)
    return render(
        request,
        "parcels/list.html",
        {
            "parcels": parcels,
            "page": page,
            "status": status,
            "statuses": ParcelStatus.choices,
            "clock_statuses": (ParcelStatus.STORED, ParcelStatus.ON_HOLD, ParcelStatus.RECEIVED),
        },
    )


@login_required
def declaration_create(request: HttpRequest) -> HttpResponse:
    form = forms.DeclarationForm(request.POST or None)
    items = forms.ItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            parcel = services.declaration_create(
                user=request.user, items=forms.items_from_formset(items), **form.cleaned_data
            )
        except DomainError as error:
            _field_error(form, error)
        else:
            messages.success(request, _("Declared. We will tell you when it arrives."))
            return redirect("parcels:detail", pk=parcel.pk)
    return render(request, "parcels/declare.html", {"form": form, "items": items})


@login_required
def declaration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    parcel = get_object_or_404(Parcel, pk=pk, owner=request.user, status=ParcelStatus.EXPECTED)
    initial_items = list(
        parcel.items.values(
            "description", "category", "quantity", "unit_value", "hs_code", "contains_batteries"
        )
    )
    form = forms.DeclarationForm(
        request.POST or None,
        initial={
            "shop_name": parcel.shop_name,
            "shop_url": parcel.shop_url,
            "carrier": parcel.carrier,
            "tracking_number": parcel.tracking_number,
            "note": parcel.note,
        },
    )
    items = forms.ItemFormSet(request.POST or None, prefix="items", initial=initial_items)
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            services.declaration_update(
                parcel_id=parcel.pk,
                user=request.user,
                items=forms.items_from_formset(items),
                **form.cleaned_data,
            )
        except DomainError as error:
            _field_error(form, error)
        else:
            messages.success(request, _("Declaration saved."))
            return redirect("parcels:detail", pk=parcel.pk)
    return render(request, "parcels/declare.html", {"form": form, "items": items, "parcel": parcel})


@login_required
def parcel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        parcel = selectors.parcel_detail(user=request.user, parcel_id=pk)
    except Parcel.DoesNotExist:
        raise Http404 from None
    deadline = parcel.deadline(limit_days=config.STORAGE_LIMIT_DAYS)
    resolve = None
    if parcel.status == ParcelStatus.ON_HOLD and parcel.hold_reason in CUSTOMER_RESOLVABLE_HOLDS:
        initial = [
            {
                "description": i.description,
                "category": i.category,
                "quantity": i.quantity,
                "unit_value": i.unit_value,
                "hs_code": i.hs_code,
            }
            for i in parcel.items.all()
        ]
        resolve = forms.ItemFormSet(prefix="items", initial=initial)
    can_order_extras = parcel.status in (
        ParcelStatus.RECEIVED,
        ParcelStatus.STORED,
        ParcelStatus.ON_HOLD,
    )
    catalogue = []
    if can_order_extras:  # the catalogue is a query: only when the parcel can take extras
        ordered = {extra.service_id for extra in parcel.extras.all()}
        catalogue = [s for s in selectors.extras_catalogue() if s.pk not in ordered]
    settlement = None
    if parcel.status == ParcelStatus.DISPOSED:  # billing settles only disposed parcels
        settlement = billing_selectors.settlement_for_parcel(
            parcel_id=parcel.pk, user_id=request.user.pk
        )
    return render(
        request,
        "parcels/detail.html",
        {
            "parcel": parcel,
            "settlement": settlement,
            "deadline": deadline,
            "days_left": (deadline - timezone.now()).days if deadline else None,
            "free_days": config.STORAGE_FREE_DAYS,
            "resolve": resolve,
            "catalogue": catalogue,
            "can_order_extras": can_order_extras,
        },
    )


@login_required
@require_POST
def hold_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    parcel = get_object_or_404(Parcel, pk=pk, owner=request.user)
    items = forms.ItemFormSet(request.POST, prefix="items")
    if not items.is_valid():
        messages.error(request, _("Check the content lines."))
        return redirect("parcels:detail", pk=parcel.pk)
    try:
        services.parcel_hold_resolve(
            parcel_id=parcel.pk, user=request.user, items=forms.items_from_formset(items)
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you: the parcel is back in storage."))
    return redirect("parcels:detail", pk=parcel.pk)


@login_required
@require_POST
def extra_order(request: HttpRequest, pk: int) -> HttpResponse:
    parcel = get_object_or_404(Parcel, pk=pk, owner=request.user)
    form = forms.ExtraOrderForm(request.POST)
    if form.is_valid():
        try:
            services.parcel_extra_order(
                parcel_id=parcel.pk, user=request.user, service_id=form.cleaned_data["service"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Extra ordered."))
    return redirect("parcels:detail", pk=parcel.pk)


@login_required
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    """Intake photos are the customer's: served to them, and to staff whose work needs them
    (the photo rights: warehouse and support, not finance), each staff view logged."""
    rows = ParcelPhoto.objects.select_related("parcel")
    if not (request.user.is_staff and request.user.has_perm("parcels.view_parcelphoto")):
        rows = rows.filter(parcel__owner=request.user)
    item = get_object_or_404(rows, pk=photo_id)
    masking.personal_data_view_log(
        staff=request.user,
        subject_user_id=item.parcel.owner_id,
        model_label=ParcelPhoto._meta.label,
        object_id=str(item.pk),
        fields=["image"],
        reason="intake photo opened",
    )
    return FileResponse(item.image.open("rb"))


@login_required
def shipment_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "parcels/shipments.html",
        {"shipments": selectors.shipment_list(user=request.user)[:200]},
    )


PLAN_TITLES = {
    "cheapest": gettext_lazy("Recommended: the cheapest plan"),
    "fastest": gettext_lazy("The fastest plan"),
    "one_box": gettext_lazy("Everything in one box"),
    "separately": gettext_lazy("Every parcel separately"),
}


def _plans_for_page(*, user, form, chosen, recipient) -> tuple[list[dict], list[str]]:
    """The shipping plans of the chosen parcels, ready for the page (parcel codes, the value a
    radio button posts back), and why there are none. Empty before the customer asks."""
    if recipient is None or not chosen:
        return [], []
    values = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    together = [int(pk) for pk in values.get("keep_together") or []]
    ids = [p.pk for p in chosen]
    result = planning.shipping_plans(
        user=user,
        parcel_ids=ids,
        country=recipient.country.code,
        insure=bool(values.get("insure")),
        keep_together=[[pk for pk in together if pk in ids]] if len(together) > 1 else [],
    )
    codes = {p.pk: p.code for p in chosen}
    rows = [
        {
            "plan": plan,
            "title": PLAN_TITLES[plan.kind],
            "value": planning.plan_encode(plan),
            "boxes": [(box, [codes[k] for k in box.parcel_keys]) for box in plan.boxes],
        }
        for plan in result.plans
    ]
    return rows, result.problems


@login_required
def shipment_request(request: HttpRequest) -> HttpResponse:
    from accounts.models import Address

    stored = list(selectors.parcels_shippable(user=request.user))
    recipients = list(Address.objects.filter(user=request.user))
    data = request.POST or None
    chosen_ids = {
        int(v)
        for v in (request.POST.getlist("parcels") or request.GET.getlist("parcels"))
        if v.isdigit()
    }
    chosen = [p for p in stored if p.pk in chosen_ids] or stored
    recipient_id = request.POST.get("recipient") or (str(recipients[0].pk) if recipients else "")
    recipient = next((a for a in recipients if str(a.pk) == recipient_id), None)
    options = selectors.service_options(
        parcels=chosen, country=recipient.country.code if recipient else ""
    )
    form = forms.ShipmentRequestForm(data, parcels=stored, recipients=recipients, services=options)
    valid = request.method == "POST" and form.is_valid()
    if valid and "request" in request.POST:
        values = form.cleaned_data
        try:
            shipment = services.shipment_request(
                user=request.user,
                parcel_ids=[int(pk) for pk in values["parcels"]],
                recipient_id=int(values["recipient"]),
                service_id=int(values["service"] or 0),
                insurance_amount=values["insurance_amount"] or 0,
                customs_confirmed=values["customs_confirmed"],
                customs_category=values["customs_category"],
            )
        except DomainError as error:
            _field_error(form, error)
        else:
            messages.success(request, _("Shipment requested."))
            return redirect("parcels:shipment", pk=shipment.pk)
    if valid and "ship_plan" in request.POST:
        values = form.cleaned_data
        try:
            shipments = services.shipment_plan_choose(
                user=request.user,
                boxes=planning.plan_decode(values["plan"]),
                recipient_id=int(values["recipient"]),
                insure=values["insure"],
                customs_confirmed=values["customs_confirmed"],
                customs_category=values["customs_category"],
            )
        except DomainError as error:
            _field_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s shipment requested, its price guaranteed.",
                    "%(n)s shipments requested, one per box, each price guaranteed.",
                    len(shipments),
                )
                % {"n": len(shipments)},
            )
            return redirect("parcels:shipments")
    plans, plan_problems = [], []
    if valid and ("plans" in request.POST or "ship_plan" in request.POST):
        try:
            plans, plan_problems = _plans_for_page(
                user=request.user, form=form, chosen=chosen, recipient=recipient
            )
        except DomainError as error:
            _field_error(form, error)
    service = next(
        (o.service for o in options if str(o.service.pk) == request.POST.get("service")), None
    )
    return render(
        request,
        "parcels/ship.html",
        {
            "form": form,
            "stored": stored,
            "chosen_ids": {p.pk for p in chosen},
            "recipients": recipients,
            "options": options,
            "preview": selectors.customs_preview(parcels=chosen, service=service),
            "plans": plans,
            "plan_problems": plan_problems,
            "chosen_plan": request.POST.get("plan", ""),
        },
    )


@login_required
def shipment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        shipment = selectors.shipment_detail(user=request.user, shipment_id=pk)
    except Shipment.DoesNotExist:
        raise Http404 from None
    invoices = billing_selectors.invoices_for_user(user_id=request.user.pk).filter(
        shipment_id=shipment.pk
    )
    return render(
        request,
        "parcels/shipment.html",
        {
            "shipment": shipment,
            "invoices": invoices,
            "sections": shipment_sections(shipment=shipment, user=request.user),
        },
    )


@login_required
def shipment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks first and says what happens; POST cancels."""
    shipment = get_object_or_404(Shipment, pk=pk, user=request.user)
    if request.method != "POST":
        if shipment.status != ShipmentStatus.REQUESTED:
            messages.error(request, _("Staff have started packing: it can no longer be cancelled."))
            return redirect("parcels:shipment", pk=shipment.pk)
        return render(
            request,
            "parcels/shipment_cancel.html",
            {"shipment": shipment, "parcels": list(shipment.parcels.all())},
        )
    try:
        services.shipment_cancel(shipment_id=shipment.pk, user=request.user, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Shipment cancelled; the parcels are back in storage."))
    return redirect("parcels:shipment", pk=shipment.pk)


@login_required
def track(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "")
    shipment = selectors.shipment_by_tracking(user=request.user, tracking_number=number)
    if shipment is not None:
        return redirect("parcels:shipment", pk=shipment.pk)
    if number:
        messages.error(request, _("No shipment of yours has this tracking number."))
    return redirect("parcels:shipments")
