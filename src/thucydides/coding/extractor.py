"""Predicate-argument event extraction on the dependency parse.

A trigger (a verb, or an event noun such as "warning" or "attacks") is coded from the lexicon; its
source and target are found on the parse (subject, object, prepositional objects, passive agents,
control verbs, light verbs, participles); governing words reshape it (threatened-to, promised-to,
urged-to, if/unless, could/would, plan-to, not); reporting verbs give `reported_by`. The output is a
list of :class:`Frame` records: plain data, turned into contract events by the pipeline.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial

from spacy.tokens import Span, Token

from thucydides import places
from thucydides.actors.kb import role_classes
from thucydides.actors.resolver import ActorResolver
from thucydides.coding.lexicon import Entry, Grammar, Lexicon
from thucydides.models import Actor

_SUBJECTS = {"nsubj", "csubj"}
_VIOLENT_ROOTS = {"18", "19", "20"}
_VERBAL_CONFLICT_ROOTS = {"10", "11", "12", "13"}
_COOPERATIVE_ROOTS = {"03", "04", "05", "06", "07", "08"}
_NO_ENTRY = Entry(key="", code=None)
_RELATIVIZERS = {"who", "which", "that", "whom"}
_DEFINITE = {"the", "this", "that", "these", "those"}
# How many sentences back the author of a refused message may be found ("rejected the accusation").
_MESSAGE_SENTENCES = 3


@dataclass
class Frame:
    """One coded event, still tied to the parse."""

    trigger: Token
    code: str
    rule: str
    source: Actor | None = None
    source_tok: Token | None = None
    target: Actor | None = None
    target_tok: Token | None = None
    modality: str = "asserted"
    condition: str | None = None
    reported_by: Actor | None = None
    reporter_tok: Token | None = None
    report_verb: Token | None = None             # the verb of saying this event is reported under
    governor: Token | None = None                 # the clause head whose modifiers apply (light/governing verb)
    extra: list[Token] = field(default_factory=list)   # more tokens the evidence must show
    casualty_triggers: list[Token] = field(default_factory=list)   # merged verbs whose counts belong here
    confidence: float = 0.8
    purpose: bool = False                         # the act is the aim of another ("sent troops to free ...")
    mutual: bool = False                          # the coordinated sources act on each other ("clashes between A and B")

    @property
    def anchor(self) -> Token:
        return self.governor if self.governor is not None else self.trigger


class Extractor:
    """Codes the events of one parsed article with a lexicon and an actor resolver."""

    def __init__(self, lexicon: Lexicon, resolver: ActorResolver) -> None:
        self.lex = lexicon
        self.g = lexicon.grammar
        self.resolver = resolver
        # events of the sentences coded so far, with their sentence's number: a refusal of "the
        # accusation" looks back for who made it
        self._history: list[tuple[int, Frame]] = []
        self._sentences = 0

    # ------------------------------------------------------------ public
    def sentence_frames(self, sent: Span) -> list[Frame]:
        """All events coded in one sentence."""
        raw = self._triggers(sent)
        absorbed: set[int] = set()
        frames: list[Frame] = []
        for tok in sent:
            merged = self._governing_frame(tok, raw, absorbed)
            if merged is None and tok.i not in raw and tok.i not in absorbed:
                merged = self._retaliation_frame(tok)
            if merged is not None:
                frames.append(merged)
        for i, (code, entry, kind) in raw.items():
            if i in absorbed:
                continue
            tok = sent.doc[i]
            frame = self._verb_frame(tok, code, entry) if kind == "verb" else self._noun_frame(tok, code, entry)
            if frame is not None:
                frames.append(frame)
        frames = self._merge_event_subjects(frames)
        frames = self._merge_protest_aims(frames)
        frames = self._merge_message_contents(frames)
        out = []
        for frame in frames:
            self._modality(frame)
            self._recode(frame)
            self._captives_origin(frame)
            for each in self._coordinated(frame):
                if self._keep(each):
                    out.append(each)
        # "X said that Y attacked Z": the content is the event; X's statement is its `reported_by`.
        reporting = {f.report_verb.i for f in out if f.report_verb is not None}
        out = [f for f in out if not (f.code[:2] == "01" and f.trigger.i in reporting)]
        acts = [f for f in out if f.code[:2] != "01"]
        if acts:
            out = [f for f in out if f.code[:2] != "01" or not _carries(f, acts)]
        # "accused the US of violating rights and ignoring the law": what is alleged is the
        # accusation's content, not an act the text reports.
        accusers = {f.trigger.i for f in out
                    if f.code[:2] == "11" and self.g.has("allegation_verbs", f.trigger.lemma_.lower())}
        if accusers:
            out = [f for f in out if not _alleged_by(f.anchor, accusers)]
        out = [f for f in out if not self._document_content(f.trigger)]
        # "Hamas, which advocates Israel's destruction, ...", "property seized in the 1970s": a
        # relative clause describes a party or thing of the news; it is background, not the news,
        # when the sentence reports an act of its own.
        main = [f for f in out if not _in_relative_clause(f.anchor, self.g) or self._agent_of_event(f.trigger)
                or self._aside_accusation(f.trigger)]
        if main:
            out = main
        out = _dedupe(out)
        self._aim_refusals(out)
        self._aim_act_answers(out)
        self._aim_retaliations(out)
        self._sentences += 1
        self._history += [(self._sentences, f) for f in out]
        return out

    def _aim_refusals(self, frames: list[Frame]) -> None:
        """'China rejected the accusation', 'France refused to comply': a refusal or denial of a
        message named only by its kind, with no target of its own, is aimed at the author of the
        latest message of that kind in this sentence or the few before it (grammar.yaml
        ``message_makers``); never at the refuser's own side."""
        for frame in frames:
            if frame.target is not None or frame.source is None:
                continue
            if not (frame.code[:2] == "12" or frame.code.startswith("016")):
                continue
            kind = self._refused_message(frame.trigger)
            if kind is None:
                continue
            makers = self.g.message_makers.get(kind, ())
            earlier = [f for n, f in self._history if self._sentences - n < _MESSAGE_SENTENCES]
            earlier += [f for f in frames if f.trigger.i < frame.trigger.i]
            for made in reversed(earlier):
                lemma = made.trigger.lemma_.lower()
                if not (lemma in makers or any(m.startswith("code:") and made.code.startswith(m[5:]) for m in makers)):
                    continue
                if made.source is not None and self._other_party(frame.source, made.source):
                    frame.target_tok, frame.target = made.source_tok, made.source
                    frame.rule += f":author-of-{kind}"
                break

    def _captives_origin(self, frame: Frame) -> None:
        """'Rebels freed 20 hostages held in Delta, including 8 Ruritanians': people taken by force
        (grammar.yaml ``captive_nouns``) are not of their captors' side, though where they are held
        places them there; a group they include, of another country, names whom they were taken from."""
        tok = frame.target_tok
        if tok is None or frame.source is None or not self.g.has("captive_nouns", tok.lemma_.lower()):
            return
        if not _same_side(frame.target, frame.source):
            return
        members = [p for head in (tok, frame.trigger) for c in head.children
                   if c.dep_ == "prep" and c.lower_ == "including" for p in c.children if p.dep_ == "pobj"]
        for member in members:
            found_tok, actor = self._actor_of(member)
            if actor is not None and actor.country and not _same_side(actor, frame.source):
                frame.target_tok, frame.target = found_tok, actor
                frame.rule += ":captives-of-other-side"
                return

    @staticmethod
    def _made_by(made: Frame, makers: tuple[str, ...]) -> bool:
        """Whether ``made`` is an event of the kind ``makers`` lists (verb lemmas, "code:PREFIX")."""
        lemma = made.trigger.lemma_.lower()
        return lemma in makers or any(m.startswith("code:") and made.code.startswith(m[5:]) for m in makers)

    def _aim_act_answers(self, frames: list[Frame]) -> None:
        """'The council condemned the launch': an answer (criticism, rejection, protest) to an act
        named only by its kind - a definite act noun as its object - with no target of its own is
        aimed at the author of the latest such act earlier in the story (grammar.yaml ``act_makers``);
        never at the answerer's own side."""
        for frame in frames:
            if frame.target is not None or frame.source is None or not self.g.code_in("act_answer_codes", frame.code):
                continue
            kind = next((c.lemma_.lower() for c in frame.trigger.children
                         if c.dep_ == "dobj" and c.lemma_.lower() in self.g.act_makers
                         and any(d.dep_ == "poss" or (d.dep_ == "det" and d.lower_ in _DEFINITE) for d in c.children)),
                        None)
            if kind is None:
                continue
            earlier = [f for _, f in self._history] + [f for f in frames if f.trigger.i < frame.trigger.i]
            for made in reversed(earlier):
                if made is frame or made.source is None or not self._made_by(made, self.g.act_makers[kind]):
                    continue
                if self._other_party(frame.source, made.source):
                    frame.target_tok, frame.target = made.source_tok, made.source
                    frame.rule += f":author-of-{kind}"
                break

    def _aim_retaliations(self, frames: list[Frame]) -> None:
        """'The EU imposed tariffs on China, and Beijing said it would take all necessary measures': a
        retaliation formula that names no target answers the latest coercive act (grammar.yaml
        ``provocation_codes``) against the threatener's country, in its sentence or the few before it;
        it is aimed at that act's author."""
        for frame in frames:
            if frame.target is not None or frame.source is None or not frame.rule.startswith("threat-formula"):
                continue
            earlier = [f for n, f in self._history if self._sentences - n < _MESSAGE_SENTENCES]
            earlier += [f for f in frames if f.trigger.i < frame.trigger.i]
            for made in reversed(earlier):
                if made.source is None or made.target is None or made.modality != "asserted":
                    continue
                if not self.g.code_in("provocation_codes", made.code) or not _same_side(made.target, frame.source):
                    continue
                if _same_side(made.source, frame.source):
                    continue
                frame.target_tok, frame.target = made.source_tok, made.source
                frame.rule += ":answers-blow"
                break

    @staticmethod
    def _other_party(a: Actor, b: Actor) -> bool:
        """Whether ``b`` can be the party ``a`` answers: another country, or at home the state
        answering society or society the state (students rejecting a government's offer)."""
        if _same(a, b) or (a.code and a.code == b.code):
            return False
        if not _same_side(a, b):
            return True
        state = role_classes().state     # a country named as such ("France", no role) is its state
        return (not a.role or a.role[:3] in state) != (not b.role or b.role[:3] in state)

    def _refused_message(self, trigger: Token) -> str | None:
        """The kind of message a refusal takes up: 'the accusation' (a definite message noun as its
        object), or "demand" for a refusal to comply."""
        for child in trigger.children:
            if child.dep_ in {"xcomp", "advcl"} and self.g.has("compliance_verbs", child.lemma_.lower()):
                return "demand"
            if child.dep_ == "dobj" and child.lemma_.lower() in self.g.message_makers:
                definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE)
                               for c in child.children)
                return child.lemma_.lower() if definite else None
        return None

    def _document_content(self, tok: Token) -> bool:
        """'the treaty covers armed attacks on its vessels', 'the truce applies to strikes on cities':
        an act named as what a document or agreement provides for is no act that took place."""
        if tok.pos_ != "NOUN":
            return False
        verb = tok.head
        if tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ == "to":
            verb = verb.head     # "applies to attacks"
        elif tok.dep_ not in {"dobj", "nsubjpass"}:
            return False
        if verb.pos_ != "VERB" or not self.g.has("coverage_verbs", verb.lemma_.lower()):
            return False
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        # "attacks are covered by the treaty": the document is the agent
        subjects += [o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        return bool(subjects) and self.g.has("document_nouns", subjects[0].lemma_.lower())

    def _aside_accusation(self, tok: Token) -> bool:
        """'the vessels, which it accused of intruding': an accusation or protest that a party made
        (simple past) in a relative clause set off by a comma reports that party's act, not the noun's
        background. In the present ("refugees, whom the authorities blame for ...") it describes."""
        if tok.dep_ != "relcl" or tok.tag_ != "VBD" or not self.g.has("aside_news_verbs", tok.lemma_.lower()):
            return False
        if tok.left_edge.i == 0 or tok.doc[tok.left_edge.i - 1].text != ",":
            return False
        subjects = [c for c in tok.children if c.dep_ == "nsubj" and c.lower_ not in _RELATIVIZERS]
        return bool(subjects) and self.resolver.resolve(subjects[0]) is not None

    def _agent_of_event(self, tok: Token) -> bool:
        """'an exchange mediated by the Emirates', 'a truce brokered by Qatar': a participle with its
        own agent on an event noun tells who did that part of the news; it describes no party."""
        return (tok.dep_ == "acl" and tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children)
                and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() in self.lex.nouns)

    def _recode(self, frame: Frame) -> None:
        """CAMEO codes some unrealised acts as acts of their own:
        - a cooperative act announced for the future ("will give a grant", "plans to visit") is an
          expressed intent, 03x;
        - a conflictual act announced for the future ("will blockade Paris") is a threat, 13x;
        - a cooperative act refused or not done ("will not accept refugees", "failed to reach
          agreement") is a rejection, 12x;
        - an act made to depend on "unless" ("will withdraw its force unless ...") is a threat, 13x."""
        root = frame.code[:2]
        if root in _VIOLENT_ROOTS and frame.target is None and self._into_open_water(frame.trigger):
            # "fired a ballistic missile into the sea": a weapon aimed at no one and landing in open
            # water is a launch that displays force (CAMEO 15), not an attack.
            frame.code, frame.rule = self.g.complement("preparation", frame.code), frame.rule + ":open-water"
            return
        cooperative = root in {"03", "04", "05", "06", "07", "08"}
        preparing = self._preparing(frame)
        if frame.modality == "intended" and root in _VIOLENT_ROOTS and preparing:
            # "the army prepared to resume shelling": an armed force readying an attack shows force
            # (CAMEO 15); it has neither attacked nor threatened anyone.
            frame.code, frame.rule, frame.modality = self.g.complement("preparation", frame.code), \
                frame.rule + f":{preparing}", "asserted"
            return
        decided = ((frame.report_verb is not None and self.g.has("decision_verbs", frame.report_verb.lemma_.lower()))
                   or self._decided(frame.anchor))
        if frame.modality == "intended" and root in {"15", "16", "17"} and decided:
            # "announced it would prohibit all aid": a measure announced is the measure decided (as
            # "agreed to impose sanctions"); it stays `intended` until it takes effect.
            frame.rule += ":decided"
            return
        if frame.modality == "intended" and cooperative and root != "03":
            intent = self.g.complement("commitment", frame.code)
            if intent:
                frame.code, frame.rule = intent, frame.rule + ":intent"
        elif frame.modality == "intended" and root in {"14", "15", "16", "17", "18", "19", "20"} and not frame.purpose:
            # (a blow that is only the aim of another act is announced to no one: no threat)
            # "said they would boycott", "will blockade the capital": an announced blow is a threat.
            threat = self.g.complement("threat", frame.code)
            if threat:
                frame.code, frame.rule, frame.modality = threat, frame.rule + ":announced", "threatened"
        elif frame.modality == "negated" and cooperative:
            refusal = self.g.complement("refusal", frame.code)
            if refusal:
                frame.code, frame.rule, frame.modality = refusal, frame.rule + ":refusal", "asserted"
        elif (frame.condition and frame.condition.lower().startswith("unless") and root != "13"
              and (root >= "10" or root == "08")):
            threat = self.g.complement("threat", frame.code)
            if threat:
                frame.code, frame.rule, frame.modality = threat, frame.rule + ":ultimatum", "conditional"

    def _into_open_water(self, tok: Token) -> bool:
        """Whether the act is directed into open water: "into the sea", "off its east coast into the ocean"."""
        for prep in (c for c in tok.children if c.dep_ == "prep" and self.g.has("open_water_preps", c.lower_)):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                if self.g.has("open_water_nouns", pobj.lemma_.lower()) and self.resolver.resolve(pobj) is None:
                    return True
        return False

    def _decided(self, tok: Token) -> bool:
        """Whether the act is the complement of a decision ("has decided to impose a curfew and deploy
        troops"): a measure decided is taken by the decision itself, not held over anyone as a threat."""
        node = tok
        while node.dep_ in {"xcomp", "conj"} and node.head.i != node.i:
            node = node.head
            if node.pos_ == "VERB" and self.g.has("decision_verbs", node.lemma_.lower()):
                return True
        return False

    def _preparing(self, frame: Frame) -> str | None:
        """The preparation verb an armed party's act is the complement of ("prepared to attack")."""
        if frame.source is None or (frame.source.role or "")[:3].lower() not in self.g.words["armed_roles"]:
            return None
        node = frame.anchor
        while node.dep_ in {"xcomp", "advcl"} and node.head.i != node.i:
            node = node.head
            if self.g.has("preparation_verbs", node.lemma_.lower()):
                return node.lemma_.lower()
        return None

    def _coordinated(self, frame: Frame) -> list[Frame]:
        """'Spain, Ireland and Norway recognised ...', 'Kenya and Ethiopia signed ...': one event per pair."""
        sources = self._conjunct_actors(frame.source_tok, frame.source)
        targets = self._conjunct_actors(frame.target_tok, frame.target)
        joint = self.g.complement_codes["joint"].get(frame.code)
        exercise = [frame.trigger, *(c for c in frame.trigger.children if c.dep_ == "dobj")]
        if joint and (len(sources) > 1 and frame.target is None
                      or any(c.dep_ == "amod" and c.lower_ == "joint" for t in exercise for c in t.children)
                      or (frame.target_tok is not None and frame.target_tok.head.lower_ == "with")):
            # "French and Egyptian warships launched war games", "joint exercises with Japan": one
            # party's exercise shows force (150), exercising together is military cooperation (062).
            frame.code, frame.rule = joint, frame.rule + ":joint"
        if len(sources) == 1 and len(targets) == 1:
            return [frame]
        out = []
        verbal = frame.trigger.pos_ in {"VERB", "AUX"} or frame.governor is not None
        # "Russia and Ukraine each released 115 prisoners in an exchange": a release the coordinated
        # parties make as a swap frees each other's people.
        swap = (self.g.code_in("exchange_codes", frame.code)
                and any(self.g.has("exchange_cues", t.lemma_.lower()) for t in frame.trigger.subtree))
        if frame.target is None and len(sources) > 1 and (verbal or frame.mutual) and (
                self.g.code_in("reciprocal_codes", frame.code) or swap):
            pairs = [(a, b) for a in sources for b in sources if a is not b]   # reciprocal
        else:
            pairs = [(a, b) for a in sources for b in targets]
        for (s_tok, s_act), (t_tok, t_act) in pairs:
            out.append(replace(frame, source_tok=s_tok, source=s_act, target_tok=t_tok, target=t_act))
        return out

    def _conjunct_actors(self, tok: Token | None, actor: Actor | None) -> list[tuple[Token | None, Actor | None]]:
        found = [(tok, actor)]
        if tok is None or actor is None:
            return found
        for conj in tok.conjuncts:
            if conj.i <= tok.i or any(t.pos_ in {"VERB", "AUX"} for t in conj.subtree):
                continue   # a conjunct with a verb of its own is a misparsed clause, not a second party
            conj_tok, conj_actor = self._actor_of(conj)
            # "four Yemeni men and two children": one party, not two events.
            if conj_actor is not None and not any(_same(conj_actor, a) or _same_code(conj_actor, a) for _, a in found):
                found.append((conj_tok, conj_actor))
        # "the governments of Congo and Rwanda", "Russian and Ukrainian negotiators": one actor per
        # coordinated country, same role.
        owners = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                  for p in c.children if p.dep_ == "pobj"]
        owners += [c for c in tok.children if c.dep_ in {"amod", "compound", "poss"} and c.i < tok.i]
        for owner in owners:
            label = partial(_owner_label, tok, before=owner.i < tok.i)
            for conj in owner.conjuncts:
                if conj.i <= owner.i:
                    continue
                other = self.resolver.resolve(conj)
                if other is not None and other.country and other.code == other.country and actor.role:
                    copy = actor.model_copy(update={"name": label(conj), "text": label(conj),
                                                    "country": other.country, "code": other.country + actor.role})
                    found.append((conj, copy))
                    # The first party is named for its own country only: "Russian negotiators".
                    first_tok, first = found[0]
                    found[0] = (first_tok, first.model_copy(update={"name": label(owner), "text": label(owner)}))
        return found

    def _merge_event_subjects(self, frames: list[Frame]) -> list[Frame]:
        """'A car bomb killed seven': the bombing is the event; the killing gives its victims and toll."""
        by_trigger = {f.trigger.i: f for f in frames}
        # "wounded two soldiers in a bomb attack": the attack is the event, the verb its toll.
        by_instrument = {f.governor.i: f for f in frames
                         if f.governor is not None and f.rule.startswith("noun-instrument")}
        out = []
        for frame in frames:
            subject = self._subject(frame.trigger) if frame.trigger.pos_ in {"VERB", "AUX"} else None
            noun = by_trigger.get(subject.i) if subject is not None else None
            if noun is None and frame.trigger.pos_ in {"VERB", "AUX"}:
                noun = by_instrument.get(frame.trigger.i)
            if noun is None and frame.trigger.dep_ == "advcl" and not any(
                    c.dep_ in {"nsubj", "nsubjpass"} for c in frame.trigger.children):
                # "shelled the city, killing 12 civilians": the shelling's toll, not a second attack
                # ("struck ..., two days after militants attacked a base": a clause with a subject of
                # its own is an act of its own).
                noun = by_trigger.get(frame.trigger.head.i)
            if (noun is not None and noun is not frame
                    and frame.code[:2] in _VIOLENT_ROOTS and noun.code[:2] in _VIOLENT_ROOTS):
                if noun.target is None and not noun.mutual:
                    noun.target_tok, noun.target = frame.target_tok, frame.target
                noun.extra += [frame.trigger, *frame.extra]
                noun.casualty_triggers.append(frame.trigger)
                if _generic(noun.code) and not _generic(frame.code):
                    # "used chlorine gas in an attack": the verb names the kind of attack.
                    noun.code, noun.rule = frame.code, f"{frame.rule}+{noun.rule}"
                continue
            out.append(frame)
        return out

    def _merge_protest_aims(self, frames: list[Frame]) -> list[Frame]:
        """'staged rallies to demand reforms', 'went on hunger strike to press for his release': the
        demand is what the protest is for (CAMEO codes it as the protest, 141x-145x), not a second
        event; the protest is aimed at whoever the demand is addressed to."""
        protests = [f for f in frames if f.code[:2] == "14"]
        if not protests:
            return frames
        out = []
        for frame in frames:
            trigger = frame.trigger
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children)
            # "demonstrated on Sunday, calling for his release": the participle says what for.
            participle = trigger.tag_ == "VBG" and not any(c.dep_ in _SUBJECTS for c in trigger.children)
            purpose = trigger.dep_ in {"advcl", "xcomp", "relcl", "acl"} and (infinitive or participle)
            owner = next((p for p in protests if p is not frame and trigger.head.i in {p.trigger.i, p.anchor.i}), None)
            if owner is None and participle and trigger.dep_ == "acl":
                # "Farmers, demanding lower taxes, protested": the participle on the protesters says what for.
                owner = next((p for p in protests if p is not frame
                              and trigger.head.i in {t.i for t in (p.source_tok, self._subject(p.trigger)) if t is not None}),
                             None)
            if purpose and owner is not None and frame.code[:2] in {"02", "10"}:
                if owner.target is None and frame.target is not None and not _same(owner.source, frame.target):
                    owner.target_tok, owner.target = frame.target_tok, frame.target
                owner.extra += [trigger]
                continue
            # "a hunger strike in protest at the government's refusal": what is protested is the
            # protest's reason, and whoever did it its target.
            reason_of = next((p for p in protests if p is not frame and self._protest_reason(p, trigger)), None)
            if reason_of is not None:
                if reason_of.target is None and frame.source is not None and not _same(reason_of.source, frame.source):
                    reason_of.target_tok, reason_of.target = frame.source_tok, frame.source
                continue
            out.append(frame)
        return out

    def _merge_message_contents(self, frames: list[Frame]) -> list[Frame]:
        """'its demand that Israel ease restrictions', 'a call for the army to withdraw': the clause
        says what is demanded, of whom; it is the demand's content, not an act of its own."""
        messages = {f.trigger.i: f for f in frames
                    if f.rule.startswith(("noun", "light-verb")) and f.code[:2] in {"02", "10"}}
        if not messages:
            return frames
        out = []
        for frame in frames:
            clause = frame.trigger
            owner = messages.get(clause.head.i) if clause.dep_ in {"acl", "ccomp"} and clause.pos_ == "VERB" else None
            if owner is None and clause.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that"
                                                                for c in clause.children):
                # The parser may hang "that Israel ease ..." on the verb whose object the demand is.
                owner = next((messages[c.i] for c in clause.head.children if c.dep_ == "dobj" and c.i in messages),
                             None)
            if owner is None or owner is frame:
                out.append(frame)
                continue
            kind = "demand" if owner.code[:2] == "10" else "appeal"
            if len(owner.code) == 3 and owner.code.endswith("0"):
                owner.code = self.g.complement(kind, frame.code) or owner.code
            if owner.target is None:
                subject = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
                if subject:
                    owner.target_tok, owner.target = self._actor_of(subject[0])
            owner.extra += [clause]
        return out

    def _protest_reason(self, protest: Frame, tok: Token) -> bool:
        """Whether ``tok`` heads what ``protest`` is against: "in protest at/of/against X", "over X"."""
        for head in {protest.trigger, protest.anchor}:
            for prep in (c for c in head.children if c.dep_ == "prep"):
                objs = [p for p in prep.children if p.dep_ == "pobj"]
                if prep.lower_ == "over" and tok in objs:
                    return True
                if prep.lower_ == "in" and any(o.lemma_.lower() == "protest" for o in objs):
                    # The parser hangs "at X" on "protest" or, as often, on the protest itself.
                    reasons = [q for o in [*objs, head] for c in o.children if c.dep_ == "prep"
                               and c.lower_ in {"at", "of", "against", "over"} for q in c.children if q.dep_ == "pobj"]
                    if tok in reasons:
                        return True
        return False

    # ------------------------------------------------------------ triggers
    def _triggers(self, sent: Span) -> dict[int, tuple[str, Entry, str]]:
        found: dict[int, tuple[str, Entry, str]] = {}
        for tok in sent:
            if tok.dep_ == "amod":
                continue  # "Russian-backed separatists": a participle used as an adjective is no event
            if tok.pos_ in {"VERB"} or (tok.pos_ == "AUX" and tok.dep_ == "ROOT" and tok.lemma_ != "be"):
                hit = self._verb_entry(tok)
                if hit:
                    found[tok.i] = (hit[0], hit[1], "verb")
            elif tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ != "compound":
                hit = self._noun_entry(tok)
                if hit:
                    found[tok.i] = (hit[0], hit[1], "noun")
        # A noun event that is the object of a light verb or of a verb coded by that very object is
        # one event, not two.
        for i, (code, entry, kind) in list(found.items()):
            tok = sent.doc[i]
            # "reneged on its commitment": the object may also come through the verb's preposition.
            verb = tok.head if tok.dep_ == "dobj" else (
                tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else None)
            if kind == "noun" and verb is not None and verb.i in found:
                head_code, head_entry, _ = found[verb.i]
                if tok.lemma_.lower() in head_entry.objects:
                    del found[i]
                    if head_code[:2] == "12":
                        # "rejected an offer to host talks": what was offered or asked is refused,
                        # it happens nowhere.
                        # The parser may hang the infinitive on the verb instead of the noun.
                        clauses = [c for c in tok.children if c.dep_ in {"acl", "relcl"}] + [
                            c for c in verb.children if c.dep_ in {"advcl", "xcomp"} and c.i > tok.i
                            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
                        for clause in clauses:
                            for sub in clause.subtree:
                                found.pop(sub.i, None)
        return found

    def _verb_entry(self, tok: Token) -> tuple[str, Entry] | None:
        lemma = tok.lemma_.lower()
        keys = [f"{lemma} {c.lower_}" for c in tok.children if c.dep_ in {"prt", "prep"}] + [lemma]
        for key in keys:
            entry = self.lex.verbs.get(key)
            if entry is None:
                continue
            code = self._refine(tok, entry, noun=False)
            if code:
                return code, entry
        return None

    def _noun_entry(self, tok: Token) -> tuple[str, Entry] | None:
        lemma = tok.lemma_.lower()
        compounds = [c for c in tok.children if c.dep_ in {"compound", "amod"} and c.i < tok.i]
        keys = []
        if compounds:
            keys.append(" ".join([c.lower_ for c in compounds[-1:]] + [lemma]))
            keys.append(" ".join([c.lower_ for c in compounds[-1:]] + [tok.lower_]))
        keys += [lemma, tok.lower_]
        if compounds and any(key in self.lex.not_event_nouns for key in keys[:2]):
            return None   # "a press release"
        for key in keys:
            entry = self.lex.nouns.get(key)
            if entry is not None:
                code = self._refine(tok, entry, noun=True)
                if code:
                    return code, entry
        if compounds and self.g.has("carrier_nouns", lemma):
            # "a mediation effort", "a rescue mission": the modifier names the event the head carries.
            modifier = compounds[-1]
            entry = self.lex.nouns.get(modifier.lemma_.lower()) or self.lex.nouns.get(modifier.lower_)
            if entry is not None and entry.code:
                return entry.code, entry
        return None

    def _refine(self, tok: Token, entry: Entry, noun: bool) -> str | None:
        if entry.objects:
            for obj in self._objects(tok, noun):
                # "used tear gas": a modified object may be keyed with its modifier, as nouns are.
                modifiers = [c.lower_ for c in obj.children if c.dep_ in {"amod", "compound"} and c.i < obj.i]
                code = (next((entry.objects[k] for k in (f"{m} {obj.lemma_.lower()}" for m in modifiers[-1:])
                              if k in entry.objects), None)
                        or entry.objects.get(obj.lemma_.lower()) or entry.objects.get(obj.lower_))
                if code:
                    return code
        if entry.subjects and not noun and not any(c.dep_ == "dobj" for c in tok.children):
            subject = self._subject(tok)
            if subject is not None:
                subject = self.resolver.antecedent(subject) or subject
                modifiers = [c.lower_ for c in subject.children if c.dep_ in {"amod", "compound"} and c.i < subject.i]
                code = next((entry.subjects[k] for k in (f"{m} {subject.lemma_.lower()}" for m in modifiers[-1:])
                             if k in entry.subjects), None) or entry.subjects.get(subject.lemma_.lower())
                if code:
                    return code
        if entry.preps:
            for child in tok.children:
                if child.dep_ in {"prep", "agent"} and child.lower_ in entry.preps:
                    return entry.preps[child.lower_]
        return entry.code

    def _objects(self, tok: Token, noun: bool) -> list[Token]:
        if noun:
            return [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj"]
        objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}]
        objs += [p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        # "raised the alert level": the compound; "provided Ukraine with $300 million in aid": one level down.
        deeper = [c for o in objs for c in o.children if c.dep_ in {"compound", "amod"}]
        deeper += [p for o in objs for c in o.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        return objs + deeper

    # ------------------------------------------------------------ governing constructions
    def _complement(self, tok: Token, clausal: bool = False) -> Token | None:
        """The verb a governing word governs: "threatened to close", "committed to supporting",
        and with ``clausal``, "demanded that Turkey withdraw"."""
        for child in tok.children:
            if child.dep_ == "xcomp" and child.pos_ in {"VERB", "AUX"}:
                return child
        if not any(c.dep_ == "dobj" for c in tok.children):
            # "have sworn to fight": the parser may attach the infinitive as an adverbial clause.
            for child in tok.children:
                if (child.dep_ == "advcl" and child.pos_ == "VERB" and child.i > tok.i
                        and any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children)):
                    return child
        if clausal:
            for child in tok.children:
                if child.dep_ == "ccomp" and child.pos_ in {"VERB", "AUX"}:
                    return child
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"to", "from", "on", "of"}:
                for grand in child.children:
                    if grand.dep_ == "pcomp":
                        return grand
        return None

    def _obligation_frame(self, tok: Token, raw: dict, absorbed: set[int]) -> Frame | None:
        """'Russia said Sudan must return the helicopter': the speaker demands it of the clause's subject."""
        if not self.g.has("reporting_verbs", tok.lemma_.lower()) or tok.pos_ != "VERB":
            return None
        for clause in (c for c in tok.children if c.dep_ == "ccomp"):
            aux = {c.lower_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
            if not aux & self.g.words["obligation_modals"]:
                continue
            comp_code = raw[clause.i][0] if clause.i in raw else ""
            code = self.g.complement("demand", comp_code) if comp_code else "100"
            frame = Frame(trigger=tok, code=code, rule=f"obligation:{tok.lemma_.lower()}>{clause.lemma_.lower()}",
                          governor=tok, extra=[clause] + self._core_children(clause), confidence=0.7)
            frame.source_tok, frame.source = self._actor_of(self._subject(tok))
            subject = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
            frame.target_tok, frame.target = self._actor_of(subject[0]) if subject else (None, None)
            if frame.source is None or frame.target is None:
                continue
            absorbed.update({tok.i, clause.i})
            return frame
        return None

    def _governing_frame(self, tok: Token, raw: dict, absorbed: set[int]) -> Frame | None:
        obligation = self._obligation_frame(tok, raw, absorbed)
        if obligation is not None:
            return obligation
        lemma = tok.lemma_.lower()
        kind = None
        if tok.pos_ in {"VERB", "AUX"}:
            for group, name in (("threat_verbs", "threat"), ("commitment_verbs", "commitment"),
                                ("demand_verbs", "demand"), ("appeal_verbs", "appeal"),
                                ("refusal_verbs", "refusal"), ("cessation_verbs", "cessation")):
                if self.g.has(group, lemma):
                    kind = name
                    break
        elif tok.pos_ == "ADJ" and self.g.has("commitment_adjectives", tok.lower_):
            kind = "commitment"
        if kind is None:
            return None
        comp = self._complement(tok, clausal=kind in {"demand", "appeal"})
        announced = kind == "threat" and comp is None and self._announced_blow(tok, raw)
        if announced:
            comp = announced
        if (kind == "threat" and comp is not None and comp.i in raw and self.g.has("commitment_verbs", lemma)
                and raw[comp.i][0][:2] in _COOPERATIVE_ROOTS):
            kind = "commitment"   # "vowed to rebuild": a promise, not a threat
        if (kind == "commitment" and tok.pos_ == "ADJ" and comp is not None and comp.i in raw
                and self.g.code_in("readiness_threat_codes", raw[comp.i][0])):
            # "ready to use sanctions against", "prepared to use force": readiness to coerce is held
            # over someone, a threat; readiness to talk or help stays an intent to cooperate.
            kind = "threat"
        if kind == "cessation":
            comp = next((c for c in tok.children if c.dep_ == "dobj" and c.i in raw), None)
        if comp is None or (comp.i not in raw and kind == "cessation"):
            return None
        if kind == "threat" and comp.dep_ not in {"xcomp", "advcl"} and not announced:
            return None
        carried = None
        if comp.i not in raw and any(self.g.has("light_verbs", lemma_) for lemma_ in _verb_lemmas(comp)):
            # "promised to continue military aid": the light verb's object noun is what is promised.
            carried = next((c for c in comp.children if c.dep_ == "dobj" and c.i in raw and raw[c.i][2] == "noun"),
                           None)
            if carried is not None:
                absorbed.add(carried.i)
                raw = {**raw, comp.i: raw[carried.i]}
        stopped = None
        if comp.i not in raw and kind != "cessation" and self.g.has("cessation_verbs", comp.lemma_.lower()):
            # "pledged to stop kidnapping people", "refused to halt attacks": what is promised or refused
            # is the cessation of the act (coded by complement_codes.cessation), not the act negated.
            stopped = next((c for c in comp.children if c.dep_ in {"dobj", "xcomp"} and c.i in raw), None)
            ceased = self.g.complement("cessation", raw[stopped.i][0]) if stopped is not None else None
            if ceased is None:
                stopped = None
            else:
                absorbed.add(stopped.i)
                raw = {**raw, comp.i: (ceased, raw[stopped.i][1], raw[stopped.i][2])}
        # An uncoded complement ("threatened further action", "demanded that X forsake ...") still
        # makes the governing event, with the family's general code.
        comp_code = raw[comp.i][0] if comp.i in raw else ""
        code = self.g.complement(kind, comp_code)
        if (kind == "demand" and self.g.has("command_verbs", lemma) and comp_code[:2] == "17"
                and _is_state(self._actor_of(self._subject(tok))[1])):
            # "the government ordered the newspaper to suspend publication": an authority ordering a
            # restriction imposes it (CAMEO 17x), it does not merely demand it.
            code = comp_code
        expelled = False
        if (kind == "demand" and self.g.has("command_verbs", lemma)
                and self.g.has("departure_verbs", comp.lemma_.lower())
                and _is_state(self._actor_of(self._subject(tok))[1])):
            # "ordered the diplomats to leave the country": an authority ordering people out expels
            # them, coded as the expelling verb would code its object (envoys 161, others 174).
            # Envoys the expelling verb knows, or foreigners: "ordered the army to leave the capital"
            # is a state moving its own forces, no expulsion.
            expel = self.lex.verbs.get(self.g.expulsion_verb)
            ordered = next((c for c in tok.children if c.dep_ in {"dobj", "dative"}), None)
            envoys = expel.objects.get(ordered.lemma_.lower()) if expel is not None and ordered is not None else None
            origin = self._slot_actor(tok, ("prep:from", "dobj.prep:from"), exclude=None)
            whose = origin[1] or self._actor_of(ordered)[1]
            boss = self._actor_of(self._subject(tok))[1]
            foreign = (whose is not None and boss is not None and whose.country and boss.country
                       and whose.country != boss.country)
            if expel is not None and ordered is not None and (envoys or foreign):
                code = envoys or expel.code or code
                expelled = True
        if code is None:
            return None
        absorbed.add(comp.i)
        absorbed.add(tok.i)
        clause = tok.head if tok.pos_ == "ADJ" and tok.dep_ in {"acomp", "amod"} else tok
        source_tok = self._subject(clause)
        frame = Frame(trigger=tok, code=code, rule=f"{kind}:{lemma}>{comp.lemma_.lower()}",
                      governor=clause, extra=[comp] + self._core_children(comp), confidence=0.8)
        if stopped is not None:
            frame.extra += [stopped, *self._core_children(stopped)]
            frame.rule += f">{stopped.lemma_.lower()}"
        frame.source_tok, frame.source = self._actor_of(source_tok)
        addressee = [c for c in tok.children if c.dep_ in {"dobj", "dative"}]
        if not addressee and kind == "appeal":
            # "called on Manila to stop its provocations", "appealed to the rebels to lay down arms":
            # the one called on is addressed, not a party named inside what is asked.
            addressee = [p for c in tok.children if c.dep_ == "prep" and self.g.has("appeal_addressee_preps", c.lower_)
                         for p in c.children if p.dep_ == "pobj"]
        if comp.dep_ == "ccomp" and not announced:   # (an announced blow's subject is the warner)
            addressee = [c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}] or addressee
        if expelled:
            # "ordered diplomats from Chile to leave Venezuela": those ordered out, by where they come
            # from, are the target, never the country they must leave (the expeller's own).
            frame.target_tok, frame.target = self._slot_actor(tok, ("prep:from", "dobj.prep:from"),
                                                              exclude=frame.source)
            if frame.target is None and addressee:
                frame.target_tok, frame.target = self._actor_of(addressee[0])
        elif kind in {"demand", "appeal", "threat"} and addressee:
            frame.target_tok, frame.target = self._actor_of(addressee[0])
        if frame.target is None and not expelled:
            comp_entry = raw[comp.i][1] if comp.i in raw else _NO_ENTRY
            if stopped is not None:
                target = self._targets(stopped, comp_entry, frame.source, noun=raw[stopped.i][2] == "noun")
            elif carried is not None:
                target = self._targets(carried, comp_entry, frame.source, noun=True)
                if target[1] is None:
                    target = self._targets(comp, comp_entry, frame.source, noun=False, skip={carried.i})
            else:
                target = self._targets(comp, comp_entry, frame.source, noun=comp.i in raw and raw[comp.i][2] == "noun")
            # Closing one's own embassy is aimed at someone else: a threat's target is never on the
            # threatener's side; the party that must meet the condition is then the one threatened.
            own_organ = _same_side(frame.source, target[1]) and (
                target[1].role is None or target[1].role in role_classes().state)
            if not (kind == "threat" and own_organ):
                frame.target_tok, frame.target = target
        if frame.target is None and kind == "threat":
            frame.target_tok, frame.target = self._condition_subject((tok, comp), frame.source)
        if kind in {"appeal", "demand"} and comp_code[:2] == "05" and frame.target is not None:
            # "urged the European Community to support the PLO": asking others to back a third party
            # rallies support on its behalf (CAMEO 053); the backed party is the target.
            backed = self._actor_of(next((c for c in comp.children if c.dep_ == "dobj"), None))
            if backed[1] is not None and not _same(backed[1], frame.target) and not _same(backed[1], frame.source):
                frame.code, frame.rule = self.g.complement("rally", comp_code) or frame.code, frame.rule + ":rally"
                frame.target_tok, frame.target = backed
        if kind == "threat":
            frame.modality = "threatened"
            frame.condition = self._condition_child(comp)
        return frame

    def _retaliation_frame(self, tok: Token) -> Frame | None:
        """'will take resolute measures', 'would give a harsh response if ...': the diplomatic formula
        of retaliation, announced for the future, is a threat (CAMEO 130) - when the measures are
        qualified as firm, aimed against someone, or made to depend on a condition. Measures taken,
        or announced to help someone ("will take measures to boost growth"), are no threat."""
        if tok.pos_ != "VERB" or not self.g.has("retaliation_verbs", tok.lemma_.lower()):
            return None
        clause = tok   # "will continue to take resolute measures": the modal and the condition sit higher
        while clause.dep_ == "xcomp" and clause.head.pos_ in {"VERB", "AUX"}:
            clause = clause.head
        modals = {c.lower_ for node in {tok, clause} for c in node.children if c.dep_ == "aux"}
        if not modals & self.g.words["announcing_modals"] or _negated(tok) or _negated(clause):
            return None
        measure = next((c for c in tok.children if c.dep_ == "dobj"
                        and self.g.has("retaliation_nouns", c.lemma_.lower())), None)
        if measure is None:
            return None
        firm = any(c.dep_ in {"amod", "compound"} and self.g.has("retaliation_adjectives", c.lower_)
                   for c in measure.children)
        against = self._slot_actor(measure, ("prep:against",), exclude=None)
        if against[1] is None:
            against = self._slot_actor(tok, ("prep:against",), exclude=None)
        condition = self._condition_child(tok) or self._condition_child(clause)
        if not (firm or against[1] is not None or condition):
            return None
        frame = Frame(trigger=tok, code=self.g.complement("threat", ""), confidence=0.7,
                      rule=f"threat-formula:{tok.lemma_.lower()}+{measure.lemma_.lower()}",
                      governor=clause, extra=[tok, measure, *self._core_children(tok)], modality="threatened",
                      condition=condition)
        frame.source_tok, frame.source = self._actor_of(self._subject(tok))
        if frame.source is None:
            return None
        frame.target_tok, frame.target = against
        if frame.target is None:
            frame.target_tok, frame.target = self._condition_subject((tok, clause), frame.source)
        return frame

    def _announced_blow(self, tok: Token, raw: dict) -> Token | None:
        """'warned that it would suspend the talks if ...': the clause of a threat verb in which the
        warner itself will or would strike a blow (a coercive code) is what it threatens. A warning
        that someone else would act ("warned that Iran would retaliate") is no threat of the warner's."""
        warner = self._actor_of(self._subject(tok))[1]
        if warner is None:
            return None
        for clause in (c for c in tok.children if c.dep_ == "ccomp" and c.pos_ == "VERB" and c.i in raw):
            modals = {c.lower_ for c in clause.children if c.dep_ == "aux"}
            if not modals & self.g.words["announcing_modals"]:
                continue
            if not self.g.code_in("readiness_threat_codes", raw[clause.i][0]):
                continue
            doer_tok, doer = self._actor_of(next((c for c in clause.children if c.dep_ == "nsubj"), None))
            # The warner itself: a pronoun taking it up, or the same actor named again ("Russia ...
            # Moscow would"); another party of the same country ("the rebels") is not the warner.
            if doer is not None and _same_side(warner, doer) and (
                    doer_tok.pos_ == "PRON" or _same(warner, doer) or _same_code(warner, doer)):
                return clause
        return None

    def _condition_subject(self, heads: tuple[Token, ...], source: Actor | None):
        """The subject of an if/unless clause under the given clause heads."""
        for head in heads:
            for child in head.children:
                if child.dep_ == "advcl" and self._is_condition_clause(child):
                    found = self._actor_of(self._subject(child))
                    if found[1] is not None and not _allied(source, found[1]):
                        return found
        return None, None

    # ------------------------------------------------------------ frames
    def _verb_frame(self, tok: Token, code: str, entry: Entry) -> Frame:
        frame = Frame(trigger=tok, code=code, rule=f"verb:{entry.key}", extra=self._core_children(tok))
        passive_subj = [c for c in tok.children if c.dep_ == "nsubjpass"]
        agents = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and not _verbless_main(tok, self.g):
            # "the convoy attacked by rebels": the head noun is what was acted on.
            frame.source_tok, frame.source = self._actor_of(agents[0]) if agents else (None, None)
            frame.target_tok, frame.target = self._actor_of(tok.head)
            if frame.target_tok is not None and tok.left_edge.i <= frame.target_tok.i <= tok.right_edge.i:
                # "a mechanism supported by Saudi Arabia, the United States ...": a head noun read
                # through the participle's own agents is no party; the backers do not back each other.
                frame.target_tok, frame.target = None, None
            frame.rule += ":participle"
            return frame
        if passive_subj:
            frame.source_tok, frame.source = self._actor_of(agents[0]) if agents else (None, None)
            frame.target_tok, frame.target = self._actor_of(passive_subj[0])
            frame.rule += ":passive"
            if frame.target is None:
                # "a camp for Congolese refugees was attacked": a place or thing kept for a party.
                for prep in (c for c in passive_subj[0].children if c.dep_ == "prep" and c.lower_ == "for"):
                    for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                        if frame.target is None:
                            frame.target_tok, frame.target = self._actor_of(pobj)
            if frame.target is None:
                frame.target_tok, frame.target = self._targets(tok, entry, frame.source, noun=False)
            return frame
        frame.source_tok, frame.source = self._actor_of(self._subject(tok))
        frame.target_tok, frame.target = self._targets(tok, entry, frame.source, noun=False)
        if frame.target is None:
            frame.target_tok, frame.target = self._named_object(tok, frame.source)
        if frame.target is None and code[:2] in _VERBAL_CONFLICT_ROOTS and tok.dep_ in {"xcomp", "advcl", "conj"}:
            # "summoned the ambassador to complain", "met the envoy to demand ...", "summoned the
            # ambassador and lodged a protest": a meeting held for (or with) a protest or demand
            # addresses it to the one met.
            meeting = self._verb_entry(tok.head)
            if meeting is not None and (meeting[0] or "")[:2] == "04":
                for obj in (c for c in tok.head.children if c.dep_ == "dobj"):
                    obj_tok, actor = self._actor_of(obj)
                    if actor is not None and not _same(actor, frame.source):
                        frame.target_tok, frame.target = obj_tok, actor
                        break
        return frame

    def _named_object(self, tok: Token, source: Actor | None) -> tuple[Token | None, Actor | None]:
        """'condemned what it called China's dangerous conduct', 'rejected what it described as US
        interference': the object is the free relative, and the party is named in its description."""
        for clause in (c for c in tok.children if c.dep_ == "ccomp" and self.g.has("naming_verbs", c.lemma_.lower())):
            if not any(c.dep_ == "dobj" and c.lower_ == "what" for c in clause.children):
                continue
            names = [c for c in clause.children if c.dep_ == "oprd"] + [
                p for c in clause.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children
                if p.dep_ == "pobj"]
            for name in names:
                found = self._actor_of(name)
                if found[1] is None or _same(found[1], source):
                    found = self._slot_actor(name, self.g.noun_source_slots, exclude=source)
                if found[1] is not None and not _same(found[1], source):
                    return found
        return None, None

    def _noun_frame(self, tok: Token, code: str, entry: Entry) -> Frame:
        frame = Frame(trigger=tok, code=code, rule=f"noun:{entry.key}", confidence=0.7,
                      extra=self._core_children(tok))
        governor = tok.head if tok.dep_ in {"dobj", "attr"} and tok.head.pos_ in {"VERB", "AUX"} else None
        measure = self._measure_head(tok)
        if governor is None and measure is not None:
            # "launched ten days of war games", "staged a series of strikes": the light verb's object
            # only measures the event.
            governor = measure.head
        light = governor is not None and any(self.g.has("light_verbs", lemma) for lemma in _verb_lemmas(governor))
        # "killed with machetes", "wounded in a bomb attack": the noun is how the verb's act was done.
        instrument = (tok.dep_ == "pobj" and tok.head.head.pos_ == "VERB" and (
            tok.head.lower_ in {"with", "by"} or (tok.head.lower_ in {"in", "as"} and code[:2] in _VIOLENT_ROOTS)))
        if light:
            frame.governor = governor
            frame.rule = f"light-verb:{governor.lemma_.lower()}+{entry.key}"
            frame.confidence = 0.75
        elif instrument:
            frame.governor = tok.head.head
            frame.rule = f"noun-instrument:{entry.key}"
        # Source: the noun's own "by"/"from"/possessor, else the light verb's subject.
        slots = entry.source or self.g.noun_source_slots
        frame.source_tok, frame.source = self._slot_actor(tok, slots, exclude=None)
        if frame.source is None and frame.governor is not None:
            frame.source_tok, frame.source = self._actor_of(self._subject(frame.governor))
        if frame.source is None and self.g.code_in("reciprocal_codes", code):
            between = self._between(tok)
            if between is not None and between[0][1] is not None and between[1][1] is not None:
                # "clashes between police and protesters": with no one named as doing it, the two
                # sides of a mutual act do it to each other (both directions, see _coordinated).
                (frame.source_tok, frame.source), frame.mutual = between[0], True
                return frame
        frame.target_tok, frame.target = self._targets(tok, entry, frame.source, noun=True)
        if frame.target is None and frame.governor is not None:
            frame.target_tok, frame.target = self._targets(frame.governor, entry, frame.source, noun=False,
                                                           skip={tok.i})
        if frame.target is None:
            between = self._between(tok)
            if between is None and frame.governor is not None:
                between = self._between(frame.governor)
            if between is not None:
                sides = [side for side in between if side[1] is not None]
                if frame.source is not None and sides and not any(_same(frame.source, a) for _, a in sides):
                    # "mediation between the Emirates and Saudi Arabia": a third party acts on both.
                    frame.target_tok, frame.target = sides[0]
                elif frame.source is None or len(sides) == 2:
                    (frame.source_tok, frame.source), (frame.target_tok, frame.target) = between
        return frame

    def _measure_head(self, tok: Token) -> Token | None:
        """The object noun that measures an event noun ("days" in "ten days of talks"), if it is no
        event and no actor of its own."""
        if tok.dep_ != "pobj" or tok.head.lower_ != "of":
            return None
        head = tok.head.head
        if head.pos_ != "NOUN" or head.dep_ not in {"dobj", "attr"} or head.head.pos_ not in {"VERB", "AUX"}:
            return None
        if self._noun_entry(head) is not None or self.resolver.resolve(head) is not None:
            return None
        if self._verb_entry(head.head) is not None:
            return None   # "provided 25,000 tons of food aid": the verb is coded by that very object
        return head

    def _between(self, tok: Token):
        """'talks between Israel and Hamas': the two sides."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"between", "among"}:
                objs = [p for p in child.children if p.dep_ == "pobj"]
                if objs:
                    conj = [c for c in objs[0].children if c.dep_ == "conj"]
                    if conj:
                        return self._actor_of(objs[0]), self._actor_of(conj[0])
        return None

    # ------------------------------------------------------------ arguments
    def _subject(self, verb: Token | None, depth: int = 0) -> Token | None:
        """The token that does ``verb``: its subject, or one inherited through control and clauses."""
        if verb is None or depth > 6:
            return None
        # Climbing from a complement, a passive subject does the complement: "X is expected to cut".
        deps = _SUBJECTS | {"nsubjpass"} if depth else _SUBJECTS
        subj = [c for c in verb.children if c.dep_ in deps]
        if subj:
            if subj[0].lower_ in _RELATIVIZERS and verb.dep_ == "relcl":
                return verb.head
            return subj[0]
        head = verb.head
        if verb.dep_ == "relcl":
            return head
        if verb.dep_ == "acl":
            if _verbless_main(verb, self.g):
                return _verbless_subject(verb, self.g)   # "Relatives of hostages held by the group protested ..."
            if verb.tag_ != "VBG":
                return None
            # "issued a statement demanding ...", "in a declaration calling for ...": the statement
            # does not act; whoever issued it does.
            if (head.pos_ == "NOUN" and self.resolver.resolve(head) is None
                    and self._noun_entry(head) is not None and self._noun_entry(head)[0][:2] == "01"):
                gov = head.head if head.dep_ in {"dobj", "nsubjpass"} else (
                    head.head.head if head.dep_ == "pobj" else None)
                if gov is not None and gov.pos_ in {"VERB", "AUX"}:
                    return self._subject(gov, depth + 1)
            return head
        if verb.dep_ == "xcomp":
            obj = [c for c in head.children if c.dep_ in {"dobj", "dative"}]
            if obj and self.g.has("object_control_verbs", head.lemma_.lower()):
                return obj[0]
            return self._subject(head, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            gov = head.head
            obj = [c for c in gov.children if c.dep_ in {"dobj", "dative"}]
            if obj and self.g.has("object_control_verbs", gov.lemma_.lower()):
                return obj[0]
            if gov.pos_ in {"VERB", "AUX", "ADJ"}:
                return self._subject(gov if gov.pos_ != "ADJ" else gov.head, depth + 1)
            return None
        if verb.dep_ in {"conj", "advcl"} and head.pos_ in {"VERB", "AUX"}:
            return self._subject(head, depth + 1)
        if verb.dep_ == "acomp":
            return self._subject(head, depth + 1)
        return None

    def _actor_of(self, tok: Token | None) -> tuple[Token | None, Actor | None]:
        if tok is None:
            return None, None
        if tok.lower_ in _RELATIVIZERS and tok.head.dep_ == "relcl":
            tok = tok.head.head
        actor = self.resolver.resolve(tok)
        if actor is not None:
            return tok, actor
        kin = self._kin_of(tok)
        if kin is not None:
            return tok, kin
        # "Washington's plan", "the leader of Hamas", "US targets": the owner stands in.
        for child in tok.children:
            if child.dep_ == "poss":
                actor = self.resolver.resolve(child)
                if actor is not None:
                    return child, actor
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "by"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (actor := self.resolver.resolve(pobj)) is not None:
                        return pobj, actor
        # "US targets", "US Predator attacks": a country among the modifiers, one level down at most.
        modifiers = [c for c in tok.children if c.dep_ in {"compound", "amod"} and c.i < tok.i]
        modifiers += [g for c in modifiers for g in c.children if g.dep_ in {"compound", "amod"} and g.i < c.i]
        for child in modifiers:
            actor = self.resolver.resolve(child) or self.resolver.country_word(child)
            if actor is not None and actor.country and actor.code == actor.country:
                return child, actor
        for child in tok.subtree:
            if child.dep_ == "acl" and child.tag_ == "VBN" and _depth_below(child, tok) <= 3:
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for pobj in (p for p in agent.children if p.dep_ == "pobj"):
                        if (actor := self.resolver.resolve(pobj)) is not None:
                            return pobj, actor
        return None, None

    def _kin_of(self, tok: Token) -> Actor | None:
        """'Relatives of hostages', 'the soldiers' families': civilians of their kin's country."""
        if tok.pos_ != "NOUN" or not self.g.has("kin_nouns", tok.lemma_.lower()):
            return None
        owners = [c for c in tok.children if c.dep_ == "poss"]
        owners += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                   for p in c.children if p.dep_ == "pobj"]
        for owner in owners:
            actor = self.resolver.resolve(owner)
            if actor is not None and actor.country:
                doc = tok.doc
                text = doc[min(tok.left_edge.i, owner.left_edge.i):max(tok.i, owner.i) + 1].text
                return Actor(text=text, name=text, code=actor.country + "CVL", country=actor.country, role="CVL")
        return None

    def _slot_tokens(self, tok: Token, slot: str) -> list[Token]:
        """The tokens filling ``slot`` of ``tok``; a co-agent ("together with Egypt") fills none."""
        if "." in slot:
            # "dobj.prep:from": a slot of a slot ("recalled its ambassador FROM Tehran").
            first, rest = slot.split(".", 1)
            return [t for head in self._slot_tokens(tok, first) for t in self._slot_tokens(head, rest)]
        if slot == "dobj":
            objs = [c for c in tok.children if c.dep_ in {"dobj"}]
            # "kidnapped up to 16 advisers": the parser reads "up" as the verb's particle and the
            # counted object as the object of "to".
            return objs or [p for c in tok.children if c.dep_ == "prt" and c.lower_ == "up"
                            for q in c.children if q.dep_ == "prep" and q.lower_ == "to"
                            for p in q.children if p.dep_ == "pobj" and any(n.dep_ == "nummod" for n in p.children)]
        if slot == "dative":
            return [c for c in tok.children if c.dep_ in {"dative", "iobj"}]
        if slot in {"acl", "advcl", "ccomp", "nsubj"}:
            # only as links of a dotted slot: "advcl.ccomp.nsubj" is the helped party of a purpose
            # clause ("approved a mission to help Haiti's police fight gangs")
            return [c for c in tok.children if c.dep_ == slot]
        if slot == "poss":
            return [c for c in tok.children if c.dep_ == "poss"]
        if slot in {"compound", "amod"}:
            own = [c for c in tok.children if c.dep_ == slot and c.i < tok.i]
            # "US Predator attacks", "Israeli army raids": the name may modify the modifier.
            return own + [g for c in tok.children if c.dep_ == "compound" and c.i < tok.i
                          for g in c.children if g.dep_ == slot and g.i < c.i]
        if slot.startswith("prep:"):
            word = slot[5:]
            out = []
            for child in tok.children:
                if child.dep_ in {"prep", "agent", "dative"} and child.lower_ == word and not any(
                        a.dep_ == "advmod" and self.g.has("co_agent_adverbs", a.lower_) for a in child.children):
                    out += [p for p in child.children if p.dep_ == "pobj"]
            return out
        return []

    def _slot_actor(self, tok: Token, slots, exclude: Actor | None, skip: set[int] | None = None):
        for slot in slots:
            for cand in self._slot_tokens(tok, slot):
                if skip and cand.i in skip:
                    continue
                if slot in {"amod", "compound"} and not (cand.pos_ == "PROPN"
                                                         or cand.ent_type_ in {"NORP", "GPE", "ORG"}):
                    continue  # "military talks": a modifier is an actor only when it is a name
                cand_tok, actor = self._actor_of(cand)
                # An actor must be coded by something: a name alone ("the Danube") is not a party.
                if actor is not None and (actor.code or actor.country or actor.role) and not _same(actor, exclude):
                    return cand_tok, actor
        return None, None

    def _targets(self, tok: Token, entry: Entry, source: Actor | None, noun: bool, skip: set[int] | None = None):
        slots = entry.target or (self.g.noun_target_slots if noun else self.g.verb_target_slots)
        if not noun and entry.objects:
            # "held their first meeting with Obama": an object that codes the verb and names its own
            # partner is the event, not a party to it (its owner "their" is the source's side).
            skip = (skip or set()) | {
                c.i for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in entry.objects
                and self._slot_actor(c, ("prep:with", "prep:between"), exclude=source)[1] is not None}
        if not noun and self.g.has("conveyance_verbs", tok.lemma_.lower()) and source is not None:
            # "offered to send 1,000 police officers": the sender's own people are what is sent, not
            # whom the sending is for; the destination ("to Haiti") is.
            skip = (skip or set()) | {c.i for c in tok.children if c.dep_ == "dobj"
                                      and _same_side(self._actor_of(c)[1], source)}
        found = self._slot_actor(tok, slots, exclude=source, skip=skip)
        unplaced = (None, None)
        if found[1] is not None and not (found[1].country or found[1].code):
            # "mobilized army reservists for a war against Iraq": a party nobody can place is kept
            # only if no placeable one is named further on.
            unplaced, found = found, (None, None)
        if found[1] is None and not noun:
            # "imposed sanctions on Iran", "lodged a protest with China": the object's own preposition.
            for obj in (c for c in tok.children if c.dep_ == "dobj"):
                found = self._slot_actor(obj, self.g.object_target_slots, exclude=source, skip=skip)
                if found[1] is None:
                    found = self._origin(obj, self.g.object_target_slots, source, skip)
                if found[1] is None:
                    # "duties on steel shipped from X" with the participle hung on the duties.
                    found = self._slot_actor(obj, [s for s in self.g.origin_slots if s.startswith("acl.")],
                                             exclude=source, skip=skip)
                if found[1] is not None:
                    break
        if found[1] is None:
            # "a suspension of air links with Serbia", "mobilized reservists for a war against Iraq":
            # a thing or act that is no party leads to the party through its own preposition.
            things = [p for c in tok.children if c.dep_ == "prep" and c.lower_ in {"of", "for", "on"}
                      for p in c.children if p.dep_ == "pobj" and (not skip or p.i not in skip)]
            for thing in things:
                if self.resolver.resolve(thing) is None:
                    found = self._slot_actor(thing, self.g.object_target_slots, exclude=source, skip=skip)
                    if found[1] is None:
                        found = self._slot_actor(thing, self.g.origin_slots, exclude=source, skip=skip)
                    if found[1] is not None:
                        break
        if found[1] is None and not noun and entry.objects:
            # "rejected calls by Belarus", "dismissed an appeal from the president", "accepted the
            # rebels' demands": answering a call, offer or demand is aimed at whoever made it.
            for obj in (c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in entry.objects):
                if self.g.has("message_nouns", obj.lemma_.lower()):
                    found = self._slot_actor(obj, self.g.noun_source_slots, exclude=source, skip=skip)
                    if found[1] is not None:
                        break
        if found[1] is None:
            found = unplaced
        return self._localise(tok, found)

    def _origin(self, obj: Token, slots, source: Actor | None, skip: set[int] | None):
        """The party the goods in ``obj``'s slots come from: "tariffs ON vehicles imported FROM China"."""
        for slot in slots:
            for thing in self._slot_tokens(obj, slot):
                if (not skip or thing.i not in skip) and self.resolver.resolve(thing) is None:
                    found = self._slot_actor(thing, self.g.origin_slots, exclude=source, skip=skip)
                    if found[1] is not None:
                        return found
        return None, None

    def _place_target(self, verb: Token) -> tuple[Token | None, Actor | None]:
        """'shelled the city of Chernihiv': attacking a place targets the country it lies in."""
        candidates = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        candidates += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"on", "at", "in", "near", "to"}
                       for p in c.children if p.dep_ == "pobj"]
        # "the town of Cizre", "a jail in northern Israel", "the town of Cizre in southeastern Turkey";
        # "recalled its ambassador from Tehran", "pulled its troops from Syria": the place left.
        # "launched strikes against hideouts in Iran": the object's target and where it lies.
        for cand in list(candidates):
            inner = [p for c in cand.children if c.dep_ == "prep" and c.lower_ in {"of", "in", "from", "against", "on"}
                     for p in c.children if p.dep_ == "pobj"]
            candidates += inner + [p for i in inner for c in i.children if c.dep_ == "prep" and c.lower_ == "in"
                                   for p in c.children if p.dep_ == "pobj"]
            # "the Panjgur area of Pakistan's Balochistan province": the country that owns the place.
            candidates += [c for i in (cand, *inner) for c in i.children if c.dep_ == "poss"]
            # "power lines leading into Kabul", "a bridge spanning the Rhine to Germany".
            candidates += [p for acl in cand.children if acl.dep_ == "acl"
                           for c in acl.children if c.dep_ == "prep" and c.lower_ in {"in", "into", "to", "near"}
                           for p in c.children if p.dep_ == "pobj"]
        for cand in candidates:
            # "struck the Kyiv region": the parser often tags neither the name nor the region noun as
            # a place, so a generic place noun with a modifier is looked up as a place too.
            generic = (self.g.has("place_generic_nouns", cand.lemma_.lower())
                       and any(c.dep_ in {"compound", "amod"} for c in cand.children))
            if cand.ent_type_ not in {"GPE", "LOC", "FAC"} and not generic:
                continue
            name = cand.doc[cand.left_edge.i: cand.i + 1].text
            place = places.lookup(name[4:] if name.lower().startswith("the ") else name)
            if place is None:
                # "northeastern Kenya", "central Baghdad": the name without its describing words.
                name = cand.doc[min([cand.i, *(c.i for c in cand.children if c.dep_ == "compound"
                                              and c.pos_ == "PROPN")]): cand.i + 1].text
                place = places.lookup(name)
            if place is None:
                # "Western Cambodia", "West Darfur State": without a leading direction or a trailing
                # "state", "province".
                words = name.split()
                while words and words[0].lower() in self.g.words["place_descriptors"]:
                    words = words[1:]
                while len(words) > 1 and words[-1].lower() in self.g.words["place_generic_nouns"]:
                    words = words[:-1]
                for k in range(len(words)):
                    place = places.lookup(" ".join(words[k:])) if words[k:] else None
                    if place is not None and place.country:
                        break
            if place is not None and place.country:
                written = name[4:] if name.lower().startswith("the ") else name
                return cand, Actor(text=name, name=written, code=place.country, country=place.country)
        return None, None

    def _localise(self, verb: Token, found):
        """A target whose country was only guessed takes the country of a place the verb names
        ("strike militant hideouts inside Afghanistan")."""
        tok, actor = found
        if actor is None or tok is None or not self.resolver.guessed_country(tok):
            return found
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "inside", "into", "across"}:
                for pobj in child.children:
                    place = self.resolver.resolve(pobj) if pobj.dep_ == "pobj" else None
                    if place is not None and place.code == place.country and place.country:
                        role = actor.role or ""
                        return tok, actor.model_copy(update={"country": place.country, "code": place.country + role})
        return found

    def _core_children(self, tok: Token) -> list[Token]:
        """Tokens that belong in the evidence with the trigger: particles, objects, numbers."""
        out = []
        for child in tok.children:
            if child.dep_ in {"prt", "dobj", "neg", "attr", "oprd"}:
                out.append(child)
            elif child.dep_ == "prep" and child.lower_ in {"to", "by", "from", "with", "against", "on", "of"}:
                out += [p for p in child.children if p.dep_ in {"pobj", "pcomp"}]
        return out

    # ------------------------------------------------------------ modality
    def _modality(self, frame: Frame) -> None:
        """Walk from the event's clause to the sentence root, collecting what governs it."""
        mods: list[str] = []
        if frame.modality == "threatened":
            mods.append("threatened")
        if frame.condition:
            mods.append("conditional")
        if _negated(frame.trigger) or (frame.governor is not None and _negated(frame.governor)):
            mods.append("negated")
        if frame.trigger.pos_ == "NOUN" and any(c.dep_ == "det" and self.g.has("free_choice_determiners", c.lower_)
                                                for c in frame.trigger.children):
            # "warned that any attack on Niger would meet a response": an act of any kind, talked
            # about, not one that happened.
            mods.append("hypothetical")
        if frame.trigger.dep_ in {"csubj", "csubjpass"} and frame.trigger.tag_ == "VBG":
            # "The US pulling its diplomats out has led to concern": a situation talked about, not
            # an act reported as done.
            mods.append("hypothetical")
        node, prev = frame.anchor, None
        own_clause = True   # the modals and conditions of `node` bind the event
        while True:
            lemma = node.lemma_.lower()
            if prev is not None:
                link = prev.dep_
                governed = self._governing_modality(node, lemma, link, prev)
                if (self.g.has("reporting_verbs", lemma) and node.pos_ in {"VERB", "AUX"}
                        and link in {"ccomp", "parataxis", "advcl", "conj"}):
                    if frame.reported_by is None:
                        frame.reporter_tok, frame.reported_by = self._actor_of(self._subject(node))
                        frame.report_verb = node
                    own_clause = False
                elif governed is not None:
                    mods.append(governed)
                elif link == "relcl" and any(c.dep_ == "det" and self.g.has("free_choice_determiners", c.lower_)
                                             for c in node.children):
                    # "any force that came to arrest them": what any such party might do, not an act.
                    mods.append("hypothetical")
                    own_clause = False
                elif (link == "advcl" and prev.tag_ == "VB"
                      and any(c.dep_ == "aux" and c.lower_ == "to" for c in prev.children)
                      and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in prev.children)):
                    # "approved a mission to help the police fight gangs": a purpose is aimed at, not done.
                    mods.append("intended")
                    frame.purpose = True
                    own_clause = False
                elif link == "ccomp" and self.g.has("object_control_verbs", lemma):
                    pass   # "would not allow militants to threaten": allowing governs the act itself
                elif link in {"relcl", "acl", "ccomp", "csubj", "csubjpass", "nsubj", "nsubjpass", "dobj",
                              "pobj", "attr", "appos", "parataxis"}:
                    own_clause = False
                if own_clause and _negated(node):
                    mods.append("negated")
            if own_clause:
                condition = self._condition_child(node)
                if condition is not None and frame.condition is None:
                    frame.condition = condition
                    mods.append("conditional")
                aux = {c.lower_ for c in node.children if c.dep_ in {"aux", "auxpass"}}
                reported_future = ("would" in aux and node.dep_ == "ccomp"
                                   and self.g.has("reporting_verbs", node.head.lemma_.lower()))
                if reported_future and not frame.condition:
                    mods.append("intended")   # "they said they would boycott": future in the past
                elif aux & self.g.words["hypothetical_modals"]:
                    mods.append("conditional" if frame.condition else "hypothetical")
                elif aux & self.g.words["future_modals"]:
                    mods.append("intended")
            if self._is_condition_clause(node):
                # The event is what a condition supposes: whatever else governs it, it has not happened.
                mods = ["hypothetical"]
                break
            if node.head.i == node.i:
                break
            prev, node = node, node.head
        if frame.reported_by is None:
            frame.reporter_tok, frame.reported_by = self._according_to(frame.anchor)
        frame.modality = _strongest(mods)

    def _governing_modality(self, node: Token, lemma: str, link: str, below: Token | None = None) -> str | None:
        """The modality a governing word gives the clause below it ("plan to", "failed to", "expected")."""
        if link not in {"xcomp", "ccomp", "acl", "pcomp", "prep", "advcl"}:
            return None
        if (link == "xcomp" and below is not None and self.g.has("scheduling_copulas", lemma)
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in below.children)):
            return "intended"   # "Hamas is to release 50 hostages": scheduled, not yet done
        if node.pos_ in {"VERB", "AUX"}:
            if self.g.has("negating_verbs", lemma) and link in {"xcomp", "pcomp", "prep"}:
                return "negated"
            if self.g.has("intention_verbs", lemma) and link in {"xcomp", "prep", "pcomp"}:
                return "intended"
            if self.g.has("hypothetical_verbs", lemma) and link in {"xcomp", "ccomp"}:
                return "hypothetical"
            if self.g.has("allegation_verbs", lemma) and link in {"prep", "pcomp", "ccomp"}:
                return "hypothetical"
        if (self.g.has("hypothetical_adjectives", node.lower_) and node.pos_ in {"ADJ", "VERB"}
                and link in {"xcomp", "prep", "pcomp"}):
            return "hypothetical"
        if node.pos_ == "NOUN" and link in {"acl", "prep", "pcomp", "xcomp"}:
            if self.g.has("intention_nouns", lemma):
                return "intended"
            if self.g.has("threat_nouns", lemma):
                return "threatened"
        return None

    def _condition_child(self, node: Token) -> str | None:
        for child in node.children:
            if child.dep_ == "advcl" and self._is_condition_clause(child):
                return _span_text(child)
        return None

    def _is_condition_clause(self, node: Token) -> bool:
        if node.dep_ != "advcl":
            return False
        marks = [c.lower_ for c in node.children if c.dep_ == "mark"]
        if any(self.g.has("condition_marks", m) for m in marks):
            return True
        # "Should the US curtail ..., it would ...": an inverted conditional.
        aux = [c for c in node.children if c.dep_ == "aux" and c.lower_ in {"should", "had", "were"}]
        subj = [c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if aux and subj and aux[0].i < subj[0].i:
            return True
        text = node.sent.doc[node.left_edge.i: node.i].text.lower()
        return any(text.startswith(p) for p in self.g.condition_phrases)

    def _according_to(self, start: Token) -> tuple[Token | None, Actor | None]:
        node = start
        for _ in range(8):
            for child in node.children:
                if child.lower_ == "according":
                    for prep in child.children:
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                found = self._actor_of(pobj)
                                if found[1] is None:
                                    found = self._slot_actor(pobj, ("prep:by", "prep:from", "poss"), None)
                                return found
            if node.head.i == node.i:
                break
            node = node.head
        return None, None

    # ------------------------------------------------------------ filtering
    def _keep(self, frame: Frame) -> bool:
        if (self.g.code_in("active_only_codes", frame.code) and frame.trigger.pos_ == "VERB"
                and any(c.dep_ in {"auxpass", "nsubjpass"} for c in frame.trigger.children)):
            return False   # "were flown to hospitals": people carried somewhere make no visit
        if frame.source is None:
            violent_with_toll = frame.code[:2] in _VIOLENT_ROOTS and frame.casualty_triggers
            if (frame.target is None and not violent_with_toll) or frame.code[:2] not in self.g.anonymous_source_roots:
                return False
            frame.confidence -= 0.2
        if frame.source is not None and not (frame.source.code or frame.source.country):
            if frame.target is None:
                return False
            frame.confidence -= 0.1
        if frame.source is not None and _same(frame.source, frame.target):
            frame.target, frame.target_tok = None, None
        for tok_attr, actor_attr in (("target_tok", "target"), ("source_tok", "source")):
            tok = getattr(frame, tok_attr)
            if tok is not None and tok.i == frame.trigger.i:   # "held military talks": the event is no actor
                setattr(frame, tok_attr, None)
                setattr(frame, actor_attr, None)
        if frame.source is None and frame.target is None and not frame.casualty_triggers:
            return False
        if (frame.target is not None and frame.source is not None and frame.source.country
                and not frame.target.country and self.g.has("society_roles", (frame.target.role or "").lower())
                and (frame.source.role or "") in self.g.jurisdiction.get(frame.code[:2], ())):
            # "ordered the opposition newspaper La Prensa to close": a state coercing a party of
            # society that the text does not place acts within its own jurisdiction.
            role = frame.target.role or ""
            frame.target = frame.target.model_copy(update={"country": frame.source.country,
                                                           "code": frame.source.country + role})
        if frame.target is not None and frame.source is not None and not (frame.target.country or frame.target.code):
            # "sent personnel to Bosnia": a party nobody can place is no target; the place may be.
            frame.target, frame.target_tok = None, None
        if self.g.code_in("place_target_codes", frame.code):
            guessed = frame.target_tok is not None and self.resolver.guessed_country(frame.target_tok)
            if frame.target is None or (guessed and _same_side(frame.source, frame.target)):
                # Victims of unknown nationality, or none named: the attacked place's country.
                place_tok, place = None, None
                # "threatened to institute a curfew in Algiers": the place of the act threatened.
                acts = [c for c in frame.trigger.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}]
                for verb in (frame.trigger, frame.trigger.head, *acts):
                    place_tok, place = self._place_target(verb)
                    if place is not None:
                        break
                domestic = self.g.code_in("domestic_place_codes", frame.code)
                if place is not None and (domestic or not _same_side(frame.source, place)):
                    if frame.target is None:
                        frame.target_tok, frame.target = place_tok, place
                    else:
                        role = frame.target.role or ""
                        frame.target = frame.target.model_copy(update={"country": place.country,
                                                                       "code": place.country + role})
        if frame.source is not None and frame.source.country and frame.source.code and frame.target is None:
            frame.confidence -= 0.1
        return True


