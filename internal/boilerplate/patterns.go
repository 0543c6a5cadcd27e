package boilerplate

import (
	"strings"
)

// The lexicon of boilerplate. Patterns run on the lower-cased, trimmed line.
// They describe kinds of page furniture, not particular sites: add a pattern
// when a new kind turns up, with a labelled example in testdata.

// shortNoise matches whole short lines (at most eight words) that are page
// furniture wherever they appear.
var shortNoise = newLexicon(`^(?:`, `)[.!:]?$`,
	`skip to (?:main )?(?:content|navigation|search)`, `skip navigation`, `jump to (?:main )?content`, `back to top`, `(?:return|go) to top`, `top of page`,
	`(?:share|send|post|pin|tweet|e-?mail|print|save|bookmark|copy)(?: (?:this|the|on|to|via|link|article|story|page|post|\w+))*`,
	`link copied(?: to clipboard)?`, `copied!?`,
	`(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|messenger|instagram|youtube|tiktok|flipboard|email|comments?)`,
	`(?:sign|log) ?(?:in|out|up)(?: .*)?`, `register(?: .*)?`, `my account`, `account`, `subscribe(?: .*)?`, `subscriber(?:s)? only`, `gift (?:this )?article`,
	`(?:advertisement|advertising|sponsored(?: content)?|ad|ads|promoted|partner content)`, `(?:story|article) continues (?:below|after)(?: .*)?`, `scroll (?:down )?(?:to|for) (?:continue|more)(?: .*)?`,
	`(?:continue|keep) reading(?: .*)?`, `read (?:more|the full (?:story|article)|full article|on)(?: .*)?`, `(?:show|load|see|view) (?:more|all|less)(?: .*)?`,
	`click (?:here|to) .*`, `loading\.*`, `please wait\.*`, `listen(?: to this)?(?: article| story)?(?: \S+ min(?:ute)?s?)?`, `play(?: video)?`, `watch(?: video| now| live)?`,
	`(?:video|photo|image|gallery|audio|graphic|map|chart)s?`, `(?:enlarge|expand|close|open|menu|search|home|more|next|previous|prev|reply|report|like|flag|follow|hide|show)`,
	`(?:next|previous|prev) (?:article|story|post|page)(?: .*)?`, `(?:privacy|cookie)(?: policy| settings| notice| preferences)?`, `terms(?: of (?:use|service))?(?: and conditions)?`,
	`(?:contact|about) us`, `advertise(?: with us)?`, `careers`, `sitemap`, `rss(?: feeds?)?`, `help`, `faq`, `accessibility`, `corrections`,
	`(?:follow|like|find) us(?: on .*)?`, `follow @\S+`, `(?:download|get) (?:our|the) app(?: .*)?`, `(?:breaking|live|exclusive|opinion|analysis|explainer)`,
	`\d+ min(?:ute)?s? read`, `\d+ (?:shares?|views?|comments?|likes?)`, `(?:text|font) size`, `a{1,2}[+-]?`, `aa`,
	`(?:image|photo|picture|video) (?:caption|credit|source)s?(?:: .*)?`, `(?:file )?photos?`, `(?:reuters|afp|ap|getty images|epa|anadolu(?: agency)?)(?: (?:photo|via getty images))?`,
	`(?:accept|reject|decline|agree|manage|allow)(?: all)?(?: cookies| settings| preferences)?`, `got it!?`, `ok(?:ay)?`, `no thanks`, `dismiss`, `×|x|✕|☰|≡`,
	`open in (?:the )?app(?: .*)?`, `(?:mark|marked) (?:all )?as (?:read|unread)(?: .*)?`, `save for later(?: .*)?`, `visit (?:the )?(?:website|site|page)`, `top story`, `page \d+(?: of \d+)?(?: .*)?`,
	`(?:member|moderator|administrator|admin|senior member|junior member|new member|registered user|guest|banned)`,
	`view (?:this )?(?:email|e-mail|newsletter|it) (?:in|on) (?:your |a )?(?:browser|web)`, `view (?:in|on) (?:your )?browser`, `(?:un)?subscribe(?: here)?`, `manage (?:your )?(?:preferences|subscriptions?)`,
	`enter your e-?mail(?: .*)?`, `your e-?mail(?: address)?`, `all (?:articles|stories|items|posts|news)(?: .*)?`, `[-_=*~.]{3,}`,
)

