"""WeasyPrint fetches only the project's own static files (issue 10): raw HTML given to
``render_pdf`` cannot embed a local file (file://, a path, ../) nor reach the network."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import BytesIO

import pytest
from pypdf import PdfReader

from reports.pdf import STATIC_BASE_URL, StaticFilesFetcher, render_pdf

SECRET = "bwk-secret-marker-7c1f"


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture
def web_server():
    """A local HTTP server that records every request it gets."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def _pdf_text(pdf: bytes) -> tuple[str, dict]:
    reader = PdfReader(BytesIO(pdf))
    return " ".join(page.extract_text() for page in reader.pages), reader.attachments


@pytest.mark.parametrize(
    "link",
    [
        "file://{path}",
        "{path}",
        "../../../../../../../..{path}",
        "file:///etc/passwd",
        "/etc/passwd",
    ],
)
def test_no_local_file_is_embedded(secret_file, link):
    url = link.format(path=secret_file)
    html = (
        f'<html><head><link rel="attachment" href="{url}">'
        f'<link rel="stylesheet" href="{url}"></head>'
        f'<body><p>Rapport</p><img src="{url}"><object data="{url}"></object>'
        f'<a rel="attachment" href="{url}">bijlage</a></body></html>'
    )
    pdf = render_pdf(html)
    text, attachments = _pdf_text(pdf)
    assert "Rapport" in text
    assert attachments == {}
    assert SECRET.encode() not in pdf
    assert b"root:x:0:0" not in pdf


def test_no_network(web_server):
    base, requests = web_server
    html = (
        f'<html><head><link rel="stylesheet" href="{base}/style.css"></head>'
        f'<body><img src="{base}/logo.png"><a rel="attachment" href="{base}/a.txt">a</a>'
        "</body></html>"
    )
    render_pdf(html)
    assert requests == []


def test_the_projects_static_files_are_fetched(settings):
    fetched = StaticFilesFetcher()(f"{STATIC_BASE_URL}css/bwk.css")
    assert fetched.read() == (settings.BASE_DIR / "static" / "css" / "bwk.css").read_bytes()
    assert fetched.content_type == "text/css"
    with pytest.raises(ValueError):
        StaticFilesFetcher()(f"{STATIC_BASE_URL}../settings.py")
    with pytest.raises(ValueError):
        StaticFilesFetcher()(f"{STATIC_BASE_URL}css/missing.css")


def test_a_static_file_linked_as_static_reaches_the_pdf(settings):
    """A file linked as /static/... (what the {% static %} tag writes) is fetched."""
    html = '<html><head><link rel="attachment" href="/static/css/bwk.css"></head><body>x</body>'
    _text, attachments = _pdf_text(render_pdf(html))
    expected = (settings.BASE_DIR / "static" / "css" / "bwk.css").read_bytes()
    assert attachments == {"bwk.css": [expected]}
