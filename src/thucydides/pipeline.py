"""The extraction pipeline: Article -> parse (with triage) -> actors, dates, quotes, events -> Extraction.

Each stage is a module of its own; this one only wires them together in one direction.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from functools import cache

from spacy.tokens import Doc, Span, Token

from thucydides import event_dates, nlp, ontology, places, quantities, quotes, timex
from thucydides.triage import Triage, build_words
from thucydides.actors.kb import KnowledgeBase, extend_with_petrarch, load_kb, norm
from thucydides.actors import petrarch
from thucydides.actors.dictionary_actors import DictionaryActors, DictionaryResolver
from thucydides.actors.resolver import ActorResolver
from thucydides.article import Article, parse_text
from thucydides.coding.extractor import Extractor, Frame
from thucydides.coding.petrarch_verbs import PatternExtractor, is_verb_dictionary, lexicon_entries, read_verbs
from thucydides.coding.lexicon import Lexicon, load_lexicon, with_verb_entries
from thucydides.dating import DatedMention, TitledPerson, infer_date
from thucydides.models import (Actor, ArticleOut, Entity, Event, EventDate, Extraction, Location, Plover,
                               Published, Quote, TimeOut)

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
_ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
MAX_EVIDENCE_CHARS = 400


@dataclass
class Dictionaries:
    """What PETRARCH/Phoenix dictionary files bring beyond the KB and lexicon they extend.

    ``phrases`` is set when the dictionaries replace the built-in actors (they are then read the
    dictionary way, see actors.dictionary_actors); ``verbs`` when a verb dictionary was read;
    ``builtin`` is the built-in lexicon in merged mode. Discards are phrases that keep a sentence
    (or, for story discards, the whole article) from being coded.
    """

    only: bool = False
    verbs: bool = False
    phrases: DictionaryActors | None = None
    builtin: Lexicon | None = None
    story_discards: tuple[str, ...] = ()
    sentence_discards: tuple[str, ...] = ()
    _patterns: dict[bool, re.Pattern | None] = field(default_factory=dict, init=False, repr=False)

    def discards(self, text: str, story: bool) -> bool:
        """Whether ``text`` holds a discard phrase (whole words from the phrase's start, any case)."""
        if story not in self._patterns:
            phrases = self.story_discards if story else self.sentence_discards
            self._patterns[story] = re.compile(
                r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + ")",
                re.IGNORECASE) if phrases else None
        pattern = self._patterns[story]
        return bool(pattern and pattern.search(text))


@dataclass
class Knowledge:
    """Everything the coder knows: actors and the event lexicon (and what dictionaries add)."""

    kb: KnowledgeBase
    lexicon: Lexicon
    dictionaries: Dictionaries | None = None
    _triage: Triage | None = field(default=None, init=False, repr=False, compare=False)

    def triage(self) -> Triage | None:
        """The sentence triage over this knowledge (built once), or None where dictionaries replace the
        built-in actors: their phrases are not in the knowledge base the triage reads."""
        if self.dictionaries is not None and self.dictionaries.phrases is not None:
            return None
        if self._triage is None:
            self._triage = Triage(build_words(self.lexicon, self.kb, nlp.load_model()))
        return self._triage

    def resolver(self, doc: Doc, day: date | None) -> ActorResolver:
        """The actor resolver for one parsed article."""
        if self.dictionaries is not None and self.dictionaries.phrases is not None:
            return DictionaryResolver(self.kb, doc, day, self.dictionaries.phrases)
        return ActorResolver(self.kb, doc, day)

    def extractor(self, resolver: ActorResolver) -> Extractor:
        """The event extractor over ``resolver``: the pattern-matching one when verb dictionaries were read."""
        d = self.dictionaries
        if d is not None and d.verbs:
            return PatternExtractor(self.lexicon, resolver, builtin=d.builtin, only=d.only)
        return Extractor(self.lexicon, resolver)


@cache
def default_knowledge() -> Knowledge:
    """The built-in knowledge, loaded once per process."""
    return Knowledge(load_kb(), load_lexicon())


DICTIONARY_KINDS = ("actors", "agents", "verbs", "discards")


def warm_up() -> Knowledge:
    """Load now what the first article would otherwise wait for: the model, the built-in knowledge,
    the triage's word lists and the gazetteer (a few seconds in all)."""
    nlp.load_model()
    knowledge = default_knowledge()
    knowledge.triage()
    places.load_gazetteer()
    return knowledge


def dictionary_files(folder: Path) -> dict[str, list[Path]]:
    """The dictionary files of a folder by kind: names holding "actors", "agents", "discard"; verb
    dictionaries by name ("verbs") or by their layout (Phoenix's CAMEO.2.0.txt). Other files are ignored."""
    found: dict[str, list[Path]] = {kind: [] for kind in DICTIONARY_KINDS}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        lower = path.name.lower()
        if "actors" in lower:
            found["actors"].append(path)
        elif "agents" in lower:
            found["agents"].append(path)
        elif "discard" in lower:
            found["discards"].append(path)
        elif "verbs" in lower or is_verb_dictionary(path):
            found["verbs"].append(path)
    return found


def knowledge_with_dictionaries(folder: Path, only: bool = False) -> Knowledge:
    """The built-in knowledge plus (or, with ``only``, replaced by) the PETRARCH/Phoenix dictionaries in ``folder``:
    actors with their dated codes, agents, verb patterns and discards. ValueError names a file that is not
    a dictionary of its kind."""
    files = dictionary_files(folder)
    if not any(files.values()):
        raise ValueError(f"{folder}: no PETRARCH dictionaries (*actors*, *agents*, *verbs*, *discards* files)")
    return knowledge_from_dictionaries(files, only=only, folder=None if only else folder)


def knowledge_from_dictionaries(files: dict[str, list[Path]], only: bool = True,
                                folder: Path | None = None) -> Knowledge:
    """Knowledge from dictionary files by kind (see :func:`dictionary_files`).

    With ``only`` the files are all the coder knows of actors and verbs (the grammar of modality cues
    stays); otherwise the actors and agents of ``folder`` are added to the built-in knowledge base and
    the verb patterns to the built-in lexicon.
    """
    base = load_lexicon()
    dictionaries = Dictionaries(only=only)
    entries = {}
    for path in files.get("verbs", []):
        entries.update(lexicon_entries(read_verbs(path)))
    dictionaries.verbs = bool(entries)
    if only:
        builtin = load_kb()
        kb = KnowledgeBase(sponsor_cues=builtin.sponsor_cues, sponsor_prefixes=builtin.sponsor_prefixes,
                           former_cues=builtin.former_cues, quantity_anaphors=builtin.quantity_anaphors,
                           sponsored_group_nouns=builtin.sponsored_group_nouns, leading_cues=builtin.leading_cues)
        phrases = DictionaryActors()
        for path in files.get("actors", []):
            phrases.add_actors(petrarch.read_actors(path))
        for path in files.get("agents", []):
            phrases.add_agents(petrarch.read_agents(path))
        dictionaries.phrases = phrases
        lexicon = with_verb_entries(base, entries, only=True)
    else:
        kb = copy.deepcopy(load_kb())
        if folder is not None:
            extend_with_petrarch(kb, folder)
        lexicon = with_verb_entries(base, entries) if entries else base
        dictionaries.builtin = base
    story: list[str] = []
    sentence: list[str] = []
    for path in files.get("discards", []):
        story += petrarch.read_discards(path, story_level=True)
        sentence += petrarch.read_discards(path, story_level=False)
    dictionaries.story_discards, dictionaries.sentence_discards = tuple(story), tuple(sentence)
    return Knowledge(kb, lexicon, dictionaries)


def extract_text(text: str, *, date: date | None = None, title: str | None = None,
                 article_id: str = "text", triage: bool = True) -> Extraction:
    """Extract from a raw text (the layout is parsed as for a .txt file)."""
    article = parse_text(text, article_id, title=title, published=date)
    return extract_article(article, triage=triage)


def parse_article(article: Article, knowledge: Knowledge, triage: bool = True) -> Doc:
    """Parse the body: only the sentences the triage keeps, or (``triage`` off) every sentence."""
    return parse_articles([article], knowledge, triage)[0]


def parse_articles(articles: Sequence[Article], knowledge: Knowledge, triage: bool = True) -> list[Doc]:
    """Parse the bodies of several articles in one batch (faster than one by one, the same parses)."""
    keeper = knowledge.triage() if triage else None
    return nlp.parse_texts([a.body for a in articles], keeper.select if keeper else None)


def extract_articles(articles: Sequence[Article], knowledge: Knowledge | None = None,
                     triage: bool = True) -> list[Extraction | Exception]:
    """:func:`extract_article` for several articles, their bodies parsed in one batch; an article that
    cannot be coded gives its exception in its place, and costs the others nothing."""
    knowledge = knowledge or default_knowledge()
    try:
        docs: list[Doc | Exception] = list(parse_articles(articles, knowledge, triage))
    except Exception:
        docs = []   # find the article the batch failed on: parse each alone
        for article in articles:
            try:
                docs.append(parse_article(article, knowledge, triage))
            except Exception as err:
                docs.append(err)
    out: list[Extraction | Exception] = []
    for article, doc in zip(articles, docs):
        try:
            out.append(doc if isinstance(doc, Exception) else extract_article(article, knowledge, doc, triage))
        except Exception as err:
            out.append(err)
    return out


def extract_article(article: Article, knowledge: Knowledge | None = None, doc: Doc | None = None,
                    triage: bool = True) -> Extraction:
    """Run the whole reading on one article (``doc``: its body already parsed; ``triage``: see
    :mod:`thucydides.triage`)."""
    knowledge = knowledge or default_knowledge()
    doc = doc if doc is not None else parse_article(article, knowledge, triage)
    kb = knowledge.kb
    mentions = event_dates.dated_mentions(doc, knowledge.lexicon.grammar)

    published = _published(article, doc, mentions, kb)
    day = date.fromisoformat(published.date) if published.date else None
    resolver = knowledge.resolver(doc, day)
    resolver.prime()

    quote_out = _quotes(doc, resolver)
    resolver.refresh()  # "we" and "our" inside quotes now resolve to their speakers
    extractor = knowledge.extractor(resolver)
    times = event_dates.resolve_times(mentions, day)
    events: list[Event] = []
    dicts = knowledge.dictionaries
    story_discarded = dicts is not None and dicts.discards(article.body, story=True)
    for s_index, sent in enumerate(doc.sents):
        if not nlp.is_parsed(sent):
            continue   # left out by the triage
        if story_discarded or (dicts is not None and dicts.discards(sent.text, story=False)):
            continue   # a dictionary's discard phrase: sports results, weather, chronologies
        frames = extractor.sentence_frames(sent)
        dates = event_dates.attach_times(sent, frames, times)
        for frame in frames:
            events.append(_event(article, s_index, sent, frame, dates.get(frame.trigger.i), len(events)))

    return Extraction(
        article=ArticleOut(id=article.id, title=article.title, subtitle=article.subtitle, authors=article.authors,
                           source=article.source, url=article.url, dateline=article.dateline, published=published,
                           paragraphs=article.paragraphs, body=article.body, boilerplate=article.boilerplate,
                           language=article.language),
        entities=_entities(doc, resolver),
        events=events,
        quotes=quote_out,
        times=[TimeOut(text=dm.mention.text, start=dm.mention.start, end=dm.mention.end, value=v.value,
                       precision=v.precision) for dm, v in times],
    )


# ------------------------------------------------------------ dates

def _published(article: Article, doc: Doc, mentions: list[DatedMention], kb: KnowledgeBase) -> Published:
    if article.date is not None:
        return Published(date=article.date.isoformat(), inferred=False, evidence=["given"])
    if article.date_text:
        iso = article.date_text.strip()[:10]
        try:
            return Published(date=date.fromisoformat(iso).isoformat(), inferred=False,
                             evidence=[f"date line: {article.date_text}"])
        except ValueError:
            pass
        for m in timex.find_times(article.date_text):
            if m.year and m.month and m.day:
                return Published(date=date(m.year, m.month, m.day).isoformat(), inferred=False,
                                 evidence=[f"date line: {article.date_text}"])
    probe = ActorResolver(kb, doc, None)
    probe.prime()
    people = _titled_people(probe, kb)
    inference = infer_date(mentions, people, kb)
    return Published(date=inference.date.isoformat() if inference.date else None, inferred=True,
                     evidence=inference.evidence)


def _titled_people(resolver: ActorResolver, kb: KnowledgeBase) -> list[TitledPerson]:
    out = []
    for mention in resolver.memory:
        if mention.person is None:
            continue
        words = set(norm(mention.actor.text).split())
        former = bool(words & kb.former_cues)
        title_words = {w for w in words if w in kb.titles or w in kb.agent_terms or w in
                       {t for title in kb.titles for t in title.split()}}
        if title_words or former:
            out.append(TitledPerson(mention.person, frozenset(words), former))
    return out


# ------------------------------------------------------------ quotes and entities

def _quotes(doc: Doc, resolver: ActorResolver) -> list[Quote]:
    out = []
    for q in quotes.find_quotes(doc):
        speaker = None
        if q.speaker_start is not None and q.speaker_end is not None:
            span = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
            if span is not None and len(span):
                speaker = resolver.resolve(span.root)
                if speaker is None:
                    speaker = Actor(text=span.text, name=span.text)
        if speaker is not None and speaker.code:
            resolver.add_speaker(q.start, q.end, speaker)
        out.append(Quote(speaker=speaker, text=q.text, start=q.start, end=q.end, direct=q.direct))
    return out


def _entities(doc: Doc, resolver: ActorResolver) -> list[Entity]:
    out = []
    covered: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in _ENTITY_LABELS:
            continue
        actor = resolver.resolve(ent.root) if ent.label_ in _ACTOR_LABELS else None
        out.append(Entity(text=ent.text, start=ent.start_char, end=ent.end_char, label=ent.label_, actor=actor))
        covered.update(range(ent.start, ent.end))
    for mention in resolver.memory:
        if mention.token_i in covered:
            continue
        span = resolver.phrase(doc[mention.token_i])
        out.append(Entity(text=span.text, start=span.start_char, end=span.end_char, label="AGENT",
                          actor=mention.actor))
    return sorted(out, key=lambda e: e.start)


# ------------------------------------------------------------ events

def _event(article: Article, s_index: int, sent: Span, frame: Frame, when, n: int) -> Event:
    info, (ptype, pmode) = _codebook(frame.code)
    start, end = _evidence_span(sent, frame)
    # The span lies inside the sentence; slicing the sentence's own text avoids Doc.text, which
    # spaCy rebuilds from every token of the article on each access.
    sent_text, offset = sent.text, sent.start_char
    date_out = None
    if when is not None:
        dm, value = when
        text_value = value.value
        if value.precision == "week":
            text_value = timex.week_monday(value.value).isoformat()
        date_out = EventDate(value=text_value, precision=value.precision, text=dm.mention.text)
    return Event(
        id=f"{article.id}-e{n + 1}",
        sentence=s_index,
        start=start,
        end=end,
        evidence=sent_text[start - offset:end - offset],
        source=frame.source or Actor(text="", name="unidentified"),   # an attack with no named perpetrator
        target=frame.target,
        cameo=info.code,
        cameo_label=info.label,
        plover=Plover(type=ptype, mode=pmode),
        quad_class=info.quad_class,
        goldstein=info.goldstein,
        modality=frame.modality,
        condition=frame.condition,
        reported_by=frame.reported_by,
        date=date_out,
        location=_location(sent, frame),
        quantities=_quantities(frame),
        confidence=round(max(0.05, min(1.0, frame.confidence)), 2),
        rule=frame.rule,
        trigger=frame.trigger.text,
    )


def _codebook(code: str) -> tuple[ontology.CameoCode, tuple[str, str | None]]:
    """The codebook reading of an event code. A dictionary may use codes outside the CAMEO codebook
    (PETRARCH's validation set keeps old WEIS-like codes): the nearest CAMEO ancestor gives label and
    weight where there is one; otherwise the code stands alone, with no label, weight or quad class."""
    try:
        info = ontology.cameo(code)
    except ValueError:
        try:
            near = ontology.nearest(code)
            info = ontology.CameoCode(code=code, label=near.label, goldstein=near.goldstein,
                                      quad_class=near.quad_class, root=near.root)
        except ValueError:
            return ontology.CameoCode(code=code, label="", goldstein=0.0, quad_class=0, root=code[:2]), ("", None)
    try:
        return info, ontology.plover(info.code)
    except ValueError:
        return info, ("", None)


def _quantities(frame: Frame) -> dict[str, int]:
    counts = quantities.quantities_for(frame.trigger)
    for verb in frame.casualty_triggers:   # "a car bomb ... killing seven": the bombing's toll
        for key, value in quantities.quantities_for(verb).items():
            counts.setdefault(key, value)
    return counts


def _evidence_span(sent: Span, frame: Frame) -> tuple[int, int]:
    doc = sent.doc
    toks = [frame.trigger, *frame.extra]
    if frame.governor is not None:
        toks.append(frame.governor)
    for tok in (frame.source_tok, frame.target_tok, frame.reporter_tok):
        if tok is not None and sent.start <= tok.i < sent.end:
            toks.append(tok)
            span = _np(tok)
            toks += [doc[span[0]], doc[span[1] - 1]]
    toks = [t for t in toks if sent.start <= t.i < sent.end]
    first = min(t.i for t in toks)
    last = max(t.i for t in toks)
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    if end - start > MAX_EVIDENCE_CHARS:
        start = max(start, frame.trigger.idx - MAX_EVIDENCE_CHARS // 2)
        end = min(end, start + MAX_EVIDENCE_CHARS)
    return start, end


def _np(tok: Token) -> tuple[int, int]:
    left = tok.left_edge.i
    right = tok.i + 1
    for child in tok.rights:
        if child.dep_ in {"appos", "compound", "flat"}:
            right = max(right, child.right_edge.i + 1)
    return left, right


def _location(sent: Span, frame: Frame) -> Location | None:
    """Where the event happened: a place the event governs ("struck the Kyiv region", "in Gaza") before
    any other place the sentence sets it in, the most specific first, nearest the trigger. The event's
    own actors and places named as participants ("mediated by the UAE") are not locations."""
    taken = []
    actors = [t for t in (frame.source_tok, frame.target_tok, frame.reporter_tok) if t is not None]
    # "accused Washington and Seoul": the coordinated actors are no more places than the first.
    for tok in [*actors, *(c for t in actors for c in t.conjuncts)]:
        left, right = _np(tok)
        # "the government of Iraq": the owner named after the actor is part of it
        owners = [o for c in tok.rights if c.dep_ == "prep" and c.lower_ in places.owner_prepositions()
                  for o in c.children if o.dep_ == "pobj"]
        right = max([right, *(_np(o)[1] for o in owners)])
        taken.append((sent.doc[left].idx, sent.doc[right - 1].idx + len(sent.doc[right - 1])))
    # A target that is a place below a country and no institution ("struck the Kyiv region", coded UKR
    # with no role) is where the act happened; "Moscow accused Kyiv" (UKRGOV) names the government.
    struck_place = frame.target_tok is not None and frame.target is not None and not frame.target.role
    target_span = taken[actors.index(frame.target_tok)] if struck_place else None
    trigger_at = frame.trigger.idx
    more = [t for t in (frame.governor, *frame.casualty_triggers) if t is not None]
    usable = [(start, place, role) for start, end, place, role in places.event_places(sent, frame.trigger, *more)
              if not any(a <= start and end <= b for a, b in taken)
              or (target_span is not None and place.kind != "country"
                  and target_span[0] <= start and end <= target_span[1])]
    if not usable:
        return None
    specificity = {"landmark": 0, "city": 1, "region": 2, "country": 3}
    _, best, _ = min(usable, key=lambda item: (item[2] != "governed", specificity.get(item[1].kind, 4),
                                                    abs(item[0] - trigger_at)))
    return Location(name=best.name, country=best.country, lat=best.lat, lon=best.lon)
