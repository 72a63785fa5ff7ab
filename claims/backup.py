"""Backups that restore: every row of every model in one gzip-compressed JSON Lines file.

The file starts with a header line (format, the migrations the data was written
under, the row count of every model, the content types and permissions it
refers to), then one line per row: ``{"model": "claims.claim", "pk": 1,
"fields": {...}}`` as Django's serializers write them, the models in dependency
order (users before the claims they wrote). Rows are read and written in
chunks, so memory stays flat however large the desk.

Content types and permissions are not copied: ``migrate`` makes them, with ids
that can differ between two databases. Rows that point at them (the admin's
log, groups' and users' permissions) are written with the old ids and mapped to
the restoring database's ids through the header. Sessions and django-axes'
log-in records are left out: they are short-lived state, not the desk's work
(everyone logs in again after a restore).

``restore`` loads such a file into a migrated database in one transaction:
into an empty one (migrations' own rows, the Reviewer and Editor groups, are
replaced), or with ``force`` over existing data, which it deletes first. It
then moves PostgreSQL's id sequences past the restored ids and checks every
model's row count against the header.
"""

from __future__ import annotations

import datetime
import gzip
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from claims import page_versions

FORMAT = "claimtrack-backup"
VERSION = 1
CHUNK = 1000
# Made by migrate (content types, permissions) or short-lived state (sessions, log-in records).
SKIPPED = {"contenttypes", "sessions", "axes"}
SKIPPED_MODELS = {"auth.permission"}


class BackupError(Exception):
    """A backup that cannot be restored here, with the reason for a person."""


@dataclass
class Summary:
    models: int
    rows: int


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model worth keeping, in an order where each row's targets come first."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in SKIPPED
        and model._meta.label_lower not in SKIPPED_MODELS
        and not model._meta.proxy
        and model._meta.managed
    ]
    by_app: dict[Any, list[type[models.Model]]] = {}
    for model in chosen:
        if model._meta.auto_created:
            continue  # a many-to-many table: written with its model's rows
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _open_for_writing(path: Path, *, compress: bool) -> IO[str]:
    if compress:
        return io.TextIOWrapper(gzip.open(path, "wb", compresslevel=6), encoding="utf-8")
    return path.open("w", encoding="utf-8")


