"""Multi-row inserts for the importer's bulk writes, without Django's per-value work.

``bulk_create`` prepares every value of every row through its field, and
``bulk_create_with_history`` builds a model instance per history row: for a batch
of articles, tens of thousands of claims, history rows and matches, that costs more
than the database does. Here each field's preparation is chosen once per model:
values the database driver takes as they are (text, numbers, booleans, ids) go
straight through, the others (dates, JSON) through the field as ``bulk_create``
would send them. The rows written are those of ``bulk_create`` and
``bulk_create_with_history``, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache
from operator import attrgetter

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, models
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.constants import OnConflict
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

# Fields whose values the drivers take unchanged, as the fields would prepare them.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.BooleanField,
    models.ForeignKey,
)
# Rows per INSERT on databases without a limit on parameters (PostgreSQL).
_ROWS_PER_STATEMENT = 500


def _prepare(field: models.Field) -> Callable | None:
    """How a value of ``field`` goes to the database: None when unchanged."""
    if isinstance(field, _PLAIN) and not isinstance(field, models.AutoField):
        return None
    if not isinstance(field, models.DateField):
        return lambda value: field.get_db_prep_save(value, connection)
    # The rows of one insert share their time: it is converted once.
    last = [(None, None)]

    def prepare(value: object) -> object:
        seen, prepared = last[0]
        if value is not seen:
            prepared = field.get_db_prep_save(value, connection)
            last[0] = (value, prepared)
        return prepared

    return prepare


@cache
def _columns(model: type[models.Model]) -> tuple[list[models.Field], list[Callable | None]]:
    """The fields an insert writes (all but the auto primary key) and their preparation."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]
    return fields, [_prepare(field) for field in fields]


def _stamped(model: type[models.Model]) -> list[models.Field]:
    """The fields set when a row is added (``auto_now``/``auto_now_add``)."""
    return [
        field
        for field in _columns(model)[0]
        if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)
    ]


def _values(row: Sequence, preparations: list[Callable | None]) -> list:
    return [
        value if prepare is None or value is None else prepare(value)
        for value, prepare in zip(row, preparations, strict=True)
    ]


def _insert_sql(model: type[models.Model], rows: int, *, ignore_conflicts: bool) -> str:
    fields, _ = _columns(model)
    ops = connection.ops
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = "{} {} ({}) VALUES {}".format(
        ops.insert_statement(on_conflict=on_conflict),
        ops.quote_name(model._meta.db_table),
        ", ".join(ops.quote_name(field.column) for field in fields),
        ", ".join([placeholders] * rows),
    )
    suffix = ops.on_conflict_suffix_sql(fields, on_conflict, None, None)
    return f"{sql} {suffix}".rstrip()


def insert_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """Insert rows given as the values of the fields ``names`` (attnames), with one
    prepared statement for all of them. The other fields take their default, and
    those set when a row is added (``auto_now``/``auto_now_add``) the insert's time."""
    if not rows:
        return
    fields, preparations = _columns(model)
    now = timezone.now()
    stamped = _stamped(model)
    given = {name: i for i, name in enumerate(names)}
    unknown = set(given) - {field.attname for field in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    # Every row starts from the same prepared values, and takes its own where given.
    template = _values(
        [None if f.attname in given else now if f in stamped else f.get_default() for f in fields],
        preparations,
    )
    own = [
        (column, given[field.attname], preparations[column])
        for column, field in enumerate(fields)
        if field.attname in given
    ]
    values = []
    for row in rows:
        value = template.copy()
        for column, index, prepare in own:
            item = row[index]
            value[column] = item if prepare is None or item is None else prepare(item)
        values.append(value)
    sql = _insert_sql(model, 1, ignore_conflicts=ignore_conflicts)
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


@cache
def _defaults(
    model: type[models.Model],
) -> tuple[list[str], list, list[tuple[int, Callable]], frozenset[str]]:
    """Each concrete field's attname and default, in field order, and which defaults
    are made anew for every instance (a callable one such as ``list``, a database
    default). The others (no default, or a plain value) are worked out once: their
    ``get_default`` returns the same value every time."""
    fields = model._meta.concrete_fields
    names = [field.attname for field in fields]
    row: list = []
    made: list[tuple[int, Callable]] = []
    for i, field in enumerate(fields):
        plain = field.db_default is NOT_PROVIDED and (
            not field.has_default() or not callable(field.default)
        )
        row.append(field.get_default() if plain else None)
        if not plain:
            made.append((i, field.get_default))
    return names, row, made, frozenset(names)


def new_instance(model: type[models.Model], values: dict) -> models.Model:
    """``model(**values)`` for values given by attname (``article_id``, not ``article``),
    the others taking their default, in a fraction of the time: the values are set
    in field order as ``model(*row)`` (Django's ``from_db``) sets them, without its
    per-field calls unless an init signal has listeners. The importer makes a model
    instance for each of tens of thousands of claims."""
    names, defaults, made, known = _defaults(model)
    if not values.keys() <= known:
        raise ValueError(f"{model.__name__} has no fields {sorted(values.keys() - known)}")
    row = [values.get(name, default) for name, default in zip(names, defaults, strict=True)]
    for i, make in made:
        if names[i] not in values:
            row[i] = make()
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return model(*row)
    # What ``model(*row)`` does when nobody listens to its signals: a new instance's
    # fields are plain attributes (a foreign key's id clears no related object yet).
    obj = model.__new__(model)
    obj._state = ModelState()
    obj.__dict__.update(zip(names, row, strict=True))
    return obj


def insert_instances(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    history: bool = False,
    default_user: AbstractBaseUser | None = None,
) -> None:
    """``bulk_create`` of new instances: each gets its id and is saved as bulk_create
    leaves it, with one multi-row INSERT per chunk (the database returns the ids).

    ``history``: with their "created" history rows, as ``bulk_create_with_history``
    writes them: the instance's ``_history_user`` (else ``default_user``, else the
    request's user) and change reason, dated when they are written.
    """
    if not objs:
        return
    fields, preparations = _columns(model)
    stamped = _stamped(model)
    now = timezone.now()  # one time for the insert, as a database default would give
    rows = []
    # One call per instance reads every value (attrgetter of one name gives no tuple).
    names = [field.attname for field in fields]
    read = attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)
    prepared = [(column, prepare) for column, prepare in enumerate(preparations) if prepare]
    relations, generic = _relations(model)
    for obj in objs:
        if generic or not _related_saved(obj, relations):
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
        for field in stamped:
            setattr(obj, field.attname, now)
        row = list(read(obj))
        for column, prepare in prepared:
            if row[column] is not None:
                row[column] = prepare(row[column])
        rows.extend(row)
    pk = model._meta.pk
    returning, _ = connection.ops.return_insert_columns([pk])
    size = (
        connection.features.max_query_params // len(fields)
        if connection.vendor == "sqlite"
        else _ROWS_PER_STATEMENT
    )
    width = len(fields)
    alias = connection.alias  # (read once: each read goes through the connection proxy)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            sql = f"{_insert_sql(model, len(chunk), ignore_conflicts=False)} {returning}"
            cursor.execute(sql, rows[start * width : (start + len(chunk)) * width])
            for obj, (pk_value,) in zip(chunk, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, pk_value)
                obj._state.adding = False
                obj._state.db = alias
    if history and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        _insert_history(model, objs, rows, default_user=default_user, now=now)


