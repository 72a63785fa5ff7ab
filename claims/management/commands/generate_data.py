"""Realistic synthetic data at scale, for benchmarks and load tests.

Bulk inserts in batches: a million claims take minutes, not hours. The text
of every article is built sentence by sentence so each claim's offsets,
quote, prefix and suffix are exact, as if the extractor had found them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from articles.models import Article, ArticleVersion, Outlet
from articles.parsing import content_hash
from claims import page_versions
from claims.models import Claim, Claimant, Evidence, Source, Verdict
from claims.queue_state import claims_refresh_queue_state
from claims.services import quote_context, sentence_around

PLACES = [
    "Idlib", "Aleppo", "Homs", "Palmyra", "Mosul", "Kharkiv", "Mariupol", "Khan Younis",
    "Goma", "Maiduguri", "Sanaa", "Tripoli", "Benghazi", "Kandahar", "Bamako", "Juba",
]  # fmt: skip
GROUPS = [
    "civilians", "soldiers", "crew members", "officers", "police officers", "passengers",
    "rescue workers", "children", "pilots", "miners", "fishermen", "aid workers",
]  # fmt: skip
EVENTS = [
    "an air strike", "a shelling attack", "a helicopter crash", "a car bomb", "a flood",
    "a landslide", "a ferry sinking", "a mine collapse", "an ambush", "a bus crash",
]  # fmt: skip
ORGANIZATIONS = [
    "Defense Ministry", "Interior Ministry", "Health Ministry", "Red Crescent", "UN agency",
    "regional governor's office", "civil defence service", "army spokesman's office",
]  # fmt: skip
PEOPLE = [
    ("Dmitry Peskov", "Kremlin spokesman"), ("Maria Lopez", "regional governor"),
    ("Ahmed Hassan", "hospital director"), ("Olena Kovalenko", "emergency services chief"),
    ("John Okafor", "police commissioner"), ("Sara Lindqvist", "UN coordinator"),
]  # fmt: skip
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
OUTLETS = ["Wire Service", "Daily Courier", "Evening Herald", "Global Report", "Field News"]
RATINGS = [r for r in Verdict.Rating.values]


@dataclass
class _Span:
    kind: str
    start: int
    end: int
    claimant: int | None = None
    count: int | None = None
    category: str = ""


class Command(BaseCommand):
    help = "Generate synthetic articles, claimants, claims, sources and published verdicts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=100)
        parser.add_argument("--claims-per-article", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--published-share", type=float, default=0.5,
            help="Share of claims that get a published verdict (0-1)",
        )  # fmt: skip
        parser.add_argument("--batch", type=int, default=500, help="Articles per transaction")

    def handle(self, *args, **options) -> None:
        n_articles = options["articles"]
        per_article = options["claims_per_article"]
        if n_articles < 1 or not 1 <= per_article <= 200:
            raise CommandError("--articles must be >= 1 and --claims-per-article 1..200.")
        rng = random.Random(options["seed"])
        author, approver = self._users()
        outlets = [
            Outlet.objects.get_or_create(
                name=name, defaults={"slug": name.lower().replace(" ", "-")}
            )[0]
            for name in OUTLETS
        ]
        claimants = self._claimants()
        run = f"{options['seed']}-{Article.objects.count()}"
        batch = max(1, options["batch"])
        progress = tqdm(
            total=n_articles * per_article, unit="claim", disable=options["verbosity"] < 1
        )
        for first in range(0, n_articles, batch):
            size = min(batch, n_articles - first)
            with transaction.atomic():
                page_versions.bump_everything()  # bulk_create sends no signals
                self._batch(
                    rng, first, size, per_article, run, outlets, claimants, author, approver,
                    options["published_share"],
                )  # fmt: skip
            progress.update(size * per_article)
        progress.close()
        # Fresh statistics, or the query planners guess: on SQLite without them, the
        # queue and the API scanned every claim.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {n_articles} articles and {n_articles * per_article} claims."
            )
        )

    def _users(self):
        User = get_user_model()
        author, _ = User.objects.get_or_create(username="generated-reviewer")
        approver, _ = User.objects.get_or_create(username="generated-editor")
        author.groups.add(Group.objects.get(name="Reviewer"))
        approver.groups.add(Group.objects.get(name="Editor"))
        return author, approver

    def _claimants(self) -> list[Claimant]:
        found = []
        for name in ORGANIZATIONS:
            found.append(
                Claimant.objects.get_or_create(
                    slug=name.lower().replace(" ", "-").replace("'", ""),
                    defaults={"name": name.title(), "kind": Claimant.Kind.ORGANIZATION},
                )[0]
            )
        for name, role in PEOPLE:
            found.append(
                Claimant.objects.get_or_create(
                    slug=name.lower().replace(" ", "-"),
                    defaults={"name": name, "kind": Claimant.Kind.PERSON, "role": role},
                )[0]
            )
        return found

    def _article_text(self, rng: random.Random, n_claims: int, claimants: list[Claimant]):
        parts: list[str] = []
        spans: list[_Span] = []
        length = 0
        while len(spans) < n_claims:
            place, group, event = rng.choice(PLACES), rng.choice(GROUPS), rng.choice(EVENTS)
            claimant = rng.choice(claimants)
            speaker = claimant.name if claimant.kind == "person" else f"the {claimant.name}"
            count = rng.randint(2, 40)
            number = NUMBER_WORDS[count - 2] if count <= 10 and rng.random() < 0.5 else str(count)
            category = rng.choice(["killed", "injured", "missing"])
            figure = f"{number} {group} were {category}"
            sentence = f"At least {figure} in {event} near {place}, {speaker} said."
            separator = "\n\n" if parts and rng.random() < 0.3 else (" " if parts else "")
            base = length + len(separator)
            figure_at = base + sentence.index(figure)
            said = f"{speaker} said"
            said_at = base + sentence.index(said)
            spans.append(
                _Span("casualty", figure_at, figure_at + len(figure), claimant.pk, count, category)
            )
            if len(spans) < n_claims:
                spans.append(_Span("attribution", said_at, said_at + len(said), claimant.pk))
            parts.append(separator + sentence)
            length = base + len(sentence)
            if rng.random() < 0.25:
                filler = (
                    f" Residents described scenes of destruction in {place}, where aid "
                    "deliveries have been interrupted for weeks."
                )
                parts.append(filler)
                length += len(filler)
        return "".join(parts), spans[:n_claims]

    def _batch(
        self, rng, first, size, per_article, run, outlets, claimants, author, approver, share
    ) -> None:
        today = dt.date(2026, 1, 1)
        articles, texts = [], []
        for i in range(first, first + size):
            text, spans = self._article_text(rng, per_article, claimants)
            place = rng.choice(PLACES)
            title = f"{rng.choice(EVENTS).capitalize()} near {place} (report {run}-{i})"
            articles.append(
                Article(
                    outlet=rng.choice(outlets),
                    title=title,
                    slug=f"generated-{run}-{i}",
                    url=f"https://news.example.org/generated/{run}/{i}",
                    published_on=today - dt.timedelta(days=rng.randint(0, 3650)),
                    text=text,
                    source=text,
                    source_format=Article.SourceFormat.TEXT,
                    content_hash=content_hash(title, text),
                )
            )
            texts.append(spans)
        articles = Article.objects.bulk_create(articles)
        ArticleVersion.objects.bulk_create(
            ArticleVersion(article=a, title=a.title, text=a.text, content_hash=a.content_hash)
            for a in articles
        )
        claims = []
        for article, spans in zip(articles, texts, strict=True):
            for span in spans:
                prefix, suffix = quote_context(article.text, span.start, span.end)
                claims.append(
                    Claim(
                        article=article,
                        kind=span.kind,
                        start=span.start,
                        end=span.end,
                        exact=article.text[span.start : span.end],
                        prefix=prefix,
                        suffix=suffix,
                        sentence=sentence_around(article.text, span.start, span.end),
                        claimant_id=span.claimant,
                        count_min=span.count,
                        count_max=span.count if span.count is not None else None,
                        category=span.category,
                        status=Claim.Status.CONFIRMED,
                        origin=Claim.Origin.EXTRACTED,
                        extractor_version="generated",
                        reviewed=True,
                    )
                )
        claims = Claim.objects.bulk_create(claims, batch_size=2000)
        now = timezone.now()
        sources, published = [], []
        for claim in claims:
            if rng.random() < share:
                published.append(claim)
                sources.append(
                    Source(
                        url=f"https://sources.example.org/{run}/{claim.pk}",
                        title=f"Statement on {claim.exact[:60]}",
                        publisher=rng.choice(OUTLETS),
                        kind=rng.choice(Source.Kind.values),
                    )
                )
        sources = Source.objects.bulk_create(sources, batch_size=2000)
        Evidence.objects.bulk_create(
            (
                Evidence(claim=claim, source=source, stance=Evidence.Stance.SUPPORTS)
                for claim, source in zip(published, sources, strict=True)
            ),
            batch_size=2000,
        )
        Verdict.objects.bulk_create(
            (
                Verdict(
                    claim=claim,
                    rating=rng.choice(RATINGS),
                    rationale="Checked against the official statement and two wire reports.",
                    status=Verdict.Status.PUBLISHED,
                    author=author,
                    approved_by=approver,
                    submitted_at=now,
                    published_at=now - dt.timedelta(minutes=rng.randint(0, 500_000)),
                )
                for claim in published
            ),
            batch_size=2000,
        )
        claims_refresh_queue_state(claim_ids=[claim.pk for claim in published])
