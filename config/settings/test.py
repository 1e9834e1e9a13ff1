"""Test settings: the base settings with fast hashing. Services come from the environment:
with DATABASE_URL/REDIS_URL set the suite runs against real PostgreSQL and Redis."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests call services directly; the worker tests switch eager mode off explicitly.
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 3
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
# Tests read what they have just written; the in-flight bound of the feed still applies
# (the feed's own concurrency test sets a lag of its own).
WARNING_FEED_LAG_SECONDS = 0.0
