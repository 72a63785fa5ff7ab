from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers; also the benchmarks' baseline Django view."""
    return HttpResponse("ok\n", content_type="text/plain")
