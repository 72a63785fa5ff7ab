"""Forms of the review pages: they parse and validate input; services do the writing."""

from __future__ import annotations

import json
import re

from django import forms
from django.conf import settings

from articles.parsing import FORMATS
from claims.models import Claim, Evidence, Source, Verdict

# Bounds of the database's integer columns: larger input is a form error (or an
# ignored filter), never a database overflow.
MAX_ID = 2**63 - 1  # BigAutoField
MAX_INT = 2**31 - 1  # PositiveIntegerField: counts, offsets, versions

FORMAT_LABELS = {
    "seed": "Wire story (--- / title / --- / date / body)",
    "markdown": "Markdown",
    "html": "HTML page",
    "text": "Plain text (first line is the title)",
}


# ------------------------------------------------------------------------------
# Queue
# ------------------------------------------------------------------------------
class QueueFilterForm(forms.Form):
    """The queue's GET filters. Invalid values are ignored, never an error page."""

    STATUS_CHOICES = [
        ("", "All open"),
        ("candidate", "Candidates"),
        ("confirmed", "Confirmed"),
        ("draft", "Has draft"),
        ("submitted", "Submitted"),
        ("published", "Published"),
        ("stale", "Stale"),
        ("orphaned", "Orphaned"),
        ("dismissed", "Dismissed"),
    ]

    q = forms.CharField(required=False, max_length=200, label="Search")
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Claim.Kind.choices])
    article = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    claimant = forms.SlugField(required=False, max_length=220, widget=forms.HiddenInput)
    mine = forms.BooleanField(required=False, label="Assigned to me")
    flagged = forms.BooleanField(required=False, label="Flagged only")

    def filters(self) -> dict:
        """The valid filters; a field with a bad value counts as not given."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if name not in self.errors}


# ------------------------------------------------------------------------------
# Articles
# ------------------------------------------------------------------------------
def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def article_too_large(size: int | None = None) -> str:
    """The message for an article over the import limit (``size`` in bytes, when known)."""
    limit = settings.CLAIMTRACK_MAX_IMPORT_BYTES
    sent = f" ({_megabytes(size)})" if size else ""
    return (
        f"The article is too large{sent}: an article can be at most {_megabytes(limit)} "
        f"({limit:,} bytes). Remove what is not the article itself, or split it into "
        "parts, and try again."
    )


class ArticleImportForm(forms.Form):
    text = forms.CharField(
        required=False,
        strip=False,
        label="…or paste the article",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="Wire story, Markdown, HTML or plain text; the format is detected.",
    )
    file = forms.FileField(required=False, label="…or upload a file")
    source_format = forms.ChoiceField(
        required=False,
        label="Format",
        choices=[("", "Detect automatically")] + [(f, FORMAT_LABELS[f]) for f in FORMATS],
    )
    url = forms.CharField(
        required=False,
        max_length=1000,
        label="Web address",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=(
            "Give only the address and the page is fetched and imported; with pasted text "
            "or a file it records where the article came from. Importing the same address "
            "again updates the article and re-anchors its claims."
        ),
    )
    outlet = forms.CharField(required=False, max_length=200, label="Outlet (optional)")
    published_on = forms.DateField(
        required=False,
        label="Publication date (optional)",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When the outlet published it; overrides a date in the file. "
        "Cross-outlet comparisons order reports by it.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # review.js checks the size before sending, so an oversized paste stays in the box.
        limit = settings.CLAIMTRACK_MAX_IMPORT_BYTES
        for name in ("text", "file"):
            self.fields[name].widget.attrs.update(
                {"data-max-bytes": limit, "data-too-large": article_too_large()}
            )

    def clean(self) -> dict:
        data = super().clean()
        text, upload = data.get("text") or "", data.get("file")
        if text.strip() and upload:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        if not text.strip() and not upload and not (data.get("url") or "").strip():
            raise forms.ValidationError(
                "Give the page's web address, paste the article's text or choose a file."
            )
        limit = settings.CLAIMTRACK_MAX_IMPORT_BYTES
        if upload:
            if upload.size is not None and upload.size > limit:
                self.add_error("file", article_too_large(upload.size))
        else:
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > limit:
                self.add_error("text", article_too_large(size))
        return data

    def raw(self) -> tuple[bytes | str, str]:
        """The input to import and its file name (for format detection); blank when
        only an address was given (the page is then fetched from it)."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name or ""
        return self.cleaned_data["text"], ""


class ArticleDateForm(forms.Form):
    """Set or correct an article's publication date on its review page."""

    published_on = forms.DateField(
        required=False,
        label="Publication date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty if the article is undated.",
    )


# ------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------
class ManualClaimForm(forms.Form):
    """A claim marked by hand: by selection offsets (JavaScript) or by exact quote."""

    kind = forms.ChoiceField(choices=Claim.Kind.choices, initial=Claim.Kind.STATEMENT)
    exact = forms.CharField(
        required=False,
        strip=False,
        max_length=5000,
        label="Exact quote",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Copy the passage exactly as it is in the article, or select it in the text.",
    )
    # Python code-point offsets computed by review.js from the selection.
    start = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_INT, widget=forms.HiddenInput
    )
    end = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_INT, widget=forms.HiddenInput
    )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            data["start"] = data["end"] = None
            start = end = None
        if start is None and not (data.get("exact") or "").strip():
            self.add_error("exact", "Select a passage in the article or paste the exact quote.")
        return data


