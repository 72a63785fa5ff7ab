"""The ceiling: a bare WSGI app returning a constant, served by the same gunicorn."""


def application(environ, start_response):
    body = b"ok\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
