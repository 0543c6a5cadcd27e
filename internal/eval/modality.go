package eval

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/news"
)

// A ModalityItem is one sentence of the team's modality test set
// (internal/stages/event/testdata/modality.tsv).
type ModalityItem struct {
	Line     int
	Modality news.Modality
	Negated  bool
	Type     string
	Claimant string // "" when none
	Text     string
}

// LoadModality reads the modality test set.
func LoadModality(path string) ([]ModalityItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []ModalityItem
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		col := strings.Split(line, "\t")
		if len(col) != 5 {
			return nil, fmt.Errorf("%s:%d: want 5 tab-separated columns, got %d", path, n, len(col))
		}
		it := ModalityItem{Line: n, Modality: news.Modality(col[0]), Negated: col[1] == "yes", Type: col[2], Claimant: col[3], Text: col[4]}
		if it.Claimant == "-" {
			it.Claimant = ""
		}
		out = append(out, it)
	}
	return out, sc.Err()
}

// ModalityScore is how the coder did on the modality test set.
type ModalityScore struct {
	Items, Found     int // sentences; those where an event of the labelled type was coded
	Right            int // right modality (a sentence with no such event counts as wrong)
	NegatedRight     int
	ClaimantRight    int
	ByGold           map[news.Modality][2]int // right, total
	Confusion        map[[2]news.Modality]int // gold, predicted
	HedgedAsAsserted int                      // denied, possible or planned coded asserted
	Hedged           int
	Errors           []string
}

// Accuracy is the share of sentences with the right modality.
func (s ModalityScore) Accuracy() float64 { return ratio(s.Right, s.Items) }

// HedgedAssertedRate is how often a denied, possible or planned sentence
// was coded asserted.
func (s ModalityScore) HedgedAssertedRate() float64 { return ratio(s.HedgedAsAsserted, s.Hedged) }

// ScoreModality codes each sentence as published on publication date pub
// and compares the modality of the first coded event of the labelled type
// (at any depth) with the label. Sentences where no event of that type is
// coded are counted wrong with predicted modality "none".
func ScoreModality(c *Coder, items []ModalityItem, pub time.Time) ModalityScore {
	s := ModalityScore{ByGold: map[news.Modality][2]int{}, Confusion: map[[2]news.Modality]int{}}
	for _, it := range items {
		s.Items++
		doc := c.Code(it.Text, pub)
		var ev *news.Event
		for i := range doc.Events {
			if doc.Events[i].Type == it.Type {
				ev = &doc.Events[i]
				break
			}
		}
		pred := news.Modality("none")
		if ev != nil {
			s.Found++
			pred = ev.Modality
			if ev.Negated == it.Negated {
				s.NegatedRight++
			}
			claim := ""
			if ev.Claimant != (news.Span{}) {
				claim = doc.Snippet(ev.Claimant)
			}
			if sameClaimant(claim, it.Claimant) {
				s.ClaimantRight++
			} else if len(s.Errors) < 300 {
				s.Errors = append(s.Errors, fmt.Sprintf("line %d: claimant want %q, got %q: %s", it.Line, it.Claimant, claim, it.Text))
			}
		}
		g := s.ByGold[it.Modality]
		g[1]++
		if pred == it.Modality {
			s.Right++
			g[0]++
		} else if len(s.Errors) < 300 {
			s.Errors = append(s.Errors, fmt.Sprintf("line %d: want %s %s, got %s: %s", it.Line, it.Modality, it.Type, pred, it.Text))
		}
		s.ByGold[it.Modality] = g
		s.Confusion[[2]news.Modality{it.Modality, pred}]++
		switch it.Modality {
		case news.Denied, news.Possible, news.Planned:
			s.Hedged++
			if pred == news.Asserted {
				s.HedgedAsAsserted++
			}
		}
	}
	return s
}

// sameClaimant accepts a predicted claimant that contains the gold one or
// is contained in it ("the Pentagon" and "Pentagon"), ignoring case.
func sameClaimant(pred, gold string) bool {
	p, g := strings.ToLower(strings.TrimSpace(pred)), strings.ToLower(strings.TrimSpace(gold))
	if p == "" || g == "" {
		return p == g
	}
	return strings.Contains(p, g) || strings.Contains(g, p)
}

// ModalityPath returns the team's modality test set in the repository.
func ModalityPath() (string, error) { return modalityFile("modality.tsv") }

// ModalityHeldoutPath returns the held-out modality set: written after the
// coder, by someone who saw neither it nor the first set, and not used to
// develop either.
func ModalityHeldoutPath() (string, error) { return modalityFile("modality-heldout.tsv") }

func modalityFile(name string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "internal", "stages", "event", "testdata", name), nil
}

