"""The site as emails name it: its name in the reader's language and its domain, from settings
(SITE_NAME, SITE_DOMAIN). It stands in for `django.contrib.sites`, which is not installed: allauth's
templates read `current_site.name` and `current_site.domain`, and Message-IDs use the domain."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext


@dataclass(frozen=True)
class Site:
    domain: str

    @property
    def name(self) -> str:
        """The brand, translated when it is read (inside the message's language)."""
        return gettext(settings.SITE_NAME)

    def __str__(self) -> str:
        return self.domain


def current_site() -> Site:
    return Site(domain=settings.SITE_DOMAIN)
