from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.states import DeletionGround, RequestKind


class PrivacyRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("I am asking for"), choices=RequestKind.choices)
    deletion_ground = forms.ChoiceField(
        label=_("Ground for deletion"),
        choices=[("", "—"), *DeletionGround.choices],
        required=False,
        help_text=_("Only for a deletion request (privacy policy 5(3))."),
    )
    details = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("For a correction: what is wrong and what it should be."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == RequestKind.DELETION and not data.get("deletion_ground"):
            self.add_error("deletion_ground", _("Choose the ground on which you ask for deletion."))
        if data.get("kind") == RequestKind.CORRECTION and not (data.get("details") or "").strip():
            self.add_error("details", _("Tell us what is wrong and what it should be."))
        return data
