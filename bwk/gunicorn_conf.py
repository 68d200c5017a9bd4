"""Gunicorn's settings for the image (``gunicorn -c bwk/gunicorn_conf.py bwk.wsgi``), each
from an environment variable (docs/configuration.md).

Timeouts fit the slowest request the product answers: a CSV import of registrations or
expenditures (uploaded, validated row by row and written in one transaction) and a report
built in the request when no broker answers. A worker busy longer than ``GUNICORN_TIMEOUT``
seconds (default 120) is restarted; ``GUNICORN_GRACEFUL_TIMEOUT`` (30) is how long a restart
waits for running requests; ``GUNICORN_KEEPALIVE`` (5) keeps a proxy's connection open.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A worker is replaced after this many requests (with jitter), so memory cannot creep up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# The proxy in front terminates TLS and sets X-Forwarded-Proto (BEHIND_TLS_PROXY).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "*")
accesslog = "-"
