"""Every value a Jinja page prints is escaped as the Django engine escapes it."""

from __future__ import annotations

import pytest
from django.template import engines
from django.utils.html import escape
from django.utils.safestring import mark_safe

VALUES = [
    "plain words",
    "<b>bold</b> & more",
    'O\'Brien said "no"',
    "only 'single' quotes",
    "a > b < c & d",
    "",
    3,
    None,
    2.5,
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_printed_values_are_escaped_as_django_escapes_them(value):
    template = engines["jinja2"].from_string("{{ value }}")

    assert template.render({"value": value}) == escape(value)


def test_markup_is_printed_as_it_is():
    template = engines["jinja2"].from_string("{{ value }}")

    assert template.render({"value": mark_safe("<em>it's</em>")}) == "<em>it's</em>"
