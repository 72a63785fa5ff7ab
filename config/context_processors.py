from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Expose the publisher's name to every template."""
    return {"publisher_name": settings.CLAIMTRACK_PUBLISHER_NAME}