# ------------------------------------------------------------ helpers

_PRIORITY = ["negated", "hypothetical", "conditional", "threatened", "intended", "asserted"]


def _verb_lemmas(tok: Token) -> list[str]:
    """The parser's lemma and, for inflected verb forms, the ones read off the surface form: the
    statistical lemmatiser now and then strips too much ("staged" -> "stag", "wired" -> "wir")."""
    out = [tok.lemma_.lower()]
    form = tok.lower_
    if tok.tag_ in {"VBD", "VBN"} and form.endswith("ed"):
        out += [form[:-1], form[:-2]]
    elif tok.tag_ == "VBZ" and form.endswith("s"):
        out.append(form[:-1])
    elif tok.tag_ == "VBG" and form.endswith("ing"):
        out += [form[:-3] + "e", form[:-3]]
    return out


def _strongest(mods: list[str]) -> str:
    if not mods:
        return "asserted"
    if "threatened" in mods and "conditional" in mods:
        return "conditional"
    return min(mods, key=_PRIORITY.index)


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return any(c.dep_ == "det" and c.lower_ in {"no"} for c in tok.children)


def _is_state(actor: Actor | None) -> bool:
    """An organ of a state, or the state itself named by its country alone ("Niger ordered ...")."""
    if actor is None:
        return False
    if actor.role in role_classes().state:
        return True
    return actor.role is None and bool(actor.country) and actor.code == actor.country and actor.country not in {
        "IGO", "NGO", "MNC"}


