"""Block Kit rendering of an Answer: the verdict first, then who to call, then the lines it rests on.

Everything here is pure (Answer in, JSON-able dicts out). The blocks are plain dicts in the shape
slack_sdk's Block models produce (the tests parse every one of them with those models): building them
as model objects cost more than the rest of answering a question put together.

Slack rejects a message rather than trimming it, so every limit is enforced here: 50 blocks, 3,000
characters per text, 10 elements per context block, and a total size under the (undocumented, about
12,000 characters) point where chat.postMessage answers `msg_blocks_too_long`. A long answer is
shortened with a note saying what was left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from intents.answer import Answer, ContactRef
from intents.context import Context
from intents.draft import CONTACT_FIELD_LABELS
from intents.text import (
    call_line,
    clean_markup,
    contact_extras,
    detail_lines,
    is_list,
    legend_lines,
    render_text,
    source_refs,
)
from render.slack_words import home_tab, said

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_TEXT = 3000  # one section's text, one context element
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
# Slack's own ceiling on a message's blocks is about 12,000-13,000 characters of JSON and not
# documented; staying well below it costs little, being refused costs the whole answer.
MAX_MESSAGE_JSON = 11_000
TEXT_BUDGET = 8_500  # characters of text for the blocks; the rest is Block Kit's JSON around them
SOURCES_RESERVE = 2_500  # a long list of details must not crowd out every cited line
MAX_FALLBACK_TEXT = 3000  # notification text; the blocks carry the full answer
MAX_CHOICES = 5
MAX_ECHO = 300  # characters of a user's question repeated back in a shared answer
MAX_HEAD_CONTEXT = 1000  # readings and the preface: a line or two, whatever the question held
MAX_CHOICE_VALUE = 600  # five of these must leave room for the answer in the message's size

SHARE_ACTION = "precert_share"
SHOW_SOURCES_ACTION = "precert_show_sources"
SHOW_ALL_ACTION = "precert_show_all"
MORE_EXAMPLES_ACTION = "precert_more_examples"
HELP_EXAMPLES = 5  # help shows five examples; the rest behind "More examples"
CHOICE_ACTION = re.compile(r"^precert_choice_\d+$")

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_LINKABLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-/_%?=#~+:]*$")


def escape(text: str) -> str:
    """Make text inert in mrkdwn: no <!channel>, <@user> or <url|link> survives from user or document text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(escaped: str, limit: int) -> str:
    """Shorten already-escaped text to `limit` characters without cutting an entity like &amp; in half."""
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    amp = cut.rfind("&", max(0, len(cut) - 5))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


class SlackMessage(BaseModel):
    """What chat.postMessage / respond() take: blocks, and the plain text Slack shows in notifications."""

    model_config = ConfigDict(frozen=True)

    text: str
    blocks: list[dict[str, Any]]
    items_shown: int = 0  # how many of a list's rows the blocks hold (the rest: continued_items)

    def kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


class ShareValue(BaseModel):
    """The Share button's value: the question and the context it was answered in, so that the shared
    answer is the one the asker saw (button values are the only state Slack hands back)."""

    model_config = ConfigDict(frozen=True)

    question: str
    context: Context | None = None

    def encode(self) -> str | None:
        value = self.model_dump_json(exclude_none=True)
        return value if len(value) <= MAX_BUTTON_VALUE else None


class Choice(BaseModel):
    """A clarification button's value: which name was picked, for which question, in which conversation."""

    model_config = ConfigDict(frozen=True)

    name: str
    question: str | None = None
    conversation: str | None = None

    def encode(self) -> str | None:
        value = self.model_dump_json(exclude_none=True)
        if len(value) > MAX_CHOICE_VALUE:
            # Without the question, the conversation's context still supplies what was asked.
            value = self.model_copy(update={"question": None}).model_dump_json(exclude_none=True)
        return value if len(value) <= MAX_CHOICE_VALUE else None


Block = dict[str, Any]


