"""Safe rendering of user-written Markdown (verdict rationales, notes)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# Raw HTML in the Markdown is not rendered (html=False), and whatever the
# renderer emits is still cleaned against an allowlist: defence in depth.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


class SafeHTML(str):
    """HTML that is already clean: Django templates (``conditional_escape``) and
    Jinja2 honour ``__html__`` and print it as it is."""

    __slots__ = ()

    def __html__(self) -> str:
        return self


def render_markdown(text: str) -> SafeHTML:
    html = _MD.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return SafeHTML(clean)