// anyNoise matches lines of any length that are boilerplate because of what
// they say.
var anyNoise = newLexicon(``, ``,
	`^(?:©|\(c\)|copyright\b)`, `^(?:\S+\s+){0,14}\S*©`, `all rights reserved`, `جميع الحقوق محفوظة`, `^forwarded (?:from|message)\b`, `^(?:tags?|topics?|filed under|categories|category|keywords|related topics|posted in)\s*:`,
	`\bwe use cookies\b`, `\b(?:use|accept|consent to|agree to)(?: the use of| our use of| all)? cookies\b`, `\bcookies? (?:policy|settings|notice|preferences)\b`,
	`^(?:editing|edited|compiled|translated|produced|graphics|photos?|video) by\b`,
	`\b(?:sign up|subscribe)\b.{0,60}\b(?:newsletter|inbox|updates|alerts|briefing|digest)\b`, `\bnewsletter\b.{0,40}\b(?:sign up|subscribe|inbox|delivered)\b`,
	`^(?:sign up|subscribe|register) (?:now|today|for|to)\b`, `\bsubscribe (?:now|today)\b`, `^(?:already|not) a subscriber\b`, `\bsubscribers? only\b`,
	`^(?:want|like|enjoyed|found) (?:more|this|reading)\b.{0,80}\?`, `\bsupport (?:our|independent) journalism\b`, `\b(?:please )?consider (?:supporting|subscribing|donating)\b`, `\bdonate (?:now|today)\b`,
	`^(?:please )?enable javascript\b`, `\byour browser does not support\b`, `\bthis (?:video|content|embed) (?:is not available|cannot be displayed|is unavailable)\b`,
	`\((?:photo|image|picture|file photo|credit|video)\b[^)]*\)$`, `^(?:photo|image|picture|file photo)s?\s*(?:credit)?\s*:`, `\bvia getty images\b`,
	`^(?:this (?:article|story) (?:was|has been|is) (?:updated|corrected|amended)\b)`, `^(?:updated|corrected) (?:at|on) \d`,
	`^(?:terms|privacy)\b.*\|.*\b(?:privacy|terms|cookies|contact)\b`, `^(?:home|news)\s*(?:›|»|>|/)\s*`,
	`\b(?:download|get) (?:our|the) (?:free )?app\b`, `^(?:follow|join) us on\b`, `^(?:share|tweet|email) (?:this|on)\b.{0,60}$`,
	`\b(?:app store|google play|ios and android|iphone and android)\b`, `^shared (?:from|via) (?:the )?.{0,40}\bapp\b`, `\bturn on (?:push )?notifications\b`, `^(?:tap|swipe|click) (?:here|to)\b`, `^press \S+(?: / \S+)? (?:for|to)\b`,
	`^good (?:morning|afternoon|evening)\b.{0,80}$`, `\bhere(?: i|')s what you need to know\b`, `^(?:forwarded|enjoying|enjoy|like) (?:this|the|reading)\b.{0,60}\b(?:e-?mail|newsletter|brief|briefing|digest)\b`,
	`\byou (?:are|were) receiving this\b`, `\bunsubscribe\b`, `^(?:no longer want|update your preferences|manage your subscription)`, `\bforward (?:it|this) to a (?:friend|colleague)\b`,
	`^(?:you must|please) (?:log|sign) ?in\b`, `\b(?:log in|sign in|register) to (?:reply|comment|post)\b`, `^powered by\b`, `^(?:display|sort|jump to|go to)\b.{0,40}:`,
	`^(?:subject|from|to|cc|bcc|sent|reply-to|re|fwd?)\s*:\s`, `^page \d+ of \d+\b`, `\b(?:free articles?|unlimited access|subscribers? only|to continue reading|already (?:a subscriber|subscribed)|cancel anytime)\b`, `\bview (?:the )?(?:non-amp|full|desktop|mobile|original|text-only) version\b`, `^source\s*:\s*\S+$`, `^(?:https?://|www\.)\S+(?:\s+\d+/\d+)?$`, `^printed (?:from|on)\b`, `^(?:joined|posts|member since|registered|location|reputation)\s*:`,
	`\((?:afp|reuters|ap|epa|getty images|anadolu|[^()]{0,40}/getty images|[^()]{0,40}(?:photo|image)[^()]{0,40})\)$`, `\b(?:photo|image|picture|credit)s?\s*:\s*[^.]{0,60}$`,
)

