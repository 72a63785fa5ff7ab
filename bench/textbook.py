"""The anchor: a claim page as the Django tutorial would write it.

`get_object_or_404` with `select_related`, the published verdict and its
sources in two more queries, one template, no cache. Every benchmark table
shows our pages next to this naive build, so "fast" means faster than the
obvious way, not just faster than last week.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.models import Claim, Evidence, Verdict


def textbook_claim(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.select_related("article__outlet", "claimant"),
        pk=pk,
        status=Claim.Status.CONFIRMED,
    )
    verdict = get_object_or_404(Verdict, claim=claim, status=Verdict.Status.PUBLISHED)
    evidence = Evidence.objects.filter(claim=claim).select_related("source")
    return render(
        request,
        "bench/textbook_claim.html",
        {"claim": claim, "verdict": verdict, "evidence": evidence},
    )
