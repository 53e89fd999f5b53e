"""The email frame (issue 14): the HTML part says its language, the brand is translated, and the
Message-ID carries the site's configured domain, the same on a redelivery of the row."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from notifications import services, tasks
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ja", "zh-hans"])
def test_the_html_part_carries_the_message_language_and_the_translated_brand(
    user, settings, django_capture_on_commit_callbacks, eager_celery, language
):
    user.language = language
    user.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=user, event="test.event", context={"parcel_code": "P1"})

    html = mail.outbox[-1].alternatives[0][0]
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert f">{gettext('Transship Japan')}</p>" in html


def test_the_message_id_uses_the_sites_domain_and_stays_the_same_on_redelivery(
    user, settings, django_capture_on_commit_callbacks, eager_celery
):
    settings.SITE_DOMAIN = "transship.example"

    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(user=user, event="test.event", context={"parcel_code": "P"})
    first = mail.outbox[-1].message()["Message-ID"]
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.PENDING)
    tasks.deliver(notification.pk)

    assert first.endswith("@transship.example>")
    assert f"notification{notification.pk}" in first
    assert len(mail.outbox) == 2
    assert mail.outbox[-1].message()["Message-ID"] == first
