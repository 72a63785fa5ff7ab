"""Create the Reviewer and Editor groups with the permissions each role needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_ALL = [
    ("articles", "outlet"), ("articles", "article"), ("articles", "articlelink"),
    ("articles", "articleversion"), ("claims", "claimant"), ("claims", "claim"),
    ("claims", "claimrelay"), ("claims", "source"), ("claims", "evidence"),
    ("claims", "verdict"), ("claims", "correction"),
]  # fmt: skip

REVIEWER = {
    ("articles", "outlet"): ["add", "change"],
    ("articles", "article"): ["add", "change"],
    ("articles", "articlelink"): ["add", "change", "delete"],
    ("claims", "claimant"): ["add", "change"],
    ("claims", "claim"): ["add", "change"],
    ("claims", "claimrelay"): ["add", "change", "delete"],
    ("claims", "source"): ["add", "change"],
    ("claims", "evidence"): ["add", "change", "delete"],
    ("claims", "verdict"): ["add", "change"],
}
EDITOR_EXTRA = {
    ("articles", "article"): ["delete"],
    ("claims", "claim"): ["delete"],
    ("claims", "claimant"): ["delete"],
    ("claims", "source"): ["delete"],
    ("claims", "correction"): ["add", "change"],
    ("claims", "verdict"): ["publish"],
}


def _codename(action: str, model: str) -> str:
    return "publish_verdict" if action == "publish" else f"{action}_{model}"


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(spec: dict) -> list:
        found = []
        for (app_label, model), actions in spec.items():
            for action in actions:
                found.append(
                    Permission.objects.get(
                        content_type__app_label=app_label,
                        content_type__model=model,
                        codename=_codename(action, model),
                    )
                )
        return found

    view = perms({key: ["view"] for key in VIEW_ALL})
    reviewer, _ = Group.objects.get_or_create(name="Reviewer")
    reviewer.permissions.set(view + perms(REVIEWER))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(view + perms(REVIEWER) + perms(EDITOR_EXTRA))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewer", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
