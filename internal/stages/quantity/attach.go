package quantity

import (
	"strings"

	"github.com/sitrep-dev/sitrep/internal/news"
)

func lower(s string) string { return strings.ToLower(s) }

// attach ties each amount to the event it measures in its sentence:
//   - a casualty count ("killing 43", "12 were wounded", "the toll rose to
//     20") to the nearest ASSAULT, as its fatalities or injured;
//   - a count of people taking part ("275 troops", "a crowd of 200,000",
//     "thousands of protesters") to the nearest event that moves, sends or
//     gathers people (MOBILIZE, PROTEST, RETREAT, AID, COOPERATE, ASSAULT)
//     within a few words, or whose actors the amount counts, as its size.
//
// An event keeps the first amount of each role, unless the same verb
// governs several ("four soldiers and two policemen were wounded"): then
// they add up.
func attach(doc *news.Document) {
	taken := map[[2]int]bool{}                  // event, role
	events := make([][]int, len(doc.Sentences)) // the events of each sentence, so a long text stays linear
	for ei, e := range doc.Events {
		if e.Sentence >= 0 && e.Sentence < len(events) {
			events[e.Sentence] = append(events[e.Sentence], ei)
		}
	}
	for qi := range doc.Quantities {
		q := &doc.Quantities[qi]
		var role news.QuantityRole
		word := -1 // the casualty word that gives the role, when known
		switch q.Unit {
		case "killed":
			role = news.Fatalities
		case "wounded":
			role = news.Injured
		default:
			if !personnel[q.Unit] {
				continue
			}
			role = news.Size
			if cas, at := casualtyNear(doc, q); cas != "" {
				role, word = cas, at // "killed 20 people", "20 civilians were killed"
			}
		}
		best, dist, bestRole := -1, 0, role
		if q.Sentence < 0 || q.Sentence >= len(events) {
			continue
		}
		for _, ei := range events[q.Sentence] {
			e := doc.Events[ei]
			r, explicit := role, false
			if r == news.Size && e.Type == "ASSAULT" && q.Span.Start >= e.Trigger.End {
				// "killed Soleimani and several other people": the people a
				// killing verb takes as object are its dead.
				r = killWord(doc.Text[e.Trigger.Start:e.Trigger.End], r)
				explicit = r != news.Size
			}
			d := distance(doc, e, q)
			if word >= 0 && inTrigger(doc, e, word) {
				d, explicit = -1, true // "... were wounded": the wounding, not the killing before it
			}
			// A second count tied to the same verb adds to the first ("four
			// soldiers and two policemen were wounded"); otherwise an event
			// keeps the first amount of each role.
			if !explicit && taken[[2]int{ei, roleIndex(r)}] || !fits(e, r) {
				continue
			}
			if r == news.Size && d > 8 && !counts(doc, e, q) {
				continue
			}
			if r == news.Size && e.Type == "ASSAULT" && q.Span.Start >= e.Trigger.End && !counts(doc, e, q) {
				continue // the size of an attack is its attackers, named before it
			}
			if best < 0 || d < dist {
				best, dist, bestRole = ei, d, r
			}
		}
		if best >= 0 {
			q.Event, q.Role = best, bestRole
			taken[[2]int{best, roleIndex(bestRole)}] = true
		}
	}
}

// killWord returns the casualty role a trigger's verb gives the people it
// takes as object, or role when it is no killing or wounding verb.
func killWord(trigger string, role news.QuantityRole) news.QuantityRole {
	for _, w := range strings.Fields(lower(trigger)) {
		switch casualty[w] {
		case "killed":
			return news.Fatalities
		case "wounded":
			return news.Injured
		}
	}
	return role
}

func roleIndex(r news.QuantityRole) int {
	switch r {
	case news.Fatalities:
		return 1
	case news.Injured:
		return 2
	}
	return 0
}

