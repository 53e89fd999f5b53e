"""Forms of the customer pages and the staff screens. They parse input; services decide."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from parcels.models import DomesticCarrier
from parcels.states import (
    CUSTOMER_CUSTOMS_CATEGORIES,
    Category,
    DisposalMethod,
    HoldReason,
    InspectionResult,
    RefusalReason,
)
from transship import bounds


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        for item in files:
            bounds.upload_size_validate(item)
        return [super(MultipleImageField, self).clean(item, initial) for item in files]


class DeclarationForm(forms.Form):
    shop_name = forms.CharField(label=_("Shop"), max_length=200, required=False)
    shop_url = forms.URLField(
        label=_("Shop URL"), max_length=500, required=False, assume_scheme="https"
    )
    carrier = forms.ChoiceField(label=_("Domestic carrier"), choices=DomesticCarrier.choices)
    tracking_number = forms.CharField(label=_("Domestic tracking number"), max_length=40)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ItemForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=200)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", "---------"), *Category.choices],
        help_text=_("Categories marked A10 are prohibited and cannot be forwarded."),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=bounds.INT_MAX)
    unit_value = forms.IntegerField(
        label=_("Unit value (JPY)"), min_value=0, max_value=bounds.MONEY_MAX
    )
    hs_code = forms.CharField(label=_("HS code"), max_length=12, required=False)
    contains_batteries = forms.BooleanField(label=_("Lithium batteries"), required=False)


ItemFormSet = formset_factory(ItemForm, extra=3, min_num=1, validate_min=True, max_num=50)


def items_from_formset(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class ShipmentRequestForm(forms.Form):
    parcels = forms.MultipleChoiceField(label=_("Parcels"), widget=forms.CheckboxSelectMultiple)
    recipient = forms.ChoiceField(label=_("Recipient"))
    service = forms.ChoiceField(
        label=_("Carrier service"), widget=forms.RadioSelect, required=False
    )
    insurance_amount = forms.IntegerField(
        label=_("Insured value (JPY)"),
        min_value=0,
        max_value=bounds.MONEY_MAX,
        initial=0,
        required=False,
    )
    customs_category = forms.ChoiceField(
        label=_("The contents are"),
        choices=[(c.value, c.label) for c in CUSTOMER_CUSTOMS_CATEGORIES],
        widget=forms.RadioSelect,
        required=False,
    )
    customs_confirmed = forms.BooleanField(
        label=_("I confirm the customs declaration above is true and complete."), required=False
    )

    # Shipping plans (issue 19): parcels to keep in one box, insurance, the plan chosen.
    keep_together = forms.MultipleChoiceField(
        label=_("Keep these parcels together in one box"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    insure = forms.BooleanField(
        label=_("Insure every box for the declared value of its contents"), required=False
    )
    plan = forms.CharField(label=_("Shipping plan"), required=False, max_length=4000)

    def __init__(self, *args, parcels=(), recipients=(), services=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parcels"].choices = [(str(p.pk), str(p)) for p in parcels]
        self.fields["keep_together"].choices = [(str(p.pk), p.code) for p in parcels]
        self.fields["recipient"].choices = [(str(a.pk), str(a)) for a in recipients]
        self.fields["service"].choices = [(str(o.service.pk), o.service.name) for o in services]


class ExtraOrderForm(forms.Form):
    service = forms.IntegerField(widget=forms.HiddenInput, max_value=bounds.ID_MAX)


# --- Staff screens -----------------------------------------------------------------------------
class ScanForm(forms.Form):
    code = forms.CharField(
        label=_("Scan"),
        max_length=60,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "class": "scan-input"}
        ),
    )


class IntakeForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=40, required=False)
    member_code = forms.CharField(label=_("Member code"), max_length=20, required=False)
    weight_g = forms.IntegerField(
        label=_("Weight (g)"),
        widget=forms.NumberInput(attrs={"autofocus": True}),
        max_value=bounds.INT_MAX,
    )
    length_cm = forms.IntegerField(label=_("Length (cm)"), max_value=bounds.INT_MAX)
    width_cm = forms.IntegerField(label=_("Width (cm)"), max_value=bounds.INT_MAX)
    height_cm = forms.IntegerField(label=_("Height (cm)"), max_value=bounds.INT_MAX)
    bin_location = forms.CharField(label=_("Bin"), max_length=20, required=False)
    photos = MultipleImageField(label=_("Photos"), required=False)
    refusal = forms.ChoiceField(
        label=_("Refuse"), choices=[("", _("Accept")), *RefusalReason.choices], required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("refusal") and not (data.get("bin_location") or "").strip():
            self.add_error("bin_location", _("Scan the bin the parcel goes to."))
        return data


class BinForm(forms.Form):
    bin_location = forms.CharField(
        label=_("Scan the bin"), max_length=20, widget=forms.TextInput(attrs={"autofocus": True})
    )


class InspectionForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=InspectionResult.choices)
    notes = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class HoldForm(forms.Form):
    reason = forms.ChoiceField(label=_("Hold reason"), choices=HoldReason.choices)
    note = forms.CharField(
        label=_("Note for the customer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(forms.Form):
    member_code = forms.CharField(label=_("Member code"), max_length=20)


class DisposalForm(forms.Form):
    parcel = forms.IntegerField(widget=forms.HiddenInput, max_value=bounds.ID_MAX)
    method = forms.ChoiceField(label=_("Disposal"), choices=DisposalMethod.choices)
    sale_price = forms.IntegerField(
        label=_("Sale price (JPY)"), min_value=0, max_value=bounds.MONEY_MAX, required=False
    )


class PackForm(forms.Form):
    weight_g = forms.IntegerField(
        label=_("Box weight (g)"),
        widget=forms.NumberInput(attrs={"autofocus": True}),
        max_value=bounds.INT_MAX,
    )
    length_cm = forms.IntegerField(label=_("Length (cm)"), max_value=bounds.INT_MAX)
    width_cm = forms.IntegerField(label=_("Width (cm)"), max_value=bounds.INT_MAX)
    height_cm = forms.IntegerField(label=_("Height (cm)"), max_value=bounds.INT_MAX)


class ShipForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("Carrier tracking number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
