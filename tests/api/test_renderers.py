"""The API's JSON is written by orjson with the bytes DRF's own JSONRenderer writes."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
import zoneinfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from claims.api.renderers import OrjsonRenderer

PAYLOADS = {
    "text": {"exact": "Three crew — «deux officiers» 死", "empty": "", "quote": 'a "b" \\ c\n\t'},
    "javascript line ends": {"sentence": "before\u2028between\u2029after"},
    "numbers": {"ids": [1, 0, -7, 2**63 - 1], "true": True, "none": None, "half": 0.5},
    "dates": {
        "utc": dt.datetime(2016, 8, 1, 12, 30, 5, 123456, tzinfo=dt.UTC),
        "offset": dt.datetime(2016, 8, 1, 18, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Kolkata")),
        "naive": dt.datetime(2016, 8, 1, 12, 0),
        "day": dt.date(2016, 8, 1),
        "time": dt.time(12, 30),
        "span": dt.timedelta(minutes=5),
    },
    "other types": {
        "lazy": gettext_lazy("Not found."),
        "decimal": decimal.Decimal("2.50"),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "tuple": (1, "two"),
        "error": ErrorDetail("Give a whole number.", code="invalid"),
    },
    "serializer data": ReturnDict(
        {"results": ReturnList([{"id": 1}], serializer=None), "next": None}, serializer=None
    ),
    # Beyond what orjson writes: the renderer hands them to JSONRenderer.
    "number keys": {"errors": {0: ["Not a valid string."], 1: {"who": ["Too long."]}}},
    "huge integer": {"count": 2**70},
    "list": [{"id": 1}, {"id": 2}],
}


@pytest.mark.parametrize("data", PAYLOADS.values(), ids=PAYLOADS)
def test_orjson_writes_the_bytes_of_drf_json_renderer(data):
    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)


def test_very_deep_data_is_still_written():
    data: list = []
    for _ in range(300):  # beyond orjson's limit
        data = [data]
    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)


def test_indented_output_is_json_renderers_own():
    data = {"id": 1, "flags": []}
    media = "application/json; indent=4"
    assert OrjsonRenderer().render(data, media) == JSONRenderer().render(data, media)
    assert b"\n    " in OrjsonRenderer().render(data, media)


def test_nothing_renders_as_no_body():
    assert OrjsonRenderer().render(None) == b""


def test_unwritable_data_fails_as_before():
    with pytest.raises(TypeError):
        OrjsonRenderer().render({"thing": object()})


@pytest.mark.django_db
def test_api_answers_are_json_as_before(anon):
    response = anon.get("/api/v1/claims/", {"page_size": 5})
    assert response["Content-Type"] == "application/json"
    error = anon.get("/api/v1/claims/", {"page_size": "x"})
    assert error["Content-Type"] == "application/json"
    assert error.json() == {
        "detail": "page_size: Give a whole number from 1 to 100.",
        "code": "invalid",
        "errors": {"page_size": ["Give a whole number from 1 to 100."]},
    }
