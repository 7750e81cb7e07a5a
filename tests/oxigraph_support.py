"""A real `oxigraph serve` (PyPI `oxigraph`) on a free loopback port, for tests that need a server."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from contextlib import contextmanager

import pytest

OXIGRAPH = shutil.which("oxigraph")

#: skip where the server is missing, unless CI requires it (POLICYKG_REQUIRE_SERVER=1)
needs_server = pytest.mark.skipif(OXIGRAPH is None and not os.environ.get("POLICYKG_REQUIRE_SERVER"),
                                  reason="the `oxigraph` server is not installed (pip install oxigraph)")


@contextmanager
def oxigraph_server(location, port: int, *options: str):
    """Run ``oxigraph serve`` on ``location`` (a directory) until the block ends; yields its base URL."""
    proc = subprocess.Popen([OXIGRAPH or "oxigraph", "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}", *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # wait until it answers (bounded: 20 s at most)
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            proc.kill()
            pytest.fail("oxigraph serve did not start: " + proc.stderr.read().decode()[:500])
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def post(url: str, body: bytes, content_type: str) -> None:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": content_type}, method="POST")
    with urllib.request.urlopen(req, timeout=120) as resp:
        resp.read()