// ACLEDTypes maps CASE 2021's ACLED sub-event types to the PLOVER types
// that code the same kind of event. Several are acceptable where ACLED and
// PLOVER cut differently (a government regaining territory is an assault or
// a seizure). Types with no PLOVER counterpart (disasters, crime) map to
// nothing: the right answer there is no event.
var ACLEDTypes = map[string][]string{
	"AIR_STRIKE": {"ASSAULT"}, "ARMED_CLASH": {"ASSAULT"}, "ART_MISS_ATTACK": {"ASSAULT"},
	"ATTACK": {"ASSAULT"}, "GRENADE": {"ASSAULT"}, "SUIC_BOMB": {"ASSAULT"}, "REM_EXPLOS": {"ASSAULT"},
	"CHEM_WEAP": {"ASSAULT"}, "SEX_VIOL": {"ASSAULT"}, "ABDUCT_DISSAP": {"ASSAULT", "COERCE"},
	"PROPERTY_DISTRUCT": {"ASSAULT", "COERCE"}, "MOB_VIOL": {"ASSAULT", "PROTEST"},
	"DISR_WEAP": {"ASSAULT", "COERCE"}, "GOV_REGAINS_TERIT": {"ASSAULT", "COERCE", "RETREAT"},
	"NON_STATE_ACTOR_OVERTAKES_TER": {"ASSAULT", "COERCE", "RETREAT"},
	"NON_VIOL_TERRIT_TRANSFER":      {"RETREAT", "COERCE", "MOBILIZE"},
	"FORCE_AGAINST_PROTEST":         {"ASSAULT", "COERCE"}, "ARREST": {"COERCE"},
	"PEACE_PROTEST": {"PROTEST"}, "PROTEST_WITH_INTER": {"PROTEST"}, "VIOL_DEMONSTR": {"PROTEST"},
	"AGREEMENT": {"AGREE", "SUPPORT", "COOPERATE"},
	// DIPLO covers the whole of diplomacy, friendly or not: visits and
	// talks, but also condemnations, expulsions and sanctions.
	"DIPLO":          {"CONSULT", "SUPPORT", "AGREE", "COOPERATE", "AID", "CONCEDE", "SANCTION", "ACCUSE", "THREATEN", "REQUEST", "REJECT"},
	"HQ_ESTABLISHED": {"MOBILIZE", "COERCE"}, "CHANGE_TO_GROUP_ACT": {"MOBILIZE", "RETREAT", "AGREE", "COOPERATE"},
	"ATTRIB":    {"ACCUSE"},
	"ORG_CRIME": nil, "NATURAL_DISASTER": nil, "MAN_MADE_DISASTER": nil, "OTHER": nil,
}

// An ACLEDItem is one CASE 2021 snippet.
type ACLEDItem struct {
	ID, Text, Label string
	Theatre         bool // mentions Iraq, Syria's east or the Islamic State
}

// LoadACLED reads case2021-task2-acled-snippets.
func LoadACLED(dir string) ([]ACLEDItem, error) {
	f, err := os.Open(filepath.Join(dir, "test_set_final_release_with_labels.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []ACLEDItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		col := strings.Split(sc.Text(), "\t")
		if len(col) < 3 {
			continue
		}
		lower := strings.ToLower(col[1])
		theatre := false
		for _, w := range []string{"iraq", "mosul", "baghdad", "anbar", "kirkuk", "erbil", "isis", "islamic state", "daesh", "hasaka", "deir ez", "raqqa"} {
			if strings.Contains(lower, w) {
				theatre = true
			}
		}
		out = append(out, ACLEDItem{ID: col[0], Text: col[1], Label: strings.TrimSpace(col[2]), Theatre: theatre})
	}
	return out, sc.Err()
}

// ACLEDScore counts agreement between coded types and ACLED labels.
type ACLEDScore struct {
	Items, Agree               int
	TheatreItems, TheatreAgree int
	ByLabel                    map[string][2]int // agree, total
}

// Agreement is the share of snippets where the coder agrees with ACLED.
func (s ACLEDScore) Agreement() float64 { return ratio(s.Agree, s.Items) }

// TheatreAgreement is the same over the Iraq/Syria/ISIS subset.
func (s ACLEDScore) TheatreAgreement() float64 { return ratio(s.TheatreAgree, s.TheatreItems) }

// ScoreACLED codes each snippet and counts it as agreeing when one of its
// top-level event types is among those ACLEDTypes gives for its label, or,
// for labels with no PLOVER counterpart, when no event is coded.
func ScoreACLED(c *Coder, items []ACLEDItem) ACLEDScore {
	s := ACLEDScore{ByLabel: map[string][2]int{}}
	for _, it := range items {
		doc := c.Code(it.Text, time.Time{})
		want := ACLEDTypes[it.Label]
		ok := len(want) == 0
		for _, e := range doc.Events {
			if e.Within >= 0 {
				continue
			}
			if len(want) == 0 {
				ok = false
				break
			}
			for _, w := range want {
				if e.Type == w {
					ok = true
				}
			}
		}
		s.Items++
		b := s.ByLabel[it.Label]
		b[1]++
		if ok {
			s.Agree++
			b[0]++
		}
		s.ByLabel[it.Label] = b
		if it.Theatre {
			s.TheatreItems++
			if ok {
				s.TheatreAgree++
			}
		}
	}
	return s
}
