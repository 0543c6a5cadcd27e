package event

import (
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/news"
	"github.com/sitrep-dev/sitrep/internal/token"
)

// embed links an event to the speech act whose complement it is:
// "threatened to attack", "called on US forces to leave", "agreed to
// send", "refused to withdraw". The inner event takes its modality from the
// outer one, and its source from the outer's source (or, for a request,
// from the party asked).
func (s *sentence) embed(cands []candidate) {
	for k := range cands {
		outer := &cands[k]
		if outer.dropped || embeds[outer.t.Type] == "" {
			continue
		}
		for j := k + 1; j < len(cands); j++ {
			inner := &cands[j]
			if inner.dropped {
				continue
			}
			if inner.First-outer.Last > 10 || !s.complement(outer.Last, inner.First) {
				break
			}
			if embeds[inner.t.Type] != "" && inner.t.verb && s.n(inner.First-1) == "and" {
				break // "urged residents to resist and called on Baghdad to": two speech acts
			}
			inner.within = k
			inner.modality = embeds[outer.t.Type]
			if outer.t.Type == "REQUEST" {
				if len(outer.target) > 0 && (len(inner.source) == 0 || overlaps(inner.source, outer.target)) {
					inner.source = outer.target
				}
			} else if len(inner.source) == 0 || overlaps(inner.source, outer.target) {
				inner.source = outer.source
			}
			if overlaps(outer.target, inner.source) || len(outer.target) == 0 {
				outer.target = inner.target
			}
			break
		}
	}
}

// purposes attaches a demand (or, to a protest, a complaint) that states
// the point of another event to that event: "staged demonstrations to demand reforms", "demonstrated in Kirkuk
// calling for independence", "would blockade Paris to demand an end to the
// reform". The demand is the protest's (or the blockade's) content, not a
// second, separate event; it keeps its modality and gets Within.
func (s *sentence) purposes(cands []candidate) {
	for k := range cands {
		d := &cands[k]
		if d.dropped || d.within >= 0 || d.t.Type != "REQUEST" && d.t.Type != "ACCUSE" || d.First == s.span.First {
			continue
		}
		w := s.n(d.First)
		if !(s.n(d.First-1) == "to" || len(w) > 4 && w[len(w)-3:] == "ing") {
			continue
		}
		for j := k - 1; j >= 0; j-- {
			e := cands[j]
			if e.dropped || e.within >= 0 || embeds[e.t.Type] != "" {
				continue
			}
			clean := true
			for i := e.Last; i < d.First; i++ {
				if barriers[s.n(i)] || s.n(i) == ";" {
					clean = false
				}
			}
			// A complaint is the point of a protest only ("rallied to
			// protest the violations"), not of an attack or a visit.
			if clean && d.First-e.Last <= 12 && (d.t.Type == "REQUEST" || e.t.Type == "PROTEST") {
				d.within = j
			}
			break
		}
	}
}

// What the speech act makes of the event it embeds.
var embeds = map[string]news.Modality{
	"AGREE": news.Planned, "REQUEST": news.Demanded, "THREATEN": news.Threatened, "REJECT": news.Denied,
}

// complement reports whether tokens [from, to) join a speech act to its
// complement: "to", "that", "for", or an object then "to" ("urged Iraq to"),
// or nothing but a determiner and adjectives ("ruled out an immediate
// withdrawal", "demanded the release").
func (s *sentence) complement(from, to int) bool {
	if to-from <= 3 {
		direct := true
		for j := from; j < to; j++ {
			if s.mentionAt(j) >= 0 || barriers[s.n(j)] || s.n(j) == "," {
				direct = false
			}
		}
		if direct {
			return true
		}
	}
	for j := from; j < to; j++ {
		switch s.n(j) {
		case "to", "that", "for", "on", "of", "would", "will":
			return true
		case ".", ";", ":", "but", "while", "said":
			return false
		}
	}
	return from == to
}

