"""Shared fixtures: the bundled sample built once per session into a tmp dir, and a client on it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """The data directory of a store built (with SHACL validation) from the bundled sample."""
    from graph import build_corpus

    data = tmp_path_factory.mktemp("policykg-data")
    build_corpus(None, data)
    return data


@pytest.fixture(scope="session")
def api_settings(built_store):
    from api.settings import Settings

    return Settings(data=built_store, build_if_empty=False, allowed_hosts=["testserver", "127.0.0.1"])


@pytest.fixture(scope="session")
def client(api_settings):
    """A TestClient (lifespan run) on the app serving ``built_store``."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(api_settings)) as c:
        yield c


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def free_port():
    """A function returning a free loopback TCP port."""
    return _free_port
