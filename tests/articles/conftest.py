from tests.pageserver import page_server  # noqa: F401 - the fixture, for the import-by-URL tests
