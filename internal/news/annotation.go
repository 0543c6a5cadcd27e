package news

import "time"

// A TokenKind says what sort of stretch of text a token is.
type TokenKind uint8

// The kinds of token the tokenizer produces.
const (
	Word   TokenKind = iota // letters, possibly with inner apostrophes or dots ("U.S.", "Kata'ib")
	Number                  // digits, possibly with separators ("1,200", "3.5", "٢٠١٤")
	Punct                   // one punctuation or symbol character, or a dash run
)

// A Token is one word, number or punctuation mark of Text.
type Token struct {
	Span Span
	Kind TokenKind
}

// A Sentence is a stretch of Text that the sentence stage found to be one
// sentence (or one headline, list item or table row). Tokens [First, Last)
// index Document.Tokens. A dateline before the first sentence of a
// paragraph ("BAGHDAD (Reuters) -") is left out of the sentence.
type Sentence struct {
	Span        Span
	First, Last int
}

// A Mention is a stretch of text naming an actor: a country, an
// organisation, a person, or a generic agent made national ("Iraqi troops").
type Mention struct {
	Span     Span
	Sentence int // index into Document.Sentences
	// First and Last are the mention's token range [First, Last).
	First, Last int
	Name        string // the lexicon's canonical name, or the text for composed agents
	Code        string // CAMEO-style country + sector code, e.g. "IRQMIL"; see docs/lexicons.md
	Role        string // what the lexicon says the actor was at the document's date, if anything
	Backer      string // country code of a backer ("Iranian-backed militias": "IRN")
	// Place marks a country or capital named as a location ("met in
	// Baghdad"): not an actor of the sentence, though an event may still
	// be directed at it ("arrived in Amman").
	Place bool
	// Adjective marks a country named only by its adjective on a common
	// noun ("Israeli air raids", "an Indian proposal"): the country is an
	// actor of that phrase, but the word says little of the document's
	// focus.
	Adjective bool
}

// A Modality says whether the text reports an event as having happened, or
// as planned, possible, demanded, threatened, denied, conditional or long
// past. See docs/events.md for the rules.
type Modality string

// The modalities, in the order the event coder tests them.
const (
	Asserted    Modality = "asserted"
	Planned     Modality = "planned"
	Possible    Modality = "possible"
	Demanded    Modality = "demanded"
	Threatened  Modality = "threatened"
	Denied      Modality = "denied"
	Conditional Modality = "conditional"
	Background  Modality = "background"
)

// Modalities lists every modality.
var Modalities = []Modality{Asserted, Planned, Possible, Demanded, Threatened, Denied, Conditional, Background}

// An Event is one thing the text reports an actor doing to another, as a
// PLOVER event type with a mode, and how the text reports it.
type Event struct {
	Type     string // PLOVER type, e.g. "ASSAULT"
	Mode     string // PLOVER mode, e.g. "aerial"; empty if none
	Trigger  Span   // the words that signal the event
	Sentence int    // index into Document.Sentences
	Source   []int  // indexes into Document.Mentions: who did it
	Target   []int  // indexes into Document.Mentions: to whom
	Modality Modality
	Negated  bool // the trigger is grammatically negated ("did not strike")
	// Claimant is who the text says reported the event ("Dunford said"),
	// as a span of Text; zero when the text reports it in its own voice.
	Claimant Span
	// Within is the index of the event whose complement this one is
	// ("threatened to attack": the attack is within the threat), or -1.
	Within int
	// Subordinate marks a trigger in a subordinate clause or phrase ("after
	// the strike", "as the opposition threatened", ", killing three"): a
	// real event, but not the sentence's main point.
	Subordinate bool
	Confidence  float64 // in [0, 1]; how many of trigger, source and target were found cleanly
}

// A Quantity is an amount the text states: "up to 275 troops", "3,000 to
// 5,000 militants", "dozens of civilians", "a crowd of 200,000".
type Quantity struct {
	Span     Span // the whole expression, bound and unit included
	Sentence int  // index into Document.Sentences
	// First and Last are the expression's token range [First, Last).
	First, Last int
	// Value is the amount to count with: the number given, a range's low
	// end, a vague word's smallest reading ("dozens" 12, "hundreds" 100).
	Value float64
	// Low and High are what the text allows: "more than 6,000" is 6000 to
	// +Inf, "up to 275" -Inf to 275, "about 300" -Inf to +Inf.
	Low, High float64
	// Unit is what is counted or measured, lower case: the noun ("troops",
	// "attacks", "killed" for "20 were killed") or a measure ("km",
	// "percent", "usd"); empty if the text gives none.
	Unit string
	// Approximate is set by "about", "nearly", "an estimated" and the like,
	// and for vague amounts ("dozens", "thousands of").
	Approximate bool
	// Claimant is who the text says claims the amount ("1,500 troops, the
	// Pentagon said"), as a span of Text; zero when the text states it in
	// its own voice.
	Claimant Span
	// Event is the index into Document.Events of the event this amount
	// measures, or -1; Role says what it measures of it.
	Event int
	Role  QuantityRole
}