def _mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: Slack must not turn words in documents or questions into links or mentions.
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def _with_id(block: Block, block_id: str | None) -> Block:
    if block_id:
        block["block_id"] = block_id
    return block


def _section(text: str, block_id: str | None = None) -> Block:
    return _with_id({"type": "section", "text": _mrkdwn(clip(text, MAX_TEXT))}, block_id)


def _context(texts: Sequence[str], block_id: str | None = None) -> Block:
    elements = [_mrkdwn(clip(t, MAX_TEXT)) for t in texts if t.strip()][:MAX_CONTEXT_ELEMENTS]
    return _with_id({"type": "context", "elements": elements}, block_id)


def _button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button = {"type": "button", "text": _plain(label), "action_id": action_id, "value": value}
    if style:
        button["style"] = style
    return button


def _actions(buttons: list[dict[str, Any]], block_id: str) -> Block:
    return {"type": "actions", "elements": buttons, "block_id": block_id}


def _shown(lines: Iterable[str]) -> list[str]:
    # Slack refuses empty or blank texts: a blank line of an answer is simply not shown.
    return [line for line in lines if line.strip()]


def _pack(lines: Iterable[str], limit: int = MAX_TEXT) -> list[str]:
    """Join lines into as few texts of at most `limit` characters as they fit in."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def _fit(costs: Iterable[int], budget: int) -> int:
    """How many leading items fit in `budget` characters."""
    n = 0
    for cost in costs:
        if cost > budget:
            break
        budget -= cost
        n += 1
    return n


@dataclass
class _Group:
    """Lines of one kind (details, contacts…) in display order; `shown` is how many survive the budget."""

    label: str  # for the "left out" note
    lines: list[str]
    heading: str | None = None
    shown: int = 0

    def cost(self, n: int | None = None) -> int:
        lines = self.lines[: self.shown if n is None else n]
        if not lines:
            return 0
        return sum(len(line) + 1 for line in lines) + (len(self.heading) + 1 if self.heading else 0)

    def texts(self) -> list[str]:
        lines = self.lines[: self.shown]
        if not lines:
            return []
        return _pack([self.heading, *lines] if self.heading else lines)


@dataclass
class _Document:
    heading: str
    lines: list[str] = field(default_factory=list)


def _link(url: str) -> str:
    if _LINKABLE.match(url):
        target = url if "://" in url else f"https://{url}"
        return f"<{escape(target)}|{escape(url)}>"
    return escape(url)


def contact_text(contact: ContactRef) -> str | None:
    """One contact as mrkdwn, portal and email clickable (they come from the documents, not the user)."""
    parts = []
    for name in ("phone", "fax", "email", "url", "hours"):
        value = getattr(contact, name)
        if not value:
            continue
        if name == "url":
            shown = _link(value)
        elif name == "email" and _LINKABLE.match(value.replace("@", "")):
            shown = f"<mailto:{escape(value)}|{escape(value)}>"
        else:
            shown = escape(value)
        parts.append(f"{CONTACT_FIELD_LABELS[name]} {shown}")
    if not parts:
        return None
    return f"• *{escape(contact.label)}*: " + ", ".join(parts)


def _documents(answer: Answer) -> list[_Document]:
    """The cited lines grouped by document, each document headed by its title and date."""
    titles = {source.id: f"*{escape(source.title)}* ({escape(source.date)})" for source in answer.sources}
    docs: dict[str, _Document] = {source.id: _Document(titles[source.id]) for source in answer.sources}
    seen: set[tuple[str, int]] = set()
    for citation in answer.citations:
        if (citation.file, citation.line) in seen:
            continue
        seen.add((citation.file, citation.line))
        filename = escape(citation.file.rsplit("/", 1)[-1])
        doc = docs.setdefault(citation.source, _Document(titles.get(citation.source, f"*{filename}*")))
        if not doc.lines and filename not in doc.heading:
            doc.heading += f" · {filename}"
        doc.lines.append(said("lines", "cited_line", line=citation.line, text=escape(clean_markup(citation.text))))
    return list(docs.values())


def _choices(answer: Answer, conversation_id: str | None) -> Block | None:
    if answer.status != "clarify" or not answer.candidates:
        return None
    buttons = []
    for i, candidate in enumerate(answer.candidates[:MAX_CHOICES]):
        codes = f" ({', '.join(candidate.hcpcs[:2])})" if candidate.hcpcs else ""
        label = f"{candidate.name}{codes}"
        if len(label) > MAX_BUTTON_TEXT:
            label = label[: MAX_BUTTON_TEXT - 1] + "…"
        value = Choice(name=candidate.name, question=answer.question, conversation=conversation_id).encode()
        if value is not None and candidate.name.strip():
            buttons.append(_button(label, f"precert_choice_{i}", value))
    return _actions(buttons, "precert_choices") if buttons else None


def _fallback(lines: Iterable[str]) -> str:
    text = "\n".join(_shown(lines))[: MAX_FALLBACK_TEXT + 1]  # escaping the rest would be wasted work
    return clip(escape(text), MAX_FALLBACK_TEXT) or "precert-bot"


def _size(blocks: list[dict[str, Any]]) -> int:
    return len(json.dumps(blocks, ensure_ascii=False))


def _bold(escaped: str) -> str:
    """Bold in mrkdwn, unless the text has its own asterisks (a marker like '**' would break it)."""
    return f"*{escaped}*" if escaped.strip() and "*" not in escaped and "\n" not in escaped else escaped


def _lead(headline: str) -> tuple[str, str]:
    """The headline's first sentence (the verdict) and the rest of its first line."""
    first = headline.split("\n", 1)[0]
    cut = re.search(r"[.?!](\s|$)", first)
    if not cut:
        return first, ""
    return first[: cut.start() + 1], first[cut.end() :]


