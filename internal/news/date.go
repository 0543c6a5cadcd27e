package news

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// A Date is when a document was published: a calendar day, or an instant
// when the time of day is known. The zero Date means unknown.
type Date struct {
	Time    time.Time // midnight UTC when HasTime is false
	HasTime bool      // the time of day is known, not just the day
}

// Day returns the Date for the calendar day of t.
func Day(t time.Time) Date {
	return Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// Instant returns the Date for the instant t.
func Instant(t time.Time) Date { return Date{Time: t, HasTime: true} }

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// String formats the date as YYYY-MM-DD, or as RFC 3339 when the time of
// day is known; the zero Date formats as "".
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.HasTime:
		return d.Time.Format(time.RFC3339)
	default:
		return d.Time.Format(time.DateOnly)
	}
}

// ParseDate reads a date in the forms String writes, plus the RFC 3339
// variants found in exports: a missing "T", fractional seconds, or no zone
// (taken as UTC).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return Day(t), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Instant(t), nil
		}
	}
	return Date{}, fmt.Errorf("date %q is neither YYYY-MM-DD nor RFC 3339", s)
}

// MarshalJSON writes the date as String does, or null when it is unknown.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(*s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
