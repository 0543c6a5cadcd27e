package event

import "strings"

// inflect returns a verb's forms: base, third person, past, participles.
// It errs on the side of too many forms ("visitted" never occurs in text,
// so generating it costs nothing), and knows the irregular verbs news uses.
func inflect(base string) []string {
	if forms, ok := irregular[base]; ok {
		return append([]string{base}, forms...)
	}
	forms := []string{base}
	add := func(s ...string) { forms = append(forms, s...) }
	n := len(base)
	last := byte(0)
	if n > 0 {
		last = base[n-1]
	}
	switch {
	case strings.HasSuffix(base, "e") && !strings.HasSuffix(base, "ee") && !strings.HasSuffix(base, "ye"):
		add(base+"s", base+"d", base[:n-1]+"ing")
	case strings.HasSuffix(base, "ee") || strings.HasSuffix(base, "ye"):
		add(base+"s", base+"d", base+"ing")
	case last == 'y' && n > 1 && !isVowel(base[n-2]):
		add(base[:n-1]+"ies", base[:n-1]+"ied", base+"ing")
	case strings.HasSuffix(base, "s") || strings.HasSuffix(base, "x") || strings.HasSuffix(base, "z") ||
		strings.HasSuffix(base, "ch") || strings.HasSuffix(base, "sh"):
		add(base+"es", base+"ed", base+"ing")
	default:
		add(base+"s", base+"ed", base+"ing")
		if n > 2 && !isVowel(last) && last != 'w' && last != 'x' && last != 'y' && isVowel(base[n-2]) && !isVowel(base[n-3]) {
			add(base+string(last)+"ed", base+string(last)+"ing") // stop -> stopped; visit -> visitted (harmless)
		}
	}
	return forms
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// plural returns a noun's singular and plural forms.
func plural(s string) []string {
	n := len(s)
	switch {
	case strings.HasSuffix(s, "man"):
		return []string{s, s[:n-3] + "men"}
	case strings.HasSuffix(s, "s") || strings.HasSuffix(s, "x") || strings.HasSuffix(s, "ch") || strings.HasSuffix(s, "sh"):
		return []string{s, s + "es"}
	case n > 1 && s[n-1] == 'y' && !isVowel(s[n-2]):
		return []string{s, s[:n-1] + "ies"}
	}
	return []string{s, s + "s"}
}

var irregular = map[string][]string{}

func init() {
	for _, line := range strings.Split(`arise arises arose arisen arising
be is are was were been being am
bear bears bore borne born bearing
beat beats beaten beating
become becomes became becoming
begin begins began begun beginning
bring brings brought bringing
build builds built building
buy buys bought buying
catch catches caught catching
choose chooses chose chosen choosing
come comes came coming
cut cuts cutting
deal deals dealt dealing
dig digs dug digging
do does did done doing
draw draws drew drawn drawing
drive drives drove driven driving
fall falls fell fallen falling
feed feeds fed feeding
fight fights fought fighting
find finds found finding
flee flees fled fleeing
fly flies flew flown flying
forbid forbids forbade forbidden forbidding
forgive forgives forgave forgiven forgiving
freeze freezes froze frozen freezing
get gets got gotten getting
give gives gave given giving
go goes went gone going
hang hangs hung hanged hanging
have has had having
hear hears heard hearing
hide hides hid hidden hiding
hit hits hitting
hold holds held holding
hurt hurts hurting
keep keeps kept keeping
lay lays laid laying
lead leads led leading
leave leaves left leaving
lend lends lent lending
let lets letting
lose loses lost losing
make makes made making
meet meets met meeting
overrun overruns overran overrunning
overthrow overthrows overthrew overthrown overthrowing
pay pays paid paying
put puts putting
quit quits quitting
rebuild rebuilds rebuilt rebuilding
retake retakes retook retaken retaking
ride rides rode ridden riding
rise rises rose risen rising
run runs ran running
say says said saying
see sees saw seen seeing
seek seeks sought seeking
sell sells sold selling
send sends sent sending
set sets setting
shake shakes shook shaken shaking
shoot shoots shot shooting
shut shuts shutting
sit sits sat sitting
slay slays slew slain slaying
speak speaks spoke spoken speaking
spend spends spent spending
stand stands stood standing
steal steals stole stolen stealing
strike strikes struck stricken striking
swear swears swore sworn swearing
take takes took taken taking
teach teaches taught teaching
tear tears tore torn tearing
tell tells told telling
think thinks thought thinking
throw throws threw thrown throwing
undertake undertakes undertook undertaken undertaking
uphold upholds upheld upholding
wage wages waged waging
wind winds wound winding
withdraw withdraws withdrew withdrawn withdrawing
withhold withholds withheld withholding
write writes wrote written writing
blow blows blew blown blowing
break breaks broke broken breaking
bid bids bidding
broadcast broadcasts broadcasting
mislead misleads misled misleading
outlaw outlaws outlawed outlawing
split splits splitting
spread spreads spreading
upset upsets upsetting
wake wakes woke woken waking
win wins won winning`, "\n") {
		f := strings.Fields(line)
		irregular[f[0]] = f[1:]
	}
}
