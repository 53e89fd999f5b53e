# Production image: gunicorn serves the site; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

RUN apt-get update && apt-get install -y --no-install-recommends procps fonts-wqy-zenhei \
 && rm -rf /var/lib/apt/lists/* && useradd --create-home --uid 1000 app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Static files (hashed, with the manifest DEBUG=false needs) and translations are built into the
# image by the same script CI runs before serving pages with DEBUG=false.
RUN bin/build-static \
 && mkdir -p /app/var && chown -R app:app /app/var

USER app
EXPOSE 8000
# One log line per request comes from the app (transship.requests, JSON), not gunicorn's access log.
CMD ["gunicorn", "transship.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--forwarded-allow-ips", "*"]