def _same(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return False
    if a.name == b.name:
        return True
    return bool(a.code and a.code == b.code and a.code == a.country)


def _owner_label(head: Token, owner: Token, before: bool) -> str:
    """'Ukrainian negotiators' / 'governments of Rwanda': a coordinated party named for its own owner."""
    return f"{owner.text} {head.text}" if before else f"{head.text} of {owner.text}"


def _same_code(a: Actor | None, b: Actor | None) -> bool:
    return a is not None and b is not None and (a.code or a.country) == (b.code or b.country) and a.sponsor == b.sponsor


def _depth_below(tok: Token, ancestor: Token) -> int:
    depth = 0
    while tok.i != ancestor.i and tok.head.i != tok.i:
        tok, depth = tok.head, depth + 1
    return depth


def _allied(a: Actor | None, b: Actor | None) -> bool:
    """Same side in a dispute: the same country, unless one is a state organ and the other a party
    of that country outside the state ("the government ... unless the rebels ...")."""
    if not _same_side(a, b):
        return False
    state = role_classes().state
    return (a.role in state) == (b.role in state) or a.role is None or b.role is None


def _same_side(a: Actor | None, b: Actor | None) -> bool:
    """Both actors belong to the same country (and neither is a sponsored proxy of the other)."""
    if a is None or b is None:
        return False
    return bool(a.country and a.country == b.country)


def _span_text(tok: Token) -> str:
    doc = tok.doc
    return doc[tok.left_edge.i: tok.right_edge.i + 1].text


def _generic(code: str) -> bool:
    """A root-level code such as 190 or 180 (as against 183 bombing, 204 weapons of mass destruction)."""
    return len(code) == 3 and code.endswith("0")


def _carries(statement: Frame, acts: list[Frame]) -> bool:
    """Whether a statement (01x) only carries an act of its sentence rather than being news itself.

    "Berlin rejected the calls, saying it was withholding aid": the participle has no subject of its
    own and adds nothing to the rejection. "The UN will send aid, the WFP said": the verb of saying
    is attached to the act. "Britain mobilised reservists while UN inspectors said they needed more
    time" and "X met Y, and he later said the talks were useful" are statements of their own.
    """
    verb = statement.trigger
    if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children) and verb.dep_ != "ROOT":
        return True
    for act in acts:
        if act.anchor.head.i == verb.i and act.anchor.dep_ in {"ccomp", "parataxis", "advcl", "xcomp"}:
            return True
        if act.trigger.head.i == verb.i and act.trigger.dep_ == "dobj":
            return True   # "reiterated its demand", "announced a ban": the verb only voices the act
        if verb.head.i == act.anchor.i and verb.dep_ in {"ccomp", "parataxis"}:
            return True
    return False