func overlaps(a, b []int) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// Cue words that change how an event is reported when they come before its
// trigger in the same clause. Each maps to the modality it signals.
var cues = map[string]news.Modality{
	"will": news.Planned, "ll": news.Planned, "shall": news.Planned, "plan": news.Planned, "plans": news.Planned,
	"planned": news.Planned, "planning": news.Planned, "intend": news.Planned, "intends": news.Planned,
	"intended": news.Planned, "scheduled": news.Planned, "expected": news.Planned, "due": news.Planned,
	"willing": news.Planned, "ready": news.Planned, "prepared": news.Planned, "sworn": news.Threatened, "swore": news.Threatened,
	"set": news.Planned, "preparing": news.Planned, "prepares": news.Planned, "poised": news.Planned, "decided": news.Planned,
	"approved": news.Planned, "announced": news.Planned, "aims": news.Planned, "upcoming": news.Planned, "going": news.Planned,
	"would": news.Conditional,
	"may":   news.Possible, "might": news.Possible, "could": news.Possible, "considering": news.Possible,
	"consider": news.Possible, "considers": news.Possible, "weighing": news.Possible, "weighs": news.Possible,
	"mulling": news.Possible, "mull": news.Possible, "mulls": news.Possible, "mulled": news.Possible, "weigh": news.Possible,
	"refrained": news.Denied, "refrain": news.Denied, "refrains": news.Denied, "short": news.Denied, "failing": news.Conditional,
	"failed": news.Denied, "fail": news.Denied, "fails": news.Denied,
	"want": news.Planned, "wants": news.Planned, "wanted": news.Planned, "seek": news.Planned, "seeks": news.Planned,
	"seeking": news.Planned, "sought": news.Planned, "hope": news.Planned, "hopes": news.Planned, "hoping": news.Planned,
	"once": news.Conditional, "to": news.Planned, "contemplating": news.Possible, "exploring": news.Possible, "studying": news.Possible,
	"possible": news.Possible, "possibly": news.Possible, "potential": news.Possible, "likely": news.Possible,
	"option": news.Possible, "options": news.Possible, "perhaps": news.Possible, "unconfirmed": news.Possible,
	"rumoured": news.Possible, "rumored": news.Possible, "rumors": news.Possible, "rumours": news.Possible, "proposed": news.Possible,
	"proposal": news.Possible, "debating": news.Possible, "discussing": news.Possible, "reviewing": news.Possible,
	"must": news.Demanded, "urged": news.Demanded, "urge": news.Demanded, "urges": news.Demanded, "demanded": news.Demanded, "demand": news.Demanded,
	"demands": news.Demanded, "demanding": news.Demanded, "called": news.Demanded, "calls": news.Demanded, "calling": news.Demanded,
	"pressed": news.Demanded, "pressing": news.Demanded, "presses": news.Demanded, "insisted": news.Demanded, "asked": news.Demanded, "appealed": news.Demanded,
	"threatened": news.Threatened, "threatens": news.Threatened, "threatening": news.Threatened, "threaten": news.Threatened,
	"warned": news.Threatened, "vowed": news.Threatened, "vows": news.Threatened,
	"denied": news.Denied, "denies": news.Denied, "deny": news.Denied, "denying": news.Denied, "refused": news.Denied,
	"refuses": news.Denied, "rejected": news.Denied, "rejects": news.Denied, "dismissed": news.Denied, "ruled": news.Denied,
	"rules": news.Denied, "ruling": news.Denied,
	"if": news.Conditional, "unless": news.Conditional, "case": news.Conditional, "provided": news.Conditional, "should": news.Conditional,
}

// Words that end a cue's reach: a cue before one of these governs another
// clause.
var scopeEnd = set("; : but while whereas although though because since after before when which who whom whose where , and")

var negations = set("not n't never no without neither nor none nothing")

