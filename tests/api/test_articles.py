import datetime as dt
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from articles.models import Article
from tests.api.conftest import SECRETS, ids, results
from tests.conftest import SEED_TITLE
from tests.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"
IMPORT = "/api/v1/articles/import/"


def test_anonymous_sees_only_articles_with_a_published_claim(anon, world):
    (row,) = results(anon.get(LIST))
    assert row["id"] == world.article.pk
    assert row["url"] == f"http://testserver{world.article.get_absolute_url()}"
    assert row["original_url"] == world.article.url
    assert row["outlet"] == {"id": world.article.outlet.pk, "name": "RT", "slug": "rt"}
    assert "text" not in row  # lists stay light; the detail has the text
    assert anon.get(f"{LIST}{world.hidden_article.pk}/").status_code == 404
    assert SECRETS["hidden_article"] not in anon.get(LIST).content.decode()


@pytest.mark.parametrize("client_name", ["as_reviewer", "as_other_reviewer", "as_editor"])
def test_reviewers_see_every_article(request, client_name, world):
    client = request.getfixturevalue(client_name)
    assert ids(client.get(LIST)) == {world.article.pk, world.hidden_article.pk}
    row = client.get(f"{LIST}{world.hidden_article.pk}/").json()
    assert row["url"] is None  # nothing published: no public page
    assert row["text"] == world.hidden_article.text


def test_article_detail_has_the_text(anon, world):
    row = anon.get(f"{LIST}{world.article.pk}/").json()
    assert row["text"] == world.article.text
    assert row["title"] == "Helicopter shot down"


def test_articles_filter_by_outlet_dates_and_words(as_reviewer, world):
    old = ArticleFactory(
        outlet=OutletFactory(name="AP", slug="ap"),
        published_on=dt.date(2016, 8, 1),
        title="Mi-8 down near Idlib",
    )
    assert ids(as_reviewer.get(LIST, {"outlet": "ap"})) == {old.pk}
    assert ids(as_reviewer.get(LIST, {"published_before": "2016-12-31"})) == {old.pk}
    assert old.pk not in ids(as_reviewer.get(LIST, {"published_after": "2017-01-01"}))
    assert ids(as_reviewer.get(LIST, {"q": "mi-8 idlib", "outlet": "ap"})) == {old.pk}
    assert ids(as_reviewer.get(LIST, {"outlet": "nobody"})) == set()


@pytest.mark.parametrize(
    "params", [{"published_after": "31/12/2016"}, {"published_before": "10000-01-01"}]
)
def test_invalid_article_dates_are_400(anon, params):
    response = anon.get(LIST, params)
    assert response.status_code == 400
    assert set(params) == set(response.json()["errors"])


