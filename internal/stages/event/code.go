package event

import (
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/actordict"
	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// A candidate is an event being coded in one sentence.
type candidate struct {
	hit
	source, target []int // mention indexes
	passive        bool
	modality       news.Modality
	negated        bool
	claimant       news.Span
	within         int // index into the sentence's candidates, or -1
	subordinate    bool
	dropped        bool
}

func (c *Coder) codeSentence(s *sentence) {
	doc := s.doc
	for m := s.mentionFrom; m < len(doc.Mentions) && doc.Mentions[m].Sentence <= s.index; m++ {
		if doc.Mentions[m].Sentence != s.index {
			continue
		}
		if doc.Mentions[m].Place {
			s.places = append(s.places, m)
		} else {
			s.mentions = append(s.mentions, m)
		}
	}
	cands := c.triggers(s)
	for k := range cands {
		s.arguments(&cands[k], cands)
	}
	cands = s.demands(cands)
	if len(cands) == 0 {
		return
	}
	cands = mergeSameType(s, cands)
	circumstantial(s, cands)
	s.disasters(cands)
	s.jointExercises(cands)
	s.embed(cands)
	s.purposes(cands)
	speech := s.speechFrames()
	for k := range cands {
		s.modality(cands, k, c.cfg.BackgroundYears)
		cands[k].claimant = s.claimant(cands[k], speech)
		cands[k].subordinate = s.subordinate(cands[k].hit)
	}
	base := len(doc.Events)
	index := make([]int, len(cands))
	n := 0
	for k := range cands {
		if cands[k].dropped {
			index[k] = -1
			continue
		}
		index[k] = base + n
		n++
	}
	for _, cd := range cands {
		if cd.dropped {
			continue
		}
		within := -1
		if cd.within >= 0 && index[cd.within] >= 0 {
			within = index[cd.within]
		}
		first, last := doc.Tokens[cd.First].Span, doc.Tokens[cd.Last-1].Span
		doc.Events = append(doc.Events, news.Event{
			Type: cd.t.Type, Mode: cd.t.Mode,
			Trigger:  news.Span{Start: first.Start, End: last.End},
			Sentence: s.index,
			Source:   cd.source, Target: cd.target,
			Modality: cd.modality, Negated: cd.negated,
			Claimant: cd.claimant, Within: within, Subordinate: cd.subordinate,
			Confidence: confidence(cd),
		})
	}
}

// triggers finds the sentence's triggers, longest first, never inside an
// actor's name ("Popular Mobilization Forces" is not a mobilisation).
func (c *Coder) triggers(s *sentence) []candidate {
	var out []candidate
	for i := s.span.First; i < s.span.Last; {
		if s.mentionAt(i) >= 0 {
			i++
			continue
		}
		h, ok := c.lex.match(s.norms, i-s.span.First, len(s.norms))
		if !ok && s.afterBe(i) {
			h, ok = c.lex.matchPassive(s.norms, i-s.span.First)
		}
		if ok && h.t.verb && h.Last-h.First == 1 && c.lex.passiveStop(s.norms, i-s.span.First) {
			ok = false
		}
		if !ok {
			i++
			continue
		}
		h.First += s.span.First
		h.Last += s.span.First
		h.head += s.span.First
		// A speech act phrase that holds a material trigger ("threaten to
		// attack", "call for * withdrawal") is cut before it, so the attack
		// is coded too, as what was threatened.
		if embeds[h.t.Type] != "" {
			for j := h.First + 1; j < h.Last; j++ {
				if h2, ok := c.lex.match(s.norms, j-s.span.First, len(s.norms)); ok && embeds[h2.t.Type] == "" && s.mentionAt(j) < 0 {
					h.Last = j
					if h.head >= j {
						h.head = h.First
					}
					break
				}
			}
		}
		if h.First > s.span.First && token.IsCapitalized(s.w(h.First)) && !s.headline() {
			i++ // a name: "Operation Inherent Resolve", "the town of Hit"
			continue
		}
		if !plausible(s, h) {
			// "the raid": not the verb; perhaps the noun.
			h2, ok := c.lex.matchKind(s.norms, i-s.span.First, len(s.norms), true)
			if !ok {
				i++
				continue
			}
			h2.First += s.span.First
			h2.Last += s.span.First
			h2.head += s.span.First
			h = h2
		} else if h.t.verb && len(h.t.elems) == 1 && h.First == s.span.First && !strings.HasSuffix(s.n(h.First), "ing") {
			// A one-word verb opening a sentence has no subject: "Protest
			// leaders met", "Attack kills five". Read it as the noun when
			// the lexicon has one. ("Meeting Kadhimi, Biden said" opens
			// with a participle: a verb.)
			if h2, ok := c.lex.matchKind(s.norms, i-s.span.First, len(s.norms), true); ok {
				h2.First += s.span.First
				h2.Last += s.span.First
				h2.head += s.span.First
				h = h2
			}
		}
		if s.insideName(h) || s.supportAside(h) || s.modifiesAgent(h) {
			i++
			continue
		}
		if h.t.Type != None {
			out = append(out, candidate{hit: h, within: -1, modality: news.Asserted})
		}
		i = h.Last
	}
	return out
}

// headline reports whether the sentence is in title case or capitals, as
// headlines are: most of its longer words start with a capital.
func (s *sentence) headline() bool {
	if s.isHeadline == 0 {
		s.isHeadline = -1
		if token.Headline(s.doc.Text, s.doc.Tokens[s.span.First:s.span.Last]) {
			s.isHeadline = 1
		}
	}
	return s.isHeadline > 0
}

var nounContext = set("general hunger labour labor nationwide national indefinite open-ended teachers workers day week month year")

// insideName reports a trigger that is part of an actor's name ("Popular
// Mobilization Forces", "Protection Units"): its head lies in a mention
// that begins at or before the trigger. A trigger that only ends in an
// actor word ("massing of troops", "suicide bomber") is not inside one.
// modifiesAgent reports a noun trigger that only qualifies the generic
// agent after it: "aid workers", "border patrol agents", "protest
// leaders" are people, not events.
func (s *sentence) modifiesAgent(h hit) bool {
	if h.t.verb || h.Last >= s.span.Last {
		return false
	}
	m := s.mentionAt(h.Last)
	return m >= 0 && s.doc.Mentions[m].First == h.Last && actordict.Country(s.doc.Mentions[m].Code) == ""
}

func (s *sentence) insideName(h hit) bool {
	m := s.mentionAt(h.head)
	return m >= 0 && s.doc.Mentions[m].First <= h.First
}

// supportAside reports ", supported by X," and the like: a phrase naming an
// ally of the clause's subject, not an event of its own.
func (s *sentence) supportAside(h hit) bool {
	if !h.t.verb || h.First == s.span.First || s.n(h.First-1) != "," || s.n(h.Last) != "by" {
		return false
	}
	switch s.n(h.First) {
	case "supported", "backed", "aided", "assisted", "helped", "joined", "accompanied", "escorted":
		return true
	}
	return false
}

// plausible rejects verb triggers used as something else: a verb form
// after a determiner is a noun ("the attack", fine for noun entries only),
// and an -ing or -ed form right before a noun modifying it is an adjective
// ("the retreating", kept) — only the determiner test is cheap and safe.
func plausible(s *sentence, h hit) bool {
	if !h.t.verb || h.First == s.span.First {
		return true
	}
	prev := s.n(h.First - 1)
	// "a four-day strike", "a general strike", "the 2019 strike": a
	// compound or an adjective of time or scope before a one-word verb
	// pattern makes it a noun.
	// "three protest leaders" is a noun; "at least one struck near Erbil"
	// a verb.
	countedNoun := numberWords[prev] && h.Last < s.span.Last && s.doc.Tokens[h.Last].Kind == news.Word && !prepositions[s.n(h.Last)] && !determiners[s.n(h.Last)]
	if len(h.t.elems) == 1 && (prev == "-" || s.doc.Tokens[h.First-1].Kind == news.Number || countedNoun || nounContext[prev]) {
		return false
	}
	// "its long-threatened invasion", "a much-delayed withdrawal": a
	// participle in a compound adjective, whatever the pattern's length.
	if prev == "-" && strings.HasSuffix(s.n(h.First), "ed") {
		return false
	}
	switch prev {
	case "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "s":
		// "the strike", "their support": a noun. Accept when the lexicon
		// has the same word as a noun of the same type; otherwise reject.
		return false
	}
	return true
}

// arguments fills the candidate's source and target from the clause.
func (s *sentence) arguments(cd *candidate, cands []candidate) {
	s.actorArguments(cd, cands)
	if len(cd.target) == 0 {
		cd.target = s.placeTarget(cd.Last)
	}
}

func (s *sentence) actorArguments(cd *candidate, cands []candidate) {
	cd.passive = s.isPassive(cd.hit)
	if cd.passive {
		cd.target = s.subject(cd.First)
		cd.source = s.byAgent(cd.Last)
		return
	}
	if cd.t.verb {
		cd.source = s.subject(cd.First)
		if prev := s.coordinatedVerb(cd, cands); prev != nil {
			// "A bombing killed one soldier and wounded two others": the
			// second verb shares the first one's subject.
			cd.source = prev.source
		}
		inGap := s.mentionsIn(cd.First+1, cd.Last)
		cd.target = s.object(cd.Last)
		if len(cd.target) == 0 || possessedObject[cd.t.Type] && s.possessors(inGap) {
			// "the strike that hit the base": nothing; a gap may hold the
			// object ("sent US troops to ..."). For what is said about an
			// object ("rejected North Korea's demand", "welcomed Iraq's
			// decision") the actor in it is the target.
			cd.target = inGap
		}
		return
	}
	// A noun: "US airstrikes", "the coalition's airstrikes", "airstrikes by
	// the coalition on ISIS", "an ISIS attack on Iraqi forces".
	if by := s.byAgent(cd.Last); len(by) > 0 {
		cd.source = by
	} else if m := s.modifier(cd.First); len(m) > 0 {
		cd.source = m
	} else if subj := s.subject(cd.First); len(subj) > 0 && !s.triggerBetween(cands, s.doc.Mentions[subj[0]].Last, cd.First) &&
		!s.participleBetween(s.doc.Mentions[subj[0]].Last, cd.First) {
		// "ISIS launched an offensive", "US forces took part in the raid":
		// the clause's subject did it. A noun that is the object of another
		// event's verb ("Washington blames militias for the attack") or of a
		// participle ("jets bombed the camps, prompting protests") is not
		// that subject's doing.
		cd.source = subj
	}
	cd.target = s.nounTarget(cd.Last)
}

// possessedObject are the types whose verb-object patterns take an
// actor's act or statement as object ("rejected Iran's offer"): that
// actor is the target.
var possessedObject = map[string]bool{"REJECT": true, "ACCUSE": true, "SUPPORT": true}

// possessors reports mentions that all own the noun after them: a
// possessive ("North Korea's demand") or a country adjective ("an Indian
// proposal").
func (s *sentence) possessors(ms []int) bool {
	for _, m := range ms {
		mm := s.doc.Mentions[m]
		if !mm.Adjective && s.n(mm.Last) != "s" {
			return false
		}
	}
	return len(ms) > 0
}

// coordinatedVerb returns the candidate whose verb this verb trigger is
// coordinated with ("killed one soldier and wounded two"), or nil.
func (s *sentence) coordinatedVerb(cd *candidate, cands []candidate) *candidate {
	if s.n(cd.First-1) != "and" {
		return nil
	}
	for k := len(cands) - 1; k >= 0; k-- {
		p := &cands[k]
		if p.First >= cd.First {
			continue
		}
		if cd.First-p.Last > 12 {
			return nil
		}
		if s.n(p.First-1) == "to" {
			continue // "urged residents to stand up ... and called on": not "stand"
		}
		for j := p.Last; j < cd.First-1; j++ {
			if barriers[s.n(j)] || s.n(j) == "," {
				return nil
			}
		}
		if !p.t.verb {
			return nil
		}
		return p
	}
	return nil
}

// triggerBetween reports a trigger of another candidate inside tokens
// [from, to).
func (s *sentence) triggerBetween(cands []candidate, from, to int) bool {
	for _, c := range cands {
		if c.head >= from && c.head < to {
			return true
		}
	}
	return false
}

// Prepositions after which a mention is not a clause's subject.
var prepositions = set("of in at on near from against with to for by over into onto toward towards across within through throughout between among after before during under about than via including like alongside behind outside inside around upon")

// Words that end the search for a subject or object.
var barriers = set("; : but while whereas although though because since unless if when where which who whom whose that after before as said says told according")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// subject returns the mentions that act as subject of a trigger at token
// i: the nearest mention to its left that is not inside a prepositional
// phrase, an apposition or a "supported by" phrase, with what it is
// coordinated with.
//
// Allies named in a support phrase ("Iraqi forces, supported by the PMF,
// advanced") follow the subject in the list.
func (s *sentence) subject(i int) []int {
	var allies []int
	depth := 0 // inside a pair of brackets
	for j := i - 1; j >= s.span.First; j-- {
		w := s.n(j)
		if w == ")" {
			depth++
		}
		if w == "(" && depth > 0 {
			depth--
			continue
		}
		if pronouns[w] && depth == 0 && s.reportedBefore(j) {
			// "Syria says it is willing to withdraw": "it" is the speaker.
			return s.speaker(j)
		}
		if w == "," && j+1 < i && depth == 0 && s.participleBetween(j, j+2) {
			// "bombed the camps, prompting protests": the participle's
			// subject is the clause before, the protests are not its doing.
			// (A participle trigger itself, ", killing three", has it.)
			return nil
		}
		if barriers[w] && depth == 0 {
			// "that" after a noun ("the base that ISIS attacked") still
			// leaves a subject to the right of it; we stop regardless.
			return nil
		}
		if m := s.mentionAt(j); m >= 0 && depth == 0 {
			mm := s.doc.Mentions[m]
			j = mm.First
			if s.inAside(mm.First) {
				allies = append(s.coordinated(m), allies...)
				continue
			}
			// "after Iran-backed militias launched attacks": "after" opens a
			// clause here, and the actor right before the verb is its subject.
			conj := mm.First > s.span.First && conjunctions[s.n(mm.First-1)] && i-mm.Last <= 4
			if mm.First > s.span.First && prepositions[s.n(mm.First-1)] && !s.partitive(mm.First-1) && !conj {
				// "the commander of the Quds Force", "forces in Iraq": skip
				// and keep looking for the head.
				continue
			}
			return append(s.coordinated(m), allies...)
		}
	}
	return nil
}

var pronouns = set("it they he she we")

// conjunctions are prepositions that also open clauses.
var conjunctions = set("after before since until as")

// partitive reports "of" after a quantity ("thousands of protesters",
// "dozens of militants", "some 200 of the troops"): the actor after it is
// the head of the noun phrase.
func (s *sentence) partitive(of int) bool {
	if s.n(of) != "of" || of == s.span.First {
		return false
	}
	return quantityWords[s.n(of-1)] || s.doc.Tokens[of-1].Kind == news.Number
}

var quantityWords = set("thousands hundreds dozens millions scores tens some many most several number numbers group groups members supporters crowd crowds hundred thousand dozen million all both none majority")

// reportedBefore reports a reporting verb shortly before token i, with at
// most "that" between: "said it", "says they", "announced that it".
func (s *sentence) reportedBefore(i int) bool {
	for j := i - 1; j >= s.span.First && j >= i-3; j-- {
		w := s.n(j)
		if reporting[w] || w == "say" || w == "state" {
			return true
		}
		if w != "that" && !adverb(w) {
			return false
		}
	}
	return false
}

// speaker returns the subject of the reporting verb before token i.
func (s *sentence) speaker(i int) []int {
	for j := i - 1; j >= s.span.First; j-- {
		if reporting[s.n(j)] || s.n(j) == "say" {
			return s.subject(j)
		}
	}
	return nil
}

// inAside reports whether token i sits in ", supported by X," or an
// apposition ", the commander of X,": a comma to its left with no comma
// between, and the phrase after the comma not the start of the clause.
func (s *sentence) inAside(i int) bool {
	for j := i - 1; j >= s.span.First && j >= i-6; j-- {
		switch s.n(j) {
		case "supported", "backed", "aided", "assisted", "joined", "accompanied", "helped":
			return s.n(j+1) == "by" || j+1 == i
		case ",", "and":
			return false
		}
	}
	return false
}

// coordinated returns mention m with the mentions joined to it by "and",
// "or" or commas ("the United States and Jordan", "Iraqi, Kurdish and US
// forces").
func (s *sentence) coordinated(m int) []int {
	out := []int{m}
	ms := s.mentions
	pos := -1
	for k, x := range ms {
		if x == m {
			pos = k
		}
	}
	joined := func(a, b news.Mention) bool {
		first := b.First
		if first-a.Last >= 2 && s.n(first-1) == "the" {
			first-- // "Israel and the Palestinians"
		}
		gap := first - a.Last
		if gap == 1 {
			w := s.n(a.Last)
			return w == "and" || w == "or" || w == "," || w == "&"
		}
		return gap == 2 && s.n(a.Last) == "," && s.n(a.Last+1) == "and"
	}
	for k := pos - 1; k >= 0 && joined(s.doc.Mentions[ms[k]], s.doc.Mentions[ms[k+1]]); k-- {
		out = append([]int{ms[k]}, out...)
	}
	for k := pos + 1; k < len(ms); k++ {
		prev, next := s.doc.Mentions[ms[k-1]], s.doc.Mentions[ms[k]]
		if !joined(prev, next) {
			break
		}
		if s.n(prev.Last) == "," && actordict.Country(next.Code) == "" && actordict.Country(prev.Code) != "" {
			// "Qassem Soleimani, commander of the Quds Force, and Abu Mahdi
			// al-Muhandis": the agent after the comma is an apposition;
			// the list goes on after it with ", and".
			if k2 := s.afterApposition(ms, k); k2 > 0 {
				out = append(out, ms[k2])
				k = k2
				continue
			}
			break
		}
		out = append(out, ms[k])
	}
	return out
}

// afterApposition returns the index in ms of the actor that continues a
// list after the apposition starting at ms[k] (", and X"), or 0.
func (s *sentence) afterApposition(ms []int, k int) int {
	start := s.doc.Mentions[ms[k]].Last
	for j := start; j < s.span.Last && j < start+15; j++ {
		w := s.n(j)
		if barriers[w] && w != "that" || beForms[w] {
			return 0
		}
		if w == "," && s.n(j+1) == "and" {
			for k2 := k + 1; k2 < len(ms); k2++ {
				if s.doc.Mentions[ms[k2]].First == j+2 {
					return k2
				}
			}
			return 0
		}
	}
	return 0
}

// object returns the mentions right after a verb trigger ending at token i:
// its direct object, or the object of a preposition that follows it
// ("struck ISIS", "fired on the protesters", "withdrew from Syria").
func (s *sentence) object(i int) []int {
	generic := -1
	for j := i; j < s.span.Last && j < i+8; j++ {
		w := s.n(j)
		if barriers[w] && !(j == i && w == "that") || w == "," || w == "and" && j > i || w == "by" {
			break
		}
		if m := s.mentionAt(j); m >= 0 {
			// "offered its troops to Lebanon": a generic agent is often
			// part of the object phrase; an actor with a country after it
			// is the recipient.
			if actordict.Country(s.doc.Mentions[m].Code) != "" {
				return s.coordinated(m)
			}
			if generic < 0 {
				generic = m
			}
			j = s.doc.Mentions[m].Last - 1
		}
	}
	if generic >= 0 {
		return s.coordinated(generic)
	}
	return nil
}

// placeTarget returns a place named in the clause after token i ("arrived
// in Amman", "lifted the curfew in Montenegro"), for events with no other
// target.
func (s *sentence) placeTarget(i int) []int {
	for _, m := range s.places {
		mm := s.doc.Mentions[m]
		if mm.First < i || mm.First > i+10 {
			continue
		}
		for j := i; j < mm.First; j++ {
			if barriers[s.n(j)] || s.n(j) == "," {
				return nil
			}
		}
		return []int{m}
	}
	return nil
}

// byAgent returns the mention after "by" following token i: the agent of a
// passive ("was shot down by Iranian forces") or of a noun ("attacks by
// ISIS").
func (s *sentence) byAgent(i int) []int {
	for j := i; j < s.span.Last && j < i+6; j++ {
		w := s.n(j)
		if w == "by" {
			return s.phraseObject(j + 1)
		}
		if barriers[w] || w == "," {
			return nil
		}
	}
	return nil
}

// phraseObject returns the first mention in the few words from token i,
// the object of a preposition just before it, or nil at a clause boundary.
func (s *sentence) phraseObject(i int) []int {
	for k := i; k < s.span.Last && k < i+4; k++ {
		if m := s.mentionAt(k); m >= 0 {
			return s.coordinated(m)
		}
		if barriers[s.n(k)] || s.n(k) == "," {
			return nil
		}
	}
	return nil
}

// modifier returns a mention right before a noun trigger at token i: "US
// airstrikes", "an ISIS attack", "the coalition's strikes", "Turkish-led
// operation".
func (s *sentence) modifier(i int) []int {
	for j := i - 1; j >= s.span.First && j >= i-4; j-- {
		if m := s.mentionAt(j); m >= 0 {
			return s.coordinated(m)
		}
		switch s.n(j) {
		case "s", "-", "led", "backed", "new", "latest", "joint", "major", "fresh", "large", "massive", "deadly", "suspected", "apparent",
			"tank", "artillery", "mortar", "rocket", "missile", "drone", "air", "naval", "sniper", "heavy", "gun", "cross", "border":
			continue
		}
		return nil
	}
	return nil
}

// nounTarget returns the target of a noun trigger ending at token i:
// "attack on the base", "strikes against ISIS", "protest against the
// government", "aid to Iraq", "sanctions on Iran".
func (s *sentence) nounTarget(i int) []int {
	for j := i; j < s.span.Last && j < i+3; j++ {
		switch s.n(j) {
		case "on", "against", "targeting", "upon", "to", "for", "with", "at", "of", "into", "between", "toward", "towards":
			return s.phraseObject(j + 1)
		case "by":
			continue
		}
	}
	return nil
}

// placeIn reports a place named inside tokens [from, to).
func (s *sentence) placeIn(from, to int) bool {
	for _, m := range s.places {
		if mm := s.doc.Mentions[m]; mm.First >= from && mm.Last <= to {
			return true
		}
	}
	return false
}

// mentionsIn returns the mentions inside tokens [from, to).
func (s *sentence) mentionsIn(from, to int) []int {
	var out []int
	for _, m := range s.mentions {
		if mm := s.doc.Mentions[m]; mm.First >= from && mm.Last <= to {
			out = append(out, m)
		}
	}
	return out
}

// afterBe reports a form of "be" (with at most two adverbs or a modal
// between) before token i: "were sent", "would be deployed".
func (s *sentence) afterBe(i int) bool {
	for j := i - 1; j >= s.span.First && j >= i-3; j-- {
		p := s.n(j)
		if beForms[p] {
			return true
		}
		if !adverb(p) {
			return false
		}
	}
	return false
}

var beForms = set("is are was were be been being am got get gets")

// isPassive reports whether a verb trigger is in the passive voice: a form
// of "be" (with at most two adverbs between) before a past participle.
func (s *sentence) isPassive(h hit) bool {
	if !h.t.verb {
		return false
	}
	w := s.n(h.First)
	if len(w) < 3 || !(w[len(w)-2:] == "ed" || w[len(w)-2:] == "en" || irregularParticiple[w]) {
		return false
	}
	return s.afterBe(h.First)
}

var irregularParticiple = set("shot struck hit held seized taken killed fought sent led met made put set cut caught thrown brought hurt beaten forced bought sold kept left lost told")

func adverb(w string) bool {
	return len(w) > 3 && w[len(w)-2:] == "ly" || w == "not" || w == "also" || w == "reportedly" || w == "n't" || w == "never" || w == "then"
}

// mergeSameType joins two triggers of the same type with no actor or
// clause boundary between them: "US airstrike kills Iranian commander" and
// "killed in an airstrike" are one assault each. The verb stays the event;
// it takes the noun's mode and any argument it lacks.
func mergeSameType(s *sentence, cands []candidate) []candidate {
	for k := 0; k+1 < len(cands); k++ {
		a, b := &cands[k], &cands[k+1]
		if a.dropped || b.dropped || a.t.Type != b.t.Type {
			continue
		}
		near := b.First-a.Last <= 3 && len(s.mentionsIn(a.Last, b.First)) == 0 && !s.placeIn(a.Last, b.First)
		// "A US drone strike on a car in eastern Baghdad on Wednesday
		// killed ...": the noun is the verb's subject, with only
		// prepositional phrases between.
		subject := !a.t.verb && b.t.verb && b.First-a.Last <= 12 && s.onlyPhrases(a.Last, b.First)
		if !near && !subject {
			continue
		}
		if subject && len(b.source) > 0 && s.doc.Mentions[b.source[0]].First >= a.Last {
			b.source = nil // the "subject" found was inside a phrase
		}
		between := false
		for j := a.Last; j < b.First; j++ {
			if barriers[s.n(j)] || s.n(j) == "," {
				between = true
			}
		}
		if between || a.t.verb && b.t.verb {
			continue
		}
		keep, drop := b, a // the noun goes, the verb stays
		if a.t.verb {
			keep, drop = a, b
		}
		if len(keep.source) == 0 {
			keep.source = drop.source
		}
		if len(keep.target) == 0 {
			keep.target = drop.target
		}
		if keep.t.Mode == "" && drop.t.Mode != "" {
			t := *keep.t
			t.Mode = drop.t.Mode
			keep.t = &t
		}
		if near {
			keep.First, keep.Last = min(keep.First, drop.First), max(keep.Last, drop.Last)
		} else {
			// Far apart, the noun names the event ("drone strike"); the
			// verb, still the head, carries its modality.
			keep.First, keep.Last = drop.First, drop.Last
		}
		drop.dropped = true
	}
	return cands
}

// onlyPhrases reports whether tokens [from, to) are prepositional phrases
// and modifiers only: no comma or clause word, and every actor in them
// introduced by a preposition ("on a car in eastern Baghdad on Wednesday").
func (s *sentence) onlyPhrases(from, to int) bool {
	if from >= to || !prepositions[s.n(from)] {
		return false
	}
	for j := from; j < to; j++ {
		w := s.n(j)
		if w == "," || barriers[w] || beForms[w] || w == "and" || w == "or" {
			return false
		}
	}
	for _, m := range s.mentionsIn(from, to) {
		mm := s.doc.Mentions[m]
		k := mm.First - 1
		for k > from && (s.n(k) == "the" || s.n(k) == "a" || s.n(k) == "an") {
			k--
		}
		if !prepositions[s.n(k)] {
			return false
		}
	}
	return true
}

// disasters drops killings and injuries that the clause puts down to a
// natural or accidental cause: "an earthquake killed 30 people", "three
// soldiers died in a helicopter crash", "a fire at the hospital injured
// dozens". Nobody did these to anybody, so they are not ASSAULTs.
func (s *sentence) disasters(cands []candidate) {
	for k := range cands {
		cd := &cands[k]
		// "Floods drove families from their villages" displaces people, too.
		if cd.dropped || cd.t.Type != "ASSAULT" || cd.t.Mode != "" && cd.t.Mode != "explosives" && cd.t.Mode != "cleansing" || len(cd.source) > 0 {
			continue
		}
		for j := max(s.span.First, cd.First-8); j < min(s.span.Last, cd.Last+6); j++ {
			if j >= cd.First && j < cd.Last {
				continue
			}
			if disasterWords[s.n(j)] {
				cd.dropped = true
				break
			}
		}
	}
}

var disasterWords = set("earthquake earthquakes quake quakes flood floods flooding flash-flood fire fires blaze blazes wildfire wildfires storm storms cyclone hurricane typhoon tornado landslide landslides mudslide avalanche tsunami lightning heatwave drought accident accidents crash crashes collision derailment collapse collapsed epidemic cholera covid covid-19 coronavirus virus pandemic disease stampede electrocuted drowned drowning boiler leak leakage spill accidentally accidental malfunction short-circuit")

// mustTrigger stands for a demand voiced with "must" and no verb of asking.
var mustTrigger = &trigger{Type: "REQUEST", verb: true, text: "must"}

// demands codes reported demands made with "must": "Russia said Sudan must
// return the helicopter" is a REQUEST from Russia to Sudan, as "called on
// Sudan to return" would be. Only when the demanded act has no trigger of
// its own: "said Iraq must expel the troops" already codes the expulsion,
// demanded, which PLOVER's view reads as the request.
func (s *sentence) demands(cands []candidate) []candidate {
	var frames []speechFrame
	for j := s.span.First + 1; j < s.span.Last-1; j++ {
		if s.n(j) != "must" || s.n(j-1) == "we" || s.n(j-1) == "i" || s.n(j-1) == "you" {
			continue
		}
		if frames == nil {
			frames = s.speechFrames()
			if len(frames) == 0 {
				return cands
			}
		}
		var frame *speechFrame
		for f := range frames {
			if frames[f].verb < j && s.doc.Tokens[frames[f].verb].Span.Start > frames[f].claimant.Start {
				frame = &frames[f]
			}
		}
		target := s.subject(j)
		if frame == nil || len(target) == 0 || s.doc.Mentions[target[0]].Span.End <= s.doc.Tokens[frame.verb].Span.End {
			continue // no speaker, or the "must" clause has no actor of its own
		}
		at := len(cands)
		owned := false
		for k, cd := range cands {
			if cd.First > j && cd.First <= j+8 {
				owned = true
			}
			if cd.First > j && at == len(cands) {
				at = k
			}
		}
		if owned {
			continue
		}
		var source []int
		for _, m := range s.mentions {
			if sp := s.doc.Mentions[m].Span; sp.Start >= frame.claimant.Start && sp.End <= frame.claimant.End {
				source = append(source, m)
			}
		}
		cd := candidate{hit: hit{t: mustTrigger, First: j, Last: j + 1, head: j}, source: source, target: target,
			within: -1, modality: news.Asserted}
		cands = slices.Insert(cands, at, cd)
	}
	return cands
}

// jointExercises recodes military exercises held by forces of two or more
// countries ("French and Egyptian warships launched war games") as
// military cooperation, as joint exercises are; one side's drills stay a
// show of readiness (MOBILIZE).
func (s *sentence) jointExercises(cands []candidate) {
	for k := range cands {
		cd := &cands[k]
		if cd.dropped || cd.t.Type != "MOBILIZE" || !exerciseTrigger(s, cd.hit) {
			continue
		}
		countries := map[string]bool{}
		for _, m := range cd.source {
			if c := actordict.Country(s.doc.Mentions[m].Code); len(c) == 3 && c != "---" {
				countries[c] = true
			}
		}
		if len(countries) >= 2 {
			t := *cd.t
			t.Type, t.Mode = "COOPERATE", ""
			cd.t = &t
		}
	}
}

func exerciseTrigger(s *sentence, h hit) bool {
	for j := h.First; j < h.Last; j++ {
		switch s.n(j) {
		case "exercise", "exercises", "drill", "drills", "games", "wargame", "wargames", "maneuvers", "manoeuvres":
			return true
		}
	}
	return false
}

// circumstantial drops noun triggers that only set the scene: the object of
// a preposition ("after talks", "amid unrest", "during the protest") with
// no actor of their own. "After the US strike on Kataib Hezbollah" keeps
// its strike: it names who did what to whom.
func circumstantial(s *sentence, cands []candidate) {
	for k := range cands {
		cd := &cands[k]
		if cd.dropped || cd.t.verb || len(cd.source) > 0 || len(cd.target) > 0 {
			continue
		}
		for j := cd.First - 1; j >= s.span.First && j >= cd.First-4; j-- {
			w := s.n(j)
			if scenePrepositions[w] {
				cd.dropped = true
				break
			}
			if !modifierWord(w) {
				break
			}
		}
	}
}

// Prepositions that set a scene ("after talks", "amid unrest"), unlike
// "of" or "on", which often carry the event itself ("a wave of protests").
var scenePrepositions = set("after before during since amid amidst following despite about regarding concerning throughout")

// modifierWord reports words that may stand between a preposition and its
// noun: determiners, possessives, numbers and common adjectives.
func modifierWord(w string) bool {
	switch w {
	case "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "s", "recent", "latest",
		"new", "last", "ongoing", "continued", "renewed", "further", "more", "such", "any", "some", "no", "two", "several",
		"weeks", "days", "months", "of":
		return true
	}
	return false
}

// confidence scores a coded event: a trigger alone is worth 0.4, a source
// 0.3, a target 0.2, and a verb trigger (less ambiguous than a noun) 0.1.
func confidence(cd candidate) float64 {
	c := 0.4
	if len(cd.source) > 0 {
		c += 0.3
	}
	if len(cd.target) > 0 {
		c += 0.2
	}
	if cd.t.verb {
		c += 0.1
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(c, 'f', 2, 64), 64)
	return f
}

// participleBetween reports a comma then a participle in tokens [from, to).
func (s *sentence) participleBetween(from, to int) bool {
	for j := from; j+1 < to; j++ {
		if s.n(j) == "," {
			if w := s.w(j + 1); len(w) > 4 && strings.HasSuffix(w, "ing") && !token.IsCapitalized(w) {
				return true
			}
		}
	}
	return false
}

// subordinate reports a trigger that its clause puts below another event:
// after a subordinating word ("after", "because of", "as the opposition
// threatened", "who fled") with no clause break between, or in a clause
// that opens with a participle after a comma ("opened fire, killing three";
// "bombed the camps, prompting protests").
func (s *sentence) subordinate(h hit) bool {
	// "joined the demonstrators in demanding", "accused them of
	// attacking", "charged with killing": a gerund after a preposition.
	// "guilty of violating the ceasefire" has no event but the gerund's.
	if h.t.verb && strings.HasSuffix(s.n(h.First), "ing") && gerundPrepositions[s.n(h.First-1)] && !gerundHeads[s.n(h.First-2)] {
		return true
	}
	for j := h.First - 1; j >= s.span.First-1; j-- {
		switch w := s.n(j); w {
		case ",":
			return j > s.span.First && s.participleBetween(j, j+2)
		case ";", ":", "(", ")", "-", "--", "—", "–", "":
			return false
		case "as":
			if p := s.n(j - 1); p != "such" && p != "well" && p != "as" {
				return true
			}
		default:
			if subordinators[w] {
				return true
			}
		}
	}
	return false
}

var determiners = set("the a an this that these those its their his her our my your")

var gerundPrepositions = set("in by for of with without from through on upon")

// gerundHeads are words whose gerund complement is the clause's event.
var gerundHeads = set("guilty responsible capable suspected involved innocent")

var subordinators = set("after following before because since unless if when whenever while whereas although though until amid amidst despite who which whom whose where")