// modality decides the modality, negation and background of candidate k.
func (s *sentence) modality(cands []candidate, k int, backgroundYears int) {
	cd := &cands[k]
	if cd.dropped {
		return
	}
	embedded := cd.within >= 0
	found := news.Asserted
	negated := false
	sawSay := false
	// Walk left from the trigger to the start of its clause.
	start := cd.First
	// "held no talks", "will make no concessions": a negation inside the
	// trigger's own phrase.
	for j := cd.First + 1; j < cd.Last; j++ {
		if negations[s.n(j)] && !pseudoNegation(s, j) { // "delivered not only food"
			negated = true
		}
	}
	// Walk left from the word that carries the event: for a verb merged
	// with a noun before it ("a curfew will be imposed") that is the verb.
	from := cd.First
	if cd.t.verb && cd.head > cd.First {
		from = cd.head
	}
	for j := from - 1; j >= s.span.First && j >= from-14; j-- {
		w := s.n(j)
		if (w == "and" || w == ",") && s.mentionAt(j-1) >= 0 && (s.mentionAt(j+1) >= 0 || s.mentionAt(j+2) >= 0) {
			continue // "pressed Baghdad and Erbil to resume": one phrase
		}
		if scopeEnd[w] {
			if w == "and" && j+1 < cd.First && (s.n(j+1) == "will" || s.n(j+1) == "would" || s.n(j+1) == "could") {
				continue
			}
			// "if" and "unless" may open the clause before the comma.
			break
		}
		start = j
		// "Neither side said how many troops would leave": a negation
		// before the reporting verb negates the saying, not the leaving.
		if negations[w] && !pseudoNegation(s, j) && !sawSay {
			negated = true
		}
		if m, ok := cues[w]; ok && !embedded && cueApplies(s, j, w, cd) {
			if w == "case" && s.n(j-1) != "in" {
				m = news.Asserted
			}
			if found == news.Asserted || rank[m] > rank[found] {
				found = m // "may not be ready to deploy": the possibility governs
			}
		}
		// Another event's trigger ends the reach of cues further left: "may"
		// in "may strike after the attack" modifies the strike only. A cue
		// that is itself a trigger ("approved the deployment") still counts.
		if j < from-1 && j < cd.First && isOtherTrigger(cands, k, j) && !embedded {
			break
		}
		if reporting[w] || w == "say" {
			sawSay = true
		}
	}
	// "if" can open the sentence ahead of a comma: "If Iran attacks, ...".
	if (found == news.Asserted || found == news.Planned) && !embedded && s.conditionBefore(start) {
		found = news.Conditional
	}
	if found == news.Conditional && s.n(start) != "if" && !s.hasIf(start, cd.First) && (sawSay || s.saidBefore(start)) {
		found = news.Planned // "said it would send": reported intention
	}
	// A noun trigger is often the subject: "the final assault would begin",
	// "the aid convoy may not reach".
	if found == news.Asserted && !embedded && !cd.t.verb {
		if m, neg := s.modalAfter(cands, k); m != "" {
			found = m
			negated = negated || neg
			if found == news.Conditional && s.saidBefore(cd.First) {
				found = news.Planned
			}
		}
	}
	// Headlines: "Pentagon To Deploy Patriots To Iraq".
	if found == news.Asserted && !embedded && cd.First > s.span.First && s.w(cd.First-1) == "To" {
		found = news.Planned
	}
	// "If confirmed, the strike would be ...": the event itself is unconfirmed.
	if s.ifConfirmed() && (found == news.Conditional || found == news.Asserted) {
		found = news.Possible
	} else if (found == news.Planned || found == news.Possible || found == news.Asserted && s.futureBefore(cd.First)) && s.conditionAfter(cd.Last) {
		// "US troops will leave if Baghdad asks": the condition outranks the plan.
		found = news.Conditional
	}
	if embedded {
		found = cd.modality
	}
	// "Did not strike", "will not send": denied. A negated demand ("called on
	// them not to attack") stays a demand, a negated possibility ("may not")
	// a possibility.
	if negated && (found == news.Asserted || found == news.Planned) {
		found = news.Denied
	}
	// An event the text dates years back is background however it was
	// reported then ("In 2014, Obama said advisers would be sent").
	if s.background(cd, backgroundYears) && !negated {
		found = news.Background
	}
	cd.modality = found
	cd.negated = negated
}

