"""Masking of personal data on display (privacy policy 4(4)) and the admin mixin that applies it.

Staff see masked values by default. Those holding the unmask permission get a "Show personal
data" button on a record's page; pressing it is logged and the customer sees the log. Without the
permission, masked fields are shown read-only and masked and are left out of the form, so saving
the page never overwrites them.

The platform knows neither the permission nor the log: the privacy app names both at startup
(`unmask_hook_register`, from its `AppConfig.ready`). Until it has, nobody may unmask.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

UNMASK_PARAM = "unmask"
STAR = "*"


def mask_phone(value: str | None) -> str:
    """`13812345678` → `138****5678`: the first three and last four digits stay."""
    if not value:
        return ""
    text = str(value)
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(digits) <= 7:
        return text[:1] + STAR * max(len(text) - 1, 3)
    keep = set(digits[:3]) | set(digits[-4:])
    return "".join(ch if (i in keep or not ch.isdigit()) else STAR for i, ch in enumerate(text))


def mask_name(value: str | None) -> str:
    """`Zhang Wei` → `Z*** W***`: each word keeps its first letter."""
    if not value:
        return ""
    return " ".join(word[:1] + STAR * 3 for word in str(value).split())


def mask_email(value: str | None) -> str:
    """`alice@example.com` → `a***@example.com`."""
    if not value:
        return ""
    local, _at, domain = str(value).partition("@")
    return f"{local[:1]}{STAR * 3}@{domain}" if domain else mask_text(value)


def mask_text(value: str | None) -> str:
    """Free text and street addresses: the first two characters, then stars."""
    if not value:
        return ""
    text = str(value)
    return text[:2] + STAR * 4


def mask_for_field(name: str, value: Any) -> str:
    """Pick the masking that suits a field by its name."""
    lowered = name.lower()
    if "phone" in lowered or "mobile" in lowered or "tel" in lowered:
        return mask_phone(value)
    if "email" in lowered:
        return mask_email(value)
    if "name" in lowered:
        return mask_name(value)
    return mask_text(value)


@dataclass(frozen=True)
class UnmaskHook:
    """Who may see personal data unmasked, and how each look is logged: `record` takes the
    keyword arguments staff, subject_user_id, model_label, object_id, fields and reason."""

    permission: str
    record: Callable[..., Any]


_unmask_hook: UnmaskHook | None = None


def unmask_hook_register(*, permission: str, record: Callable[..., Any]) -> None:
    """Name the unmask permission and the function that logs an unmasking (called once, by the
    app that owns the access log)."""
    global _unmask_hook
    _unmask_hook = UnmaskHook(permission=permission, record=record)


def personal_data_view_log(
    *,
    staff: Any,
    subject_user_id: int | None,
    model_label: str,
    object_id: str,
    fields: list[str],
    reason: str = "",
) -> None:
    """Log that a member of staff saw a person's data unmasked outside a change page (a printed
    label, a receipt, a photo); the person sees this log. A customer's own view is not logged."""
    if _unmask_hook is None or subject_user_id is None or not getattr(staff, "is_staff", False):
        return
    if getattr(staff, "pk", None) == subject_user_id:
        return
    _unmask_hook.record(
        staff=staff,
        subject_user_id=subject_user_id,
        model_label=model_label,
        object_id=object_id,
        fields=fields,
        reason=reason[:200],
    )


def user_may_unmask(user: Any) -> bool:
    if _unmask_hook is None:
        return False
    return bool(
        user and user.is_active and user.is_staff and user.has_perm(_unmask_hook.permission)
    )


