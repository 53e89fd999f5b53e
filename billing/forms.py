from django import forms
from django.utils.translation import gettext_lazy as _

from billing.models import BankAccount
from transship import bounds


class PayForm(forms.Form):
    use_balance = forms.DecimalField(
        label=_("From my balance (JPY)"),
        min_value=0,
        max_digits=bounds.MONEY_MAX_DIGITS,
        decimal_places=0,
        required=False,
        initial=0,
    )


class CouponForm(forms.Form):
    code = forms.CharField(label=_("Coupon code"), max_length=40)


class PointsForm(forms.Form):
    points = forms.IntegerField(label=_("Points to use"), min_value=1, max_value=bounds.INT_MAX)


class TopUpForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (JPY)"), min_value=50, max_value=1_000_000, decimal_places=0
    )


class BankAccountForm(forms.ModelForm):
    class Meta:
        model = BankAccount
        fields = ("bank_name", "branch", "account_number", "holder", "swift")