# ------------------------------------------------------------------------------
# Import
# ------------------------------------------------------------------------------
def test_reviewer_imports_the_seed_as_json_text(as_reviewer, seed_bytes):
    response = as_reviewer.post(
        IMPORT, {"text": seed_bytes.decode(), "outlet": "RT"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "imported"
    article = Article.objects.get(pk=body["article"]["id"])
    assert article.title == SEED_TITLE and article.outlet.name == "RT"
    assert article.source_format == "seed"
    assert body["article"]["text"] == article.text
    assert body["article"]["published_on"] == "2016-08-01"


def test_an_article_under_the_import_limit_is_not_refused_for_its_json_escapes(as_reviewer):
    # Cyrillic text: 2 bytes a letter in UTF-8, 6 in JSON's \uXXXX escapes, so the
    # request is about three times the article.
    paragraph = "Вертолёт сбит над Идлибом, сообщили в министерстве. " * 40
    text = "Заголовок\n\n" + "\n\n".join([paragraph] * 480)
    body = json.dumps({"text": text})
    assert len(text.encode()) < settings.CLAIMTRACK_MAX_IMPORT_BYTES < len(body)
    response = as_reviewer.post(IMPORT, body, content_type="application/json")
    assert response.status_code == 201, response.content


def test_importing_the_same_file_again_is_unchanged(as_reviewer, seed_bytes):
    payload = {"text": seed_bytes.decode()}
    assert as_reviewer.post(IMPORT, payload, format="json").status_code == 201
    response = as_reviewer.post(IMPORT, payload, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "unchanged"
    assert Article.objects.count() == 1


def test_reimporting_a_url_with_new_text_updates(as_editor):
    url = "https://news.example.org/bus"
    first = {"text": "Bus crash\n\nFive people were injured.", "url": url}
    assert as_editor.post(IMPORT, first, format="json").status_code == 201
    second = {"text": "Bus crash\n\nSix people were injured.", "url": url}
    response = as_editor.post(IMPORT, second, format="json")
    assert response.status_code == 200 and response.json()["status"] == "updated"
    assert Article.objects.get().text == "Bus crash\n\nSix people were injured."


def test_reviewer_uploads_a_file(as_reviewer, seed_bytes):
    upload = SimpleUploadedFile("story.txt", seed_bytes, content_type="text/plain")
    response = as_reviewer.post(IMPORT, {"file": upload, "outlet": "RT"}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["article"]["title"] == SEED_TITLE


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"text": "   "}, "the file is empty"),
        ({"text": "---\nTitle\n---\nnot a date\nBody"}, "expected the date as DD/MM/YYYY"),
        ({"text": "Title\n\nBody", "url": "ftp://example.org/x"}, "invalid url"),
    ],
)
def test_import_errors_are_400_with_the_importers_message(as_reviewer, payload, message):
    response = as_reviewer.post(IMPORT, payload, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert message in body["detail"] and body["code"] == "import_failed"
    assert not Article.objects.exists()


def test_binary_upload_is_refused(as_reviewer):
    upload = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\x00\x00JFIF", content_type="image/jpeg")
    response = as_reviewer.post(IMPORT, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "binary" in response.json()["detail"]


@override_settings(CLAIMTRACK_MAX_IMPORT_BYTES=100)
def test_oversized_upload_is_refused_before_reading(as_reviewer):
    upload = SimpleUploadedFile("big.txt", b"Title\n\n" + b"x" * 500, content_type="text/plain")
    response = as_reviewer.post(IMPORT, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "the file is too large (507 bytes; the limit is 100 bytes)"
    )


@pytest.mark.parametrize("encoding", ["json", "multipart"])
@pytest.mark.parametrize("auth", ["token", "session"])
def test_a_body_too_large_to_read_is_a_json_400_naming_the_limits(
    as_reviewer, client, reviewer, settings, encoding, auth
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    settings.CLAIMTRACK_MAX_IMPORT_BYTES = 40_000
    text = "A title\n\n" + "All five aboard died. " * 4000  # about 88 kB
    if auth == "token":
        response = as_reviewer.post(IMPORT, {"text": text}, format=encoding)
    else:
        client.force_login(reviewer)
        if encoding == "json":
            body = json.dumps({"text": text})
            response = client.post(IMPORT, body, content_type="application/json")
        else:
            response = client.post(IMPORT, {"text": text})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The request body is too large: the API reads at most 50,000 bytes, "
        "and an imported article can be at most 40,000 bytes.",
        "code": "parse_error",
    }
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "text"),
        ({"text": 42, "source_format": "pdf"}, "source_format"),
        ({"text": None}, "text"),
    ],
)
def test_import_validation_errors(as_reviewer, payload, field):
    response = as_reviewer.post(IMPORT, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_upload_without_a_file_is_400(as_reviewer):
    response = as_reviewer.post(IMPORT, {"outlet": "RT"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_anonymous_and_outsiders_cannot_import(anon, as_outsider, seed_bytes):
    payload = {"text": seed_bytes.decode()}
    assert anon.post(IMPORT, payload, format="json").status_code == 401
    assert as_outsider.post(IMPORT, payload, format="json").status_code == 403
    assert not Article.objects.exists()


def test_import_without_trailing_slash_works(as_reviewer):
    response = as_reviewer.post(
        "/api/v1/articles/import", {"text": "Title\n\nBody text."}, format="json"
    )
    assert response.status_code == 201


def test_unsupported_content_type_is_415_json(as_reviewer):
    response = as_reviewer.post(IMPORT, "Title\n\nBody", content_type="text/plain")
    assert response.status_code == 415
    assert response.json() == {
        "detail": 'Unsupported media type "text/plain" in request. '
        "Send application/json or multipart/form-data.",
        "code": "unsupported_media_type",
    }


# ------------------------------------------------------------------------------
# Import by URL
# ------------------------------------------------------------------------------
def test_reviewer_imports_a_page_by_url(as_reviewer, page_server, reviewer):
    from tests.pageserver import story_page

    url = page_server.add("/2024/03/05/ferry.html", story_page())
    response = as_reviewer.post(IMPORT, {"url": url, "outlet": "Harbour"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "imported"
    assert body["article"]["title"] == "Ferry capsizes off Lesbos, 12 missing"
    assert body["article"]["published_on"] == "2024-03-05"
    article = Article.objects.get()
    assert article.url == url and article.outlet.name == "Harbour"
    assert article.history.get().history_user == reviewer
    again = as_reviewer.post(IMPORT, {"url": url}, format="json")
    assert again.status_code == 200 and again.json()["status"] == "unchanged"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://169.254.169.254/latest/meta-data/", "the cloud metadata service"),
        ("http://127.0.0.1:9/story", "this machine (loopback)"),
        ("http://[::1]:9/story", "this machine (loopback)"),
        ("file:///etc/passwd", "not a web address"),
    ],
)
def test_import_by_url_refuses_local_addresses_with_a_json_400(as_reviewer, settings, url, message):
    settings.CLAIMTRACK_FETCH_ALLOW = []
    response = as_reviewer.post(IMPORT, {"url": url}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "import_failed"
    assert body["detail"].startswith("the page could not be fetched: ")
    assert message in body["detail"]
    assert not Article.objects.exists()


def test_import_by_url_failures_are_a_json_400(as_reviewer, page_server):
    url = page_server.add("/gone", b"", status=404)
    response = as_reviewer.post(IMPORT, {"url": url}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "the page could not be fetched: the server answered 404 Not Found"
    )
    assert not Article.objects.exists()


def test_anonymous_and_outsiders_cannot_import_by_url(anon, as_outsider, page_server):
    url = page_server.add("/ferry", b"<h1>Ferry</h1><p>Text.</p>")
    assert anon.post(IMPORT, {"url": url}, format="json").status_code == 401
    assert as_outsider.post(IMPORT, {"url": url}, format="json").status_code == 403
    assert page_server.requests == []
    assert not Article.objects.exists()
