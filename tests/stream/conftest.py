"""Fixtures of the stream tests: a redis-server of the test's own (skipped, saying why, when
redis-server is not installed), the built producer and the built segcore tool."""
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


def built_program(variable, what):
    path = os.environ.get(variable)
    if not path or not os.path.exists(path):
        pytest.skip(f"{variable} does not name the built {what} (run through meson test)")
    return path


@pytest.fixture(scope="session")
def produce():
    return built_program("SEGCORE_STREAM_PRODUCE", "producer")


@pytest.fixture(scope="session")
def segcore_cli():
    return built_program("SEGCORE_CLI", "segcore tool")
