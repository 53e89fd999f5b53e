"""Readiness, metrics, and the one-line-per-request / per-task logs (docs/operations.md)."""

import json
import logging

import pytest
from botocore.config import Config
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from tests.factories import UserFactory
from transship.celery import app as celery_app
from transship.settings import object_storage

pytestmark = pytest.mark.django_db

TOKEN = "scrape-" + "x" * 40


def test_readyz_checks_the_database_the_broker_and_the_storage(client):
    response = client.get(reverse("readyz"))

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": True, "storage": True}


def test_readyz_answers_503_naming_the_storage_when_the_bucket_cannot_be_reached(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage(
            "transship",
            endpoint_url="http://127.0.0.1:1",  # nothing listens on port 1
            access_key="k",
            secret_key="s",
            region_name="us-east-1",
            client_config=Config(connect_timeout=1, retries={"max_attempts": 1}),
        ),
    }

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": True, "storage": False}


def test_readyz_answers_503_when_the_broker_is_down(client):
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get(reverse("readyz"))
    finally:
        celery_app.conf.broker_url = original

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] is False


@pytest.mark.parametrize(
    ("configured", "header"),
    [("", ""), ("", f"Bearer {TOKEN}"), (TOKEN, ""), (TOKEN, "Bearer wrong"), (TOKEN, TOKEN)],
)
def test_metrics_are_not_public(client, settings, configured, header):
    settings.METRICS_TOKEN = configured
    headers = {"Authorization": header} if header else {}
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get("/metrics", headers=headers).status_code == 404


def test_metrics_with_the_token_report_requests_queues_and_task_failures(client, settings):
    settings.METRICS_TOKEN = TOKEN
    client.get("/")
    # A task that fails (no such request id), run in-process: the worker's signals count it.
    assert celery_app.tasks["privacy.build_export"].apply(args=["not-an-id"]).failed()

    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text
    assert 'transship_celery_queue_length{queue="mail"}' in text
    assert 'transship_celery_queue_length{queue="sweeps"}' in text
    assert 'transship_celery_tasks_total{outcome="failure",task="privacy.build_export"} 1.0' in text


def _json_line(record: logging.LogRecord, settings) -> dict:
    options = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    line = JsonFormatter(**options).format(record)
    assert "\n" not in line
    return json.loads(line)


def test_each_request_logs_one_json_line_with_its_id_user_status_and_duration(
    client, settings, caplog
):
    user = UserFactory()
    client.force_login(user)

    with caplog.at_level(logging.INFO, logger="transship.requests"):
        response = client.get("/me/", headers={"X-Request-ID": "proxy-req-0001"})

    records = [r for r in caplog.records if r.name == "transship.requests"]
    assert len(records) == 1
    line = _json_line(records[0], settings)
    assert line["request_id"] == "proxy-req-0001" == response["X-Request-ID"]
    assert (line["user_id"], line["status"], line["method"]) == (user.pk, 200, "GET")
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO"


def test_a_request_without_a_sane_id_gets_a_new_one(client, caplog):
    with caplog.at_level(logging.INFO, logger="transship.requests"):
        response = client.get("/", headers={"X-Request-ID": "bad id\nforged"})

    assert response["X-Request-ID"] != "bad id\nforged"
    assert len(response["X-Request-ID"]) == 32
    assert caplog.records[-1].user_id is None


def test_each_task_logs_one_json_line_with_its_name_duration_and_outcome(settings, caplog):
    with caplog.at_level(logging.INFO, logger="transship.tasks"):
        celery_app.tasks["privacy.purge_expired_exports"].apply()

    records = [r for r in caplog.records if r.name == "transship.tasks"]
    assert len(records) == 1
    line = _json_line(records[0], settings)
    assert (line["task"], line["outcome"]) == ("privacy.purge_expired_exports", "success")
    assert line["duration_ms"] >= 0
