"""Admin pieces every app's staff screens share."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from sequences.models import Sequence


class ReadOnlyInline(admin.TabularInline):
    """An inline staff can read but never add to, change or delete from (event tables,
    invoice lines)."""

    extra = 0
    can_delete = False
    # Every column headed (Django's tabular template leaves two headings blank).
    template = "admin/edit_inline/readonly_tabular.html"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# django-sequences' counters behind document numbers (transship/numbers.py) are not for staff to
# edit: a counter set back would reissue invoice numbers. Its admin (registered before ours, as the
# app comes first in INSTALLED_APPS) is taken off the site.
if admin.site.is_registered(Sequence):
    admin.site.unregister(Sequence)
