package watch

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/sitrep-dev/sitrep/internal/rule"
)

// A Config is what sitrep.yaml says: where to read, what to look for,
// whom to tell (docs/watch.md; examples in examples/).
type Config struct {
	// DB is the database, when --db does not say.
	DB        string         `yaml:"db"`
	Fetch     FetchConfig    `yaml:"fetch"`
	Sources   []SourceConfig `yaml:"sources"`
	Rules     []RuleConfig   `yaml:"rules"`
	Notifiers []NotifierConf `yaml:"notifiers"`
	// Every is how often new events are checked against the rules and
	// owed alerts are delivered; 30s when not given.
	Every Duration `yaml:"every"`
}

// FetchConfig sets how feeds and pages are fetched.
type FetchConfig struct {
	UserAgent    string   `yaml:"user_agent"`
	Timeout      Duration `yaml:"timeout"`
	MaxBytes     Size     `yaml:"max_bytes"`
	PerHost      Duration `yaml:"per_host"`
	AllowPrivate bool     `yaml:"allow_private"`
	IgnoreRobots bool     `yaml:"ignore_robots"`
}

// A SourceConfig is one place to read from: exactly one of Feed, Folder,
// WARC and JSONL.
type SourceConfig struct {
	Name   string   `yaml:"name"`
	Feed   string   `yaml:"feed"`
	Folder string   `yaml:"folder"`
	WARC   string   `yaml:"warc"`
	JSONL  string   `yaml:"jsonl"`
	Every  Duration `yaml:"every"` // how often to poll; 10m for feeds, 1m otherwise
	// ItemsOnly reads a feed's items' own text, not the pages they link.
	ItemsOnly bool `yaml:"items_only"`
	// Outlet names the documents' source when the input does not.
	Outlet string `yaml:"outlet"`
}

// Kind returns which kind of source c is.
func (c SourceConfig) Kind() string {
	switch {
	case c.Feed != "":
		return "feed"
	case c.Folder != "":
		return "folder"
	case c.WARC != "":
		return "warc"
	case c.JSONL != "":
		return "jsonl"
	}
	return ""
}

// A RuleConfig is one rule: When (an event rule) or Spike (a count rule),
// in the rule language (package rule).
type RuleConfig struct {
	Name  string `yaml:"name"`
	When  string `yaml:"when"`
	Spike string `yaml:"spike"`
	// Spike rules: the period counted (day or week; week when not
	// given), how many earlier periods make the baseline (8), how many
	// standard deviations above its mean count as a spike (3), and the
	// fewest events that can (3).
	Period   string  `yaml:"period"`
	Baseline int     `yaml:"baseline"`
	Sigma    float64 `yaml:"sigma"`
	Min      int     `yaml:"min"`
	// Per is what one alert of an event rule stands for: "event" (the
	// default: one real-world event, however many report it) or "story"
	// (one development, however many events and reports it holds).
	Per string `yaml:"per"`
	// Notify names the notifiers told; all of them when empty.
	Notify []string `yaml:"notify"`

	rule *rule.Rule
}

// A NotifierConf is one notifier: exactly one of Webhook, Stdout and
// File.
type NotifierConf struct {
	Name    string `yaml:"name"`
	Webhook string `yaml:"webhook"`
	// SecretEnv names the environment variable holding the webhook's
	// signing secret; the secret itself never goes in the file.
	SecretEnv string `yaml:"secret_env"`
	// Format is json (sitrep's alert) or slack (a Slack-compatible
	// message); json when not given.
	Format string `yaml:"format"`
	Stdout bool   `yaml:"stdout"`
	File   string `yaml:"file"`

	secret []byte
}

// A Duration is a time.Duration written as "90s", "10m", "1h".
type Duration time.Duration

