"""Resolve a noun-phrase head in a parsed article to an actor (CAMEO code, country, role, sponsor).

The resolver reads the phrase around a head token on the dependency parse: names (people with
dated roles, organisations, countries and their capitals), titles and agent nouns ("Iraqi Foreign
Minister", "the military", "militias"), nationality modifiers and possessors ("Iraq's ambassador"),
sponsorship ("Iranian-backed"), "former". Short names, pronouns and definite descriptions ("he",
"Blinken", "the diplomat", "the electoral council") are resolved to earlier full mentions in the same
article; so are regional epithets ("the Caribbean nation", regions.yaml), unplaced spokespersons ("a
ministry spokesperson": the body just named) and groups "from both sides" (the story's two parties).
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from thucydides import places, quotes
from thucydides.actors.kb import KnowledgeBase, Person, norm, role_classes
from thucydides.models import Actor

# Dependencies that stay inside one noun phrase.
_NP_LEFT = {"compound", "amod", "nmod", "poss", "case", "det", "nummod", "npadvmod", "quantmod", "punct", "advmod"}
_NP_RIGHT = {"appos", "compound", "flat", "case", "punct", "npadvmod"}
# Prepositions whose object stays part of a title ("Secretary of State", "ambassador to the US").
_TITLE_PREPS = {"of", "to", "for", "at"}
# Objects of these prepositions name the post's place, not the holder's nationality.
_NOT_NATIONALITY_PREPS = {"to", "at", "in"}
_PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
_THING_PRONOUNS = {"it", "its", "itself"}
_GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
_SPEAKER_PRONOUNS = {"we", "us", "our", "ours", "ourselves", "i", "me", "my"}
_ALL_PRONOUNS = _PERSON_PRONOUNS | _THING_PRONOUNS | _GROUP_PRONOUNS | _SPEAKER_PRONOUNS
_LOCATIVE_PREPS = {"in", "at", "to", "from", "near", "into", "across", "around", "outside", "inside", "toward",
                   "towards", "through"}
# Prepositions that place an actor's surroundings in a country: "militants near Erbil".
_PLACING_PREPS = {"in", "inside", "across", "near", "outside", "around"}
# The most tokens a noun phrase is read with. Real phrases stay under 16 (newswire, PLOVER and the
# samples: 31,000 phrases); a run of hundreds of symbols parsed as one name would otherwise make
# every token of it a mention that rereads the whole run.
_MAX_PHRASE_TOKENS = 32


@dataclass
class Mention:
    """A resolved mention remembered for later short mentions and pronouns."""

    token_i: int
    actor: Actor
    kind: str          # "person" | "group" | "org" | "country"
    head_lemma: str
    person: Person | None = None
    alias: str | None = None   # the person named inside an organisation's phrase ("U.N. rights chief X")


class ActorResolver:
    """Resolves tokens of one parsed article body to :class:`Actor` objects."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, day: date | None) -> None:
        self.kb = kb
        self.doc = doc
        self.day = day
        self.memory: list[Mention] = []
        self.speakers: list[tuple[int, int, Actor]] = []   # (start_char, end_char, speaker) of quotes
        # doc.ents builds new spans on every access: index them once.
        self._entity_at: dict[int, Span] = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
        # The most tokens an agent term can span (a hyphen is a token of its own): longer windows
        # of a noun phrase cannot match, so a phrase of hundreds of tokens costs no more than a short one.
        self._term_tokens = max((len(t.split()) + 2 * t.count("-") for t in kb.agent_terms), default=0)
        # Organisation looked up by (first token, tokens): the phrases of neighbouring heads overlap.
        self._org_at: dict[tuple[int, int], object] = {}
        self.main_country = self._main_country()
        self._cache: dict[int, Actor | None] = {}
        self._guessed: set[int] = set()   # heads whose country came from context, not from the phrase
        self._quoted: list[tuple[int, int]] | None = None   # char spans inside quotation marks (lazy)

    # ------------------------------------------------------------ public
    def prime(self) -> None:
        """Resolve every name and agent mention in order, so later short mentions can refer back."""
        for token in self.doc:
            if token.pos_ in {"PROPN", "NOUN"} and token.dep_ not in {"compound", "amod"}:
                self.resolve(token)

    def guessed_country(self, token: Token) -> bool:
        """Whether the country of ``token``'s actor was taken from context rather than the phrase."""
        return token.i in self._guessed

    def refresh(self) -> None:
        """Forget every resolution and resolve again (after speakers were registered).

        Speakers only change what a first-person pronoun inside a quote stands for; an article with no
        such pronoun would resolve exactly as before, so it is not resolved again.
        """
        if not any(start <= token.idx < end for token in self.doc if token.lower_ in _SPEAKER_PRONOUNS
                   for start, end, _ in self.speakers):
            return
        self._cache.clear()
        self._guessed.clear()
        self.memory.clear()
        self.prime()

    def antecedent(self, token: Token) -> Token | None:
        """The counted group a phrase like "this number" stands for, if it is one."""
        return self._quantity_antecedent(token, self._np_tokens(token))

    def add_speaker(self, start: int, end: int, speaker: Actor) -> None:
        """Register a quote span, so 'we'/'our' inside it resolve to its speaker."""
        self.speakers.append((start, end, speaker))

    def resolve(self, token: Token) -> Actor | None:
        """The actor the phrase headed by ``token`` refers to, or None."""
        if token.i in self._cache:
            return self._cache[token.i]
        self._cache[token.i] = None  # guards against cycles through appositions
        actor = self._resolve(token)
        self._cache[token.i] = actor
        return actor

    def country_word(self, token: Token) -> Actor | None:
        """The country a single word names ("US" in "US Predator attacks"), read without the name
        the tagger may have wrapped it in."""
        code = self.kb.country_of(token.text) if token.pos_ in {"PROPN", "ADJ", "NOUN"} else None
        if code is None:
            return None
        return Actor(text=token.text, name=self._country_name(code), code=code, country=code)

    def phrase(self, token: Token) -> Span:
        """The noun-phrase span the resolver reads for ``token``."""
        tokens = self._np_tokens(token)
        return self.doc[min(t.i for t in tokens): max(t.i for t in tokens) + 1]

    # ------------------------------------------------------------ resolution
    def _resolve(self, token: Token) -> Actor | None:
        low = token.lower_
        # "US" is a country, "us" a pronoun: case decides.
        if token.pos_ == "PRON" or (token.text.islower() and low in _ALL_PRONOUNS):
            return self._pronoun(token)
        # A head inside a name ("Blinken" in "Antony Blinken") is resolved through the name's head.
        if token.dep_ in {"compound", "flat"} and token.head.pos_ == "PROPN" and token.head.i != token.i:
            return self.resolve(token.head)
        # A country named as the head stands for itself, whatever its apposition says
        # ("Romania, a NATO member, summoned ...").
        if token.pos_ == "PROPN" and token.dep_ not in {"compound", "amod"}:
            own_name = self._name_text(token)
            own_country = self.kb.country_of(own_name)
            modifiers = [c for c in token.children if c.dep_ in {"compound", "amod"} and c.i < token.i]
            if own_country and not modifiers and norm(own_name) not in self.kb.organisations:
                actor = Actor(text=own_name, name=self._country_name(own_country), code=own_country,
                              country=own_country)
                self._remember(token, actor, "country")
                return actor
        tokens = self._np_tokens(token)
        span_text = self.doc[min(t.i for t in tokens): max(t.i for t in tokens) + 1].text
        member = self._named_member(token)
        if member is not None:
            return member.model_copy(update={"text": span_text})
        counted = self._counted_group(token)
        if counted is not None:
            # "a wave of Russian drones", "thousands of protesters": the drones, the protesters.
            return counted.model_copy(update={"text": span_text})
        followed = self._followed(token)
        if followed is not None:
            actor = Actor(text=span_text, name=span_text, code=_compose(followed.country, followed.role),
                          country=followed.country, role=followed.role)
            self._remember(token, actor, "group")
            return actor
        antecedent = self._quantity_antecedent(token, tokens)
        if antecedent is not None:
            found = self.resolve(antecedent)
            return found.model_copy(update={"text": span_text}) if found else None
        epithet = self._region_epithet(token)
        if epithet is not None:
            actor = Actor(text=span_text, name=self._country_name(epithet), code=epithet, country=epithet)
            self._remember(token, actor, "country")
            return actor

        envoy_of = self._envoy_state(token, tokens)
        if envoy_of is not None:
            # "Russia's U.N. ambassador, Vassily Nebenzia", "France's envoy to NATO": a state's envoy TO
            # an organisation speaks for the state, not for the organisation.
            person = self._person_in(token, tokens)
            actor = Actor(text=span_text, name=person[0].name if person else span_text, code=f"{envoy_of}GOV",
                          country=envoy_of, role="GOV")
            self._remember(token, actor, "person", person[0] if person else None)
            return actor
        person = self._person_in(token, tokens)
        former = any(norm(t.text).rstrip("-") in self.kb.former_cues or t.lower_.startswith("ex-") for t in tokens)
        if person is not None and token.pos_ == "NOUN" and self._name_is_modifier(token, tokens):
            role = self._agent_role(token, tokens)
            if role:
                actor = Actor(text=span_text, name=span_text, code=_compose(person[0].country, role),
                              country=person[0].country, role=role)
                self._remember(token, actor, "org")
                return actor
        if person is not None and not former and len(norm(person[1]).split()) == 1:
            # A bare surname later in the story ("Dombrovskis said") is the person as the story first
            # titled him ("EU trade chief Valdis Dombrovskis"), not whatever office his entry gives.
            earlier = self._earlier_person_text(person[1], before=token.i)
            if earlier is not None and earlier.person is person[0]:
                self._remember(token, earlier.actor, "person", earlier.person)
                return earlier.actor.model_copy(update={"text": span_text})
        if person is not None:
            person_obj, name_text = person
            code, role = person_obj.role_on(self.day)
            if former and code and not code.endswith("ELI"):
                code = f"{person_obj.country}ELI"
            if not former and not (code and code[:3] in role_classes().transnational):
                # "U.N. mediator Diego Cordovez", "NATO chief X": the office the phrase names is the
                # organisation's, whatever post the person's entry knows him by.
                name_span = self._person_entity(token, tokens)
                office = self._organisation_in([t for t in tokens if name_span is None or not
                                                name_span.start <= t.i < name_span.end])
                office_code = office.code_on(self.day) if office is not None else None
                if office_code and office_code[:3] in role_classes().transnational:
                    code = office_code
            # An IGO official acting in office speaks for the organisation, not for his nationality:
            # the Secretary-General is IGOUNO / IGO, not IGOUNO / PRT.
            country = code[:3] if code and code[:3] in role_classes().transnational else person_obj.country
            actor = Actor(text=span_text, name=person_obj.name, code=code, country=country,
                          role=_role_of(code, country) or None)
            self._remember(token, actor, "person", person_obj)
            return actor

        org = self._organisation_in(tokens)
        sponsor = self._sponsor(tokens)
        nationality = self._nationality(token, tokens, exclude={sponsor} if sponsor else set())
        role = self._agent_role(token, tokens)
        if role is None and sponsor and norm(token.lemma_) in self.kb.sponsored_group_nouns:
            role = "REB"
        name_span = self._person_entity(token, tokens)

        if org is not None:
            country = org.country or nationality
            code = org.code_on(self.day)

            actor = Actor(text=span_text, name=org.name, code=code, country=country,
                          role=_role_of(code, country) or role, sponsor=org.sponsor or sponsor)
            if name_span is not None and (role or self._name_in_apposition(token, name_span)):
                # "The U.N. human rights chief, Volker Turk": a later "Turk" is this official.
                self._remember_person_alias(token, actor, name_span.text)
            else:
                self._remember(token, actor, "org")
            return actor

        metonym = self.kb.metonyms.get(norm(token.text)) or self.kb.metonyms.get(norm(self._name_text(token)))
        if metonym and not role and not self._is_place_use(token):
            actor = Actor(text=span_text, name=self._country_name(metonym), code=f"{metonym}GOV",
                          country=metonym, role="GOV")
            self._remember(token, actor, "country")
            return actor

        country_here = self.kb.country_of(self._name_text(token)) if token.pos_ in {"PROPN", "NOUN", "ADJ"} else None
        # A people named by ethnicity ("Tamils", "ethnic Albanians") is placed where the sentence
        # places it, else in the country it is mainly associated with.
        ethnic, home = self._ethnic_window([token]) if token.pos_ in {"PROPN", "NOUN", "ADJ"} and not country_here \
            else (False, None)
        if country_here and any(norm(c.text) in self.kb.ethnic_cues for c in token.children if c.i < token.i):
            ethnic, home = True, country_here
        if ethnic and not role:
            # "Iraqi Kurds": a nationality the phrase gives outranks the place they are in.
            stated = next((code for t in tokens if t.i < token.i and t.dep_ in {"amod", "compound"}
                           and (code := self.kb.country_of(t.text))), None)
            country = stated or self._ethnic_country(token, home)
            if country:
                actor = Actor(text=span_text, name=span_text, code=country, country=country)
                self._remember(token, actor, "group")
                return actor
        if country_here and not role:
            actor = Actor(text=span_text, name=self._country_name(country_here), code=country_here,
                          country=country_here)
            self._remember(token, actor, "country")
            return actor

        if name_span is not None:
            # An unknown person: the title in the phrase gives the role, modifiers the country.
            short = self._earlier_person(name_span)
            if short is not None:
                self._remember(token, short.actor, "person", short.person)
                return short.actor.model_copy(update={"text": span_text})
            kin = self._relative_of(token) if nationality is None else None
            if kin is not None:
                # "Kim Yo Jong, the sister of leader Kim Jong Un": family of a known figure, an elite of
                # that figure's country.
                actor = Actor(text=span_text, name=self._full_name(name_span), code=_compose(kin, "ELI"),
                              country=kin, role="ELI")
                self._remember(token, actor, "person")
                return actor
            office = self._apposed_office(token)
            country = nationality
            if country is None and role:
                # "a ministry spokesperson" or "foreign ministry spokeswoman X": the body just named.
                body = self._spoken_for(token, tokens)
                if body is not None:
                    office = office or body
            if office is not None:
                # "The U.N. rights chief, Volker Turk": the name is the office holder the phrase names.
                actor = office.model_copy(update={"text": span_text, "name": self._full_name(name_span)})
                self._remember(token, actor, "person")
                return actor
            if country is None and role:
                # A titled stranger ("Lt. Gen. Prosper Avril resigned ...") most likely belongs to the
                # country the speaker, the sentence's place ("in X", not a country merely named, which
                # may be the one he acts on) or the whole article is about.
                reporter = self._reporter_country(token)
                if reporter and self.main_country and reporter != self.main_country:
                    # "the United States said opposition candidate X had won" (a Caracas story): a
                    # foreign speaker talks about the story's country, not about one of his own.
                    reporter = None
                country = reporter or self._sentence_country(
                    token, exclude=sponsor, located_only=True) or self._other_party(token, self.main_country, sponsor)
                if country:
                    self._guessed.add(token.i)
            code = _compose(country, "ELI" if former else role)
            actor = Actor(text=span_text, name=self._full_name(name_span), code=code, country=country,
                          role=("ELI" if former else role))
            self._remember(token, actor, "person")
            return actor

        if role:
            anaphor = self._definite_anaphor(token, tokens)
            if anaphor is not None:
                actor = anaphor.actor.model_copy(update={"text": span_text})
                self._remember(token, actor, anaphor.kind, anaphor.person)
                return actor
            party = self._party_of_both(token) if nationality is None else None
            if party is not None:
                # "negotiators from both sides held talks in Brussels": the story's parties, not Brussels.
                code = party.code if party.country in role_classes().transnational else _compose(party.country, role)
                actor = Actor(text=span_text, name=span_text, code=code, country=party.country,
                              role=_role_of(code, party.country) or role)
                self._remember(token, actor, "group" if token.tag_ in {"NNS", "NNPS"} else "org")
                return actor
            country = nationality or self._based_in(token)
            body = self._spoken_for(token, tokens) if country is None else None
            if body is not None:
                # "China's commerce ministry said ... a ministry spokesperson said": the ministry speaks.
                actor = body.model_copy(update={"text": span_text})
                self._remember(token, actor, "person")
                return actor
            indefinite = any(t.dep_ == "det" and t.lower_ in {"a", "an", "another", "some", "one"} for t in tokens)
            # A nationality we cannot code ("European", "Western") must not become the local one.
            foreign = any(t.ent_type_ in {"NORP", "GPE"} and t.i != token.i and self.kb.country_of(t.text) is None
                          and norm(t.text) not in self.kb.metonyms and t.lower_ != "pro" and not t.is_punct
                          for t in tokens)
            # "a Western diplomat" may be anyone's; "an Iran-backed militia" is local to the story.
            if country is None and role in role_classes().domestic and not self._has_place_prep(tokens) and not (
                    indefinite and token.tag_ == "NN" and not sponsor) and not foreign:
                # In reported speech an unnamed "army" or "government" is the speaker's own; a proxy
                # or an insurgency is not.
                own_state = (self._reporter_country(token) if not sponsor and role in role_classes().state
                             and token.dep_ in {"nsubj", "nsubjpass"} else None)
                if own_state in role_classes().transnational:
                    own_state = None   # "security forces ..., Amnesty said": a watchdog has no army
                country = own_state or self._other_party(token, self._sentence_country(token, exclude=sponsor) or (
                    self.main_country if self.main_country != sponsor else None), sponsor)
                if country:
                    self._guessed.add(token.i)
            if former:
                role = "ELI"
            code = _compose(country, role)
            owner = self._transnational_owner(tokens, country)
            if owner is not None and not former:
                # "his spokesman" of the U.N. Secretary-General speaks for the U.N. (IGOUNO): an IGO or
                # NGO has no government or army of its own, so "IGOGOV" would code no actor at all.
                code, role = owner.code, _role_of(owner.code, country)
            actor = Actor(text=span_text, name=span_text, code=code, country=country,
                          role=role, sponsor=sponsor)
            lemma = norm(token.lemma_)
            kind = ("group" if token.tag_ in {"NNS", "NNPS"}
                    else "person" if lemma in self.kb.titles or norm(token.text) in self.kb.titles else "org")
            self._remember(token, actor, kind)
            return actor
        if token.pos_ == "NOUN" and token.tag_ == "NN":
            # "The council condemned ..." after "his National Security Council": a definite description
            # with the head noun of an earlier actor (which no agent noun codes alone) is that actor.
            anaphor = self._definite_anaphor(token, tokens)
            if anaphor is not None and anaphor.kind in {"org", "group"}:
                actor = anaphor.actor.model_copy(update={"text": span_text})
                self._remember(token, actor, anaphor.kind, anaphor.person)
                return actor
        return None

    def _full_name(self, name_span: Span) -> str:
        """The whole run of names: the tagger may see only "Hassan" of "Samia Suluhu Hassan"."""
        root = name_span.root
        given = [c.i for c in root.children if c.dep_ == "compound" and c.pos_ == "PROPN"
                 and norm(c.text) not in self.kb.agent_terms and norm(c.text) not in self.kb.titles
                 and norm(c.text) not in self.kb.country_names]
        first = min([root.i, *given])
        return self.doc[min(first, name_span.start): name_span.end].text

    def _name_in_apposition(self, head: Token, name_span: Span) -> bool:
        """Whether a person's name and the phrase's office stand in apposition ("the U.N. rights chief,
        Volker Turk" or "Volker Turk, the U.N. rights chief"): the name is the office holder."""
        root = name_span.root
        if root.dep_ == "appos" and root.head.i == head.i:
            return True
        return name_span.start <= head.i < name_span.end and any(c.dep_ == "appos" for c in head.children)

    def _apposed_office(self, token: Token) -> Actor | None:
        """The actor of the office a name stands in apposition to ("the U.N. rights chief, Volker Turk"),
        when the office is a common-noun phrase that resolves to a coded actor."""
        if token.dep_ != "appos" or token.head.pos_ != "NOUN" or token.head.i == token.i:
            return None
        office = self.resolve(token.head)
        return office if office is not None and office.code else None

    def _spoken_for(self, token: Token, tokens: list[Token]) -> Actor | None:
        """The body a spokesperson with no country of his own speaks for: the latest earlier mention in
        the paragraph of the body his title names ("China's commerce ministry said ... a ministry
        spokesperson said"). None without a body word ("a spokesman") or without such a mention."""
        spokes = next((t for t in tokens if norm(t.lemma_) in self.kb.spokesperson_nouns), None)
        if spokes is None:
            return None
        # The tagger often takes "ministry" before a name for a proper noun: any modifier but a name.
        body = [c for c in spokes.children if c.dep_ in {"compound", "amod"} and c.i < spokes.i
                and c.ent_type_ != "PERSON"]
        if not body:
            return None
        body_head = max(body, key=lambda c: c.i)
        words = [norm(t.text) for t in self.doc[body_head.left_edge.i: body_head.i + 1] if not t.is_punct
                 and t.dep_ not in {"det", "poss"}]
        paragraph_start = self.doc.text.rfind("\n", 0, token.idx) + 1
        for mention in self._before(min(t.i for t in tokens)):
            earlier = self.doc[mention.token_i]
            if earlier.idx < paragraph_start:
                break
            if not mention.actor.country or norm(earlier.lemma_) != norm(body_head.lemma_):
                continue
            if set(words) <= set(norm(mention.actor.text).replace("'s", "").split()):
                return mention.actor
        return None

    def _region_epithet(self, token: Token) -> str | None:
        """The country an epithet like "the Caribbean nation" or "the oil-rich Gulf state" stands for: the
        latest country named before it that lies in the region the epithet names (regions.yaml)."""
        if token.pos_ != "NOUN" or norm(token.lemma_) not in self.kb.epithet_nouns or token.tag_ != "NN":
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        modifiers = sorted((c for c in token.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < token.i),
                           key=lambda c: c.i)
        members: frozenset[str] | None = None
        for mod in modifiers:
            # "West African", "Latin American": the region word with its own modifiers.
            for start in range(mod.left_edge.i, mod.i + 1):
                found = self.kb.regions.get(norm(self.doc[start: mod.i + 1].text))
                if found is not None:
                    members = found
                    break
            if members is not None:
                break
        if members is None:
            return None
        for mention in self._before(token.i, window=1000):
            if mention.actor.country in members and mention.token_i not in self._guessed:
                return mention.actor.country
        return None

    def _party_of_both(self, token: Token) -> Actor | None:
        """For a group "from both sides" / "of the two countries", the first of the story's two parties
        (the two countries or organisations its earlier mentions name most); None for any other phrase
        or when the story has not yet named two parties."""
        duals = [obj for prep in token.children if prep.dep_ == "prep" and prep.lower_ in {"from", "of", "on"}
                 for obj in prep.children if obj.dep_ == "pobj" and norm(obj.lemma_) in self.kb.dual_nouns
                 and obj.tag_ in {"NNS", "NNPS"}
                 and any(c.lower_ in self.kb.dual_words for c in obj.children if c.dep_ in {"det", "nummod", "predet"})]
        if not duals:
            return None
        parties = self._story_parties(token.i)
        return parties[0] if len(parties) == 2 else None

    def _story_parties(self, before: int) -> list[Actor]:
        """The two countries (or organisations' codes) the mentions before token ``before`` name most,
        each as its most frequent actor; ties go to the one named first."""
        counts: Counter[str] = Counter()
        actors: dict[str, Counter[str]] = {}
        first: dict[str, int] = {}
        examples: dict[str, Actor] = {}
        for mention in self.memory:
            country = mention.actor.country
            if mention.token_i >= before or not country or mention.token_i in self._guessed:
                continue
            counts[country] += 1
            first.setdefault(country, mention.token_i)
            code = mention.actor.code or country
            actors.setdefault(country, Counter())[code] += 1
            examples.setdefault(code, mention.actor)
        ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))[:2]
        out = []
        for country in ranked:
            code = actors[country].most_common(1)[0][0]
            out.append(Actor(text=examples[code].text, name=examples[code].name, code=code, country=country,
                             role=_role_of(code, country)))
        return out

    def _envoy_state(self, token: Token, tokens: list[Token]) -> str | None:
        """The state whose envoy to an organisation ``token`` heads ("Russia's U.N. ambassador"), or None.
        The state must own the envoy (possessive or nationality adjective); "the UN's Libya envoy" is the
        organisation's own official, posted to a country."""
        if token.pos_ != "NOUN" or norm(token.lemma_) not in self.kb.envoy_titles:
            return None
        org = self._organisation_in(tokens)
        code = org.code_on(self.day) if org is not None else None
        if not code or code[:3] not in role_classes().transnational:
            return None
        owners = [c for c in token.children if c.dep_ == "poss" or (c.dep_ == "amod" and c.pos_ == "ADJ")]
        for owner in owners:
            state = self.kb.country_of(self._name_text(owner))
            if state and state not in role_classes().transnational:
                return state
        return None

    def _counted_group(self, token: Token) -> Actor | None:
        """What a quantity or collective head counts ("a wave of Russian drones", "dozens of soldiers"),
        when that resolves to an actor with a country; None otherwise (the head is then read alone)."""
        if norm(token.lemma_) not in self.kb.collective_heads and norm(token.text) not in self.kb.collective_heads:
            return None
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for counted in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}):
                    found = self.resolve(counted)
                    if found is not None and found.country:
                        return found
        return None

    def _followed(self, token: Token) -> Actor | None:
        """Supporters of a person or body ("supporters of the junta") are of its country: civilians,
        unless they follow an opposition or an armed group, whose role they share. None when the one
        followed has no country."""
        if norm(token.lemma_) not in self.kb.follower_nouns:
            return None
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for owner in (c for c in prep.children if c.dep_ == "pobj"):
                    found = self.resolve(owner)
                    if found is not None and found.country and found.country not in role_classes().transnational:
                        role = found.role if found.role in {"OPP", "REB", "PTY"} else "CVL"
                        return Actor(text=owner.text, name=found.name, code=_compose(found.country, role),
                                     country=found.country, role=role)
        return None

    def _named_member(self, token: Token) -> Actor | None:
        """'seven countries, including Argentina and Chile': a plural of states that names its members
        stands for the first member named."""
        if token.tag_ != "NNS" or norm(token.lemma_) not in self.kb.member_collectives:
            return None
        for prep in token.children:
            if prep.dep_ == "prep" and norm(prep.text) in self.kb.member_cues:
                for member in (c for c in prep.children if c.dep_ == "pobj"):
                    found = self.resolve(member)
                    if found is not None and found.country:
                        return found
        return None

    # ------------------------------------------------------------ phrase structure
    def _np_tokens(self, head: Token) -> list[Token]:
        out: list[Token] = [head]
        stack = [head]
        while stack and len(out) < _MAX_PHRASE_TOKENS:
            tok = stack.pop()
            for child in tok.children:
                if child in out or len(out) >= _MAX_PHRASE_TOKENS:
                    continue
                dep = child.dep_
                if dep == "punct" and child.text not in {"-", "–", "'", "’"}:
                    continue
                left_ok = child.i < tok.i and dep in _NP_LEFT
                right_ok = child.i > tok.i and dep in _NP_RIGHT
                title_prep = (dep == "prep" and child.lower_ in _TITLE_PREPS and child.i > tok.i
                              and tok.pos_ in {"NOUN", "PROPN"} and self._is_title_word(tok)
                              and any(g.dep_ == "pobj" for g in child.children))
                pobj = dep == "pobj" and tok.dep_ == "prep" and tok in out
                own = self._entity_of(tok)
                same_name = own is not None and (self._entity_of(child) is own or (
                    child.dep_ == "prep" and any(self._entity_of(g) is own for g in child.children)))
                if left_ok or right_ok or title_prep or pobj or same_name:
                    out.append(child)
                    stack.append(child)
        return out

    def _is_title_word(self, token: Token) -> bool:
        return norm(token.lemma_) in self.kb.agent_terms or norm(token.text) in self.kb.titles or (
            token.pos_ == "PROPN" and token.ent_type_ in {"PERSON", "ORG", ""})

    def _name_text(self, token: Token) -> str:
        """The proper name containing ``token`` (its entity, or the run of PROPN compounds)."""
        if token.ent_type_ and token.ent_iob_ != "O":
            ent = self._entity_of(token)
            if ent is not None:
                text = ent.text
                return text[4:] if text.lower().startswith("the ") else text
        parts = [t for t in token.children if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < token.i]
        return " ".join([t.text for t in parts] + [token.text])

    def _entity_of(self, token: Token) -> Span | None:
        return self._entity_at.get(token.i)

    def _person_entity(self, head: Token, tokens: list[Token]) -> Span | None:
        ents = [self._entity_of(t) for t in tokens if t.ent_type_ == "PERSON"]
        ents = [e for e in ents if e is not None and not all(
            norm(t.text) in self.kb.agent_terms or norm(t.lemma_) in self.kb.agent_terms or t.is_punct for t in e)]
        if not ents:
            return None
        containing = [e for e in ents if e.start <= head.i < e.end]
        return containing[0] if containing else max(ents, key=lambda e: e.start)

    def _person_in(self, head: Token, tokens: list[Token]) -> tuple[Person, str] | None:
        candidates: list[str] = []
        ent = self._person_entity(head, tokens)
        if ent is not None:
            candidates.append(ent.text)
        if head.pos_ == "PROPN":
            candidates.append(self._name_text(head))
        candidates += self._propn_runs(tokens)
        for text in candidates:
            cleaned = _strip_titles(text, self.kb)
            if len(norm(cleaned).split()) == 1:
                # A surname after the full name in the same story is that person, whatever namesake
                # (a king, a former minister) the dictionaries also hold under it.
                short = self._earlier_person_text(cleaned)
                if short is not None and short.person is not None:
                    return short.person, cleaned
            for key in (cleaned, text):
                if not key:
                    continue
                # "al-Thani" and "Al Thani" are one name: the dictionaries write both ways.
                people = (self.kb.people_by_name.get(norm(key))
                          or self.kb.people_by_name.get(norm(key).replace("-", " ")))
                if people:
                    return self._pick(people), key
            short = self._earlier_person_text(cleaned)
            if short is not None and short.person is not None:
                return short.person, cleaned
            people = self.kb.people_by_surname.get(norm(cleaned), [])
            if people and len(norm(cleaned).split()) == 1:
                active = [p for p in people if self.day is None or p.role_on(self.day)[1] is not None]
                if len(active) == 1:
                    return active[0], cleaned
        return None

    def _propn_runs(self, tokens: list[Token]) -> list[str]:
        """Maximal runs of proper nouns that are not country or title words: likely names."""
        runs, current = [], []
        for tok in sorted(tokens, key=lambda t: t.i):
            plain = tok.pos_ == "PROPN" and norm(tok.text) not in self.kb.country_names \
                and norm(tok.text) not in self.kb.agent_terms and norm(tok.text) not in self.kb.titles
            if plain and (not current or current[-1].i == tok.i - 1):
                current.append(tok)
                continue
            if len(current) >= 2:
                runs.append(" ".join(t.text for t in current))
            current = [tok] if plain else []
        if len(current) >= 2:
            runs.append(" ".join(t.text for t in current))
        return runs

    def _name_is_modifier(self, head: Token, tokens: list[Token]) -> bool:
        """'the Trump administration': the name only modifies an institution noun."""
        ent = self._person_entity(head, tokens)
        if ent is None:
            return False
        return ent.root.dep_ in {"compound", "nmod"} and ent.root.head.i == head.i and ent.end <= head.i

    def _quantity_antecedent(self, head: Token, tokens: list[Token]) -> Token | None:
        """'This number is expected to fall': the counted group of the previous sentence."""
        if norm(head.lemma_) not in self.kb.quantity_anaphors:
            return None
        if not any(t.dep_ == "det" and t.lower_ in {"this", "that", "the"} for t in tokens) or len(tokens) > 2:
            return None
        sent = head.sent
        if sent.start == 0:
            return None
        previous = self.doc[sent.start - 1].sent
        counted = [t for t in previous if t.pos_ == "NOUN" and any(c.dep_ == "nummod" for c in t.children)]
        return counted[-1] if counted else None

    def _pick(self, people: list[Person]) -> Person:
        if len(people) == 1 or self.day is None:
            return people[0]
        active = [p for p in people if p.role_on(self.day)[1] is not None]
        return (active or people)[0]

    def _organisation_in(self, tokens: list[Token]):
        ordered = sorted(tokens, key=lambda t: t.i)
        best = None
        limit = min(self.kb.max_org_words, len(ordered))
        for size in range(limit, 0, -1):
            for start in range(0, len(ordered) - size + 1):
                window = ordered[start:start + size]
                if window[-1].i - window[0].i != size - 1:
                    continue
                key = (window[0].i, size)
                if key not in self._org_at:
                    self._org_at[key] = self.kb.organisation(self.doc[window[0].i: window[-1].i + 1].text)
                org = self._org_at[key]
                if org is not None and org.fallback and size == 1 and not (
                        window[0].pos_ == "PROPN" or window[0].text.isupper()):
                    continue   # a bulk-dictionary name that is also a word ("Tigers", "tigers")
                if org is not None and start > 0 and self._longer_name(ordered[start - 1], window[0]):
                    continue   # "National Security Council" is no "Security Council"
                if org is not None:
                    best = org
                    break
            if best:
                break
        return best

    def _longer_name(self, before: Token, first: Token) -> bool:
        """Whether ``before`` begins a longer proper name of which an organisation's name is only the
        end: a capitalised word of the same name that is neither a country nor an organisation ("National"
        in "National Security Council"; not "U.N." in "U.N. Security Council")."""
        if before.i != first.i - 1 or before.pos_ != "PROPN" or not before.text[:1].isupper():
            return False
        word = norm(before.text)
        return (word not in self.kb.country_names and word not in self.kb.metonyms
                and self.kb.organisation(before.text) is None and word not in self.kb.agent_terms
                and word not in self.kb.titles)

    def _sponsor(self, tokens: list[Token]) -> str | None:
        for tok in tokens:
            # "pro-Iranian" is tokenised "pro", "-", "Iranian".
            if tok.lower_ == "pro" and tok.i + 2 < len(self.doc) and self.doc[tok.i + 1].text == "-":
                code = self.kb.country_of(self.doc[tok.i + 2].text)
                if code:
                    return code
            low = norm(tok.text)
            for prefix in self.kb.sponsor_prefixes:
                if low.startswith(prefix) and len(low) > len(prefix):
                    code = self.kb.country_of(low[len(prefix):])
                    if code:
                        return code
            if norm(tok.lemma_) in self.kb.sponsor_cues or low in self.kb.sponsor_cues:
                for child in tok.children:
                    code = self.kb.country_of(child.text) or self.kb.metonyms.get(norm(child.text))
                    if code:
                        return code
                # "Iran-backed" may be split with the country as the cue's left neighbour.
                prev = self.doc[tok.i - 2] if tok.i >= 2 and self.doc[tok.i - 1].text == "-" else None
                if prev is not None and (code := self.kb.country_of(prev.text)):
                    return code
        return None

    def _nationality(self, head: Token, tokens: list[Token], exclude: set[str]) -> str | None:
        """The country a phrase's own modifiers give it ("US", "Iraqi", "Iraq's", "of Iraq")."""
        usable = []
        for tok in sorted(tokens, key=lambda t: t.i):
            if tok.i == head.i and head.pos_ == "NOUN":
                continue
            if tok.dep_ == "pobj" and tok.head.lower_ in _NOT_NATIONALITY_PREPS and tok.i != head.i:
                continue
            if any(a.dep_ == "pobj" and a.head.lower_ in _NOT_NATIONALITY_PREPS
                   for a in _ancestors_within(tok, tokens) if a.i != head.i):
                continue
            # "Iran-backed": the backer, not the group's own country; "US-led forces" are the US's.
            if tok.head.i != tok.i and norm(tok.head.lemma_) in self.kb.sponsor_cues:
                continue
            if tok.dep_ == "npadvmod" and norm(tok.head.lemma_) not in self.kb.leading_cues:
                continue
            if tok.i >= 2 and self.doc[tok.i - 1].text == "-" and self.doc[tok.i - 2].lower_ == "pro":
                continue
            usable.append(tok)
        # Longest contiguous window first: "United States" before "States", "Greek Cypriot" before "Greek".
        for size in range(min(4, len(usable)), 0, -1):
            for k in range(len(usable) - size + 1):
                window = usable[k:k + size]
                if window[-1].i - window[0].i != size - 1:
                    continue
                text = self.doc[window[0].i: window[-1].i + 1].text
                code = self.kb.country_of(text)
                if code and self._ethnic_cue(window[0]):
                    code = self._ethnic_country(head, code)      # "ethnic Albanian guerrillas"
                elif code is None:
                    ethnic, home = self._ethnic_window(window)   # "Chechen refugees"
                    if ethnic:
                        code = self._ethnic_country(head, home)
                if code and code not in exclude:
                    return code
        # Only then a possessor: "his Tanzanian counterpart" is Tanzanian whoever "his" is.
        for tok in usable:
            if tok.dep_ != "poss" or tok.i == head.i:
                continue
            code = self.kb.metonyms.get(norm(tok.text))
            if code is None:
                owner = self.resolve(tok)
                code = owner.country if owner else None
            if code and code not in exclude:
                return code
        return None

    def _relative_of(self, token: Token) -> str | None:
        """The country of the known person a name is a relative of: "X, the sister of leader Y",
        "the son of President Y, X", "X, Y's wife". None unless Y is named and placed by the knowledge base."""
        kin = [c for c in token.children if c.dep_ == "appos"]
        if token.dep_ == "appos" and token.head.i != token.i:
            kin.append(token.head)
        for noun in kin:
            if norm(noun.lemma_) not in self.kb.kin_nouns and norm(noun.text) not in self.kb.kin_nouns:
                continue
            relatives = [c for c in noun.children if c.dep_ == "poss"]
            for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
                relatives += [p for p in prep.children if p.dep_ == "pobj"]
            for rel in relatives:
                if rel.pos_ != "PROPN" or rel.i == token.i:
                    continue   # "the mother of a soldier" names no one the knowledge base could place
                actor = self.resolve(rel)
                if actor is not None and actor.country and actor.country not in role_classes().transnational:
                    return actor.country
        return None

    def _transnational_owner(self, tokens: list[Token], country: str | None) -> Actor | None:
        """The possessor ("his" = an IGO official, "the agency's") whose transnational country the phrase
        took, when that possessor has a full code of its own; None for a state or no possessor."""
        if country is None or country not in role_classes().transnational:
            return None
        for tok in tokens:
            if tok.dep_ != "poss":
                continue
            owner = self.resolve(tok)
            if owner is not None and owner.country == country and owner.code and len(owner.code) > 3:
                return owner
        return None

    def _based_in(self, head: Token) -> str | None:
        """'a newspaper based in Beirut', 'a group operating in Iraq': the country of the place a
        placing participle attached to the head names."""
        # "Moslem forces in east Bosnia", "rebels in the Ivory Coast": a group of fighters or people
        # placed by the phrase itself (an office's place, "the ambassador in Baghdad", is no group).
        # Courts, legislatures and police are placed by their seat whatever their number ("a court in
        # Dakar", "police in Lagos").
        own_role = self._agent_role(head, [head])
        placed = (head.tag_ in {"NNS", "NNPS"} and own_role in role_classes().placed_groups) or (
            own_role in role_classes().placed_bodies)
        own = head if placed else None
        for acl in [*(c for c in head.children if c.dep_ == "acl"), *([own] if own is not None else [])]:
            if acl is not own and norm(acl.text) not in self.kb.placing_participles:
                continue
            for prep in acl.children:
                if prep.dep_ == "prep" and prep.lower_ in _PLACING_PREPS:
                    for place in (p for p in prep.children if p.dep_ == "pobj"):
                        code = self._place_country(place)
                        if code is None and place.pos_ == "PROPN":
                            found = places.lookup(place.text)   # "Christian east Beirut": the name alone
                            code = found.country if found is not None else None
                        if code:
                            return code
        return None

    def _ethnic_window(self, window: list[Token]) -> tuple[bool, str | None]:
        """Whether a run of words names an ethnic group (ethnic_groups.yaml), and its home country.

        Only a capitalised word outside a person's or organisation's name counts: "Karen" in
        "Karen rebels" is a people, in "Karen Bass" a name, "Shan" in "Shan-e-Mustafa" a part of one."""
        before, after = window[0].i - 1, window[-1].i + 1
        hyphenated = (before >= 0 and self.doc[before].text == "-") or (
            after < len(self.doc) and self.doc[after].text == "-")
        if hyphenated or not window[0].text[:1].isupper() or any(t.ent_type_ in {"PERSON", "ORG"} and t.ent_iob_ != "O"
                                                    and self._entity_of(t) is not None
                                                    and len(self._entity_of(t)) > len(window) for t in window):
            return False, None
        return self.kb.ethnic_group(self.doc[window[0].i: window[-1].i + 1].text)

    def _ethnic_cue(self, token: Token) -> bool:
        """Whether ``token`` is preceded by a cue like "ethnic" that makes a demonym a people."""
        return token.i > 0 and norm(self.doc[token.i - 1].text) in self.kb.ethnic_cues

    def _ethnic_country(self, head: Token, home: str | None) -> str | None:
        """The country of an ethnic group: the one place the sentence names, else its home."""
        placed = self._sentence_country(head, exclude=None, located_only=True)
        if placed:
            self._guessed.add(head.i)
        return placed or home

    def _agent_role(self, head: Token, tokens: list[Token]) -> str | None:
        ordered = sorted(tokens, key=lambda t: t.i)
        words = [norm(t.lemma_) if t.i == head.i else norm(t.text) for t in ordered]
        texts = [norm(t.text) for t in ordered]
        lemmas = [norm(t.lemma_) for t in ordered]
        reach = self._term_tokens
        # Longest term ending at the head wins ("foreign minister" over "minister").
        head_pos = next(k for k, t in enumerate(ordered) if t.i == head.i)
        for start in range(max(0, head_pos + 1 - reach), head_pos + 1):
            for seq in (words[start:head_pos + 1], texts[start:head_pos + 1]):
                term = " ".join(seq).replace(" - ", "-")
                if term in self.kb.agent_terms:
                    if start == head_pos and words[head_pos] in self.kb.representative_nouns:
                        # "a rebel commander", "police spokesman": the group he speaks for or leads.
                        return self._represented_role(head) or self.kb.agent_terms[term]
                    return self.kb.agent_terms[term]
        if norm(head.lemma_) in self.kb.representative_nouns:
            represented = self._represented_role(head)   # "student leaders" are students
            if represented:
                return represented
        # A body named by its head and an "of" phrase: "the Department of Foreign Affairs", "the Ministry
        # of Defence" (longest term from the head on).
        if head_pos + 1 < len(ordered) and texts[head_pos + 1] == "of":
            for end in range(min(len(ordered), head_pos + reach), head_pos + 2, -1):
                for seq in (texts[head_pos:end], words[head_pos:end]):
                    if " ".join(seq) in self.kb.agent_terms:
                        return self.kb.agent_terms[" ".join(seq)]
        # A person's title standing before the name: "Kenyan Foreign Minister Jane Wanjiru" (an invented name).
        # Only a name takes a title from its modifiers: "military talks" is no military actor.
        if head.pos_ != "PROPN":
            return None
        for k, tok in enumerate(ordered):
            if tok.i == head.i or tok.ent_type_ == "PERSON" and tok.dep_ != "appos":
                continue
            for end in range(min(len(ordered), k + reach), k, -1):
                term = " ".join(lemmas[k:end])
                term_text = " ".join(texts[k:end])
                for candidate in (term_text, term):
                    if candidate in self.kb.agent_terms and len(candidate) > 2:
                        return self.kb.agent_terms[candidate]
        return None

    def _represented_role(self, head: Token) -> str | None:
        """The role of the group a representative noun's modifier names: "student" in "student leaders",
        "foreign ministry" in "foreign ministry spokeswoman"; None when the modifier is no agent term."""
        modifiers = [c for c in head.children if c.dep_ in {"compound", "amod"} and c.i < head.i
                     and c.ent_type_ != "PERSON"]
        if not modifiers:
            return None
        nearest = max(modifiers, key=lambda c: c.i)
        # Longest term ending at the modifier: "foreign ministry" before "ministry".
        for start in range(max(nearest.left_edge.i, nearest.i + 1 - self._term_tokens), nearest.i + 1):
            span = self.doc[start: nearest.i + 1]
            for term in (norm(span.text), " ".join(norm(t.lemma_) for t in span)):
                if term.replace(" - ", "-") in self.kb.agent_terms:
                    return self.kb.agent_terms[term.replace(" - ", "-")]
        return None

    # ------------------------------------------------------------ context
    def _is_place_use(self, token: Token) -> bool:
        if token.dep_ != "pobj" or token.head.lower_ not in _LOCATIVE_PREPS:
            return False
        # "demands from Washington", "an envoy from Beijing": a capital a message or a person comes
        # from is its government; "flew from Beijing" is the place.
        prep = token.head
        owner = norm(prep.head.lemma_)
        return not (prep.lower_ == "from" and prep.head.pos_ == "NOUN"
                    and (owner in self.kb.sent_from_nouns or owner in self.kb.titles))

    def _has_place_prep(self, tokens: list[Token]) -> bool:
        return any(t.dep_ == "prep" and t.lower_ in {"to"} for t in tokens)

    def _reporter_country(self, token: Token) -> str | None:
        """The country of the speaker when ``token`` sits in the clause a verb of saying reports."""
        node = token
        for _ in range(10):
            if node.head.i == node.i:
                return None
            if node.dep_ == "ccomp" and node.head.pos_ == "VERB":
                speaker = [c for c in node.head.children if c.dep_ == "nsubj"]
                if speaker and speaker[0].i != token.i:
                    actor = self.resolve(speaker[0])
                    return actor.country if actor is not None else None
                return None
            node = node.head
        return None

    def _in_quote(self, char: int) -> bool:
        if self._quoted is None:
            self._quoted = quotes.quoted_spans(self.doc.text)   # disjoint, in text order
        k = bisect_right(self._quoted, (char, float("inf"))) - 1
        return k >= 0 and self._quoted[k][0] <= char < self._quoted[k][1]

    def _sentence_country(self, token: Token, exclude: str | None, located_only: bool = False) -> str | None:
        """The one country the sentence places things in ("... in Iraq"), else the one it names.

        A speaker outside a quote is not placed by what the quote says: '"Pakistan respects the
        integrity of Iran," a spokeswoman said' names the country spoken of, not hers."""
        sentence = list(token.sent)
        if not self._in_quote(token.idx):
            sentence = [tok for tok in sentence if not self._in_quote(tok.idx)]
        located = {code for tok in sentence if self._is_scene(tok)
                   and (tok.ent_type_ in {"GPE", "LOC", "FAC"} or tok.pos_ == "PROPN")
                   and not self._is_venue(tok)
                   and (code := self._place_country(tok))
                   and code != exclude}
        if len(located) == 1:
            return next(iter(located))
        if located_only:
            return None
        counts: Counter[str] = Counter()
        for tok in sentence:
            if tok.ent_type_ in {"GPE", "NORP"} and tok.ent_iob_ == "B":
                # "U.S. soldiers", "Iraqi officials": the nationality of another actor in the
                # sentence, often the one acted on, says nothing of where this actor belongs.
                if tok.head.i != token.i and tok.dep_ in {"amod", "compound", "nmod", "poss"} and (
                        norm(tok.head.lemma_) in self.kb.agent_terms or norm(tok.head.text) in self.kb.agent_terms):
                    continue
                if self._is_venue(tok):
                    continue   # "talks in the Cuban capital": the host names none of the parties
                ent = self._entity_of(tok)
                code = self.kb.country_of(ent.text if ent else tok.text)
                if code and code != exclude:
                    counts[code] += 1
        if len(counts) == 1:
            return next(iter(counts))
        return None

    def _is_venue(self, tok: Token) -> bool:
        """Whether a place word only says where a meeting was held: it stands in a prepositional phrase
        on a meeting noun ("talks in Havana", "the summit in the Saudi city of Jeddah")."""
        node = tok
        for _ in range(6):
            if node.head.i == node.i or node.dep_ not in {"amod", "compound", "nmod", "poss", "pobj", "prep", "det"}:
                return False
            if node.dep_ == "prep" and norm(node.head.lemma_) in self.kb.venue_nouns:
                return True
            node = node.head
        return False

    def _acted_on(self, token: Token) -> set[str]:
        """The countries the predicate of a subject names ("The ministry protested the actions of the
        Chinese coast guard", "X raised it with his Chinese counterpart"): the party acted on or spoken
        of, which the subject, with no country of its own, is not."""
        if token.dep_ not in {"nsubj", "nsubjpass"} or token.head.i == token.i:
            return set()
        verb = token.head
        own = {t.i for t in token.subtree}
        out = set()
        for tok in verb.subtree:
            if tok.i in own or tok.ent_iob_ != "B" or tok.ent_type_ not in {"GPE", "NORP"}:
                continue
            if self._is_scene(tok) or self._is_venue(tok):
                continue   # "fired rockets at a base in Iraq": where it happens, not whom it is done to
            ent = self._entity_of(tok)
            code = self.kb.country_of(ent.text if ent else tok.text)
            if code:
                out.add(code)
        return out

    def _other_party(self, token: Token, guess: str | None, exclude: str | None = None) -> str | None:
        """``guess`` for an unplaced actor, unless its own predicate acts on that country: then the other
        of the story's two parties ("The Department of Foreign Affairs protested the actions of the
        Chinese coast guard" in a Philippines-China story is the Philippines')."""
        acted_on = self._acted_on(token) if guess else set()
        if acted_on != {guess}:
            return guess   # a predicate naming several countries ("ordered diplomats of X, Y, Z to leave") is no pair
        others = [p.country for p in self._story_parties(token.i) if p.country not in acted_on
                  and p.country != exclude]
        return others[0] if others and others[0] not in role_classes().transnational else guess

    def _place_country(self, tok: Token) -> str | None:
        """The country a place name lies in: a country or its capital's metonym, else a city or
        region of the gazetteer ("near Erbil" -> IRQ)."""
        name = self._name_text(tok)
        code = self.kb.country_of(name) or self.kb.metonyms.get(norm(name))
        if code is None:
            place = places.lookup(name[4:] if name.lower().startswith("the ") else name)
            code = place.country if place is not None else None
        return code

    def _main_country(self) -> str | None:
        """The country the story is about: the one named most (and more than any other)."""
        counts: Counter[str] = Counter()
        for ent in self.doc.ents:
            text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            if ent.label_ not in {"GPE", "NORP", "LOC"}:
                # The tagger often takes a less-known country for a person or a body ("Niger's", "Mali"):
                # a name that is a country's and nothing longer counts all the same.
                text = text[:-2] if text.endswith(("'s", "’s")) else text
                if ent.label_ in {"PERSON", "ORG"} and norm(text) not in self.kb.organisations \
                        and (code := self.kb.country_of(text) or self.kb.metonyms.get(norm(text))):
                    counts[code] += 1
                continue
            code = self.kb.country_of(text) or self.kb.metonyms.get(norm(text))
            if code:
                counts[code] += 1
        if not counts:
            return None
        (top, n), *rest = counts.most_common(2) + [(None, 0)]
        second = rest[0][1] if rest else 0
        return top if n >= 2 and n > second else None

    @staticmethod
    def _is_scene(token: Token) -> bool:
        """Whether a place name is where something happens: the object of a locative preposition,
        directly or through "of" ("on the outskirts of Niamey", "near the town of Tillaberi")."""
        while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "pobj":
            token = token.head.head
        return token.dep_ == "pobj" and token.head.lower_ in _PLACING_PREPS

    def _country_name(self, code: str) -> str:
        country = self.kb.countries.get(code)
        return country.name if country else code

    # ------------------------------------------------------------ discourse
    def _remember(self, token: Token, actor: Actor, kind: str, person: Person | None = None) -> None:
        if any(m.token_i == token.i for m in self.memory):
            return
        self.memory.append(Mention(token.i, actor, kind, norm(token.lemma_), person))
        self.memory.sort(key=lambda m: m.token_i)

    def _remember_person_alias(self, token: Token, actor: Actor, name: str) -> None:
        if any(m.token_i == token.i for m in self.memory):
            return
        self.memory.append(Mention(token.i, actor, "person", norm(token.lemma_), None, _strip_titles(name, self.kb)))
        self.memory.sort(key=lambda m: m.token_i)

    def _before(self, token_i: int, window: int = 400) -> list[Mention]:
        return [m for m in reversed(self.memory) if m.token_i < token_i and token_i - m.token_i <= window]

    def _earlier_person(self, name_span: Span) -> Mention | None:
        return self._earlier_person_text(name_span.text, before=name_span.start)

    def _earlier_person_text(self, text: str, before: int | None = None) -> Mention | None:
        key = norm(text)
        if not key:
            return None
        for mention in reversed(self.memory):
            if before is not None and mention.token_i >= before:
                continue
            if mention.kind != "person":
                continue
            family_first = mention.person is not None and mention.person.country in self.kb.family_name_first
            for name in (mention.actor.name, mention.alias):
                full = norm(name or "")
                if full and key != full and (full.endswith(" " + key) or key in _short_forms(full, family_first)):
                    return mention
        return None

    def _definite_anaphor(self, head: Token, tokens: list[Token]) -> Mention | None:
        dets = [t for t in tokens if t.dep_ == "det" and t.lower_ in {"the", "this", "that"}]
        modifiers = [t for t in tokens if t.i != head.i and t.dep_ not in {"det", "punct", "case"}]
        if not dets:
            return None
        if modifiers:
            return self._short_form_of(head, modifiers)
        lemma = norm(head.lemma_)
        plural = head.tag_ in {"NNS", "NNPS"}
        synonym = self.kb.synonym_heads.get(lemma)
        for mention in self._before(head.i):
            earlier = self.doc[mention.token_i]
            if not (mention.actor.country or mention.actor.code):
                continue   # "a government that shoots at its own children": a generic, placed nowhere
            if synonym is not None and mention.head_lemma != lemma \
                    and self.kb.synonym_heads.get(mention.head_lemma) == synonym:
                return mention   # "the junta" after "Niger's military rulers": a collective, either number
            if earlier.pos_ == "NOUN" and (earlier.tag_ in {"NNS", "NNPS"}) != plural:
                continue   # "the government" does not take up "several governments"
            if mention.head_lemma == lemma or lemma in norm(mention.actor.text).split():
                return mention
            if mention.person is not None:
                _, role = mention.person.role_on(self.day)
                if role and lemma in norm(" ".join((role.title, *role.titles))).split():
                    return mention
        return None

    def _short_form_of(self, head: Token, modifiers: list[Token]) -> Mention | None:
        """'the electoral council' after 'the National Electoral Council (CNE)': a definite description
        whose words all belong to an earlier mention's name, with the same head noun, is that mention."""
        if any(t.pos_ == "PROPN" or t.ent_type_ in {"GPE", "NORP"} for t in modifiers):
            return None   # "the Iraqi government" names its own country; nothing to take up
        words = {norm(t.text) for t in modifiers} | {norm(head.text)}
        lemma = norm(head.lemma_)
        for mention in self._before(head.i, window=1000):
            earlier = self.doc[mention.token_i]
            if norm(earlier.lemma_) != lemma or not mention.actor.country:
                continue
            name = self.doc[earlier.left_edge.i: earlier.i + 1]
            if len(name) > len(words) and words <= {norm(t.text) for t in name}:
                return mention
        return None

    def _pronoun(self, token: Token) -> Actor | None:
        low = token.lower_
        if low in _SPEAKER_PRONOUNS:
            for start, end, speaker in self.speakers:
                if start <= token.idx < end:
                    return speaker.model_copy(update={"text": token.text})
            return None
        reporter = self._reporting_subject(token)
        if reporter is not None:
            return reporter.model_copy(update={"text": token.text})
        wanted = "person" if low in _PERSON_PRONOUNS else "thing" if low in _THING_PRONOUNS else "group"
        # Subjects are the likeliest antecedents ("Romania, a NATO member, summoned ..., its ministry said").
        candidates = self._before(token.i, window=150)
        candidates = [m for m in candidates if self.doc[m.token_i].dep_ in {"nsubj", "nsubjpass"}] + candidates
        for mention in candidates:
            if wanted == "person" and mention.kind == "person":
                return mention.actor.model_copy(update={"text": token.text})
            if wanted == "thing" and mention.kind in {"org", "country"}:
                return mention.actor.model_copy(update={"text": token.text})
            if wanted == "group" and mention.kind in {"group", "org"}:
                return mention.actor.model_copy(update={"text": token.text})
        return None

    def _reporting_subject(self, token: Token) -> Actor | None:
        """'The Pentagon said that it was committed...': a subject pronoun of a reported clause is the reporter."""
        if token.dep_ not in {"nsubj", "nsubjpass"}:
            return None
        clause = token.head
        if clause.dep_ != "ccomp":
            return None
        verb = clause.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects or subjects[0].i == token.i:
            return None
        actor = self.resolve(subjects[0])
        low = token.lower_
        if actor is None:
            # "Palestinian leaders said they would ...": a group known only by its nationality is
            # still the group the plural pronoun of its own reported clause stands for.
            if low in _GROUP_PRONOUNS and subjects[0].tag_ in {"NNS", "NNPS"}:
                for child in subjects[0].children:
                    if child.dep_ in {"amod", "compound"} and child.i < subjects[0].i:
                        owner = self.resolve(child)
                        if owner is not None and owner.country and owner.code == owner.country:
                            return owner
            return None
        kind = next((m.kind for m in self.memory if m.token_i == subjects[0].i), None)
        if low in _PERSON_PRONOUNS and kind == "person":
            return actor
        if low in _THING_PRONOUNS and kind in {"org", "country"}:
            return actor
        if low in _GROUP_PRONOUNS and kind in {"group", "org"}:
            return actor
        return None