// modalAfter finds a modal right after a noun trigger that is the subject
// of its clause: "the assault would begin", "the deployment will", "the
// talks are due to".
func (s *sentence) modalAfter(cands []candidate, k int) (news.Modality, bool) {
	cd := cands[k]
	for j := cd.Last; j < s.span.Last && j < cd.Last+9; j++ {
		w := s.n(j)
		if scopeEnd[w] || w == "." || isOtherTrigger(cands, k, j) {
			return "", false
		}
		neg := negations[s.n(j+1)]
		switch w {
		case "will", "ll", "shall":
			return news.Planned, neg
		case "would":
			return news.Conditional, neg
		case "may", "might", "could":
			return news.Possible, neg
		case "is", "are", "was", "were":
			switch s.n(j + 1) {
			case "to":
				return news.Planned, false
			case "due", "expected", "set", "scheduled", "planned":
				if s.n(j+2) == "to" || s.n(j+2) == "in" || s.n(j+2) == "on" || s.n(j+2) == "for" {
					return news.Planned, false
				}
			case "likely":
				return news.Possible, false
			}
		}
	}
	return "", false
}

// ifConfirmed reports "if confirmed", "if true", "if verified".
func (s *sentence) ifConfirmed() bool {
	for j := s.span.First; j+1 < s.span.Last; j++ {
		if s.n(j) == "if" {
			switch s.n(j + 1) {
			case "confirmed", "true", "verified", "accurate":
				return true
			}
		}
	}
	return false
}

// conditionAfter reports a condition later in the clause: "... if the
// government asks", "provided that", "should the clashes spread".
func (s *sentence) conditionAfter(i int) bool {
	for j := i; j < s.span.Last; j++ {
		switch s.n(j) {
		case "if", "unless":
			return true
		case "case":
			return s.n(j-1) == "in"
		case "provided", "providing":
			return s.n(j+1) == "that"
		case "should":
			// "should the situation deteriorate": the inverted condition.
			return j > i && (s.n(j-1) == "," || j+1 < s.span.Last && (s.n(j+1) == "the" || s.n(j+1) == "a" || token.IsCapitalized(s.w(j+1))))
		case "once":
			if s.n(j-1) == "only" {
				return true
			}
		case ";", ".":
			return false
		}
	}
	return false
}

// futureBefore reports "will"/"would" shortly before token i.
func (s *sentence) futureBefore(i int) bool {
	for j := i - 1; j >= s.span.First && j >= i-8; j-- {
		if w := s.n(j); w == "will" || w == "would" || w == "ll" {
			return true
		}
	}
	return false
}

// rank orders cues when a clause has several: a condition or a
// possibility governs a plan inside it ("may be ready to deploy", "will
// strike in case they advance").
var rank = map[news.Modality]int{
	news.Planned: 1, news.Demanded: 2, news.Threatened: 3, news.Denied: 4, news.Possible: 5, news.Conditional: 6,
}