// UnmarshalYAML implements yaml.Unmarshaler.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v < 0 {
		return fmt.Errorf("line %d: %q is not a duration (say 90s, 10m or 1h)", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

// A Size is a number of bytes written as 1048576, "512KiB" or "8MiB".
type Size int64

var sizeRe = regexp.MustCompile(`^(\d+)\s*(|B|KiB|MiB|GiB|KB|MB|GB)$`)

// UnmarshalYAML implements yaml.Unmarshaler.
func (s *Size) UnmarshalYAML(n *yaml.Node) error {
	m := sizeRe.FindStringSubmatch(strings.TrimSpace(n.Value))
	if m == nil {
		return fmt.Errorf("line %d: %q is not a size (say 8MiB)", n.Line, n.Value)
	}
	v, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a size (say 8MiB)", n.Line, n.Value)
	}
	mult := map[string]int64{"": 1, "B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "KB": 1e3, "MB": 1e6, "GB": 1e9}[m[2]]
	*s = Size(v * mult)
	return nil
}

// Load reads and checks the config at path; see Parse.
func Load(path string, places rule.Places) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(b, places)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Parse reads and checks a config: unknown keys, missing or contradictory
// settings, rules that do not parse, notifiers that are not defined,
// secrets missing from the environment. Every problem found is reported,
// each naming where it is. places resolves the places rules name.
func Parse(b []byte, places rule.Places) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the file is empty")
		}
		return nil, err
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	// named checks that the entry at has a name no other of its list has.
	named := func(at, name string, seen map[string]bool) {
		if name == "" {
			bad("%s: name is missing", at)
		} else if seen[name] {
			bad("%s: name %q is used twice", at, name)
		}
		seen[name] = true
	}
	if c.Every == 0 {
		c.Every = Duration(30 * time.Second)
	}
	if len(c.Sources) == 0 {
		bad("sources: none given; name at least one feed, folder, warc or jsonl")
	}
	names := map[string]bool{}
	for i := range c.Sources {
		s := &c.Sources[i]
		at := fmt.Sprintf("sources[%d]", i)
		named(at, s.Name, names)
		n := 0
		for _, v := range []string{s.Feed, s.Folder, s.WARC, s.JSONL} {
			if v != "" {
				n++
			}
		}
		if n != 1 {
			bad("%s (%s): give exactly one of feed, folder, warc and jsonl", at, s.Name)
			continue
		}
		if s.Feed != "" {
			u, err := url.Parse(s.Feed)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad("%s (%s): feed %q is not an http or https URL", at, s.Name, s.Feed)
			}
		} else if s.ItemsOnly {
			bad("%s (%s): items_only is for feeds", at, s.Name)
		}
		if s.Folder != "" {
			if info, err := os.Stat(s.Folder); err != nil || !info.IsDir() {
				bad("%s (%s): folder %q does not exist", at, s.Name, s.Folder)
			}
		}
		if s.Every == 0 {
			s.Every = Duration(time.Minute)
			if s.Feed != "" {
				s.Every = Duration(10 * time.Minute)
			}
		}
	}
	notifiers := map[string]bool{}
	for i := range c.Notifiers {
		n := &c.Notifiers[i]
		at := fmt.Sprintf("notifiers[%d]", i)
		named(at, n.Name, notifiers)
		kinds := 0
		if n.Webhook != "" {
			kinds++
			u, err := url.Parse(n.Webhook)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad("%s (%s): webhook %q is not an http or https URL", at, n.Name, n.Webhook)
			}
			switch n.Format {
			case "", "json", "slack":
			default:
				bad("%s (%s): format %q: want json or slack", at, n.Name, n.Format)
			}
			if n.SecretEnv != "" {
				n.secret = []byte(os.Getenv(n.SecretEnv))
				if len(n.secret) == 0 {
					bad("%s (%s): $%s, named by secret_env, is not set", at, n.Name, n.SecretEnv)
				}
			}
		} else if n.SecretEnv != "" || n.Format != "" {
			bad("%s (%s): secret_env and format are for webhooks", at, n.Name)
		}
		if n.Stdout {
			kinds++
		}
		if n.File != "" {
			kinds++
		}
		if kinds != 1 {
			bad("%s (%s): give exactly one of webhook, stdout and file", at, n.Name)
		}
	}
	if len(c.Rules) > 0 && len(c.Notifiers) == 0 {
		bad("notifiers: none given, so no rule can tell anyone")
	}
	rules := map[string]bool{}
	for i := range c.Rules {
		r := &c.Rules[i]
		at := fmt.Sprintf("rules[%d]", i)
		named(at, r.Name, rules)
		if (r.When == "") == (r.Spike == "") {
			bad("%s (%s): give exactly one of when and spike", at, r.Name)
			continue
		}
		var err error
		if r.When != "" {
			r.rule, err = rule.Parse(r.When, places)
			if r.Period != "" || r.Baseline != 0 || r.Sigma != 0 || r.Min != 0 {
				bad("%s (%s): period, baseline, sigma and min are for spike rules", at, r.Name)
			}
			switch r.Per {
			case "":
				r.Per = "event"
			case "event", "story":
			default:
				bad("%s (%s): per %q: want event or story", at, r.Name, r.Per)
			}
		} else {
			if r.Per != "" {
				bad("%s (%s): per is for event rules", at, r.Name)
			}
			r.rule, err = rule.Parse(r.Spike, places)
			if err == nil {
				if _, qerr := r.rule.Query(); qerr != nil {
					err = qerr
				}
			}
			switch r.Period {
			case "":
				r.Period = "week"
			case "day", "week":
			default:
				bad("%s (%s): period %q: want day or week", at, r.Name, r.Period)
			}
			if r.Baseline == 0 {
				r.Baseline = 8
			}
			if r.Sigma == 0 {
				r.Sigma = 3
			}
			if r.Min == 0 {
				r.Min = 3
			}
			if r.Baseline < 2 || r.Baseline > 104 || r.Sigma < 0 || r.Min < 1 {
				bad("%s (%s): want baseline from 2 to 104 periods, sigma of 0 or more, min of 1 or more", at, r.Name)
			}
		}
		if err != nil {
			bad("%s (%s): %v", at, r.Name, err)
		}
		for _, n := range r.Notify {
			if !notifiers[n] {
				bad("%s (%s): notify: no notifier is named %q", at, r.Name, n)
			}
		}
		if len(r.Notify) == 0 {
			for _, n := range c.Notifiers {
				r.Notify = append(r.Notify, n.Name)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &c, nil
}
