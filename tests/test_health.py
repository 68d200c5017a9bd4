"""The web servers' health check, GET /healthz/ (bwk/health.py): for the compose healthcheck
and a load balancer, over plain HTTP with any host name, without a session."""

from unittest import mock

import pytest
from django.db import OperationalError, connections

from bwk.health import HEALTH_PATH

pytestmark = pytest.mark.django_db


def test_it_answers_ok_over_plain_http_to_any_host_without_a_session(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["bwk.example.nl"]
    response = client.get(HEALTH_PATH, HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    # Every other page still redirects to HTTPS and refuses an unknown host.
    assert client.get("/inloggen/", HTTP_HOST="bwk.example.nl").status_code == 301
    assert client.get("/inloggen/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_it_answers_503_when_the_database_does_not(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError):
        response = client.get(HEALTH_PATH)
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