// cueApplies filters cue words by context: "set" only as "set to", "due"
// as "due to" + verb, "called" as "called for/on", "ruled" as "ruled out",
// "going" as "going to", "expected" as "expected to", "announced" only
// right before a noun trigger ("announced the deployment").
func cueApplies(s *sentence, j int, w string, cd *candidate) bool {
	if s.n(j-1) == "-" {
		return false // "its long-threatened invasion", "a much-vaunted plan"
	}
	next := s.n(j + 1)
	switch w {
	case "would":
		return true
	case "to":
		// "is to open", "are to begin": a schedule. Other "to"s are not cues.
		return beForms[s.n(j-1)] && j+1 == cd.First
	case "short":
		return s.n(j-1) == "stopped" || s.n(j-1) == "stop" || s.n(j-1) == "stops" || s.n(j-1) == "stopping"
	case "once":
		return s.n(j-1) == "only"
	case "failing":
		return j == s.span.First || s.n(j-1) == ","
	case "insisted":
		// "insisted on a withdrawal", "insisted that PKK fighters withdraw"
		// demand; "insisted that fighting was continuing", "insisted that
		// the strike had hit a depot" report.
		if next == "on" || next == "upon" {
			return true
		}
		if !cd.t.verb {
			return false
		}
		for i := j + 1; i < cd.First; i++ {
			if finite[s.n(i)] {
				return false
			}
		}
		w := s.n(cd.head)
		return !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "ing")
	case "failed", "fail", "fails":
		return next == "to" // "failed to reach agreement": it did not happen
	case "due":
		return next == "to" || next == "in" || next == "on" || next == "at" || next == "for" || next == "back"
	case "set", "expected", "going", "poised", "preparing", "aims", "decided", "intends", "intend", "plan", "plans", "planning",
		"willing", "ready", "prepared", "sworn", "swore", "want", "wants", "wanted", "seek", "seeks", "seeking", "sought",
		"hope", "hopes", "hoping":
		// "wants to attack", "seeks to expel": an aim, not a deed.
		return next == "to" || w == "planning" || w == "preparing" || w == "plan" && !cd.t.verb
	case "called", "calls", "calling":
		return next == "on" || next == "for" || next == "upon"
	case "ruled", "rules", "ruling":
		return next == "out"
	case "announced", "approved", "proposed":
		return !cd.t.verb
	case "should":
		return true
	case "provided":
		return next == "that"
	case "ll":
		return s.w(j) == "'ll" || s.w(j) == "’ll"
	}
	return true
}

// isOtherTrigger reports whether token j belongs to a trigger of another
// candidate: a cue before it modifies that event, not this one.
func isOtherTrigger(cands []candidate, k, j int) bool {
	for i, c := range cands {
		if i != k && !c.dropped && j >= c.First && j < c.Last {
			return true
		}
	}
	return false
}

// pseudoNegation reports negation words that negate nothing here: "not
// only", "not just", "no doubt", "could not be reached".
func pseudoNegation(s *sentence, j int) bool {
	next := s.n(j + 1)
	return next == "only" || next == "just" || next == "doubt"
}

// conditionBefore reports an "if"/"unless" clause before the comma that
// starts the trigger's clause: "If Iran retaliates, the US will strike".
func (s *sentence) conditionBefore(start int) bool {
	if start-1 < s.span.First || s.n(start-1) != "," {
		return false
	}
	for j := start - 2; j >= s.span.First && j >= start-16; j-- {
		switch s.n(j) {
		case "if", "unless":
			return j == s.span.First || s.n(j-1) == "," || s.n(j-1) == "\""
		case "case":
			if s.n(j-1) == "in" {
				return j-1 == s.span.First || s.n(j-2) == ","
			}
		case "failing", "should", "once":
			// "Failing a deal, ...", "Should Iran retaliate, ...", "Once
			// parliament approves, ...".
			if j == s.span.First || s.n(j-1) == "," {
				return true
			}
		case ".", ";":
			return false
		}
	}
	return false
}

func (s *sentence) hasIf(from, to int) bool {
	for j := from; j < to; j++ {
		if s.n(j) == "if" || s.n(j) == "unless" {
			return true
		}
	}
	return false
}

// saidBefore reports a reporting verb before token i in the sentence.
func (s *sentence) saidBefore(i int) bool {
	for j := s.span.First; j < i; j++ {
		switch s.n(j) {
		case "said", "says", "told", "announced", "stated":
			return true
		}
	}
	return false
}