def _reveal_buttons(reveal: ShareValue | None, sources_shown: bool, left_out_items: int) -> list[dict[str, Any]]:
    value = reveal.encode() if reveal else None
    if value is None:
        return []
    buttons = []
    if left_out_items:
        buttons.append(_button(said("buttons", "show_all", count=left_out_items), SHOW_ALL_ACTION, value))
    if not sources_shown:
        buttons.append(_button(said("buttons", "show_sources"), SHOW_SOURCES_ACTION, value))
    return buttons


def source_ref_texts(answer: Answer) -> list[str]:
    """Compact references: document file, its date, the lines cited (as the short text has them)."""
    return [escape(ref) for ref in source_refs(answer)]


@dataclass
class _Parts:
    """An answer's lines for a message, escaped, before the budget decides how many are shown."""

    top: list[str]
    first: str
    readings: list[str]
    caveats: list[str]
    items: list[str]
    details: list[str]
    examples: list[str]
    more_examples: int
    contacts: list[str]
    refs: list[str]
    documents: list[_Document]


def _parts(
    answer: Answer,
    preface: Sequence[str],
    notes: Sequence[str],
    shared_by: str | None,
    sources_shown: bool,
    all_examples: bool,
) -> _Parts:
    top: list[str] = []
    if shared_by and _USER_ID.match(shared_by):
        question = clip(escape(answer.question.strip()), MAX_ECHO)
        top.append(said("lines", "shared_an_answer", user=shared_by, question=question))
    top += [escape(line) for line in _shown(preface)]

    # A line the headline quotes is shown as a person reads it (the JSON keeps it verbatim).
    headline = clean_markup(answer.headline.strip() or answer.text.strip() or said("lines", "no_answer"))
    lead, rest = _lead(headline)
    first = _bold(escape(lead)) + (f" {escape(rest)}" if rest.strip() else "")
    call = call_line(answer)
    if call:
        first += f"\n{escape(call)}"
    as_list = is_list(answer)
    details = [] if as_list else [f"• {escape(line)}" for line in detail_lines(answer)]
    details += [f"• {escape(s.summary)}" for s in answer.statements if s.summary.strip() and s.summary not in headline]
    details += [] if as_list else [escape(line) for line in legend_lines(answer)]
    examples = [f"• {escape(e)}" for e in _shown(answer.examples)]
    more_examples = 0
    if not all_examples and len(examples) > HELP_EXAMPLES:
        more_examples = len(examples) - HELP_EXAMPLES
        examples = examples[:HELP_EXAMPLES]
    already = "\n".join([headline, call or "", *answer.readings])
    return _Parts(
        top=top,
        first=first,
        readings=[escape(r) for r in _shown(answer.readings)],
        caveats=[escape(n) for n in _shown(notes)]
        + [said("lines", "note", note=escape(n)) for n in _shown(answer.notes)],
        # A list's rows (and any further lines of the headline) are items: shown whole, or not at all.
        items=[escape(line) for line in headline.split("\n")[1:] if line.strip()],
        details=details,
        examples=examples,
        more_examples=more_examples,
        contacts=[f"• {escape(line)}" for line in contact_extras(answer, already)],
        refs=source_ref_texts(answer),
        documents=_documents(answer) if sources_shown else [],
    )


