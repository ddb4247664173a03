"""The output contract of DESIGN.md as pydantic models.

Field names here are the public contract: fields may be added, never renamed.
Every stage after parsing hands these (or plain dataclasses) to the next one.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Modality = Literal["asserted", "threatened", "conditional", "hypothetical", "negated", "intended"]
Precision = Literal["day", "week", "month", "year"]


class Actor(BaseModel):
    """A resolved participant: the mention text and what it stands for."""

    text: str
    name: str
    code: str | None = None
    country: str | None = None
    role: str | None = None
    sponsor: str | None = None


class Published(BaseModel):
    date: str | None = None
    inferred: bool = False
    evidence: list[str] = Field(default_factory=list)


class ArticleOut(BaseModel):
    id: str
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = Field(default_factory=list)
    source: str | None = None
    url: str | None = None
    dateline: str | None = None
    published: Published = Field(default_factory=Published)
    paragraphs: list[str] = Field(default_factory=list)
    body: str = ""
    boilerplate: list[str] = Field(default_factory=list)
    language: str = "en"


class Entity(BaseModel):
    text: str
    start: int
    end: int
    label: str
    actor: Actor | None = None


class EventDate(BaseModel):
    value: str
    precision: Precision
    text: str


class Location(BaseModel):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class Plover(BaseModel):
    type: str
    mode: str | None = None


class Event(BaseModel):
    id: str
    sentence: int
    start: int
    end: int
    evidence: str
    source: Actor
    target: Actor | None = None
    cameo: str
    cameo_label: str
    plover: Plover
    quad_class: int
    goldstein: float
    modality: Modality = "asserted"
    condition: str | None = None
    reported_by: Actor | None = None
    date: EventDate | None = None
    location: Location | None = None
    quantities: dict[str, int] = Field(default_factory=dict)
    confidence: float
    rule: str
    trigger: str | None = None


class Quote(BaseModel):
    speaker: Actor | None = None
    text: str
    start: int
    end: int
    direct: bool = True


class TimeOut(BaseModel):
    text: str
    start: int
    end: int
    value: str
    precision: Precision


class Extraction(BaseModel):
    """One article's full reading: the object `thucydides extract --format json` prints."""

    article: ArticleOut
    entities: list[Entity] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    times: list[TimeOut] = Field(default_factory=list)
