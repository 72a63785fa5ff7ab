"""Django's Redis cache, with one Redis client per connection pool.

Django's backend builds a new ``redis.Redis`` for every cache call, and building
one fills its table of some 170 response callbacks: on a page served from the
cache that cost more CPU than the round trip to Redis itself. A client holds no
connection of its own (each command borrows one from the pool) and is safe to
share between threads, so one per pool is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