// background reports a year in the trigger's clause at least years before
// publication ("In 2014, Islamic State fighters seized Mosul"), or "years
// ago". Without a publication date nothing is background.
func (s *sentence) background(cd *candidate, years int) bool {
	for j := s.span.First; j < s.span.Last; j++ {
		w := s.n(j)
		if w == "ago" && j > s.span.First && (s.n(j-1) == "years" || s.n(j-1) == "decades" || s.n(j-1) == "decade") {
			return true
		}
		if s.published.IsZero() || len(w) != 4 || s.doc.Tokens[j].Kind != news.Number {
			continue
		}
		y, err := strconv.Atoi(w)
		if err != nil || y < 1900 || y > 2100 {
			continue
		}
		switch p := s.n(j - 1); {
		case p == "in" || p == "the" || p == "between" || p == "from" || p == "after" || p == "during" || p == "since" || isMonth(p) || p == ",":
			if s.published.Year()-y >= years {
				return true
			}
		}
	}
	return false
}

func isMonth(w string) bool {
	switch w {
	case "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec":
		return true
	}
	return false
}

// A speech frame is a reporting verb and who it attributes to.
type speechFrame struct {
	verb     int // token index of the reporting verb ("said") or of "according"
	claimant news.Span
}

var reporting = set("said says told announced stated added noted claimed confirmed acknowledged reported explained according cautioned suggested predicted indicated revealed disclosed admitted argued emphasised emphasized stressed wrote tweeted posted declared reiterated insisted concluded")

// finite are auxiliaries that make a clause a statement of fact, not a
// subjunctive demand.
var finite = set("is are was were has have had will would did does")

// reportingThat are verbs that report speech only with a "that" clause.
var reportingThat = set("declared reiterated insisted concluded")

// finiteWithin reports a finite auxiliary among the n tokens from i.
func (s *sentence) finiteWithin(i, n int) bool {
	for j := i; j < i+n && j < s.span.Last; j++ {
		if finite[s.n(j)] {
			return true
		}
	}
	return false
}

// thatWithin reports "that" among the n tokens from i.
func (s *sentence) thatWithin(i, n int) bool {
	for j := i; j < i+n && j < s.span.Last; j++ {
		if s.n(j) == "that" {
			return true
		}
	}
	return false
}

