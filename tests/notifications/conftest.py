from pathlib import Path

import pytest

from transship.celery import app as celery_app

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _test_event_templates(settings) -> None:
    """A `test.event` message lives with the tests, not in the product's templates."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]


@pytest.fixture
def eager_celery():
    """Run tasks in-process when enqueued (for tests that are about our logic, not the broker)."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False