def _alleged_by(tok: Token, accusers: set[int]) -> bool:
    """Whether ``tok`` is in the "of"/"for"/"with" complement of one of the ``accusers`` verbs."""
    node = tok
    through_complement = False
    while node.dep_ in {"conj", "pcomp", "pobj", "prep"} and node.head.i != node.i:
        # "accused X of violating its airspace and threatened to ...": a verb coordinated with the
        # accusation itself is the accuser's own act; only what hangs below "of" is alleged.
        through_complement = through_complement or node.dep_ != "conj"
        node = node.head
        if node.i in accusers:
            return through_complement
    return False


def _verbless_main(verb: Token, grammar: Grammar) -> bool:
    """Whether a past participle the parser hung on a noun is really the sentence's main verb."""
    return _verbless_subject(verb, grammar) is not None


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _verbless_subject(verb: Token, grammar: Grammar) -> Token | None:
    """The subject of a main verb the parser misread as a participle on a noun, else None.

    In "Relatives of hostages held by the group protested outside the palace" the parser may read
    "protested" as a second reduced relative ("the group protested ...") and leave the main clause
    without a finite verb (its root a noun, or a bare participle: "..., demanding that ...").
    A participle on a noun, with no agent or auxiliary of its own, the last such in a main clause
    with no finite verb, is that clause's verb; its subject is the noun phrase it grew out of.
    """
    sent = verb.sent
    root = sent.root
    if verb.dep_ != "acl" or verb.tag_ not in {"VBN", "VBD"} or grammar.has("naming_participles", verb.lemma_.lower()):
        return None   # "a newspaper called Thursday ...": naming, the likelier reading
    if any(c.dep_ in {"agent", "aux", "auxpass"} for c in verb.children):
        return None
    if root.pos_ in {"NOUN", "PROPN"}:
        # a finite verb of the main clause ("before the talks continue" is not one)
        if any(t.tag_ in _FINITE_TAGS for t in root.children):
            return None
    elif not (root.tag_ == "VBG" and not any(c.dep_ in {"aux", "auxpass"} for c in root.children)):
        return None
    later = [t for t in sent if t.dep_ == "acl" and t.tag_ in {"VBN", "VBD"} and t.i > verb.i
             and not any(c.dep_ in {"agent", "aux", "auxpass"} for c in t.children)]
    if later:
        return None
    node = verb.head
    for _ in range(12):
        if node.i == root.i:
            return node if node.pos_ in {"NOUN", "PROPN"} and node.i < verb.i else None
        if node.dep_ in {"nsubj", "nsubjpass"} and node.pos_ in {"NOUN", "PROPN"}:
            return node
        node = node.head
    return None


