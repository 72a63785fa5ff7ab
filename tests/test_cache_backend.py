"""The Redis cache backend (config.cache): one client per connection pool, replies
parsed in C, and values that come back as they were stored."""

from __future__ import annotations

import os

import pytest
import redis
from redis.utils import HIREDIS_AVAILABLE

from config.cache import RedisCache

REDIS_URL = os.environ.get("CLAIMTRACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "cache-backend-test"})
    yield backend
    backend.clear()


def test_one_client_per_connection_pool():
    backend = RedisCache("redis://127.0.0.1:6379/13", {})
    client = backend._cache.get_client("a")
    assert backend._cache.get_client("b") is client
    assert backend._cache.get_client("c", write=True) is client  # one server: one pool


def test_replies_are_parsed_by_hiredis(redis_cache):
    assert HIREDIS_AVAILABLE
    pool = redis_cache._cache._get_connection_pool(write=False)
    assert pool.connection_kwargs["parser_class"] is redis.connection._HiredisParser


def test_values_round_trip(redis_cache):
    page = (("1.5:ab", "2.5:cd"), (b"<html>\xc3\xa9</html>", "text/html; charset=utf-8", {}))
    redis_cache.set("page", page)
    redis_cache.set("version", "3.5:ef")
    assert redis_cache.get_many(["page", "version", "missing"]) == {
        "page": page,
        "version": "3.5:ef",
    }
    assert redis_cache.add("version", "other") is False
    assert redis_cache.get("version") == "3.5:ef"
