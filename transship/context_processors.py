from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """What every page's shell needs from the platform; the apps add their own processors
    (`billing.context_processors.currency` for the visitor's currency)."""
    return {"SITE_URL": settings.SITE_URL}
