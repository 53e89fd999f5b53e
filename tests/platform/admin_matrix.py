"""How a role's rights on one admin page are observed: by requesting the admin's own URLs.

A cell is one of view / add / change / delete on a registered model, or one custom staff screen:
- view:   GET the change list                         200 allowed, 403 refused
- add:    GET the add form                            200 allowed, 403 refused
- change: POST to the change form of a missing object  302 allowed (to "does not exist"), 403
- delete: GET the delete page of a missing object      302 allowed, 403 refused
The admin checks the permission before it looks the object up, so no object is needed; rules
that depend on the object (a staff account) have their own tests."""

from typing import Any

from django.contrib import admin
from django.urls import NoReverseMatch, reverse

MISSING_PK = "987654321"


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return None


def _allowed(status: int, ok: tuple[int, ...], url: str) -> bool:
    if status in ok:
        return True
    assert status == 403, f"{url} answered {status}, expected {ok} or 403"
    return False


def _observe_settings_page(client: Any, url: str) -> tuple[str, tuple[str, ...]]:
    """django-constance's Config is one page: view is GET, change is POST (its "add" and
    "change" URLs are the same page or a redirect for anyone)."""
    letters = "v" if _allowed(client.get(url).status_code, (200,), url) else ""
    if _allowed(client.post(url, {}).status_code, (200, 302), url):
        letters += "c"
    return letters, ()


def observe_model(client: Any, model: Any) -> tuple[str, tuple[str, ...]]:
    """The letters of `vacd` the logged-in client may do on `model`'s admin, and the admin
    actions its change list offers."""
    info = f"{model._meta.app_label}_{model._meta.model_name}"
    if model._meta.label_lower == "constance.config":
        return _observe_settings_page(client, reverse(f"admin:{info}_changelist"))
    letters, actions = "", ()
    changelist = _url(f"{info}_changelist")
    if changelist:
        response = client.get(changelist)
        if _allowed(response.status_code, (200,), changelist):
            letters += "v"
            form = response.context and response.context.get("action_form")
            if form is not None:
                actions = tuple(sorted(name for name, _ in form.fields["action"].choices if name))
    add = _url(f"{info}_add")
    if add and _allowed(client.get(add).status_code, (200,), add):
        letters += "a"
    change = _url(f"{info}_change", MISSING_PK)
    if change and _allowed(client.post(change, {}).status_code, (302,), change):
        letters += "c"
    delete = _url(f"{info}_delete", MISSING_PK)
    if delete and _allowed(client.get(delete).status_code, (302,), delete):
        letters += "d"
    return letters, actions


def observe_screen(client: Any, name: str, args: tuple, method: str = "get") -> bool:
    """Whether the logged-in client may open a custom staff screen (anything but 403; a missing
    object answers 404 after the permission check)."""
    url = reverse(f"admin:{name}", args=args)
    response = getattr(client, method)(url)
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    return response.status_code != 403


def registered_models() -> list[Any]:
    return sorted(admin.site._registry, key=lambda m: m._meta.label_lower)
