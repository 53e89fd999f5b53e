"""The export is built by a real Celery worker, after the agent's transaction commits."""

import pytest

from privacy import services
from privacy.models import PrivacyRequest
from tests.conftest import wait_until
from tests.factories import StaffFactory, UserFactory


@pytest.fixture
def _real_broker():
    from transship.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


@pytest.mark.usefixtures("_real_broker")
def test_a_worker_builds_the_export_once_the_request_is_processed(celery_worker_process):
    customer = UserFactory()
    agent = StaffFactory(groups=["Support agent"])
    request = services.privacy_request_create(user=customer, kind="access")
    services.privacy_request_verify(request_id=request.pk, actor=agent, method="id_document")

    services.privacy_request_process(request_id=request.pk, actor=agent)

    assert wait_until(
        lambda: PrivacyRequest.objects.get(pk=request.pk).status == "completed", timeout=60
    ), "".join(celery_worker_process.log[-40:])
    assert PrivacyRequest.objects.get(pk=request.pk).export_is_downloadable
