from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"

    def ready(self) -> None:
        from .queue_state import connect_signals

        connect_signals()
        # Registers the deployment's start-up checks (shared throttle counts).
        import config.security  # noqa: F401