// fits reports whether an event of this type can be measured so.
func fits(e news.Event, role news.QuantityRole) bool {
	if role != news.Size {
		return e.Type == "ASSAULT"
	}
	switch e.Type {
	case "MOBILIZE", "PROTEST", "RETREAT", "AID", "COOPERATE", "ASSAULT":
		return true
	}
	return false
}

// distance is the number of tokens between the event's trigger and the
// amount.
func distance(doc *news.Document, e news.Event, q *news.Quantity) int {
	first, last := -1, -1
	for i := doc.Sentences[e.Sentence].First; i < doc.Sentences[e.Sentence].Last; i++ {
		sp := doc.Tokens[i].Span
		if sp.Start >= e.Trigger.Start && sp.End <= e.Trigger.End {
			if first < 0 {
				first = i
			}
			last = i + 1
		}
	}
	switch {
	case first < 0:
		return 1 << 20
	case q.Last <= first:
		return first - q.Last
	case q.First >= last:
		return q.First - last
	}
	return 0
}

// counts reports whether the amount counts one of the event's actors: "275
// US troops" when "US troops" is the source.
func counts(doc *news.Document, e news.Event, q *news.Quantity) bool {
	for _, m := range append(append([]int(nil), e.Source...), e.Target...) {
		mm := doc.Mentions[m]
		if mm.First < q.Last && q.First < mm.Last {
			return true
		}
	}
	return false
}

// casualtyNear reports a casualty word right around a count of people,
// and where it is: "killed 20 people", "killing at least 43 civilians",
// "20 civilians were killed", "12 soldiers wounded".
func casualtyNear(doc *news.Document, q *news.Quantity) (news.QuantityRole, int) {
	s := doc.Sentences[q.Sentence]
	role := func(i int) news.QuantityRole {
		switch casualty[lowerAt(doc, s, i)] {
		case "killed":
			return news.Fatalities
		case "wounded":
			return news.Injured
		}
		return ""
	}
	if r := role(q.First - 1); r != "" {
		return r, q.First - 1
	}
	if r := role(q.Last); r != "" {
		return r, q.Last // "20 civilians killed"
	}
	// "20 civilians were killed", "four soldiers and two policemen were
	// wounded", "several other people, both Iraqi and Iranian, were also
	// killed": the passive of the clause the count is the subject of.
	for i := q.Last; i < s.Last && i < q.Last+12; i++ {
		switch w := lowerAt(doc, s, i); {
		case w == ";" || w == ".":
			return "", -1
		case aux(doc, s, i):
			j := i + 1
			for aux(doc, s, j) || adverbs[lowerAt(doc, s, j)] {
				j++
			}
			return role(j), j
		}
	}
	return "", -1
}

// inTrigger reports whether token i is part of the event's trigger.
func inTrigger(doc *news.Document, e news.Event, i int) bool {
	if i < 0 || i >= len(doc.Tokens) {
		return false
	}
	sp := doc.Tokens[i].Span
	return sp.Start >= e.Trigger.Start && sp.End <= e.Trigger.End
}

func aux(doc *news.Document, s news.Sentence, i int) bool {
	if i < s.First || i >= s.Last {
		return false
	}
	sp := doc.Tokens[i].Span
	switch lower(doc.Text[sp.Start:sp.End]) {
	case "were", "was", "are", "have", "had", "been", "reportedly":
		return true
	}
	return false
}

var adverbs = set("also reportedly allegedly later then all both subsequently")

func lowerAt(doc *news.Document, s news.Sentence, i int) string {
	if i < s.First || i >= s.Last {
		return ""
	}
	sp := doc.Tokens[i].Span
	return lower(doc.Text[sp.Start:sp.End])
}

// Units that count people who take part in an event.
var personnel = set(`troops soldiers forces personnel advisers advisors trainers marines paratroopers commandos
	special fighters militants militiamen gunmen insurgents rebels jihadists recruits volunteers police policemen
	officers officials protesters protestors demonstrators marchers people supporters students workers crowd
	contingent force members civilians refugees families residents prisoners detainees hostages others persons
	victims children women men aircraft jets
	warplanes drones ships warships vessels tanks`)
