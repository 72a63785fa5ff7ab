from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"

    def ready(self) -> None:
        from . import page_versions, queue_state

        queue_state.connect_signals()
        page_versions.connect_signals()
        # Registers the deployment's start-up checks (shared throttle counts).
        import config.security  # noqa: F401
        from config import postgresql

        postgresql.connect_signals()
