"""What the review pages print from Python rather than from a template: the queue's
claim rows (config/jinja2.py makes the writer a template global)."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils.safestring import SafeString
from django.utils.text import Truncator

from claims.selectors import QueueClaim, VerdictBadge
from claims.text.quotes import short_quote

from .common import Assignee

Link = Callable[[Any], Any]  # a pk or a value to an escaped address (url_by_pk, querystring_by)
QueueRow = tuple[QueueClaim, VerdictBadge | None]


def _escape(value: Any) -> str:
    """A value escaped as the templates escape it (Django's escaping: ``&quot;``, ``&#x27;``)."""
    return html.escape(str(value))


def _truncated(text: str, length: int) -> str:
    """The ``truncatechars`` filter: text that needs no cut comes back as it is."""
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text
    return Truncator(text).chars(length)


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def verdict_badge(verdict: VerdictBadge | None) -> str:
    """review/_verdict_badge.html's ``verdict_badge`` for a queue row's verdict."""
    if not verdict:
        return '<span class="muted">No verdict</span>'
    stale = ' <span class="tag tag--stale">Stale</span>' if verdict.stale else ""
    return (
        f'<span class="badge badge--{_escape(verdict.rating)}">{_escape(verdict.label)}</span> '
        f'<span class="tag tag--{_escape(verdict.status)}">'
        f"{_escape(verdict.get_status_display())}</span>{stale}"
    )


def _claim_tags(claim: QueueClaim) -> str:
    if claim.anchor_state == "changed":
        anchor = '<span class="tag tag--stale">Text changed</span>'
    elif claim.anchor_state == "orphaned":
        anchor = '<span class="tag tag--orphaned">Orphaned</span>'
    else:
        anchor = ""
    return (
        f'<span class="tag tag--kind-{_escape(claim.kind)}">{_escape(claim.kind_label)}</span>\n'
        f'        <span class="tag tag--{_escape(claim.status)}">{_escape(claim.status_label)}'
        f"</span>\n        {anchor}"
    )


def _assign_options(reviewers: Sequence[Assignee], me: Any, selected: int | None) -> str:
    options = []
    for person in reviewers:
        chosen = " selected" if person.pk == selected else ""
        name = _escape(person.username)
        if person.pk == me:
            name = f"Me ({name})"
        options.append(f'<option value="{person.pk}"{chosen}>{name}</option>')
    return "".join(options)


def queue_row_writer(
    *,
    claim_url: Link,
    article_url: Link,
    assign_url: Link,
    claimant_query: Link,
    form_fields: Any,
    reviewers: Sequence[Assignee],
    me: Any,
) -> Callable[[Iterable[QueueRow]], SafeString]:
    """The queue's claim rows (``<tr class="queue__row">`` each) for a list of
    ``queue_rows()``, as a function of the rows.

    Written out here rather than in the template: a page of thirty claims printed
    some five hundred values, each escaped twice (Django's way, then Jinja's), and
    that cost more than the rest of the page. Here every value is escaped once, the
    links come from the page's own builders, and the parts rows share (tags, badges,
    claimant links, assign menus) are written once per page.
    """
    shared: dict[tuple, str] = {}

    def once(key: tuple, write: Callable[[], str]) -> str:
        if key not in shared:
            shared[key] = write()
        return shared[key]

    def row(claim: QueueClaim, verdict: VerdictBadge | None) -> str:
        pk = claim.pk
        href = claim_url(pk)
        flags = ""
        if claim.flag_count:
            flags = (
                f'<a class="tag tag--stale" href="{href}#flags" title="Figures or attributions '
                f'in this event that do not add up with this claim">{claim.flag_count} '
                f"flag{_plural(claim.flag_count)}</a>"
            )
        who = ""
        if claim.claimant_slug:
            slug, name = claim.claimant_slug, claim.claimant_name
            who = once(
                ("claimant", slug, name),
                lambda: f'<a class="muted" href="{claimant_query(slug)}">{_escape(name)}</a>',
            )
        tags = once(
            ("tags", claim.kind, claim.status, claim.anchor_state), lambda: _claim_tags(claim)
        )
        badge = once(("badge", verdict), lambda: verdict_badge(verdict))
        menu = once(
            ("menu", claim.assigned_to_id),
            lambda: _assign_options(reviewers, me, claim.assigned_to_id),
        )
        return (
            f'\n  <tr class="queue__row">\n'
            f"    <td>\n"
            f'      <a class="queue__quote" href="{href}"><span class="kind-dot '
            f'kind-dot--{_escape(claim.kind)}" aria-hidden="true"></span>'
            f"{_escape(_truncated(claim.exact, 140))}</a>\n"
            f'      <div class="queue__meta">\n'
            f"        {tags}\n"
            f"        {flags}\n"
            f"        {who}\n"
            f'        <a class="muted" href="{article_url(claim.article_id)}#item-{pk}">'
            f"in the text</a>\n"
            f"      </div>\n"
            f"    </td>\n"
            f"    <td>{badge}</td>\n"
            f"    <td>\n"
            f'      <form class="assign" method="post" action="{assign_url(pk)}">\n'
            f"        {form_fields}\n"
            f'        <label class="visually-hidden" for="assign-{pk}">'
            f"Assign “{_escape(short_quote(claim.exact or '', 40))}” to</label>\n"
            f'        <select id="assign-{pk}" name="assignee">\n'
            f'          <option value="">Nobody</option>\n'
            f"          {menu}\n"
            f"        </select>\n"
            f'        <button class="button button--small" type="submit">Assign</button>\n'
            f"      </form>\n"
            f"    </td>\n"
            f"  </tr>\n  "
        )

    def write(rows: Iterable[QueueRow]) -> SafeString:
        return SafeString("".join([row(claim, verdict) for claim, verdict in rows]))

    return write
