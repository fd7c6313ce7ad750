"""Fixtures of the stream tests: a redis-server of the test's own (skipped, saying why, when
redis-server is not installed) and the built producer."""
import os

import pytest

from redis_harness import RedisServer, unavailable_reason


@pytest.fixture
def redis_server(tmp_path):
    why = unavailable_reason()
    if why:
        pytest.skip(why)
    server = RedisServer(tmp_path / "redis")
    yield server
    server.stop()


@pytest.fixture(params=[False, True], ids=["memory", "append-only"])
def any_redis_server(request, tmp_path):
    why = unavailable_reason()
    if why:
        pytest.skip(why)
    server = RedisServer(tmp_path / "redis", append_only=request.param)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def produce():
    path = os.environ.get("SEGCORE_STREAM_PRODUCE")
    if not path or not os.path.exists(path):
        pytest.skip("SEGCORE_STREAM_PRODUCE does not name the built producer (run through meson test)")
    return path