class MaskedAdminMixin:
    """ModelAdmin mixin: list `masked_fields = ("phone", "line1", …)` and inherit it FIRST.

    `personal_data_owner` (a field path such as "user" or "owner") names whose data the row is;
    a User admin leaves it empty (the row is the person)."""

    masked_fields: tuple[str, ...] = ()
    personal_data_owner: str = "user"
    change_form_template = "admin/masked_change_form.html"

    def _is_unmasked(self, request: HttpRequest) -> bool:
        return bool(getattr(request, "_privacy_unmasked", False))

    def _masked_display(self, name: str):
        field = self.model._meta.get_field(name)

        def display(obj: Any) -> str:
            return mask_for_field(name, getattr(obj, name, ""))

        display.short_description = field.verbose_name  # type: ignore[attr-defined]
        display.__name__ = f"{name}__masked"
        return display

    def get_list_display(self, request: HttpRequest):
        shown = super().get_list_display(request)  # type: ignore[misc]
        return [
            self._masked_display(name)
            if isinstance(name, str) and name in self.masked_fields
            else name
            for name in shown
        ]

    def get_list_display_links(self, request: HttpRequest, list_display):
        links = super().get_list_display_links(request, list_display)  # type: ignore[misc]
        if links and all(callable(link) for link in links):
            return links
        if links:
            kept = [
                link for link in links if not (isinstance(link, str) and link in self.masked_fields)
            ]
            return kept or [list_display[0]]
        return links

    def get_search_fields(self, request: HttpRequest):
        fields = super().get_search_fields(request)  # type: ignore[misc]
        return [f for f in fields if f.split("__")[0] not in self.masked_fields]

    def get_exclude(self, request: HttpRequest, obj: Any = None):
        exclude = list(super().get_exclude(request, obj) or [])  # type: ignore[misc]
        if obj is not None and not self._is_unmasked(request):
            exclude += [name for name in self.masked_fields if name not in exclude]
        return exclude

    def get_fields(self, request: HttpRequest, obj: Any = None):
        fields = list(super().get_fields(request, obj))  # type: ignore[misc]
        if obj is None or self._is_unmasked(request):
            return fields
        return [f"{f}__masked" if f in self.masked_fields else f for f in fields]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None):
        fieldsets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        if obj is None or self._is_unmasked(request):
            return fieldsets
        return [
            (title, {**opts, "fields": self._swap(opts.get("fields", ()))})
            for title, opts in fieldsets
        ]

    def _swap(self, fields: Any) -> list:
        swapped = []
        for field in fields:
            if isinstance(field, list | tuple):
                swapped.append(tuple(self._swap(field)))
            else:
                swapped.append(f"{field}__masked" if field in self.masked_fields else field)
        return swapped

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None):
        readonly = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if obj is not None and not self._is_unmasked(request):
            readonly += [f"{name}__masked" for name in self.masked_fields]
        return readonly

    def __getattr__(self, item: str) -> Any:
        # readonly "<field>__masked" entries resolve to a display callable on the admin
        if item.endswith("__masked") and item[: -len("__masked")] in type(self).masked_fields:
            return self._masked_display(item[: -len("__masked")])
        raise AttributeError(item)

    def personal_data_owner_id(self, obj: Any) -> int | None:
        if not self.personal_data_owner:
            return obj.pk
        target = obj
        for part in self.personal_data_owner.split("__"):
            target = getattr(target, part, None)
            if target is None:
                return None
        return target.pk

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        may_unmask = user_may_unmask(request.user)
        extra_context["privacy_may_unmask"] = may_unmask and bool(self.masked_fields)
        if request.GET.get(UNMASK_PARAM) == "1":
            if not may_unmask:
                raise PermissionDenied
            obj = self.get_object(request, admin.utils.unquote(object_id))  # type: ignore[attr-defined]
            if obj is not None:
                owner_id = self.personal_data_owner_id(obj)
                if owner_id is not None and request.method == "GET" and _unmask_hook is not None:
                    _unmask_hook.record(
                        staff=request.user,
                        subject_user_id=owner_id,
                        model_label=obj._meta.label,
                        object_id=str(obj.pk),
                        fields=list(self.masked_fields),
                        reason=request.GET.get("reason", "")[:200],
                    )
                request._privacy_unmasked = True  # type: ignore[attr-defined]
                extra_context["privacy_unmasked"] = True
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]


UNMASK_LABEL = _("Show personal data")
