"""Factories for events, matches and flags (the shared ones are in tests/factories.py)."""

import factory
from django.utils import timezone

from articles.models import Event
from claims.models import ClaimFlag, ClaimMatch


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Helicopter shot down over Idlib ({n})")
    slug = factory.Sequence(lambda n: f"helicopter-shot-down-over-idlib-{n}")
    date = factory.LazyFunction(timezone.localdate)
    place = "Idlib"


class ClaimMatchFactory(factory.django.DjangoModelFactory):
    """A proposed match; pass the two claims (the lower id goes first)."""

    class Meta:
        model = ClaimMatch

    score = 80.0
    status = ClaimMatch.Status.PROPOSED


def named(*claims) -> list[dict]:
    """The claims a flag names, as claims.events stores them."""
    return [
        {"id": c.pk, "exact": c.exact, "source": c.article.outlet.name if c.article.outlet else ""}
        for c in claims
    ]


class ClaimFlagFactory(factory.django.DjangoModelFactory):
    """A flag; pass ``other`` (the claim it names), or ``others`` too when it names several."""

    class Meta:
        model = ClaimFlag
        skip_postgeneration_save = True

    kind = ClaimFlag.Kind.CROSS_ARTICLE
    message = "says 5 crew members were killed; another article says 3 crew and 2 officers."
    others = factory.LazyAttribute(lambda flag: named(flag.other) if flag.other else [])
