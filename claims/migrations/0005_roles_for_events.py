"""Give the Reviewer and Editor groups what they need for events, matches and flags.

Reviewers group articles into events (confirm, move, split), confirm or break
matches between claims and read the consistency flags; editors do the same and
may also delete an event (its articles stay, ungrouped). Flags are derived data:
nobody edits them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER = {
    ("articles", "event"): ["view", "add", "change"],
    ("claims", "claimmatch"): ["view", "change"],
    ("claims", "claimflag"): ["view"],
}
EDITOR_EXTRA = {
    ("articles", "event"): ["delete"],
}


def _permissions(apps, spec: dict) -> list:
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(
            content_type__app_label=app_label,
            content_type__model=model,
            codename=f"{action}_{model}",
        )
        for (app_label, model), actions in spec.items()
        for action in actions
    ]


def add_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    reviewer, _ = Group.objects.get_or_create(name="Reviewer")
    editor, _ = Group.objects.get_or_create(name="Editor")
    reviewer.permissions.add(*_permissions(apps, REVIEWER))
    editor.permissions.add(*_permissions(apps, REVIEWER), *_permissions(apps, EDITOR_EXTRA))


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    every = _permissions(apps, REVIEWER) + _permissions(apps, EDITOR_EXTRA)
    for group in Group.objects.filter(name__in=["Reviewer", "Editor"]):
        group.permissions.remove(*every)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_events"),
        ("articles", "0002_events"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