_PART = re.compile(r"^\s*(\d{1,7})\s*(.*?)\s*$")


def _unix_newlines(text: str) -> str:
    """Browsers send textarea lines as CRLF: store and compare Markdown with LF only."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class ClaimEditForm(forms.Form):
    statement = forms.CharField(
        required=False,
        max_length=2000,
        label="Statement (the claim as checked)",
        help_text="One sentence a reader understands without the article: who claims what. "
        "Public pages, feeds and ClaimReview show it; once published, a change is a "
        "public correction.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(choices=Claim.Kind.choices)
    claimant = forms.CharField(
        required=False,
        max_length=200,
        label="Claimant",
        help_text="Who made the claim. Start typing to pick a known claimant.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "claimant-options"}),
    )
    via = forms.CharField(
        required=False,
        label="Relayed via",
        help_text="One name a line, nearest to the claimant first: Peskov via AP is “AP”.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    create_claimants = forms.BooleanField(
        required=False, label="Create new claimants for names not found"
    )
    count_min = forms.IntegerField(required=False, min_value=0, max_value=MAX_INT, label="At least")
    count_max = forms.IntegerField(required=False, min_value=0, max_value=MAX_INT, label="At most")
    category = forms.ChoiceField(
        required=False, choices=[("", "—"), *Claim.Category.choices], label="Category"
    )
    parts = forms.CharField(
        required=False,
        label="Parts",
        help_text="One group a line: “3 crew”, “2 officers”.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The values the reviewer loaded (JSON): if someone else changed one since, saving
    # would silently undo their edit, so it is refused and both are shown.
    loaded = forms.CharField(required=False, max_length=20000, widget=forms.HiddenInput)

    TRACKED = (
        "statement",
        "kind",
        "claimant",
        "via",
        "count_min",
        "count_max",
        "category",
        "parts",
    )

    @staticmethod
    def _parts_text(parts: object) -> str:
        return "\n".join(
            f"{p.get('count')} {p.get('who', '')}".strip()
            for p in (parts if isinstance(parts, list) else [])
            if isinstance(p, dict)
        )

    @classmethod
    def values(cls, claim: Claim) -> dict[str, str]:
        """The claim's editable values, as the form shows them."""
        return {
            "statement": claim.statement,
            "kind": claim.kind,
            "claimant": claim.claimant.name if claim.claimant else "",
            "via": "\n".join(relay.claimant.name for relay in claim.relays.all()),
            "count_min": "" if claim.count_min is None else str(claim.count_min),
            "count_max": "" if claim.count_max is None else str(claim.count_max),
            "category": claim.category or "",
            "parts": cls._parts_text(claim.parts),
        }

    @classmethod
    def loaded_token(cls, claim: Claim) -> str:
        return json.dumps(cls.values(claim), sort_keys=True)

    @classmethod
    def for_claim(cls, claim: Claim, **kwargs: object) -> ClaimEditForm:
        values = cls.values(claim)
        initial = {**values, "loaded": json.dumps(values, sort_keys=True)}
        return cls(initial=initial, **kwargs)

    def loaded_values(self) -> dict[str, str] | None:
        """What the reviewer started from, or None when the form did not say."""
        try:
            data = json.loads(self.cleaned_data.get("loaded") or "null")
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        return {k: v for k, v in data.items() if k in self.TRACKED and isinstance(v, str)}

    def submitted_values(self) -> dict[str, str]:
        """The cleaned input in the shape of :meth:`values`."""
        data = self.cleaned_data
        return {
            "statement": data["statement"],
            "kind": data["kind"],
            "claimant": " ".join(data["claimant"].split()),
            "via": "\n".join(data["via"]),
            "count_min": "" if data["count_min"] is None else str(data["count_min"]),
            "count_max": "" if data["count_max"] is None else str(data["count_max"]),
            "category": data["category"] or "",
            "parts": self._parts_text(data["parts"]),
        }

    def clean_via(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["via"].splitlines()]
        names = [line for line in lines if line]
        if any(len(name) > 200 for name in names):
            raise forms.ValidationError("A name cannot be longer than 200 characters.")
        if len(names) > 10:
            raise forms.ValidationError("A relay chain of more than ten steps is not plausible.")
        return names

    def clean_parts(self) -> list[dict]:
        parts = []
        for number, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            match = _PART.match(line)
            if match is None:
                raise forms.ValidationError(
                    f"Line {number}: start with a number, like “3 crew” (not {line.strip()!r})."
                )
            part: dict = {"count": int(match.group(1))}
            if match.group(2):
                part["who"] = match.group(2)[:100]
            parts.append(part)
        return parts

    def clean_statement(self) -> str | None:
        if "statement" not in self.data:
            return None  # a form without the field leaves the statement as it is
        # Whether it may be empty is the service's rule (not when the claim had one).
        return " ".join(self.cleaned_data["statement"].split())

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("count_min"), data.get("count_max")
        if low is not None and high is not None and low > high:
            self.add_error("count_max", "The maximum cannot be below the minimum.")
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {
            "kind": data["kind"],
            "count_min": data["count_min"],
            "count_max": data["count_max"],
            "category": data["category"],
            "parts": data["parts"],
        }
        if data.get("statement") is not None:
            changes["statement"] = data["statement"]
        return changes


