import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django_celery_beat.models import PeriodicTask

from transship.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_healthz_answers_503_when_the_broker_is_down(client):
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_url = original

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False}


def test_healthz_reuses_one_pooled_broker_connection(client):
    from transship.views import _redis_for

    url = celery_app.conf.broker_url
    if not url.startswith("redis"):
        pytest.skip("the broker is Redis only when REDIS_URL is set")

    answers = [client.get("/healthz").status_code for _ in range(5)]

    assert answers == [200] * 5
    assert _redis_for(url).connection_pool._created_connections == 1


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "kq8#Zr2@vN5!pL7$wT1^yH4&uB9*eC3(mD6)fG0_jS-a1b2c3d4e5f6g7h8i9",
        "ALLOWED_HOSTS": "shop.example.com",
        "FIELD_ENCRYPTION_KEYS": "mF0mZq2xd8Jq6yH5n0f6E9kV1s3rY7uB4cW2eT8aL5g=",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DEBUG="false", ALLOWED_HOSTS="shop.example.com")

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_seed_demo_refuses_to_run_in_production():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "y" * 64,
        "ALLOWED_HOSTS": "shop.example.com",
        "FIELD_ENCRYPTION_KEYS": "mF0mZq2xd8Jq6yH5n0f6E9kV1s3rY7uB4cW2eT8aL5g=",
        "SECURE_SSL_REDIRECT": "false",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "DEBUG=false" in result.stderr


def test_the_four_roles_exist_with_least_privilege():
    names = set(Group.objects.values_list("name", flat=True))
    customer = Group.objects.get(name="Customer")
    warehouse = Group.objects.get(name="Warehouse staff")

    assert {"Customer", "Warehouse staff", "Support agent", "Finance"} <= names
    assert customer.permissions.count() == 0
    assert not warehouse.permissions.filter(codename__in=["delete_user", "change_user"]).exists()
    assert not warehouse.permissions.filter(content_type__app_label="auth").exists()


def test_periodic_tasks_are_seeded_for_staff_to_edit():
    assert PeriodicTask.objects.filter(task="notifications.deliver_pending").exists()


def test_the_openapi_schema_is_valid_and_complete():
    """Every API view documents itself: no schema warnings, and the schema validates."""
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            os.devnull,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_compose_file_describes_the_production_stack():
    compose = shutil.which("docker-compose")
    if compose is None:
        if os.environ.get("CI"):
            pytest.fail("CI must check the compose file: .ci/run installs docker-compose")
        pytest.skip("docker-compose (Debian package) is not installed; .ci/run installs it")
    env = {
        **os.environ,
        "SECRET_KEY": "s" * 60,
        "FIELD_ENCRYPTION_KEYS": "k",
        "STORAGE_SECRET_KEY": "m" * 20,
    }

    result = subprocess.run(
        [compose, "config", "--services"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {
        "postgres",
        "redis",
        "mailpit",
        "minio",
        "minio-bucket",  # creates the private bucket, then exits
        "migrate",  # the one-off migration every app service waits for
        "proxy",  # Caddy, balancing the web replicas
        "web",
        "worker",  # queue `default`
        "worker-mail",  # queue `mail`
        "worker-batch",  # queues `sweeps` and `exports`
        "beat",
    }
    config = subprocess.run(
        [compose, "config"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    ).stdout
    web = config.split("\n  web:\n")[1].split("\n  worker:\n")[0]
    assert "migrate:\n        condition: service_completed_successfully" in web
    assert "migrate --noinput" not in web  # not in every replica's start command
    assert "ports:" not in web  # only the proxy is published
    for queues in ("- default\n", "- mail\n", "- sweeps,exports\n"):
        assert f"    - -Q\n    {queues}" in config


def test_seeding_drops_rows_of_retired_tasks_and_keeps_staff_schedules():
    """A task renamed in code (billing.warn_remittances became billing.follow_up_remittances)
    leaves no row behind for beat to send to no worker; a row staff edited stays as they set it."""
    from django_celery_beat.models import CrontabSchedule

    from transship.schedule import periodic_tasks_sync

    every_hour, _ = CrontabSchedule.objects.get_or_create(minute="0", hour="*")
    PeriodicTask.objects.create(
        name="Warn Finance of remittances nearing due",
        task="billing.warn_remittances",
        crontab=every_hour,
    )
    PeriodicTask.objects.filter(task="notifications.deliver_pending").update(enabled=False)

    periodic_tasks_sync()

    assert not PeriodicTask.objects.filter(task="billing.warn_remittances").exists()
    assert PeriodicTask.objects.filter(task="billing.follow_up_remittances").exists()
    kept = PeriodicTask.objects.get(task="notifications.deliver_pending")
    assert kept.enabled is False