# ------------------------------------------------------------ helpers

def _compose(country: str | None, role: str | None) -> str | None:
    if country and role:
        return country + role if not country.endswith(role) else country
    return country or None


def _role_of(code: str | None, country: str | None) -> str | None:
    if not code:
        return None
    rest = code[3:] if len(code) > 3 else ""
    return rest or None


def _short_forms(full: str, family_first: bool = False) -> set[str]:
    words = full.split()
    forms = {words[-1]} if words else set()
    if family_first and 2 <= len(words) <= 3:
        forms.add(words[0])   # "Xi" of "Xi Jinping"
    if words and words[-1].startswith(("al-", "el-")):
        forms.add(words[-1][3:])
    return forms


def _strip_titles(text: str, kb: KnowledgeBase) -> str:
    """'Secretary of State Antony Blinken' -> 'Antony Blinken' (drop leading title words and adjectives)."""
    words = text.replace("’", "'").split()
    while words and (norm(words[0]) in kb.agent_terms or norm(words[0]) in kb.titles
                     or norm(words[0]) in kb.country_names or norm(words[0]) in kb.former_cues
                     or words[0].lower() in {"the", "of", "for", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."}):
        words = words[1:]
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    return " ".join(words)


def _ancestors_within(token: Token, tokens: list[Token]) -> list[Token]:
    members = {t.i for t in tokens}
    out = []
    cur = token
    while cur.head.i != cur.i and cur.head.i in members:
        cur = cur.head
        out.append(cur)
    return out
