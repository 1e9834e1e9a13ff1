"""The Celery application. Schedules live in the database (django-celery-beat),
declared once in ``supervision.schedules``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("supervision")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
