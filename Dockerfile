# Production image: gunicorn for web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
        fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml package.json package-lock.json ./
COPY scripts ./scripts
RUN pip install . && python scripts/fetch_assets.py
COPY . .
RUN pip install --no-deps -e . \
    && SECRET_KEY=build-only-$(date +%s)-collectstatic-key-with-enough-length-xxxxxxxxxx ALLOWED_HOSTS=localhost \
       python manage.py collectstatic --noinput \
    && SECRET_KEY=build-only-$(date +%s)-compilemessages-key-with-enough-length-xxxxxxxxx ALLOWED_HOSTS=localhost \
       python manage.py messages
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