def _spend(
    budget: int, groups: list[_Group], documents: list[_Document], sources_shown: bool
) -> tuple[dict[str, int], list[str]]:
    """How many lines of each group and document fit the budget: what was left out, and the sources' texts."""
    if sources_shown:
        budget_for_body = budget - min(
            sum(len(d.heading) + sum(len(x) + 1 for x in d.lines) for d in documents), SOURCES_RESERVE
        )
    else:
        budget_for_body = budget
    for group in groups:
        costs = [len(line) + 1 for line in group.lines]
        if costs and group.heading:
            costs[0] += len(group.heading) + 1
        group.shown = _fit(costs, max(0, budget_for_body))
        budget_for_body -= group.cost()
        budget -= group.cost()
    left_out: dict[str, int] = {g.label: len(g.lines) - g.shown for g in groups}
    source_texts: list[str] = []
    cited_left_out = 0
    for doc in documents:
        heading = len(doc.heading) + 1
        taken = _fit([len(line) + 1 + (heading if i == 0 else 0) for i, line in enumerate(doc.lines)], budget)
        cited_left_out += len(doc.lines) - taken
        if (doc.lines and taken == 0) or heading > budget:
            continue
        budget -= heading + sum(len(line) + 1 for line in doc.lines[:taken])
        source_texts += _pack([doc.heading, *doc.lines[:taken]])
    left_out["source_lines"] = cited_left_out
    return left_out, source_texts


def _head(answer: Answer, parts: _Parts, shared_by: str | None, conversation_id: str | None) -> list[Block]:
    """The verdict and the number to call, who shared it, the readings, a clarification's choices."""
    head: list[Block] = [_section(parts.first)]
    if parts.top:
        # Who shared a public copy is said before it; the adapter's preface after the verdict.
        where = 0 if shared_by and _USER_ID.match(shared_by) else 1
        head.insert(where, _context([clip("\n".join(parts.top), MAX_HEAD_CONTEXT)]))
    if parts.readings:
        head.append(_context([clip("\n".join(parts.readings), MAX_HEAD_CONTEXT)]))
    choices = _choices(answer, conversation_id)
    if choices:
        head.append(choices)
    return head


def _body(
    answer: Answer, parts: _Parts, groups: list[_Group], source_texts: list[str], sources_shown: bool
) -> list[Block]:
    """The groups as far as they fit, the caveats, the documents (help), the source references or lines."""
    body: list[Block] = []
    for group in groups:
        body += [_section(t) for t in group.texts()]
    if parts.caveats:
        body.append(_context(_pack(parts.caveats)))
    if answer.status == "help" and answer.sources:
        docs = [f"• {escape(s.title)} ({escape(s.date)})" for s in answer.sources]
        body.append(_context(_pack([said("headings", "documents"), *docs]), "precert_documents"))
    if parts.refs and not sources_shown:  # shown, the quotes carry their own references
        body.append(_context(_pack([":page_facing_up: " + " · ".join(parts.refs)]), "precert_source_refs"))
    return body + [_context([t]) for t in source_texts]


