"""The bare Django baseline of bench/web.py: one module that is the settings, the URLconf and the
WSGI application of a project with one view running one query, served by gunicorn exactly as the
product is. Our figures are ratios to its requests per second in the same run."""

import os

import environ
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "baseline_site"
USE_TZ = True
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {"default": environ.Env.db_url_config(os.environ["DATABASE_URL"])}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 60  # as the product's settings
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True


def one_query(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", one_query)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baseline_site")
from django.core.wsgi import get_wsgi_application  # noqa: E402 - after the settings exist

application = get_wsgi_application()
