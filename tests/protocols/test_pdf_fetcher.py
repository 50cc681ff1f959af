"""The PDF renderer fetches the project's static files and nothing else."""

from __future__ import annotations

import http.server
import subprocess
import threading

import pytest

from protocols import services
from protocols.pdf.fetcher import FetchRefusedError, StaticFilesFetcher
from protocols.pdf.render import render_pdf, render_version_pdf
from tests.protocols import pdf_support as support

# The smallest valid PNG: one transparent pixel.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
HTML = """<!DOCTYPE html><html lang="en-GB"><head><title>Probe</title>
<meta name="dcterms.created" content="2026-01-01T00:00:00+00:00">
<meta name="dcterms.modified" content="2026-01-01T00:00:00+00:00">
{head}</head><body><h1>Probe</h1><p>Visible text.</p>{body}</body></html>"""


@pytest.fixture
def static_dir(settings, tmp_path):
    folder = tmp_path / "static"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "pixel.png").write_bytes(PIXEL)
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:secret")
    (folder / "images" / "escape.txt").symlink_to(outside)
    settings.STATICFILES_DIRS = [folder]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STATIC_URL = "/static/"
    return folder


class _Recorder(http.server.BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        type(self).paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PIXEL)

    def log_message(self, *args):
        return None


@pytest.fixture
def listener():
    """Return the base URL of a local web server that records every request it gets."""
    _Recorder.paths = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.paths
    server.shutdown()
    server.server_close()


def test_fetcher_serves_a_static_file(static_dir):
    fetcher = StaticFilesFetcher()

    response = fetcher.fetch("https://static.invalid/static/images/pixel.png")

    assert response.read() == PIXEL
    assert response.content_type == "image/png"
    assert fetcher.served == ["https://static.invalid/static/images/pixel.png"]
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/logo.png",
        "ftp://example.org/logo.png",
        "data:text/plain;base64,cm9vdDp4OjA6MA==",
        "https://static.invalid/static/../../../../etc/passwd",
        "https://static.invalid/static/images/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "https://static.invalid/static/images/..%2f..%2fsecret.txt",
        "https://static.invalid/static//etc/passwd",
        "https://static.invalid/static/images/escape.txt",
        "https://static.invalid/static/images",
        "https://static.invalid/static/images/missing.png",
        "https://static.invalid/media/images/pixel.png",
        "https://static.invalid.example.org/static/images/pixel.png",
        "https://user@static.invalid/static/images/pixel.png",
    ],
)
def test_fetcher_refuses_everything_but_static_files(static_dir, url):
    fetcher = StaticFilesFetcher()

    with pytest.raises(FetchRefusedError):
        fetcher.fetch(url)

    assert fetcher.refused == [url]
    assert fetcher.served == []


def test_renderer_refuses_files_urls_and_data_in_raw_html(static_dir, listener, tmp_path):
    base, requests = listener
    fetcher = StaticFilesFetcher()
    html = HTML.format(
        head=f'<link rel="stylesheet" href="{base}/style.css">'
        "<style>@import url(file:///etc/passwd);"
        "body { background: url(data:image/png;base64,iVBORw0KGgo=) }"
        "@font-face { font-family: X; src: url(file:///etc/passwd) }</style>",
        body='<img src="file:///etc/passwd" alt="a file">'
        f'<img src="{base}/tracker.png" alt="a remote image">'
        '<img src="../../../etc/passwd" alt="a relative path">',
    )

    data = render_pdf(html, fetcher=fetcher)

    asked = set(fetcher.requested)
    assert {
        "file:///etc/passwd",
        f"{base}/style.css",
        f"{base}/tracker.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "https://static.invalid/etc/passwd",
    } <= asked
    assert set(fetcher.refused) == asked
    assert fetcher.served == []
    assert requests == []
    text = support.pdf_text(data, tmp_path)
    assert "Visible text." in text
    assert "root:" not in text


def test_renderer_embeds_a_static_image(static_dir, tmp_path):
    fetcher = StaticFilesFetcher()
    html = HTML.format(head="", body='<img src="/static/images/pixel.png" alt="A pixel">')

    data = render_pdf(html, fetcher=fetcher)

    assert fetcher.served == ["https://static.invalid/static/images/pixel.png"]
    path = tmp_path / "image.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True)
    rows = [line.split() for line in listing.stdout.decode().splitlines()[2:]]
    assert [(row[2], row[3], row[4]) for row in rows if row[2] == "image"] == [("image", "1", "1")]


def test_section_text_cannot_make_the_renderer_read_files_or_call_urls(
    cast, static_dir, listener, tmp_path
):
    base, requests = listener
    version = support.build_protocol(cast)
    services.section_add(
        actor=cast.user("business_manager"),
        version=version,
        heading="Attachments",
        body=f'<img src="file:///etc/passwd"> ![chart]({base}/chart.png) '
        f'<link rel="stylesheet" href="{base}/x.css"> <a href="file:///etc/passwd">a link</a>',
    )

    data = render_version_pdf(version, draft_watermark=True)

    assert requests == []
    text = support.pdf_text(data, tmp_path)
    assert "6. Attachments" in text
    assert "root:" not in text
