"""String fields of every request body refuse anything but a JSON string, as the
schema says: a number is not silently turned into text."""

import pytest
from rest_framework import serializers

from claims.api import serializers as api_serializers
from claims.api.serializers import Input, Text
from claims.models import Evidence

pytestmark = pytest.mark.django_db


def input_serializers() -> list[type[serializers.Serializer]]:
    found, todo = [], [Input]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [cls for cls in found if cls is not Input]


def string_fields(serializer: serializers.Serializer, path: str = ""):
    for name, field in serializer.fields.items():
        where = f"{path}{name}"
        if isinstance(field, serializers.ListSerializer):
            yield from string_fields(field.child, f"{where}[].")
        elif isinstance(field, serializers.Serializer):
            yield from string_fields(field, f"{where}.")
        elif isinstance(field, serializers.ListField):
            if isinstance(field.child, serializers.CharField):
                yield f"{where}[]", field.child
        elif isinstance(field, serializers.CharField):
            yield where, field


def test_every_string_field_of_every_request_body_is_strict():
    checked = 0
    for cls in input_serializers():
        for where, field in string_fields(cls()):
            # ChoiceField is not a CharField; every CharField must be the strict one.
            assert isinstance(field, Text), f"{cls.__name__}.{where} is a plain CharField"
            checked += 1
    assert checked >= 15
    assert api_serializers.EvidenceCreateSerializer in input_serializers()


@pytest.mark.parametrize("value", [0, 1.5, True, ["x"], {"x": 1}])
def test_a_non_string_note_on_evidence_is_a_400(as_reviewer, world, value):
    response = as_reviewer.post(
        f"/api/v1/claims/{world.candidate.pk}/evidence/",
        {"url": "https://mil.example.ru/statement", "stance": "supports", "note": value},
        format="json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and body["errors"]["note"] == ["Not a valid string."]
    assert not Evidence.objects.filter(claim=world.candidate).exists()


def test_a_number_for_who_in_a_claims_parts_is_a_400(as_reviewer, world):
    before = world.candidate.parts
    response = as_reviewer.patch(
        f"/api/v1/claims/{world.candidate.pk}/",
        {"quantity": {"parts": [{"count": 3, "who": 0}]}},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["detail"] == "quantity.parts.0.who: Not a valid string."
    world.candidate.refresh_from_db()
    assert world.candidate.parts == before


def test_strings_are_still_accepted(as_reviewer, world):
    response = as_reviewer.post(
        f"/api/v1/claims/{world.candidate.pk}/evidence/",
        {"url": "https://mil.example.ru/statement", "stance": "supports", "note": "0"},
        format="json",
    )
    assert response.status_code == 201, response.content