// speechFrames finds "X said", "said X", "according to X" in the sentence.
func (s *sentence) speechFrames() []speechFrame {
	var out []speechFrame
	for j := s.span.First; j < s.span.Last; j++ {
		w := s.n(j)
		if !reporting[w] || s.n(j-1) == "-" { // "its self-declared caliphate"
			continue
		}
		if reportingThat[w] && !s.thatWithin(j+1, 4) {
			continue // "declared victory" reports nothing; "declared that" does
		}
		if w == "insisted" && !s.finiteWithin(j+1, 10) {
			continue // "insisted that the fighters withdraw" demands; it reports nothing
		}
		if w == "according" {
			if s.n(j+1) != "to" {
				continue
			}
			end := j + 2
			for end < s.span.Last && !scopeEnd[s.n(end)] && s.n(end) != "." && end < j+10 {
				end++
			}
			if end > j+2 {
				out = append(out, speechFrame{verb: j, claimant: s.spanOf(j+2, end)})
			}
			continue
		}
		// Subject before the verb: back to a comma, quote or clause start,
		// without the auxiliaries and adverbs next to the verb ("officials
		// have also said").
		from, to := j, j
		passive := false
		for to > s.span.First && (auxiliary[s.n(to-1)] || adverb(s.n(to-1)) && s.n(to-1) != "not") {
			if to == j && beForms[s.n(to-1)] || to < j && beForms[s.n(to-1)] && s.n(to) == "never" {
				passive = true // "was announced", "will never be revealed"
			}
			to-- // "officials have also said", "Muthana angrily tweeted"
		}
		if passive {
			// Nobody is named as the speaker unless "by" says who.
			if s.n(j+1) == "by" {
				if by := s.phraseObject(j + 2); len(by) > 0 {
					out = append(out, speechFrame{verb: j, claimant: s.doc.Mentions[by[0]].Span})
				}
			}
			continue
		}
		from = to
		for from > s.span.First && from > to-7 {
			p := s.n(from - 1)
			if p == "," || p == "\"" || p == "“" || p == "”" || p == "'" || p == "‘" || p == "’" || p == "that" || p == ";" || p == ":" || p == "and" || p == "but" || p == "." {
				break
			}
			from--
		}
		// "a teacher who reached a checkpoint said": the teacher;
		// "..., which officials said": the officials.
		for k := from; k < to; k++ {
			if w := s.n(k); w == "who" || w == "whose" {
				to = k
				break
			}
		}
		for from < to && (s.n(from) == "which" || s.n(from) == "whom" || timeAdverbs[s.n(from)]) {
			from++ // "soon afterwards Muthana tweeted"
		}
		// Seven words back without a boundary: the tail of a long noun
		// phrase ("An American woman captured by Kurdish forces after
		// fleeing the last pocket of land ... says"); its head is the
		// clause's subject.
		if from == to-7 && from > s.span.First && !boundary(s.n(from-1)) {
			if m := s.clauseSubject(); m >= 0 && s.doc.Mentions[m].Last <= from {
				out = append(out, speechFrame{verb: j, claimant: s.doc.Mentions[m].Span})
				continue
			}
		}
		// "one day after President Donald Trump announced": the speaker
		// follows the conjunction.
		for k := to - 1; k > from; k-- {
			if w := s.n(k); conjunctions[w] || w == "when" || w == "while" || w == "because" || w == "if" {
				from = k + 1
				break
			}
		}
		if from < to {
			if s.plausibleClaimant(from, to) {
				out = append(out, speechFrame{verb: j, claimant: s.spanOf(from, to)})
			}
			continue
		}
		inverted := to == s.span.First
		if !inverted {
			switch s.n(to - 1) {
			case ",", "\"", "“", "”", "'", "’":
				inverted = true
			}
		}
		// "Biden blamed militias backed by Iran and said ...": the
		// reporting verb shares the clause's first subject.
		if s.n(to-1) == "and" {
			if m := s.clauseSubject(); m >= 0 {
				out = append(out, speechFrame{verb: j, claimant: s.doc.Mentions[m].Span})
			}
			continue
		}
		// "Elaine Pearson, the director of Human Rights Watch, said": the
		// name before the apposition.
		if s.n(to-1) == "," {
			if sp, ok := s.namedBeforeApposition(to - 1); ok {
				out = append(out, speechFrame{verb: j, claimant: sp})
				continue
			}
		}
		// "Donald Trump, the president, has insisted", "but said": the
		// subject is further back; take the actor the clause is about.
		if subj := s.subject(to); len(subj) > 0 && !(inverted && s.n(to-1) != ",") {
			first, last := s.doc.Mentions[subj[0]], s.doc.Mentions[subj[len(subj)-1]]
			if !inverted || last.Last == to-1 {
				out = append(out, speechFrame{verb: j, claimant: news.Span{Start: first.Span.Start, End: last.Span.End}})
				continue
			}
		}
		if !inverted || to < j {
			continue
		}
		// "..., said Col. Steve Warren, a coalition spokesman."
		end := j + 1
		for end < s.span.Last && end < j+8 && !scopeEnd[s.n(end)] && s.n(end) != "." && s.n(end) != "on" && s.n(end) != "in" {
			end++
		}
		if end > j+1 && s.plausibleClaimant(j+1, end) {
			out = append(out, speechFrame{verb: j, claimant: s.spanOf(j+1, end)})
		}
	}
	return out
}

// clauseSubject returns the sentence's first actor that no preposition
// introduces, within its first words: its subject. -1 if none.
func (s *sentence) clauseSubject() int {
	for _, m := range s.mentions {
		mm := s.doc.Mentions[m]
		if mm.First > s.span.First+8 {
			break
		}
		if mm.First == s.span.First || !prepositions[s.n(mm.First-1)] {
			return m
		}
	}
	return -1
}

