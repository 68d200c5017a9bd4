"""gunicorn entry point of the save benchmarks: bwk's WSGI application, and at
``/bench-hello/`` a bare hello-world page on the same server (the throughput bound)."""

from bwk.wsgi import application as django_application

HELLO = b"Hallo wereld"


def application(environ, start_response):
    """``/bench-hello/``: 200 with a short text, without Django; anything else: bwk."""
    if environ.get("PATH_INFO") == "/bench-hello/":
        start_response(
            "200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(HELLO)))]
        )
        return [HELLO]
    return django_application(environ, start_response)
