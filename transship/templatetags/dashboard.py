"""The staff dashboard: each app's AppConfig lists `staff_links`, shown to the roles they serve."""

from django import template
from django.apps import apps
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_work_links(context: dict) -> list[dict]:
    """Links to the work queues of the current staff user's roles, in app order.

    A link is `{"label", "url_name", "roles": (...), "permission": "app.codename" (optional),
    "help": str}`; superusers see all of them."""
    user = context["request"].user
    groups = set(user.groups.values_list("name", flat=True))
    links = []
    for config in apps.get_app_configs():
        for link in getattr(config, "staff_links", ()):
            allowed = user.is_superuser or groups & set(link.get("roles", ()))
            if link.get("permission") and not user.has_perm(link["permission"]):
                allowed = False
            if not allowed:
                continue
            try:
                url = reverse(link["url_name"])
            except NoReverseMatch:
                continue
            links.append({**link, "url": url, "app": config.verbose_name})
    return links