@cache
def _relations(model: type[models.Model]) -> tuple[list[models.Field], bool]:
    """The model's concrete relations, and whether it has generic ones: what Django
    checks before saving an instance (``_prepare_related_fields_for_save``)."""
    relations = [field for field in model._meta.concrete_fields if field.is_relation]
    generic = any(
        field.is_relation and hasattr(field, "fk_field") for field in model._meta.private_fields
    )
    return relations, generic


def _related_saved(obj: models.Model, relations: list[models.Field]) -> bool:
    """Whether Django's check before saving ``obj`` would find nothing to do: each
    related object it holds is saved, and its id is the one ``obj`` holds. The check
    itself reads every field of the model, for each of tens of thousands of claims."""
    held = obj._state.fields_cache
    for field in relations:
        related = held.get(field.cache_name)
        if not related:
            continue
        value = getattr(obj, field.attname)
        if (
            not related._is_pk_set()
            or value in field.empty_values
            or getattr(related, field.target_field.attname) != value
        ):
            return False
    return True


def _insert_history(
    model: type[models.Model],
    objs: Sequence[models.Model],
    rows: list,
    *,
    default_user: AbstractBaseUser | None,
    now: dt.datetime,
) -> None:
    """The history rows of instances just inserted, from the values prepared for them."""
    history = model.history.model
    fields, _ = _columns(model)
    width = len(fields)
    tracked = {field.attname for field in history.tracked_fields}
    position = {field.attname: i for i, field in enumerate(fields) if field.attname in tracked}
    history_fields, history_preparations = _columns(history)
    special = {"history_date", "history_change_reason", "history_type", "history_user_id"}
    pk = model._meta.pk.attname
    unknown = {f.attname for f in history_fields} - set(position) - special - {pk}
    if unknown:
        raise ValueError(f"history fields this insert does not fill: {sorted(unknown)}")
    date = history_fields[[f.attname for f in history_fields].index("history_date")]
    prepare_date = history_preparations[history_fields.index(date)]
    sources = [position.get(field.attname) for field in history_fields]
    # Without a user of its own or a default, the request's (the same for every row):
    # asked once, when first needed.
    asked: list[AbstractBaseUser | None] = []

    def user_of(obj: models.Model) -> AbstractBaseUser | None:
        try:
            return obj._history_user
        except AttributeError:
            pass
        if default_user:
            return default_user
        if not asked:
            asked.append(history.get_default_history_user(obj))
        return asked[0]

    values = []
    for i, obj in enumerate(objs):
        user = user_of(obj)
        own = {
            pk: obj.pk,
            "history_date": prepare_date(getattr(obj, "_history_date", now)),
            "history_change_reason": get_change_reason_from_object(obj) or None,
            "history_type": "+",
            "history_user_id": user.pk if user is not None else None,
        }
        row = rows[i * width : (i + 1) * width]
        values.append(
            [
                row[source] if source is not None else own[field.attname]
                for source, field in zip(sources, history_fields, strict=True)
            ]
        )
    with connection.cursor() as cursor:
        cursor.executemany(_insert_sql(history, 1, ignore_conflicts=False), values)


def update_field(model: type[models.Model], name: str, values: Sequence[tuple]) -> None:
    """Set one plain field of many rows, given as (value, primary key) pairs, with one
    prepared UPDATE (``bulk_update`` writes a CASE with a branch per row instead)."""
    if not values:
        return
    field = model._meta.get_field(name)
    if _prepare(field) is not None:
        raise ValueError(f"{name} needs preparing: use bulk_update")
    quote = connection.ops.quote_name
    table, column, pk = model._meta.db_table, field.column, model._meta.pk.column
    # Names from the model's options, quoted; the values are parameters.
    sql = f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
