"""Checks shared by the fuzz and soak tests: what the bot sent to (simulated) Discord.

Every message the bot sends or answers with is read back from SimCord's log of REST calls
(``env.http_requests``): its JSON payload must fit Discord's limits and must not be able to ping.
"""

from __future__ import annotations

from typing import Any

from bot.core.limits import ACTION_ROWS as ROWS
from bot.core.limits import (
    BUTTON_LABEL,
    COMPONENTS,
    CUSTOM_ID,
    EMBED_AUTHOR,
    EMBED_DESCRIPTION,
    EMBED_FIELDS,
    EMBED_FOOTER,
    EMBED_TITLE,
    EMBED_TOTAL,
    EMBEDS,
    FIELD_NAME,
    FIELD_VALUE,
    ROW_ITEMS,
)
from bot.core.limits import MESSAGE as CONTENT


def sent_payloads(env, since: int = 0) -> list[tuple[Any, dict]]:
    """Return ``(request, message payload)`` for every message the bot sent or edited since ``since``.

    Interaction callbacks carry the message under ``data``; plain sends and edits carry it whole.
    """
    found = []
    for request in env.http_requests[since:]:
        if request.method not in ("POST", "PATCH") or not isinstance(request.json, dict):
            continue
        body = request.json
        if "/interactions/" in request.path and isinstance(body.get("data"), dict):
            body = body["data"]
        if any(key in body for key in ("content", "embeds", "components")):
            found.append((request, body))
    return found


def problems(body: dict) -> list[str]:
    """Return what is wrong with one message payload: over a limit, or able to ping."""
    found: list[str] = []
    content = body.get("content") or ""
    if len(content) > CONTENT:
        found.append(f"content of {len(content)} characters")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS:
        found.append(f"{len(embeds)} embeds")
    total = 0  # Discord counts every embed of a message toward one total
    for embed in embeds:
        title = embed.get("title") or ""
        description = embed.get("description") or ""
        footer = (embed.get("footer") or {}).get("text") or ""
        author = (embed.get("author") or {}).get("name") or ""
        fields = embed.get("fields") or []
        total += len(title) + len(description) + len(footer) + len(author)
        if len(author) > EMBED_AUTHOR:
            found.append(f"embed author of {len(author)}")
        if len(title) > EMBED_TITLE:
            found.append(f"embed title of {len(title)}")
        if len(description) > EMBED_DESCRIPTION:
            found.append(f"embed description of {len(description)}")
        if len(footer) > EMBED_FOOTER:
            found.append(f"embed footer of {len(footer)}")
        if len(fields) > EMBED_FIELDS:
            found.append(f"{len(fields)} embed fields")
        for field in fields:
            name, value = field.get("name") or "", field.get("value") or ""
            total += len(name) + len(value)
            if len(name) > FIELD_NAME or len(value) > FIELD_VALUE or not name or not value:
                found.append(f"embed field of {len(name)}/{len(value)}")
    if total > EMBED_TOTAL:
        found.append(f"embeds of {total} characters in all")
    rows = body.get("components") or []
    if len(rows) > ROWS:
        found.append(f"{len(rows)} component rows")
    items = [item for row in rows for item in row.get("components", [])]
    if len(items) > COMPONENTS or any(len(row.get("components", [])) > ROW_ITEMS for row in rows):
        found.append(f"{len(items)} components")
    for item in items:
        if len(item.get("label") or "") > BUTTON_LABEL:
            found.append(f"button label of {len(item['label'])}")
        if len(item.get("custom_id") or "") > CUSTOM_ID:
            found.append(f"custom_id of {len(item['custom_id'])}")
    found += ping_problems(body)
    return found


def ping_problems(body: dict, *, role_allowed: int | None = None) -> list[str]:
    """Return why a payload could ping someone (only ``role_allowed`` may be listed, for the daily post)."""
    policy = body.get("allowed_mentions")
    if not isinstance(policy, dict):
        return ["no allowed_mentions: Discord would parse every mention in it"]
    found = []
    if policy.get("parse"):
        found.append(f"allowed_mentions parses {policy['parse']}")
    if policy.get("users"):
        found.append(f"allowed_mentions lists users {policy['users']}")
    roles = [int(role) for role in policy.get("roles") or []]
    if roles and roles != ([role_allowed] if role_allowed else []):
        found.append(f"allowed_mentions lists roles {roles}")
    if policy.get("replied_user"):
        found.append("the reply pings its author")
    return found