def _open_for_reading(path: Path) -> IO[str]:
    with path.open("rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    if compressed:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return path.open("r", encoding="utf-8")


def _chunks(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds (it rounds to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


# ------------------------------------------------------------------------------
# Backup
# ------------------------------------------------------------------------------
def backup_write(
    *, path: Path, compress: bool = True, progress: Callable[[str, int], None] | None = None
) -> Summary:
    """Write every backed-up model's rows to ``path``, gzip-compressed unless told not to."""
    order = backed_up_models()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table: rows written meanwhile are all in or all out.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        counts = {model._meta.label_lower: model._base_manager.count() for model in order}
        header = {
            "format": FORMAT,
            "version": VERSION,
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "counts": counts,
            "content_types": {
                str(ct.pk): [ct.app_label, ct.model] for ct in ContentType.objects.all()
            },
            "permissions": {
                str(p.pk): [p.content_type.app_label, p.content_type.model, p.codename]
                for p in Permission.objects.select_related("content_type")
            },
        }
        total = 0
        with _open_for_writing(path, compress=compress) as out:
            out.write(json.dumps(header, cls=_ExactEncoder) + "\n")
            for model in order:
                rows = model._base_manager.order_by("pk")
                m2m = [
                    f.name
                    for f in model._meta.many_to_many
                    if f.remote_field.through._meta.auto_created
                ]
                if m2m:
                    rows = rows.prefetch_related(*m2m)
                for chunk in _chunks(rows.iterator(chunk_size=CHUNK), CHUNK):
                    for row in serializers.serialize("python", chunk):
                        out.write(json.dumps(row, cls=_ExactEncoder, ensure_ascii=False))
                        out.write("\n")
                    total += len(chunk)
                if progress:
                    progress(model._meta.label, counts[model._meta.label_lower])
    return Summary(models=len(order), rows=total)


# ------------------------------------------------------------------------------
# Restore
# ------------------------------------------------------------------------------
def _read_header(stream: IO[str]) -> dict[str, Any]:
    try:
        header = json.loads(stream.readline())
    except (json.JSONDecodeError, UnicodeDecodeError, OSError, EOFError) as exc:
        raise BackupError(f"This is not a Claimtrack backup file ({exc}).") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("This is not a Claimtrack backup file.")
    if header.get("version") != VERSION:
        raise BackupError(f"Backup format version {header.get('version')} is not supported.")
    return header


def _check_migrations(header: dict[str, Any]) -> None:
    theirs = {tuple(m) for m in header["migrations"]}
    ours = {tuple(m) for m in applied_migrations()}
    if theirs == ours:
        return
    missing = sorted(theirs - ours)
    extra = sorted(ours - theirs)
    lines = ["The backup was written under other migrations than this database has."]
    if missing:
        lines.append(
            "Not applied here: "
            + ", ".join(f"{a}.{n}" for a, n in missing[:5])
            + ". Run `manage.py migrate` (with the code version that wrote the backup or later)."
        )
    if extra:
        lines.append(
            "Applied here but not in the backup: "
            + ", ".join(f"{a}.{n}" for a, n in extra[:5])
            + ". Restore with the code version that wrote the backup, then migrate."
        )
    raise BackupError(" ".join(lines))


def database_has_data(order: list[type[models.Model]]) -> list[str]:
    """The models holding rows that migrations did not make."""
    return [
        model._meta.label for model in order if model is not Group and model._base_manager.exists()
    ]


def _id_maps(header: dict[str, Any]) -> tuple[dict[int, int], dict[int, int]]:
    """Old content type and permission ids -> this database's, by their natural keys."""
    here = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}
    types = {
        int(old): here[tuple(key)]
        for old, key in header["content_types"].items()
        if tuple(key) in here
    }
    perms_here = {
        (p.content_type.app_label, p.content_type.model, p.codename): p.pk
        for p in Permission.objects.select_related("content_type")
    }
    perms = {
        int(old): perms_here[tuple(key)]
        for old, key in header["permissions"].items()
        if tuple(key) in perms_here
    }
    return types, perms


def _remapper(model: type[models.Model], types: dict[int, int], perms: dict[int, int]):
    """Rewrites a row's content type and permission ids to this database's."""
    fk_fields = [
        (f.name, types if f.related_model is ContentType else perms)
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model in (ContentType, Permission)
    ]
    m2m_fields = [
        (f.name, types if f.related_model is ContentType else perms)
        for f in model._meta.many_to_many
        if f.related_model in (ContentType, Permission)
    ]
    if not fk_fields and not m2m_fields:
        return None

    def remap(row: dict[str, Any]) -> dict[str, Any]:
        fields = row["fields"]
        for name, mapping in fk_fields:
            if fields.get(name) is not None:
                fields[name] = mapping.get(fields[name], fields[name])
        for name, mapping in m2m_fields:
            if name in fields:
                fields[name] = [mapping[v] for v in fields[name] if v in mapping]
        return row

    return remap


def _insert_raw(model: type[models.Model], objects: list[models.Model]) -> None:
    """Insert rows exactly as given, as Django's ``save(raw=True)`` does for fixtures.

    ``bulk_create`` would stamp ``auto_now``/``auto_now_add`` fields with the time of
    the restore (a correction's date would change on the public page); the raw insert
    keeps every value, and sends no signals (no history rows for restored rows).
    """
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    size = max(1, connection.ops.bulk_batch_size(fields, objects))
    for batch in _chunks(objects, size):
        model._base_manager._insert(batch, fields=fields, raw=True, using=connection.alias)


def _insert(rows: list[dict[str, Any]]) -> None:
    """One chunk of one model's rows, then their many-to-many links."""
    objects = list(serializers.deserialize("python", rows))
    model = type(objects[0].object)
    _insert_raw(model, [o.object for o in objects])
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if not through._meta.auto_created:
            continue
        source = field.m2m_field_name() + "_id"
        target = field.m2m_reverse_field_name() + "_id"
        links = [
            through(**{source: o.object.pk, target: pk})
            for o in objects
            for pk in o.m2m_data.get(field.name, [])
        ]
        through._base_manager.bulk_create(links, batch_size=CHUNK)


def restore_read(
    *, path: Path, force: bool = False, progress: Callable[[str, int], None] | None = None
) -> Summary:
    """Load a backup into this (migrated) database, all or nothing."""
    order = backed_up_models()
    labels = {model._meta.label_lower: model for model in order}
    with _open_for_reading(path) as stream:
        header = _read_header(stream)
        _check_migrations(header)
        unknown = sorted(set(header["counts"]) - set(labels))
        if unknown:
            raise BackupError(f"The backup has tables this version does not know: {unknown}.")
        with transaction.atomic():
            page_versions.bump_everything()  # rows are written in bulk, without signals
            occupied = database_has_data(order)
            if occupied and not force:
                raise BackupError(
                    "The database is not empty (" + ", ".join(occupied[:5]) + " have rows). "
                    "Restore into a freshly migrated database, or pass --force to replace "
                    "everything in this one."
                )
            for model in reversed(order):
                for field in model._meta.many_to_many:
                    if field.remote_field.through._meta.auto_created:
                        field.remote_field.through._base_manager.all().delete()
                model._base_manager.all()._raw_delete(model._base_manager.db)
            types, perms = _id_maps(header)
            total = 0
            current: str | None = None
            remap = None
            pending: list[dict[str, Any]] = []
            for line in stream:
                if not line.strip():
                    continue
                row = json.loads(line)
                if row["model"] != current:
                    if pending:
                        _insert(pending)
                        pending = []
                    if current and progress:
                        progress(current, header["counts"].get(current, 0))
                    current = row["model"]
                    if current not in labels:
                        raise BackupError(f"Unknown table in the backup: {current}.")
                    remap = _remapper(labels[current], types, perms)
                pending.append(remap(row) if remap else row)
                total += 1
                if len(pending) >= CHUNK:
                    _insert(pending)
                    pending = []
            if pending:
                _insert(pending)
            if current and progress:
                progress(current, header["counts"].get(current, 0))
            _reset_sequences(order)
            wrong = {
                label: (expected, labels[label]._base_manager.count())
                for label, expected in header["counts"].items()
                if labels[label]._base_manager.count() != expected
            }
            if wrong:
                raise BackupError(
                    f"Row counts differ after the restore (expected, found): {wrong}."
                )
    cache.clear()  # cached pages were rendered from the data that was replaced
    return Summary(models=len(header["counts"]), rows=total)


def _reset_sequences(order: list[type[models.Model]]) -> None:
    """New rows get ids after the restored ones (PostgreSQL keeps sequences apart from tables)."""
    statements = connection.ops.sequence_reset_sql(no_style(), order)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
