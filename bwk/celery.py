"""The Celery application. Without a broker (``CELERY_BROKER_URL`` unset) tasks run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwk.settings")

app = Celery("bwk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
