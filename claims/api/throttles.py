"""The API's request budgets, counted so that a check costs the same at any rate.

DRF's own throttles keep every request's time within the period in one cache
entry, read and written back whole on each call: at a budget of 600 a minute a
busy client's call moves 600 timestamps to and from the cache, twice for an
anonymous caller (the anonymous and the per-user budget both counted its
address). Here each client has one counter per period; a call reads this
period's and the previous one's in one ``get_many`` and adds one to this
period's. The previous period is weighed by how much of it still lies within
the sliding period that ends now (the usual sliding-window estimate), so a
client cannot spend two budgets across a period's boundary.

The rates, the 429 answer and its Retry-After stay DRF's (settings'
``DEFAULT_THROTTLE_RATES``); an anonymous caller is counted against the
anonymous budget only, a signed-in one against the per-user budget only.
"""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle


class WindowRateThrottle(SimpleRateThrottle):
    """A budget of ``num_requests`` per ``duration`` seconds, kept as two counters."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        period, self.elapsed = divmod(self.now, self.duration)
        current, previous = f"{self.key}:{int(period)}", f"{self.key}:{int(period) - 1}"
        counts = self.cache.get_many([current, previous])
        self.current = counts.get(current, 0)
        self.previous = counts.get(previous, 0)
        if self.spent() >= self.num_requests:
            return False
        # A period's counter is still read during the next one as "previous".
        if not self.cache.add(current, 1, 2 * self.duration):
            try:
                self.cache.incr(current)
            except ValueError:  # expired between the two calls
                self.cache.set(current, 1, 2 * self.duration)
        return True

    def spent(self) -> float:
        """Calls counted in the sliding period that ends now (an estimate)."""
        still_inside = 1 - self.elapsed / self.duration
        return self.current + self.previous * still_inside

    def wait(self) -> float:
        """Seconds until a call fits the budget again."""
        rest_of_period = self.duration - self.elapsed
        if self.current >= self.num_requests or not self.previous:
            return rest_of_period
        # previous × (1 − t / duration) + current < num_requests, solved for t.
        fits_at = self.duration * (1 - (self.num_requests - self.current) / self.previous)
        return min(max(fits_at - self.elapsed, 1.0), rest_of_period)


class AnonRateThrottle(WindowRateThrottle):
    """Anonymous callers, by client address (``anon`` rate)."""

    scope = "anon"

    def get_cache_key(self, request, view) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserRateThrottle(WindowRateThrottle):
    """Signed-in callers, by user (``user`` rate); anonymous ones have their own budget."""

    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