def _buttons(
    answer: Answer,
    reveal: ShareValue | None,
    share: ShareValue | None,
    sources_shown: bool,
    left_items: int,
    more_examples: int,
) -> list[dict[str, Any]]:
    buttons = _reveal_buttons(reveal, sources_shown or not answer.citations, left_items)
    if more_examples and reveal and reveal.encode():
        label = said("buttons", "more_examples", count=more_examples)
        buttons.append(_button(label, MORE_EXAMPLES_ACTION, reveal.encode() or ""))
    share_value = share.encode() if share else None
    if share_value is not None:
        buttons.append(_button(said("buttons", "share"), SHARE_ACTION, share_value, "primary"))
    return buttons


def _assemble(
    head: list[Block],
    body: list[Block],
    tail: list[Block],
    left_out: dict[str, int],
    reveal: ShareValue | None,
    all_items: bool,
) -> list[Block]:
    """The blocks, with a note of what was left out; body blocks dropped from the end (in place) while
    the message is over what Slack counts."""

    def assemble() -> list[dict[str, Any]]:
        if any(n for label, n in left_out.items()):
            counts = ", ".join(f"{n} {said('left_out', label)}" for label, n in left_out.items() if n)
            ask = said("shortened", "show_all_lists_them") if left_out["items"] and reveal else ""
            if all_items and left_out["items"]:
                ask = said("shortened", "rows_follow")
            note = said("shortened", "note", counts=counts, ask=ask)
            return [*head, *body, _context([note], "precert_shortened"), *tail]
        return [*head, *body, *tail]

    blocks = assemble()
    # The budget above counts text; this last guard counts what Slack counts, whatever the answer holds.
    while body and (len(blocks) > MAX_BLOCKS or _size(blocks) > MAX_MESSAGE_JSON):
        body.pop()
        left_out["blocks"] = left_out.get("blocks", 0) + 1
        blocks = assemble()
    return blocks


def answer_message(
    answer: Answer,
    *,
    conversation_id: str | None = None,
    share: ShareValue | None = None,
    shared_by: str | None = None,
    preface: Sequence[str] = (),
    notes: Sequence[str] = (),
    reveal: ShareValue | None = None,
    sources_shown: bool = False,
    all_items: bool = False,
    all_examples: bool = False,
) -> SlackMessage:
    """The answer as a Slack message: a section with the bold verdict and the number to call, then the
    list's rows or the details, then who else to call, notes, and a context block of compact source
    references; the verbatim lines behind a "Show sources" button.

    conversation_id: where a clarification button's answer continues; share: offer "Share in channel"
    (ephemeral answers); shared_by: the user who shared it (a public copy); preface and notes: the
    adapter's own plain-text lines (e.g. "your message was long"); reveal: the value the Show sources /
    Show all buttons carry (the question and its context); sources_shown: the verbatim lines instead of
    the button; all_items: every row of a list (Show all); all_examples: every help example.
    """
    parts = _parts(answer, preface, notes, shared_by, sources_shown, all_examples)
    item_group = _Group("items", parts.items)
    groups = [
        item_group,
        _Group("details", parts.details),
        _Group("examples", parts.examples, said("headings", "examples")),
        _Group("contacts", parts.contacts, said("headings", "contacts")),
    ]
    # Spend the character budget in order of importance: verdict, items, details, contacts, sources.
    budget = TEXT_BUDGET - sum(
        len(t) + 1 for t in [*parts.top, parts.first, *parts.readings, *parts.caveats, *parts.refs]
    )
    left_out, source_texts = _spend(budget, groups, parts.documents, sources_shown)

    head = _head(answer, parts, shared_by, conversation_id)
    body = _body(answer, parts, groups, source_texts, sources_shown)
    left_items = 0 if all_items else left_out["items"]
    buttons = _buttons(answer, reveal, share, sources_shown, left_items, parts.more_examples)
    tail: list[Block] = [_actions(buttons, "precert_buttons")] if buttons else []

    blocks = _assemble(head, body, tail, left_out, reveal, all_items)
    shown_items = item_group.shown if any(b.get("type") == "section" for b in body) else 0
    return SlackMessage(text=_notification(answer, preface, notes, shared_by), blocks=blocks, items_shown=shown_items)


