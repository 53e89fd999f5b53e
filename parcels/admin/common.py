"""Pieces the parcel and shipment admins and their staff screens share: running a bulk action
through a service, the page context of a custom screen, and reading a screen form's action field."""

from collections.abc import Collection
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from transship.errors import DomainError


def run_each(modeladmin: admin.ModelAdmin, request: HttpRequest, rows: QuerySet, call) -> None:
    """Call a service for every selected row; report each DomainError, then the count done."""
    done = 0
    for row in rows:
        try:
            call(row)
            done += 1
        except DomainError as error:
            modeladmin.message_user(request, f"{row}: {error.message}", messages.ERROR)
    if done:
        modeladmin.message_user(request, _("%(n)s done.") % {"n": done}, messages.SUCCESS)


def screen_context(modeladmin: admin.ModelAdmin, request: HttpRequest, title: str, **extra: Any):
    return {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        **extra,
    }


def posted_action(request: HttpRequest, allowed: Collection[str]) -> str | None:
    """The screen form's `action` field (each form posts `<input name="action" value="…">`), or
    None when it is missing or not one this screen knows: the caller answers 400."""
    action = request.POST.get("action", "")
    return action if action in allowed else None


def unknown_action(request: HttpRequest) -> HttpResponse:
    return HttpResponseBadRequest(_("Unknown action."), content_type="text/plain; charset=utf-8")
