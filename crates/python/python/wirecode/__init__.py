"""wirecode: news in, coded records out.

Who did what to whom, when and where, and who said what: quotes with their
speakers, actors with CAMEO codes, and CAMEO events with dates and places,
each pointing at the exact characters it was read from. The Rust engine does
all the work (offline, no models to download); this package is its binding.

    >>> import wirecode
    >>> r = wirecode.code("Russia vetoed the resolution on Monday.", published="2024-03-05")
    >>> r["events"][0]["code"], r["events"][0]["date"]
    ('129', '2024-03-04')

- ``code(text, *, title=None, published=None, url=None, id=None) -> dict``
- ``code_many(articles, *, threads=None, errors="record") -> Iterator[dict]``
- ``to_frames(results) -> dict[str, pandas.DataFrame]`` (needs pandas)

Results are dicts in the output contract of ``wirecode code`` (one JSON line
per article; offsets are code-point offsets into ``result["text"]``, i.e.
Python string indices). Bad input raises ``WirecodeError`` (a ``ValueError``)
with the CLI's message; invalid UTF-8 in ``bytes`` is decoded as
Windows-1252 with a ``WirecodeWarning``, as the CLI does.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

from ._wirecode import (
    CodeManyIterator,
    WirecodeError,
    WirecodeWarning,
    __version__,
    code,
    code_many,
)

__all__ = [
    "code",
    "code_many",
    "to_frames",
    "CodeManyIterator",
    "WirecodeError",
    "WirecodeWarning",
    "__version__",
]

ENTITY_COLUMNS = [
    "id", "entity", "start", "end", "text", "type",
    "actor_id", "actor_name", "actor_code",
    "place_name", "place_country", "lat", "lon", "geonameid",
]  # fmt: skip
QUOTE_COLUMNS = [
    "id", "quote", "kind", "start", "end", "content", "spans",
    "source_start", "source_end", "source_text", "cue_text",
    "speaker_id", "speaker_name", "speaker_code", "responds_to",
]  # fmt: skip
EVENT_COLUMNS = [
    "id", "event", "published", "date", "code", "root", "name", "plover",
    "goldstein", "quad_class", "mode",
    "source_text", "source_name", "source_code",
    "target_text", "target_name", "target_code",
    "location_name", "location_country", "lat", "lon",
    "evidence_start", "evidence_end", "evidence",
]  # fmt: skip


def _get(d: Optional[Mapping[str, Any]], key: str) -> Any:
    return None if d is None else d.get(key)


def _rows(results: Iterable[Mapping[str, Any]]) -> Dict[str, List[list]]:
    """Flattens result records into rows, one per entity, quote and event."""
    entities: List[list] = []
    quotes: List[list] = []
    events: List[list] = []
    for r in results:
        if "error" in r and "events" not in r:  # an error record from code_many
            continue
        art = r["id"]
        text = r.get("text")
        for i, e in enumerate(r.get("entities", ())):
            actor, place = e.get("actor"), e.get("place")
            entities.append([
                art, i, e["start"], e["end"], e["text"], e["type"],
                _get(actor, "id"), _get(actor, "name"), _get(actor, "code"),
                _get(place, "name"), _get(place, "country"), _get(place, "lat"),
                _get(place, "lon"), _get(place, "geonameid"),
            ])  # fmt: skip
        for i, q in enumerate(r.get("quotes", ())):
            spans = q["content"]
            content = None
            if text is not None:
                content = " ... ".join(text[s["start"] : s["end"]] for s in spans)
            source, cue, speaker = q.get("source"), q.get("cue"), q.get("speaker")
            quotes.append([
                art, i, q["kind"],
                spans[0]["start"] if spans else None,
                spans[-1]["end"] if spans else None,
                content, len(spans),
                _get(source, "start"), _get(source, "end"), _get(source, "text"),
                _get(cue, "text"),
                _get(speaker, "id"), _get(speaker, "name"), _get(speaker, "code"),
                q.get("responds_to"),
            ])  # fmt: skip
        for i, ev in enumerate(r.get("events", ())):
            src, tgt, loc, evid = ev.get("source"), ev.get("target"), ev.get("location"), ev["evidence"]
            events.append([
                art, i, r.get("published"), ev.get("date"),
                ev["code"], ev["root"], ev["name"], ev.get("plover"),
                ev["goldstein"], ev["quad_class"], ev["mode"],
                _get(src, "text"), _get(src, "name"), _get(src, "code"),
                _get(tgt, "text"), _get(tgt, "name"), _get(tgt, "code"),
                _get(loc, "name"), _get(loc, "country"), _get(loc, "lat"), _get(loc, "lon"),
                evid["start"], evid["end"],
                text[evid["start"] : evid["end"]] if text is not None else None,
            ])  # fmt: skip
    return {"entities": entities, "quotes": quotes, "events": events}


def to_frames(
    results: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]],
) -> Dict[str, Any]:
    """Flattens coded results into pandas DataFrames, one row per item.

    ``results``: one result dict (from ``code``) or an iterable of them (from
    ``code_many``; error records are left out). Returns
    ``{"events": ..., "quotes": ..., "entities": ...}``; every frame has an
    ``id`` column (the article id) and the item's position in its article
    (``event``, ``quote``, ``entity``). Event ``date`` and ``published`` are
    ``datetime64`` columns (``NaT`` when unknown), so events per day are
    ``frames["events"].groupby("date").size()``. Quote ``content`` joins a
    split quote's spans with `` ... `` (``None`` when results have no text).

    Needs pandas (``pip install pandas``); raises ``ImportError`` saying so
    when it is missing. This is glue only: every value comes from the Rust
    engine's record.
    """
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError(
            "wirecode.to_frames needs pandas, which is not installed: "
            "pip install pandas (or pip install 'wirecode[pandas]')"
        ) from e
    if isinstance(results, Mapping):
        results = [results]
    rows = _rows(results)
    events = pd.DataFrame(rows["events"], columns=EVENT_COLUMNS)
    for col in ("published", "date"):
        events[col] = pd.to_datetime(events[col], format="%Y-%m-%d", errors="coerce")
    return {
        "events": events,
        "quotes": pd.DataFrame(rows["quotes"], columns=QUOTE_COLUMNS),
        "entities": pd.DataFrame(rows["entities"], columns=ENTITY_COLUMNS),
    }
