"""The service notices banner on every site page (A16, A17)."""

from typing import Any

from django.http import HttpRequest

from support import selectors

DISMISSED_KEY = "support_dismissed_notices"


def service_notices(request: HttpRequest) -> dict[str, Any]:
    """The current notices for this visitor, less those dismissed in this session."""
    if request.path.startswith(("/admin/", "/api/")):
        return {}
    dismissed = set(request.session.get(DISMISSED_KEY, [])) if hasattr(request, "session") else ()
    notices = selectors.notices_for(user=getattr(request, "user", None))
    return {"service_notices": [n for n in notices if n.pk not in dismissed]}