CONTINUED_BLOCKS = 40  # sections per continuation message, well under Slack's 50


def continued_items(answer: Answer, start: int) -> list[SlackMessage]:
    """The rows of a list from `start` on, as whole lines in as many messages as they need ("Show all")."""
    items = [escape(line) for line in (answer.headline or "").split("\n")[1:] if line.strip()]
    rest = items[start:]
    messages: list[SlackMessage] = []
    while rest:
        size, taken, texts = 0, 0, []
        for text in _pack(rest):
            if texts and (len(texts) >= CONTINUED_BLOCKS or size + len(text) > TEXT_BUDGET):
                break
            texts.append(text)
            size += len(text)
            taken += text.count("\n") + 1
        first = start + len(items[start:]) - len(rest) + 1
        label = said("lines", "rows_continued", first=first, last=first + taken - 1, count=len(items))
        blocks = [_context([label]), *(_section(t) for t in texts)]
        messages.append(SlackMessage(text=_whole_lines([label, *rest[:taken]]), blocks=blocks))
        rest = rest[taken:]
    return messages


def _whole_lines(lines: list[str], prefix: str = "", escaping: bool = False) -> str:
    """A notification text of whole lines, then how many more; only a first line longer than the whole
    text is cut. `escaping`: the lines are escaped here, as far as they are kept (a long answer's rest
    would be escaped for nothing)."""
    kept: list[str] = []
    size = len(prefix)
    for i, line in enumerate(lines):
        line = escape(line) if escaping else line
        more = said("lines", "more_lines", count=len(lines) - i)
        if size + len(line) + 1 > MAX_FALLBACK_TEXT - len(more) - 1:
            kept.append(more if kept else clip(line, MAX_FALLBACK_TEXT - len(prefix)))
            break
        kept.append(line)
        size += len(line) + 1
    return (prefix + "\n".join(kept)) or "precert-bot"


def _notification(answer: Answer, preface: Sequence[str], notes: Sequence[str], shared_by: str | None) -> str:
    """The notification text: whole lines of the short answer, never one cut in the middle."""
    lines = _shown([*preface, *(answer.text or render_text(answer)).split("\n"), *notes])
    prefix = said("lines", "shared", user=shared_by) if shared_by and _USER_ID.match(shared_by) else ""
    return _whole_lines(lines, prefix, escaping=True)


def notice_message(text: str) -> SlackMessage:
    """A one-line message of the adapter's own (an apology, a refusal)."""
    return SlackMessage(text=_fallback([text]), blocks=[_section(escape(text))])


class DocumentInfo(Protocol):
    title: str
    date_note: str


def home_view(documents: Iterable[DocumentInfo], examples: Sequence[str]) -> dict[str, Any]:
    """The App Home tab: what the bot answers from, how to ask, and the privacy notice."""
    tab = home_tab()
    docs = [tab["documents"], *(f"• {escape(d.title)} — {escape(d.date_note)}" for d in documents)]
    asks = [tab["examples"], *[f"• {escape(e)}" for e in examples]]
    blocks: list[Block] = [
        {"type": "header", "text": _plain(tab["header"])},
        _section(tab["intro"]),
        _section(tab["privacy"], "precert_privacy"),
        {"type": "divider"},
        *[_section(t) for t in _pack(list(tab["how"]))],
        *[_section(t) for t in _pack(docs)],
        *[_section(t) for t in _pack(asks)],
    ]
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}
