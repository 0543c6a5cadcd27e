package quantity_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/stages/quantity"
)

func show(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "+"
	case math.IsInf(f, -1):
		return "-"
	}
	return fmt.Sprint(f)
}

func TestParse(t *testing.T) {
	tests := []struct{ in, want string }{
		// value [low,high] unit ~approximate, then the text
		{"The US will send up to 275 troops to Baghdad.", `275 [-,275] troops "up to 275 troops"`},
		{"more than 6,000 personnel", `6000 [6000,+] personnel "more than 6,000 personnel"`},
		{"3,000 to 5,000 troops should be sufficient", `3000 [3000,5000] troops "3,000 to 5,000 troops"`},
		{"154 attacks in the third quarter", `154 [154,154] attacks "154 attacks"`},
		{"a crowd of 200,000 gathered", `200000 [200000,200000] crowd "200,000"`},
		{"dozens of civilians", `12 [12,+] civilians ~ "dozens of civilians"`},
		{"tens of thousands of protesters", `10000 [10000,+] protesters ~ "tens of thousands of protesters"`},
		{"hundreds of thousands of Syrians", `100000 [100000,+] syrians ~ "hundreds of thousands of Syrians"`},
		{"about 300 ANG Airmen", `300 [-,+] airmen ~ "about 300 ANG Airmen"`},
		{"nearly 12 months", `12 [-,12] months ~ "nearly 12 months"`},
		{"at least 43 people have been killed", `43 [43,+] people "at least 43 people"`},
		{"a two-man crew", `2 [2,2] crew "two-man crew"`},
		{"an 800-strong Bangladeshi contingent", `800 [800,800] contingent "800-strong Bangladeshi contingent"`},
		{"the 60-plus nation coalition", `60 [60,+] nation "60-plus nation"`},
		{"4.7 million Syrians", `4.7e+06 [4.7e+06,4.7e+06] syrians "4.7 million Syrians"`},
		{"$50 million in aid", `5e+07 [5e+07,5e+07] usd "$50 million"`},
		{"about 30km south of Kirkuk", `30 [-,+] km ~ "about 30km"`},
		{"more than 30 percent of the territory", `30 [30,+] percent "more than 30 percent"`},
		{"٢٧٥ جنديا", `275 [275,275]  "٢٧٥"`},
		{"two hundred and fifty fighters", `250 [250,250] fighters "two hundred and fifty fighters"`},
		{"a dozen rockets", `12 [12,12] rockets "a dozen rockets"`},
		{"half a million people", `500000 [500000,500000] people "half a million people"`},
		{"twenty-five soldiers", `25 [25,25] soldiers "twenty-five soldiers"`},
		{"20 were killed", `20 [20,20] killed "20 were killed"`},
		{"the death toll rose to 43", `43 [43,43] killed "43"`},
		{"between 3,000 and 5,000 militants", `3000 [3000,5000] militants "between 3,000 and 5,000 militants"`},
		{"several soldiers", `3 [3,+] soldiers ~ "several soldiers"`},
		// Not amounts.
		{"In 2014, the group seized Mosul.", ""},
		{"on June 30 the army", ""},
		{"the 93rd anniversary", ""},
		{"two F-16 jets", `2 [2,2] jets "two F-16 jets"`},
		{"Resolution 2254 calls for", ""},
		{"one of the attackers", ""},
		{"at 10:30 local time", ""},
		{"1,2,3,4", ""},
		{"1234567890123456789012345678901234567890 rockets", ""},
	}
	for _, tt := range tests {
		q, ok := quantity.Parse(tt.in)
		got := ""
		if ok {
			got = fmt.Sprintf("%v [%s,%s] %s", q.Value, show(q.Low), show(q.High), q.Unit)
			if q.Approximate {
				got += " ~"
			}
			got += fmt.Sprintf(" %q", tt.in[q.Span.Start:q.Span.End])
		}
		if got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}