// namedBeforeApposition finds "Name Surname, <apposition>," ending at the
// comma at token c, and returns the name.
func (s *sentence) namedBeforeApposition(c int) (news.Span, bool) {
	for k := c - 1; k > s.span.First && k > c-14; k-- {
		if s.n(k) != "," {
			continue
		}
		b := k
		for b > s.span.First && b > k-4 && s.doc.Tokens[b-1].Kind == news.Word && token.IsCapitalized(s.w(b-1)) {
			b--
		}
		if b < k && (b == s.span.First || s.n(b-1) == "," || s.n(b-1) == "\"" || s.n(b-1) == "“" || s.n(b-1) == "”") {
			return s.spanOf(b, k), true
		}
		return news.Span{}, false
	}
	return news.Span{}, false
}

var timeAdverbs = set("soon afterwards afterward later then earlier meanwhile also however separately now yesterday today recently previously subsequently")

func boundary(w string) bool {
	switch w {
	case ",", "\"", "“", "”", "'", "‘", "’", "that", ";", ":", "and", "but", ".":
		return true
	}
	return false
}

var auxiliary = set("have has had also was were is are been be would will could did do does later then previously earlier repeatedly once never")

// plausibleClaimant reports whether tokens [from, to) can name who said
// something: an actor, a capitalised name, a pronoun for a person, or a
// noun phrase of a few words ("a senior official") — not a clause that
// happens to end before "said" ("it was unrealistic to expect women").
func (s *sentence) plausibleClaimant(from, to int) bool {
	if to-from == 1 {
		switch s.n(from) {
		case "he", "she", "they", "we", "i":
			return true
		case "it":
			return false
		}
	}
	for j := from; j < to; j++ {
		if w := s.n(j); beForms[w] || negations[w] || w == "to" || w == "it" || w == "if" || w == "that" || w == "which" || w == "who" || w == "would" || w == "will" || w == "could" || w == "must" {
			return false // a clause, not a name
		}
	}
	for j := from; j < to; j++ {
		if s.mentionAt(j) >= 0 || token.IsCapitalized(s.w(j)) && j > s.span.First {
			return true
		}
	}
	return to-from <= 4
}

func (s *sentence) spanOf(from, to int) news.Span {
	return news.Span{Start: s.doc.Tokens[from].Span.Start, End: s.doc.Tokens[to-1].Span.End}
}

// claimant returns who reports the event: a reporting frame before its
// trigger ("Dunford said US forces ..."), or after it (", officials
// said."). A frame whose subject is the event's own trigger phrase does
// not count.
func (s *sentence) claimant(cd candidate, frames []speechFrame) news.Span {
	var best *speechFrame
	for i := range frames {
		f := &frames[i]
		trig := s.doc.Tokens[cd.First].Span
		if f.claimant.Start <= trig.Start && trig.Start < f.claimant.End {
			continue
		}
		if f.verb < cd.First || f.verb >= cd.Last {
			if best == nil || abs(f.verb-cd.First) < abs(best.verb-cd.First) {
				best = f
			}
		}
	}
	// A closing attribution (", a militia spokesman said.") governs the
	// sentence before it, over a frame inside one of its clauses ("if
	// Washington announced a timetable").
	for i := len(frames) - 1; i >= 0; i-- {
		f := &frames[i]
		if f.verb > cd.Last && s.trailing(f) {
			best = f
			break
		}
	}
	if best == nil {
		return news.Span{}
	}
	return best.claimant
}

// trailing reports an attribution that closes the sentence after a comma
// or quote: ", officials said." or ", said Col. Warren."
func (s *sentence) trailing(f *speechFrame) bool {
	first := -1
	for j := s.span.First; j < s.span.Last; j++ {
		if s.doc.Tokens[j].Span.Start == f.claimant.Start {
			first = j
			break
		}
	}
	if first <= s.span.First {
		return false
	}
	lead := min(first, f.verb) // "..., officials said" or "..., said officials"
	switch s.n(lead - 1) {
	case ",", "\"", "”", "'", "’":
	default:
		return false
	}
	for j := max(first, f.verb) + 1; j < s.span.Last; j++ {
		w := s.n(j)
		if w == "," || w == ";" || barriers[w] && w != "on" {
			return false // more clause follows
		}
	}
	return true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