// isNoise reports whether a lower-cased line is page furniture.
func isNoise(lower string, words int) bool {
	if words <= 8 && shortNoise.match(strings.Trim(lower, " \t•·|-–—>»+")) {
		return true
	}
	if words <= 6 && isShareRow(lower) {
		return true
	}
	return anyNoise.match(lower)
}

// shareWords are the words of a row of share buttons.
var shareWords = map[string]bool{
	"share": true, "tweet": true, "email": true, "e-mail": true, "print": true, "save": true, "copy": true, "link": true,
	"facebook": true, "twitter": true, "x": true, "linkedin": true, "whatsapp": true, "telegram": true, "reddit": true,
	"pinterest": true, "messenger": true, "comment": true, "comments": true, "on": true, "this": true, "article": true,
}

// isShareRow reports whether every word of a line is a share-button word:
// "Facebook Twitter WhatsApp Email".
func isShareRow(lower string) bool {
	fields := strings.FieldsFunc(lower, func(r rune) bool {
		return r == ' ' || r == '|' || r == '·' || r == '•' || r == '/' || r == ',' || r == ':'
	})
	if len(fields) < 2 {
		return false
	}
	for _, f := range fields {
		if !shareWords[f] {
			return false
		}
	}
	return true
}

// commentHeader matches the line that opens a comment section.
var commentHeader = newLexicon(`^(?:`, `)[.!:]?$`,
	`(?:\d+\s+)?(?:reader )?(?:comments?|responses?|replies|reactions)(?:\s*\(\d+\))?`,
	`(?:leave|add|post|write|submit) a (?:comment|reply|response)(?: .*)?`, `(?:join|start) the (?:conversation|discussion|debate)`,
	`(?:show|view|read|load|see) (?:all )?(?:\d+ )?comments?(?: .*)?`, `comments? (?:are|is) (?:closed|disabled)`, `have your say`,
	`what do you think\??`, `discussion`, `conversation`, `comments? policy`, `(?:\d+\s+)?thoughts? on .*`, `comments? (?:are|is) (?:closed|disabled) .*`,
	`(?:tap|click) to (?:read|view|see|show) (?:the )?comments?(?: .*)?`,
)

// listHeader matches the line that opens a list of other headlines.
var listHeader = newLexicon(`^(?:`, `)\s*[:»›>]?$`,
	`related(?: \S+){0,2}`, `also in (?:the )?news`,
	`more (?:from|on|in|about|to read|like this)(?: .*)?`, `more (?:\S+ ){0,2}(?:news|stories|coverage|headlines|articles|reading|videos|reports)(?: .*)?`, `most (?:read|popular|viewed|shared|watched|commented|emailed)(?: .*)?`,
	`trending(?: now| stories| news)?`, `recommended(?: for you| stories| reading)?`, `you (?:may|might) (?:also )?(?:like|enjoy|be interested in)`,
	`read (?:next|also|this next)`, `see also`, `also read`, `also on .*`, `top (?:stories|news|headlines)`, `latest(?: news| stories| headlines| from .*)?`,
	`in other news`, `editor'?s? (?:picks|choice)`, `popular(?: now| stories)?`, `what to read next`, `more stories`, `further reading`,
	`don'?t miss`, `elsewhere(?: on .*)?`, `around the web`, `from (?:our|the) (?:archive|partners)`, `(?:other|previous) coverage`, `what'?s new`, `news in brief`,
	`also in (?:today'?s|this|the) (?:brief|briefing|newsletter|edition|issue|digest)`, `in (?:this|today'?s) (?:brief|briefing|newsletter|edition|issue|digest)`,
	`similar (?:threads|posts|topics|articles|stories)`,
	`اقرأ أيضا?ً?`, `اقرأ المزيد`, `(?:مواضيع|أخبار|مقالات) (?:ذات صلة|متعلقة)`, `الأكثر (?:قراءة|مشاهدة)`, `شاهد أيضا?ً?`, `(?:next|up next) in (?:feed|queue)`, `more headlines`, `headlines`,
)

func isListHeader(lower string) bool {
	return listHeader.match(strings.Trim(lower, " \t-–—•*#="))
}