def _in_relative_clause(tok: Token, grammar: Grammar) -> bool:
    """Whether ``tok`` sits in a relative clause or a past-participle modifier of a noun that
    describes rather than reports: "guerrillas who overran it", "Hamas, which advocates ...",
    "a helicopter that was captured", "property seized in the 1970s". A clause set off by a comma
    in which the named party did something in the simple past carries news of its own ("Israel,
    which recalled its ambassadors")."""
    node = tok
    while node.head.i != node.i:
        if node.dep_ == "acl" and node.tag_ == "VBN":
            return not _verbless_main(node, grammar)
        if node.dep_ == "relcl":
            doc = node.doc
            aside = node.left_edge.i > 0 and doc[node.left_edge.i - 1].text == ","
            by_head = any(c.dep_ == "nsubj" and c.lower_ in {"who", "which"} for c in node.children)
            perfect = any(c.dep_ == "aux" for c in node.children)
            return not (aside and by_head and node.tag_ == "VBD" and not perfect)
        node = node.head
    return False


def _dedupe(frames: list[Frame]) -> list[Frame]:
    seen: dict[tuple, Frame] = {}
    for frame in frames:
        key = (frame.trigger.i, frame.source.name if frame.source else None,
               frame.target.name if frame.target else None)
        if key not in seen or frame.confidence > seen[key].confidence:
            seen[key] = frame
    return sorted(seen.values(), key=lambda f: f.trigger.i)
