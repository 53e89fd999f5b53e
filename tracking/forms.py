"""Forms of the customer's claim and notification pages. They parse input; services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tracking.states import MILESTONES, ClaimKind, TrackingStatus
from transship import bounds


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files; the service checks each one's content, size and number."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(item, initial) for item in files]


class ClaimForm(forms.Form):
    subject = forms.ChoiceField(label=_("Shipment or parcel"))
    kind = forms.ChoiceField(label=_("What happened"), choices=ClaimKind.choices)
    description = forms.CharField(
        label=_("Describe what happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    amount_claimed = forms.DecimalField(
        label=_("Amount claimed (JPY)"),
        min_value=1,
        max_value=bounds.MONEY_MAX,
        decimal_places=0,
        help_text=_("At most the insured value, or the declared value when not insured."),
    )
    photos = PhotosField(
        label=_("Photos (of the damage, the box, the label)"),
        required=False,
        help_text=_("JPEG, PNG or WebP."),
    )

    def __init__(self, *args: Any, subjects: dict[str, list], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "---------")]
        choices += [
            (f"shipment:{s.pk}", _("Shipment %(number)s") % {"number": s.number})
            for s in subjects["shipments"]
        ]
        choices += [
            (f"parcel:{p.pk}", _("Parcel %(code)s (in our warehouse)") % {"code": p.code})
            for p in subjects["parcels"]
        ]
        self.fields["subject"].choices = choices

    def subject_ids(self) -> dict[str, int]:
        kind, _sep, pk = self.cleaned_data["subject"].partition(":")
        return {f"{kind}_id": int(pk)}


class ClaimInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Information"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField(label=_("Photos"), required=False, help_text=_("JPEG, PNG or WebP."))


class TrackingPreferenceForm(forms.Form):
    milestones = forms.MultipleChoiceField(
        label=_("Email me when a shipment is"),
        choices=[(s.value, TrackingStatus(s).label) for s in MILESTONES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