class AssignForm(forms.Form):
    assignee = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


# ------------------------------------------------------------------------------
# Evidence
# ------------------------------------------------------------------------------
class EvidenceForm(forms.Form):
    url = forms.URLField(
        max_length=1000,
        assume_scheme="https",
        label="Source address",
        help_text="A source already on file with this address is reused.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    title = forms.CharField(required=False, max_length=500)
    publisher = forms.CharField(
        required=False,
        max_length=200,
        help_text="Sources from the same publisher count once toward the two-source rule.",
    )
    kind = forms.ChoiceField(choices=Source.Kind.choices, initial=Source.Kind.NEWS)
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, initial=Evidence.Stance.SUPPORTS)
    note = forms.CharField(
        required=False,
        label="Note for reviewers",
        help_text="Never published.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ------------------------------------------------------------------------------
# Verdicts
# ------------------------------------------------------------------------------
class VerdictForm(forms.Form):
    ACTIONS = ("preview", "save", "submit")

    rating = forms.ChoiceField(choices=Verdict.Rating.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        required=False,
        max_length=20000,
        strip=False,
        help_text="Markdown: **bold**, *italic*, [links](https://…), lists, quotes.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # The verdict and version the reviewer started from: a stale one is a conflict.
    verdict = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    version = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_INT, widget=forms.HiddenInput
    )

    def clean_rationale(self) -> str:
        return _unix_newlines(self.cleaned_data["rationale"])

    def clean(self) -> dict:
        data = super().clean()
        # Without the version it started from, a save could overwrite a colleague's work.
        if data.get("verdict") and not data.get("version"):
            raise forms.ValidationError(
                "The form was missing the verdict's version; reload the page and try again."
            )
        return data


class PublishForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=MAX_INT, widget=forms.HiddenInput)
    # The two-source rule's "Publish anyway": required by the service when it applies.
    publish_anyway_reason = forms.CharField(
        required=False,
        max_length=1000,
        label="Why publish with fewer than two independent sources?",
        help_text="Kept in the verdict's history and shown to the other editors.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ------------------------------------------------------------------------------
# Changes to published fact-checks
# ------------------------------------------------------------------------------
class ChangeApproveForm(forms.Form):
    note = forms.CharField(
        max_length=5000,
        label="Public correction note",
        help_text="Added to the public correction log when the change is published.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ChangeRejectForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=5000,
        label="Why not (its author reads it)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectionNoteForm(forms.Form):
    note = forms.CharField(
        max_length=5000, label="Correction note", widget=forms.Textarea(attrs={"rows": 2})
    )


class SendBackForm(forms.Form):
    note = forms.CharField(
        max_length=5000,
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(min_value=1, max_value=MAX_INT, widget=forms.HiddenInput)


class CorrectionForm(forms.Form):
    rating = forms.ChoiceField(choices=Verdict.Rating.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        required=False, max_length=20000, strip=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    note = forms.CharField(
        max_length=5000,
        label="Correction note (public)",
        help_text=(
            "Say what changed and why. Another editor approves the correction; "
            "the public page changes, with this note, when they do."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(min_value=1, max_value=MAX_INT, widget=forms.HiddenInput)

    def clean_rationale(self) -> str:
        return _unix_newlines(self.cleaned_data["rationale"])


class WithdrawForm(forms.Form):
    note = forms.CharField(
        max_length=5000,
        label="Why withdraw (public)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(min_value=1, max_value=MAX_INT, widget=forms.HiddenInput)


class PreviewForm(forms.Form):
    rationale = forms.CharField(required=False, max_length=20000, strip=False)


# ------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------
class EventForm(forms.Form):
    title = forms.CharField(max_length=300)
    date = forms.DateField(
        required=False,
        help_text="When it happened.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    place = forms.CharField(required=False, max_length=200)
    summary = forms.CharField(
        required=False,
        max_length=5000,
        help_text="Shown on the public event page.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ArticleMoveForm(forms.Form):
    """Where to move an article: another event's id."""

    event = forms.IntegerField(min_value=1, max_value=MAX_ID, label="Move to event")


# ------------------------------------------------------------------------------
# Notifications
# ------------------------------------------------------------------------------
class NotificationReadForm(forms.Form):
    """Mark one notification read (and open its claim), or all of them."""

    notification = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class NotificationSettingsForm(forms.Form):
    email = forms.BooleanField(
        required=False,
        label="E-mail me each notification",
        help_text="Notifications always appear under the bell; this also sends them by e-mail.",
    )
