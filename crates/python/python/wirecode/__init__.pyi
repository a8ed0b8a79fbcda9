"""Type stubs for wirecode: the output contract as TypedDicts."""

import datetime
from typing import Any, Dict, Iterable, Iterator, List, Literal, Mapping, Optional, TypedDict, Union

__version__: str

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "DATE", "MISC", "AGENT"]
QuoteKind = Literal["direct", "indirect", "mixed", "stance"]
Mode = Literal["asserted", "negated", "claimed", "denied", "intended", "hypothetical"]

class Actor(TypedDict):
    id: str
    name: str
    code: Optional[str]

class Offsets(TypedDict):
    start: int
    end: int

class Mention(TypedDict):
    start: int
    end: int
    text: str

class Place(TypedDict):
    name: str
    country: str
    lat: float
    lon: float
    geonameid: Optional[int]

class _EntityBase(TypedDict):
    start: int
    end: int
    text: str
    type: EntityType
    actor: Optional[Actor]

class Entity(_EntityBase, total=False):
    place: Place

class _QuoteBase(TypedDict):
    kind: QuoteKind
    content: List[Offsets]
    source: Optional[Mention]
    cue: Optional[Mention]
    speaker: Optional[Actor]

class Quote(_QuoteBase, total=False):
    responds_to: int

class Participant(TypedDict):
    start: int
    end: int
    text: str
    name: Optional[str]
    code: Optional[str]

class Location(TypedDict):
    name: str
    country: str
    lat: float
    lon: float
    start: Optional[int]
    end: Optional[int]

class Event(TypedDict):
    code: str
    root: str
    name: str
    plover: Optional[str]
    goldstein: float
    quad_class: int
    source: Optional[Participant]
    target: Optional[Participant]
    mode: Mode
    date: Optional[str]
    location: Optional[Location]
    evidence: Offsets

class _ResultBase(TypedDict):
    id: str
    title: Optional[str]
    url: Optional[str]
    published: Optional[str]
    text: str
    entities: List[Entity]
    quotes: List[Quote]
    events: List[Event]

class Result(_ResultBase, total=False):
    """One coded article: the output contract of `wirecode code`."""

    source: str
    extra: Dict[str, Any]

class ErrorRecord(TypedDict):
    """What `code_many(..., errors="record")` yields for an item it cannot code."""

    id: str
    index: int
    error: str

class WirecodeError(ValueError):
    """An article that cannot be coded; the message is the CLI's (`ID: reason`)."""

    id: str
    reason: str
    index: Optional[int]

class WirecodeWarning(UserWarning):
    """Coded, but with something to know (e.g. invalid UTF-8 decoded as Windows-1252)."""

class CodeManyIterator(Iterator[Union[Result, ErrorRecord]]):
    def __iter__(self) -> "CodeManyIterator": ...
    def __next__(self) -> Union[Result, ErrorRecord]: ...

def code(
    text: Union[str, bytes],
    *,
    title: Optional[str] = None,
    published: Union[str, datetime.date, None] = None,
    url: Optional[str] = None,
    id: Optional[str] = None,
) -> Result:
    """Codes one article (read like a plain-text file given to `wirecode code`)."""

def code_many(
    articles: Iterable[Union[str, bytes, Mapping[str, Any]]],
    *,
    threads: Optional[int] = None,
    errors: Literal["record", "raise", "skip"] = "record",
) -> CodeManyIterator:
    """Codes many articles on the thread pool; yields results in input order."""

def to_frames(
    results: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]],
) -> Dict[str, Any]:
    """`{"events", "quotes", "entities"}` as pandas DataFrames (needs pandas)."""