// A Timex is a temporal expression the text holds ("on Monday", "last
// week", "in the third quarter of 2019", "Jan. 3"), resolved against the
// publication date.
type Timex struct {
	Span     Span
	Sentence int // index into Document.Sentences, or -1 for one in a dateline
	// First and Last are the expression's token range [First, Last).
	First, Last int
	// Value is the expression's value in TimeML's notation: "2020-01-03",
	// "2020-W02", "2020-01", "2020-Q3", "2020-SU", "2020", "199" (the
	// 1990s), "PRESENT_REF", "PAST_REF", "FUTURE_REF"; "" when it could
	// not be resolved (no publication date for a relative expression).
	Value string
	// Precision is the unit Value is exact to.
	Precision DatePrecision
	// Start and End bound the period Value names, [Start, End), in UTC;
	// zero for the _REF values and unresolved expressions.
	Start, End time.Time
	// Events are the indexes into Document.Events of the events this
	// expression dates.
	Events []int
}

// A Place is a located place: a gazetteer entry as an annotation holds it.
type Place struct {
	Name      string
	Lat, Lon  float64
	Country   string // ISO 3166-1 alpha-3
	Admin1    string // governorate or province, if known
	Kind      string // gazetteer kind: country, admin1, city, base, ...
	Precision string // how exactly it locates an event: point, district, governorate, country
	// Within is set for a name the gazetteer lacks, found by its context
	// ("the village of Tamthil"): the listed place that contains it, whose
	// position and precision it takes. Kind is then "unlisted".
	Within string
}

// A PlaceMention is a place name in the text, resolved to one place.
type PlaceMention struct {
	Span     Span
	Sentence int
	// First and Last are the name's token range [First, Last).
	First, Last int
	Place       Place
	// Relation is what the text says of the event's place relative to this
	// one: "near", "south of", "30 km south of"; empty when it is in it.
	Relation string
	// Actor marks a name that stands for a government or its people
	// ("Baghdad said"), which locates nothing.
	Actor bool
	// Events are the indexes into Document.Events of the events it places.
	Events []int
}

// A DatePrecision is how exactly a date is known.
type DatePrecision string

// The precisions, finest first. Reported means no expression dates the
// event: it carries the publication date.
const (
	PrecisionDay      DatePrecision = "day"
	PrecisionWeek     DatePrecision = "week"
	PrecisionMonth    DatePrecision = "month"
	PrecisionQuarter  DatePrecision = "quarter"
	PrecisionSeason   DatePrecision = "season"
	PrecisionYear     DatePrecision = "year"
	PrecisionDecade   DatePrecision = "decade"
	PrecisionCentury  DatePrecision = "century"
	PrecisionVague    DatePrecision = "vague" // PRESENT_REF, PAST_REF, FUTURE_REF
	PrecisionReported DatePrecision = "reported"
)

// A QuantityRole says what a quantity measures of its event.
type QuantityRole string

// The roles a quantity plays for its event.
const (
	Size       QuantityRole = "size"       // how many took part: troops deployed, protesters
	Fatalities QuantityRole = "fatalities" // how many were killed
	Injured    QuantityRole = "injured"    // how many were wounded
)

// Cooperative reports whether a PLOVER type is one of the cooperative
// (verbal or material) kinds, as opposed to conflictual ones.
func Cooperative(typ string) bool {
	switch typ {
	case "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "MOBILIZE":
		return true
	}
	return false
}

// PLOVERType is the type a PLOVER coder would give the event. PLOVER folds
// how an event is reported into its type: an announced or offered
// cooperative act is AGREE ("Finland will give Tanzania a grant"), an
// announced or conditional hostile act is THREATEN ("will boycott the
// elections unless ..."), a refused cooperative act is REJECT ("declined
// to resign"). sitrep keeps the act's own type and says how it is reported
// in Modality; this maps back, for comparison with PLOVER-coded data.
func (e Event) PLOVERType() string {
	if e.Within >= 0 {
		return e.Type // the speech act around it carries PLOVER's type
	}
	switch e.Modality {
	case Planned, Possible, Conditional:
		if e.Negated {
			if Cooperative(e.Type) {
				return "REJECT"
			}
			return e.Type
		}
		if Cooperative(e.Type) {
			return "AGREE"
		}
		switch e.Type {
		case "ASSAULT", "COERCE", "SANCTION", "PROTEST":
			return "THREATEN"
		}
	case Denied:
		// "did not agree", "failed to reach agreement", "stopped short of
		// recognising": cooperation withheld.
		if Cooperative(e.Type) && e.Type != "RETREAT" {
			return "REJECT"
		}
	case Demanded:
		return "REQUEST" // "Iraq must expel the troops": a demand with no verb of asking
	case Threatened:
		return "THREATEN" // "vowed revenge attacks": a threat carried by a cue word
	}
	return e.Type
}
