import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Outlet
from articles.parsing import content_hash
from claims.models import Claim, Claimant, Evidence, Source, Verdict

ARTICLE_TEXT = (
    "A Russian Mi-8 helicopter has been shot down by ground fire in Syria, the Defense "
    "Ministry said. Three crew and two officers died, according to a Kremlin statement.\n\n"
    "Kremlin spokesman Dmitry Peskov confirmed that all those on board are dead."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Helicopter shot down over Idlib, report {n}")
    slug = factory.Sequence(lambda n: f"helicopter-shot-down-{n}")
    url = factory.Sequence(lambda n: f"https://news.example.org/story/{n}")
    published_on = factory.LazyFunction(timezone.localdate)
    text = ARTICLE_TEXT
    source = factory.LazyAttribute(lambda a: f"{a.title}\n{a.text}")
    source_format = "text"
    content_hash = factory.LazyAttribute(lambda a: content_hash(a.title, a.text))


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant

    name = factory.Sequence(lambda n: f"Claimant {n}")
    slug = factory.Sequence(lambda n: f"claimant-{n}")
    kind = Claimant.Kind.ORGANIZATION


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim on the first occurrence of ``exact`` in the article text."""

    class Meta:
        model = Claim

    class Params:
        quote = "Three crew and two officers"

    article = factory.SubFactory(ArticleFactory)
    kind = Claim.Kind.CASUALTY
    start = factory.LazyAttribute(lambda c: c.article.text.index(c.quote))
    end = factory.LazyAttribute(lambda c: c.start + len(c.quote))
    exact = factory.LazyAttribute(lambda c: c.quote)
    prefix = factory.LazyAttribute(lambda c: c.article.text[max(0, c.start - 32) : c.start])
    suffix = factory.LazyAttribute(lambda c: c.article.text[c.end : c.end + 32])
    sentence = factory.LazyAttribute(lambda c: c.quote)
    status = Claim.Status.CONFIRMED
    count_min = 5
    count_max = 5
    category = Claim.Category.KILLED
    parts = factory.LazyFunction(
        lambda: [{"count": 3, "who": "crew"}, {"count": 2, "who": "officers"}]
    )


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://source.example.org/{n}")
    title = factory.Sequence(lambda n: f"Ministry statement {n}")
    publisher = factory.Sequence(lambda n: f"Publisher {n}")
    kind = Source.Kind.OFFICIAL


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Evidence.Stance.SUPPORTS
    note = "reviewer-only note"


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = Verdict.Rating.TRUE
    rationale = "The ministry's own statement confirms **five** deaths."
    status = Verdict.Status.DRAFT
    author = factory.SubFactory(UserFactory, role="Reviewer")


class PublishedVerdictFactory(VerdictFactory):
    status = Verdict.Status.PUBLISHED
    approved_by = factory.SubFactory(UserFactory, role="Editor")
    published_at = factory.LazyFunction(timezone.now)
