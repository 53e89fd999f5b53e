"""Customer forms. They validate and call one service; every error is a field error in the
visitor's language."""

import datetime
from typing import Any

import phonenumbers
from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from accounts import selectors, services
from accounts.models import Address, MarketingConsent, User
from accounts.states import Gender, GuardianRelationship, RejectionReason


class DateInput(forms.DateInput):
    input_type = "date"


def _birth_date_check(value: datetime.date | None) -> None:
    if value is None:
        return
    today = timezone.localdate()
    if value > today:
        raise forms.ValidationError(_("The birthday cannot be in the future."))
    if value.year < today.year - 120:
        raise forms.ValidationError(_("Please check the year of birth."))


class ApplicationForm(forms.Form):
    """The membership application, added to allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(
        label=_("Real name"),
        max_length=200,
        help_text=_("As on your ID; parcels and customs forms use it."),
    )
    birth_date = forms.DateField(
        label=_("Birthday"), required=False, widget=DateInput, validators=[_birth_date_check]
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    phone = PhoneNumberField(
        label=_("Mobile phone"),
        required=False,
        help_text=_("Optional. International format, e.g. +86 138 0013 8000."),
    )
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=200, required=False)
    guardian_contact = forms.EmailField(label=_("Guardian's email"), max_length=200, required=False)
    guardian_consent = forms.BooleanField(
        label=_("Under 18: email my parent or guardian a link to consent"), required=False
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and the privacy policy"),
        error_messages={"required": _("You must accept the terms of use and privacy policy.")},
    )
    marketing_email = forms.BooleanField(
        label=_("Send me news and offers by email (optional)"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("guardian_consent"):
            for field in ("guardian_name", "guardian_contact"):
                if not (data.get(field) or "").strip():
                    self.add_error(field, _("Needed for the guardian's consent."))
        return data

    def signup(self, request: Any, user: User) -> None:
        data = self.cleaned_data
        services.application_submit(
            user=user,
            full_name=data["full_name"],
            birth_date=data.get("birth_date"),
            gender=data.get("gender") or "",
            phone=str(data["phone"]) if data.get("phone") else "",
            guardian_name=data.get("guardian_name") or "",
            guardian_contact=data.get("guardian_contact") or "",
            guardian_consent=bool(data.get("guardian_consent")),
            document_ids=[doc.pk for doc in selectors.legal_documents_current()],
            marketing_email=bool(data.get("marketing_email")),
        )


class GuardianConsentForm(forms.Form):
    """The minor names the guardian; the guardian consents on the page of the emailed link."""

    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=200)
    guardian_contact = forms.EmailField(
        label=_("Guardian's email"),
        max_length=200,
        help_text=_("We email your guardian a link to give their consent."),
    )


class GuardianConfirmForm(forms.Form):
    """What the guardian fills in on the page of the link."""

    guardian_name = forms.CharField(label=_("Your name"), max_length=200)
    relationship = forms.ChoiceField(
        label=_("You are the applicant's"), choices=GuardianRelationship.choices
    )
    consent = forms.BooleanField(
        label=_(
            "I have parental responsibility for the applicant and consent to their membership "
            "under the terms of use and the privacy policy."
        ),
        error_messages={"required": _("Tick the box to give your consent.")},
    )


class PhoneCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits we sent.")},
    )


class LegalAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read and accept these documents"),
        error_messages={"required": _("Please accept to continue using the service.")},
    )


class ProfileForm(forms.ModelForm):
    phone = PhoneNumberField(label=_("Mobile phone"), required=False)

    class Meta:
        model = User
        fields = ("full_name", "birth_date", "gender", "phone", "language", "currency")
        widgets = {"birth_date": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["birth_date"].validators.append(_birth_date_check)


class AddressForm(forms.ModelForm):
    phone = PhoneNumberField(
        label=_("Phone"), help_text=_("International format, e.g. +86 138 0013 8000.")
    )

    class Meta:
        model = Address
        fields = (
            "label",
            "name",
            "country",
            "region",
            "city",
            "postcode",
            "line1",
            "line2",
            "phone",
            "is_default",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        phone, country = data.get("phone"), data.get("country")
        if phone and country and phone.is_valid():
            region = phonenumbers.region_code_for_number(phone)
            # A recipient abroad needs a number the carrier can call there or in Japan.
            if region not in {str(country), "JP"}:
                self.add_error(
                    "phone", _("This phone number does not belong to the recipient's country.")
                )
        return data


class MarketingForm(forms.Form):
    email = forms.BooleanField(label=_("News and offers by email"), required=False)
    sms = forms.BooleanField(label=_("News and offers by SMS"), required=False)

    @classmethod
    def for_user(cls, user: User, data: Any = None) -> "MarketingForm":
        initial = {
            channel: selectors.marketing_consent_is_granted(user=user, channel=channel)
            for channel in MarketingConsent.Channel.values
        }
        return cls(data=data, initial=initial)


class WithdrawalForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_("I understand that closing my account cannot be undone"),
        error_messages={"required": _("Please confirm that you understand.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class AccountActionForm(ActionForm):
    """Extra inputs next to the admin's action menu: every state change needs a reason."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
    rejection_reason = forms.ChoiceField(
        label=_("Rejection ground (3.3)"),
        choices=[("", "—"), *RejectionReason.choices],
        required=False,
    )
