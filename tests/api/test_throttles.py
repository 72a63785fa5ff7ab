"""The API's budgets counted per period (claims.api.throttles): what a caller may
spend, when they may call again, and that a check stores two small counters."""

import math

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.throttling import SimpleRateThrottle

from claims.api.throttles import AnonRateThrottle, UserRateThrottle

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    cache.clear()
    clock = Clock(600.0)  # the start of a one-minute period
    monkeypatch.setattr(SimpleRateThrottle, "timer", clock)
    rates = {"anon": "3/minute", "user": "5/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    yield clock
    cache.clear()


def anonymous(address: str = "203.0.113.9"):
    request = RequestFactory().get("/api/v1/claims/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def calls(throttle_class, request, count: int) -> list[bool]:
    return [throttle_class().allow_request(request, None) for _ in range(count)]


def test_a_budget_is_spent_then_refused_until_the_period_slides(clock):
    assert calls(AnonRateThrottle, anonymous(), 4) == [True, True, True, False]
    # Half-way through the next minute, half of the last minute's three still count.
    clock.now = 690.0
    assert calls(AnonRateThrottle, anonymous(), 3) == [True, True, False]
    # A whole quiet minute later the budget is whole again.
    clock.now = 800.0
    assert calls(AnonRateThrottle, anonymous(), 4) == [True, True, True, False]


def test_a_boundary_does_not_give_two_budgets(clock):
    clock.now = 659.0
    assert calls(AnonRateThrottle, anonymous(), 3) == [True, True, True]
    clock.now = 661.0
    # 3 × 59/60 of the last minute still count: room for one call, not three.
    assert calls(AnonRateThrottle, anonymous(), 3) == [True, False, False]


def test_each_address_has_its_own_budget(clock):
    assert calls(AnonRateThrottle, anonymous("203.0.113.9"), 4)[-1] is False
    assert calls(AnonRateThrottle, anonymous("198.51.100.7"), 1) == [True]


def test_retry_after_says_when_a_call_fits_again(clock):
    clock.now = 630.0
    throttle = AnonRateThrottle()
    for _ in range(3):
        assert throttle.allow_request(anonymous(), None)
    assert not throttle.allow_request(anonymous(), None)
    assert throttle.wait() == 30.0  # this minute's three are spent: the next minute

    clock.now = 675.0  # 15 s into the next minute: 3 × 0.75 still count
    throttle = AnonRateThrottle()
    assert throttle.allow_request(anonymous(), None)  # 2.25 + 0
    assert not throttle.allow_request(anonymous(), None)  # 2.25 + 1 ≥ 3
    # 3 × (1 − t/60) + 1 < 3 from t = 20 s, 5 s from now.
    assert math.isclose(throttle.wait(), 5.0)


def test_a_check_keeps_two_counters_not_a_list_of_times(clock):
    calls(AnonRateThrottle, anonymous(), 3)
    clock.now = 690.0
    calls(AnonRateThrottle, anonymous(), 1)
    key = "throttle_anon_203.0.113.9"
    assert cache.get_many([f"{key}:10", f"{key}:11"]) == {f"{key}:10": 3, f"{key}:11": 1}


def test_anonymous_callers_count_against_the_anonymous_budget_only(clock, django_user_model):
    assert UserRateThrottle().get_cache_key(anonymous(), None) is None
    request = anonymous()
    request.user = django_user_model.objects.create_user("budgeted")
    assert AnonRateThrottle().get_cache_key(request, None) is None
    assert calls(UserRateThrottle, request, 6) == [True] * 5 + [False]
