"""`{{ parcel|label:"status" }}`: a choice field's label without `get_FOO_display`'s per-call
rebuild of every label (see transship/labels.py)."""

from django import template
from django.db.models import Model

from transship.labels import choice_label

register = template.Library()


@register.filter
def label(instance: Model, field_name: str) -> str:
    return choice_label(instance, field_name)
