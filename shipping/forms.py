from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField


class QuoteForm(forms.Form):
    weight_g = forms.IntegerField(label=_("Weight (g)"), min_value=1, max_value=100_000)
    length_cm = forms.IntegerField(label=_("Length (cm)"), min_value=1, max_value=500)
    width_cm = forms.IntegerField(label=_("Width (cm)"), min_value=1, max_value=500)
    height_cm = forms.IntegerField(label=_("Height (cm)"), min_value=1, max_value=500)
    country = LazyTypedChoiceField(label=_("Destination"), choices=countries)
