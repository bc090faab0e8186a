//! iCalendar: the programme's calendar in, and the user's consultations out.
//!
//! Reading uses the `icalendar` crate's parser (which unfolds lines and
//! unescapes text) and `rrule` to expand recurrences; times with a TZID are
//! read in that zone (`chrono-tz`; Windows zone names through CLDR's table),
//! `Z` times in UTC, floating times in the user's zone, and dates alone as
//! all-day events. An event that cannot be read is skipped with its reason;
//! the rest are imported.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use icalendar::parser::{Component as Parsed, ParseString, Property, read_calendar_simple, unfold};
use icalendar::{Calendar, Component, Event, EventLike};

mod windows_zones;

use crate::domain::time::localize;
use crate::domain::{Audience, Consultation, EventKind, Id, Recurrence, Source};

/// Occurrences of one recurring event that are read at the most.
const MAX_OCCURRENCES: u16 = 400;
/// Occurrences of one recurring event a day, at the most: a rule that gives
/// more is not a programme's.
const MAX_PER_DAY: usize = 4;
/// Events a calendar file yields at the most, occurrences included.
pub const MAX_EVENTS: usize = 5_000;
/// BEGIN/END levels a calendar may nest at the most. Calendar apps write
/// three (VCALENDAR, VEVENT, VALARM); the parser recurses once a level, and a
/// file nested thousands deep would overflow its stack.
pub const MAX_DEPTH: usize = 16;

/// An event read from a calendar (one occurrence of a recurring one).
#[derive(Debug, Clone, PartialEq)]
pub struct IcsEvent {
    /// The event's UID; for an occurrence, the UID and its start.
    pub uid: String,
    pub title: String,
    pub start: DateTime<FixedOffset>,
    pub end: Option<DateTime<FixedOffset>>,
    pub all_day: bool,
    pub place: String,
    pub notes: String,
    pub categories: Vec<String>,
    /// Where the consultation comes from: the event's UID, or for an
    /// occurrence of a recurring event, its series (when the series can be
    /// written back as it is).
    pub source: Source,
}

/// An event that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub what: String,
    pub reason: String,
}

/// A moment as the calendar gave it.
#[derive(Debug, Clone)]
enum When {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    Zoned(NaiveDateTime, chrono_tz::Tz),
    Floating(NaiveDateTime),
}

fn prop<'a>(c: &'a Parsed<'a>, name: &str) -> Option<&'a Property<'a>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'a>(p: &'a Property<'a>, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref().map(|v| v.as_str()))
}

fn text(c: &Parsed, name: &str) -> String {
    prop(c, name)
        .map(|p| p.val.clone().unescape_text().as_str().to_string())
        .unwrap_or_default()
}

fn when(p: &Property) -> Result<When, String> {
    let raw = p.val.as_str().trim();
    let is_date =
        param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || raw.len() == 8;
    if is_date {
        return NaiveDate::parse_from_str(raw, "%Y%m%d")
            .map(When::Date)
            .map_err(|_| format!("'{raw}' is not a date"));
    }
    let (body, utc) = match raw.strip_suffix('Z').or_else(|| raw.strip_suffix('z')) {
        Some(b) => (b, true),
        None => (raw, false),
    };
    let naive = NaiveDateTime::parse_from_str(body, "%Y%m%dT%H%M%S")
        .map_err(|_| format!("'{raw}' is not a date-time"))?;
    if utc {
        return Ok(When::Utc(naive));
    }
    match param(p, "TZID") {
        Some(tzid) => {
            let name = tzid.trim().trim_matches('"').trim().trim_start_matches('/');
            // Also "/mozilla.org/20070129_1/Europe/Berlin" and similar: the
            // trailing Area/City is the zone.
            let tail = name
                .rsplitn(3, '/')
                .take(2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("/");
            // Outlook writes Windows names: "W. Europe Standard Time".
            name.parse::<chrono_tz::Tz>()
                .or_else(|_| tail.parse::<chrono_tz::Tz>())
                .or_else(|e| windows_zones::iana(name).ok_or(e)?.parse())
                .map(|tz| When::Zoned(naive, tz))
                .map_err(|_| format!("unknown time zone '{name}'"))
        }
        None => Ok(When::Floating(naive)),
    }
}

impl When {
    fn resolve<L: TimeZone>(&self, local: &L) -> Option<DateTime<FixedOffset>> {
        match self {
            When::Date(d) => localize(d.and_time(NaiveTime::MIN), local),
            // Shown in the user's zone: a calendar's Z times are just UTC.
            When::Utc(n) => Some(Utc.from_utc_datetime(n).with_timezone(local).fixed_offset()),
            When::Zoned(n, tz) => localize(*n, tz),
            When::Floating(n) => localize(*n, local),
        }
    }

    fn for_rrule<L: TimeZone>(&self, local: &L) -> Option<DateTime<rrule::Tz>> {
        let tz = match self {
            When::Zoned(_, tz) => rrule::Tz::Tz(*tz),
            When::Utc(_) => rrule::Tz::UTC,
            _ => rrule::Tz::LOCAL,
        };
        Some(self.resolve(local)?.with_timezone(&tz))
    }
}

/// A duration such as `PT1H30M` or `P1D`.
fn duration(raw: &str) -> Option<Duration> {
    let s = raw.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let s = s.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut num = String::new();
    let mut in_time = false;
    for c in s.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => num.push(c),
            _ => {
                let n: i64 = num.parse().ok()?;
                num.clear();
                // Checked: a hostile file may ask for more than time holds.
                let part = match (c, in_time) {
                    ('W', _) => Duration::try_weeks(n),
                    ('D', _) => Duration::try_days(n),
                    ('H', true) => Duration::try_hours(n),
                    ('M', true) => Duration::try_minutes(n),
                    ('S', true) => Duration::try_seconds(n),
                    _ => None,
                }?;
                total = total.checked_add(&part)?;
            }
        }
    }
    Some(if neg { -total } else { total })
}

/// Reads the events of a calendar. Occurrences of recurring events are
/// expanded between `from` and `to`. `local` is the zone of floating times.
pub fn read<L: TimeZone>(
    input: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    local: &L,
) -> Result<(Vec<IcsEvent>, Vec<Skipped>), String> {
    let unfolded = prepare(input)?;
    let mut events = Vec::new();
    let mut skipped = Vec::new();
    // The whole file at once; when the parser refuses it, each event on its
    // own, so that a line it cannot read costs that event alone.
    let whole = read_calendar_simple(&unfolded);
    let blocks = match &whole {
        Ok(_) => Vec::new(),
        Err(_) => event_blocks(&unfolded),
    };
    let parsed: Vec<_> = blocks
        .iter()
        .map(|b| read_calendar_simple(&b.text))
        .collect();
    let mut found = Vec::new();
    match &whole {
        Ok(roots) => roots.iter().for_each(|r| gather(r, None, &mut found)),
        Err(_) if blocks.is_empty() => return Err(unreadable(&unfolded)),
        Err(_) => {
            for (block, result) in blocks.iter().zip(&parsed) {
                match result {
                    Ok(roots) if block.closed => roots
                        .iter()
                        .for_each(|r| gather(r, block.parent.as_deref(), &mut found)),
                    _ => skipped.push(Skipped {
                        what: what(&raw_title(&block.text)),
                        reason: if block.closed {
                            unreadable(&block.text)
                        } else {
                            "it has no END:VEVENT (is the file cut short?)".into()
                        },
                    }),
                }
            }
        }
    }
    // Occurrences a file moves or changes (RECURRENCE-ID): the series leaves them out.
    let mut overrides: std::collections::HashMap<String, std::collections::HashSet<String>> =
        Default::default();
    for (c, _) in found.iter().filter(|(_, place)| in_calendar(*place)) {
        if let Some(rid) = prop(c, "RECURRENCE-ID") {
            overrides
                .entry(text(c, "UID"))
                .or_default()
                .insert(occurrence_key(rid.val.as_str()));
        }
    }
    // The events of the file that move or change an occurrence of a series.
    let mut moved_at: Vec<(usize, (String, String))> = Vec::new();
    for (c, place) in found {
        let title = text(c, "SUMMARY");
        let what = what(&title);
        if !in_calendar(place) {
            let reason = match place {
                Some(p) => format!(
                    "it is inside a {} component, where calendars do not keep events",
                    crate::text::one_line(p, 40)
                ),
                None => "it is outside the calendar (after its END:VCALENDAR)".into(),
            };
            skipped.push(Skipped { what, reason });
            continue;
        }
        if events.len() >= MAX_EVENTS {
            skipped.push(Skipped {
                what,
                reason: format!("the file yields more than {MAX_EVENTS} events"),
            });
            continue;
        }
        let changed =
            prop(c, "RECURRENCE-ID").map(|rid| (text(c, "UID"), occurrence_key(rid.val.as_str())));
        match read_event(c, &title, from, to, local, &overrides) {
            Ok(mut list) => {
                let room = MAX_EVENTS - events.len();
                if list.len() > room {
                    list.truncate(room);
                    // The series was read up to the last occurrence kept.
                    let last = list.last().map(|e| e.start.to_utc());
                    for e in &mut list {
                        if let (Source::Series { series, .. }, Some(last)) = (&mut e.source, last) {
                            series.to = series.to.min(last);
                        }
                    }
                }
                if let Some(changed) = changed
                    && !list.is_empty()
                {
                    moved_at.push((events.len(), changed));
                }
                events.append(&mut list);
            }
            Err(reason) => skipped.push(Skipped { what, reason }),
        }
    }
    // An occurrence the file moves or changes belongs to its series, once
    // the series has been read.
    if !moved_at.is_empty() {
        let series: std::collections::HashMap<String, Recurrence> = events
            .iter()
            .filter_map(|e| match &e.source {
                Source::Series { uid, series, .. } => Some((uid.clone(), (**series).clone())),
                _ => None,
            })
            .collect();
        for (at, (uid, occurrence)) in moved_at {
            if let Some(series) = series.get(&uid) {
                let source = Source::Series {
                    uid,
                    occurrence,
                    series: Box::new(series.clone()),
                };
                if source.validate().is_ok() {
                    events[at].source = source;
                }
            }
        }
    }
    Ok((events, skipped))
}

/// How an event is named in the list of those skipped.
fn what(title: &str) -> String {
    if title.trim().is_empty() {
        "an event without a title".to_string()
    } else {
        format!("“{}”", crate::text::one_line(title, 60))
    }
}

/// Whether an event in `place` (the name of the component around it) is one
/// of the calendar's: directly in a VCALENDAR, which may be in another.
fn in_calendar(place: Option<&str>) -> bool {
    place.is_some_and(|p| p.eq_ignore_ascii_case("VCALENDAR"))
}

/// The events in `c` and in the components inside it, each with the name
/// of the component it is in.
fn gather<'r, 'a>(
    c: &'r Parsed<'a>,
    place: Option<&'r str>,
    found: &mut Vec<(&'r Parsed<'a>, Option<&'r str>)>,
) {
    let name = c.name.as_str();
    if name.eq_ignore_ascii_case("VEVENT") {
        found.push((c, place));
    }
    // The depth is bounded: see `prepare`.
    for child in &c.components {
        gather(child, Some(name), found);
    }
}

/// An event's lines, cut from a calendar the parser refused as a whole.
struct Block {
    text: String,
    /// The name of the component it is in.
    parent: Option<String>,
    /// Whether its END:VEVENT was found.
    closed: bool,
}

/// The events of a calendar found by their BEGIN:VEVENT and END:VEVENT
/// lines (events inside events stay in theirs).
fn event_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.split('\n').collect();
    // The components open at a line: name (upper case) and first line.
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut blocks = Vec::new();
    let outermost_event = |open: &[(String, usize)], k: usize| {
        open[k].0 == "VEVENT" && !open[..k].iter().any(|(n, _)| n == "VEVENT")
    };
    let block = |open: &[(String, usize)], k: usize, end: usize, closed: bool| Block {
        text: lines[open[k].1..end].join("\n"),
        parent: k.checked_sub(1).map(|p| open[p].0.clone()),
        closed,
    };
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        if let Some(name) = strip_prefix_ignore_case(line, "BEGIN:") {
            open.push((name.trim().to_ascii_uppercase(), i));
        } else if let Some(name) = strip_prefix_ignore_case(line, "END:") {
            let name = name.trim().to_ascii_uppercase();
            let Some(at) = open.iter().rposition(|(n, _)| *n == name) else {
                continue;
            };
            // What was opened inside it and not closed ends here, unclosed.
            for k in at..open.len() {
                if outermost_event(&open, k) {
                    blocks.push(if k == at {
                        block(&open, k, i + 1, true)
                    } else {
                        block(&open, k, i, false)
                    });
                }
            }
            open.truncate(at);
        }
    }
    for k in 0..open.len() {
        if outermost_event(&open, k) {
            blocks.push(block(&open, k, lines.len(), false));
        }
    }
    blocks
}

/// The SUMMARY of an event the parser refused, read from its lines.
fn raw_title(block: &str) -> String {
    let mut depth = 0usize;
    for line in block.split('\n').skip(1) {
        let line = line.trim();
        if starts_with_ignore_case(line, "BEGIN:") {
            depth += 1;
        } else if starts_with_ignore_case(line, "END:") {
            depth = depth.saturating_sub(1);
        } else if depth == 0
            && starts_with_ignore_case(line, "SUMMARY")
            && matches!(line.as_bytes().get(7), Some(b':' | b';'))
        {
            // The value follows the first colon outside quotes.
            let mut quoted = false;
            for (i, ch) in line.char_indices() {
                match ch {
                    '"' => quoted = !quoted,
                    ':' if !quoted => {
                        return ParseString::from(&line[i + 1..])
                            .unescape_text()
                            .as_str()
                            .to_string();
                    }
                    _ => {}
                }
            }
        }
    }
    String::new()
}

/// The calendar's text unfolded, with its lines ended by `\n` alone, once it
/// is known not to nest deeper than [`MAX_DEPTH`].
fn prepare(input: &str) -> Result<String, String> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let first = input.lines().map(str::trim).find(|l| !l.is_empty());
    if !first.is_some_and(|l| l.eq_ignore_ascii_case("BEGIN:VCALENDAR")) {
        return Err(NOT_A_CALENDAR.into());
    }
    // The parser reads a value up to the next "\r\n" when there is one, even
    // past "\n" line ends: with mixed line ends, an END line could become part
    // of a value and the levels counted here would not be the parser's.
    let text = unfold(input).replace("\r\n", "\n");
    let mut depth = 0usize;
    for line in text.split('\n') {
        if starts_with_ignore_case(line.trim_start(), "BEGIN:") {
            depth += 1;
            if depth > MAX_DEPTH {
                return Err(format!(
                    "its components are nested more than {MAX_DEPTH} deep (BEGIN lines inside \
                     BEGIN lines), which calendar apps never write"
                ));
            }
        } else if starts_with_ignore_case(line.trim_start(), "END:") {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(text)
}

const NOT_A_CALENDAR: &str = "it is not an iCalendar file: it should start with BEGIN:VCALENDAR";

/// Why the parser refused `text`, in words: the first line it cannot read,
/// or else its BEGIN and END lines.
fn unreadable(text: &str) -> String {
    match text.split('\n').find(|l| !readable_line(l)) {
        Some(line) => format!(
            "its line “{}” cannot be read (a line is NAME:value, or NAME;PARAMETER=value:value)",
            crate::text::one_line(line, 60)
        ),
        None => "its BEGIN and END lines do not match (is the file cut short?)".into(),
    }
}

/// Whether the parser reads `line` as a property line.
fn readable_line(line: &str) -> bool {
    let line = line.trim();
    line.is_empty()
        || starts_with_ignore_case(line, "BEGIN:")
        || starts_with_ignore_case(line, "END:")
        || read_calendar_simple(&format!("BEGIN:X-LINE\n{line}\nEND:X-LINE\n")).is_ok()
}

fn starts_with_ignore_case(line: &str, prefix: &str) -> bool {
    strip_prefix_ignore_case(line, prefix).is_some()
}

fn strip_prefix_ignore_case<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .map(|_| &line[prefix.len()..])
}

/// An occurrence's key: its wall-clock start as the calendar wrote it, the
/// same in every time zone the file is read in. A date alone is its
/// midnight, as the occurrences of an all-day series are named.
fn occurrence_key(raw: &str) -> String {
    let key = raw.trim().trim_end_matches(['Z', 'z']);
    if key.len() == 8 && key.bytes().all(|b| b.is_ascii_digit()) {
        format!("{key}T000000")
    } else {
        key.to_string()
    }
}

/// How occurrences are named: `20261208T180000`.
const KEY: &str = "%Y%m%dT%H%M%S";

/// The name of the occurrence at `d` of a series that starts at `start`
/// (in `tz`, the zone it is expanded in): its start in the series' own time
/// — its zone's, UTC, or the user's for floating times and dates.
fn occurrence_name<L: TimeZone>(
    start: &When,
    d: &DateTime<rrule::Tz>,
    tz: &rrule::Tz,
    local: &L,
) -> String {
    match start {
        When::Date(_) | When::Floating(_) => d.with_timezone(local).naive_local(),
        When::Utc(_) | When::Zoned(..) => d.with_timezone(tz).naive_local(),
    }
    .format(KEY)
    .to_string()
}

/// A series' start as [`Recurrence::start`] keeps it, and its zone.
fn series_start(start: &When) -> (String, Option<String>) {
    match start {
        When::Date(d) => (d.format("%Y%m%d").to_string(), None),
        When::Utc(n) => (format!("{}Z", n.format(KEY)), None),
        When::Zoned(n, tz) => (n.format(KEY).to_string(), Some(tz.name().to_string())),
        When::Floating(n) => (n.format(KEY).to_string(), None),
    }
}

/// The start a [`Recurrence`] keeps, read back.
fn series_when(r: &Recurrence) -> Option<When> {
    let s = r.start.as_str();
    if s.len() == 8 {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok().map(When::Date);
    }
    if let Some(utc) = s.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(utc, KEY).ok().map(When::Utc);
    }
    let naive = NaiveDateTime::parse_from_str(s, KEY).ok()?;
    Some(match &r.zone {
        Some(zone) => When::Zoned(naive, zone.parse().ok()?),
        None => When::Floating(naive),
    })
}

/// A recurrence rule as written, if it is one that is expanded.
fn parse_rule(raw: &str) -> Result<rrule::RRule<rrule::Unvalidated>, String> {
    // rrule 0.14 panics on non-ASCII rules, and sub-daily rules expand for
    // ever: neither belongs in a programme's calendar.
    if !raw.is_ascii() {
        return Err("its recurrence rule cannot be read (not ASCII)".into());
    }
    let upper = raw.to_ascii_uppercase();
    if ["FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY"]
        .iter()
        .any(|f| upper.contains(f))
    {
        return Err("it repeats more often than daily, which a programme calendar does not".into());
    }
    raw.parse()
        .map_err(|e| format!("its recurrence rule cannot be read: {}", rule_problem(e)))
}

fn read_event<L: TimeZone>(
    c: &Parsed,
    title: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    local: &L,
    overrides: &std::collections::HashMap<String, std::collections::HashSet<String>>,
) -> Result<Vec<IcsEvent>, String> {
    let uid = text(c, "UID");
    if uid.trim().is_empty() {
        return Err("it has no UID".into());
    }
    if uid.chars().any(char::is_control) || uid.len() > 500 {
        return Err("its UID has control characters or is too long".into());
    }
    if text(c, "STATUS").eq_ignore_ascii_case("CANCELLED") {
        return Err("it is cancelled".into());
    }
    if title.trim().is_empty() {
        return Err("it has no title (SUMMARY)".into());
    }
    let start_prop = prop(c, "DTSTART").ok_or("it has no start (DTSTART)")?;
    let start_when = when(start_prop)?;
    let all_day = matches!(start_when, When::Date(_));
    let start = start_when
        .resolve(local)
        .ok_or("its start does not exist in its time zone")?;
    let length = match (prop(c, "DTEND"), prop(c, "DURATION")) {
        (Some(end), _) => {
            let end = when(end)?
                .resolve(local)
                .ok_or("its end does not exist in its time zone")?;
            if end < start {
                return Err("it ends before it starts".into());
            }
            Some(end - start)
        }
        (None, Some(d)) => Some(
            duration(d.val.as_str())
                .ok_or_else(|| format!("'{}' is not a duration", d.val.as_str()))?,
        ),
        (None, None) => None,
    };
    let categories: Vec<String> = c
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("CATEGORIES"))
        .flat_map(|p| {
            p.val
                .clone()
                .unescape_text()
                .as_str()
                .split(',')
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    if length.is_some_and(|l| l < Duration::zero()) {
        return Err("it ends before it starts".into());
    }
    let make = |uid: String, start: DateTime<FixedOffset>, source: Source| {
        let end = if all_day {
            // Whole days, counted on the calendar: a clock change in between
            // must not take the last day away.
            let days = length.map_or(1, |l| (l.num_hours() + 12) / 24).max(1);
            (days > 1)
                .then(|| {
                    start
                        .date_naive()
                        .checked_add_days(chrono::Days::new(days as u64))
                })
                .flatten()
                .and_then(|d| localize(d.and_time(NaiveTime::MIN), local))
        } else {
            length.and_then(|l| start.checked_add_signed(l))
        };
        IcsEvent {
            uid,
            title: title.to_string(),
            start,
            end,
            all_day,
            place: text(c, "LOCATION"),
            notes: text(c, "DESCRIPTION"),
            categories: categories.clone(),
            source,
        }
    };
    if let Some(rid) = prop(c, "RECURRENCE-ID") {
        // One occurrence of a series, moved or changed: it takes that
        // occurrence's place (and joins its series once that is read).
        let key = format!("{uid}/{}", occurrence_key(rid.val.as_str()));
        let source = Source::Imported { uid: key.clone() };
        return Ok(vec![make(key, start, source)]);
    }
    let Some(rule) = prop(c, "RRULE") else {
        let source = Source::Imported { uid: uid.clone() };
        return Ok(vec![make(uid, start, source)]);
    };
    let moved = overrides.get(&uid);
    let dtstart = start_when
        .for_rrule(local)
        .ok_or("its start does not exist in its time zone")?;
    let raw_rule = rule.val.as_str().trim();
    let rule = parse_rule(raw_rule)?;
    let tz = dtstart.timezone();
    let name = |d: &DateTime<rrule::Tz>| occurrence_name(&start_when, d, &tz, local);
    let mut exdates = Vec::new();
    for ex in c
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("EXDATE"))
    {
        for raw in ex.val.as_str().split(',') {
            // Each date of the list, read with the list's parameters (TZID, VALUE).
            let one = Property {
                name: ex.name.clone(),
                val: raw.trim().into(),
                params: ex.params.clone(),
            };
            if let Some(t) = when(&one)?.for_rrule(local) {
                exdates.push(t);
            }
        }
    }
    let mut excluded: Vec<String> = exdates.iter().map(name).collect();
    excluded.sort();
    excluded.dedup();
    let dates = expand(rule, dtstart, exdates, from, to)?;
    let (start, zone) = series_start(&start_when);
    let series = Recurrence {
        start,
        zone,
        rule: raw_rule.to_string(),
        excluded,
        from,
        // Occurrences past the most that are read were not imported: the
        // series was read up to the last one that was.
        to: match dates.last() {
            Some(last) if dates.len() >= usize::from(MAX_OCCURRENCES) => last.to_utc(),
            _ => to,
        },
    };
    Ok(dates
        .into_iter()
        .filter_map(|d| {
            let key = name(&d);
            if moved.is_some_and(|m| m.contains(&key)) {
                return None;
            }
            let mut source = Source::Series {
                uid: uid.clone(),
                occurrence: key.clone(),
                series: Box::new(series.clone()),
            };
            // A series that could not be written back as it is (a rule with
            // parts tandem does not write) keeps its occurrences apart.
            if source.validate().is_err() {
                source = Source::Imported {
                    uid: format!("{uid}/{key}"),
                };
            }
            // Dates and floating times are the user's, as for a single event.
            let at = match start_when {
                When::Date(_) | When::Floating(_) => d.with_timezone(local).fixed_offset(),
                When::Utc(_) | When::Zoned(..) => d.fixed_offset(),
            };
            Some(make(format!("{uid}/{key}"), at, source))
        })
        .collect())
}

/// Occurrences of a recurring event that are looked at, those before the
/// imported dates included, at the most: with a COUNT, the occurrences
/// since DTSTART have to be counted through.
const MAX_STEPS: usize = 20_000;
/// Days from the first occurrence looked at to the end of the imported
/// dates, at the most (about 270 years): the recurrence is worked out a
/// period (a day, a week, …) at a time, even through days that it skips.
const MAX_SPAN_DAYS: i64 = 100_000;

/// The occurrences of `rule` from `dtstart` between `from` and `to` (both
/// included), without `exdates`, [`MAX_OCCURRENCES`] at the most.
///
/// The work is bounded: a rule that repeats more than [`MAX_PER_DAY`] times
/// a day is refused, a rule without a COUNT starts from the imported dates
/// rather than from its DTSTART (see [`skip_ahead`]), and a counted one is
/// refused when it would be counted through more than [`MAX_STEPS`]
/// occurrences or [`MAX_SPAN_DAYS`] days.
fn expand(
    rule: rrule::RRule<rrule::Unvalidated>,
    dtstart: DateTime<rrule::Tz>,
    exdates: Vec<DateTime<rrule::Tz>>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<DateTime<rrule::Tz>>, String> {
    // Validating fills in what the rule leaves to DTSTART (the day of the
    // month, the weekday, the time of day): it stays the same when the
    // start moves.
    let rule = rule
        .validate(dtstart)
        .map_err(|e| format!("its recurrence rule cannot be used: {}", rule_problem(e)))?;
    // Each day of the rule gives one occurrence for each time of day it lists.
    let per_day =
        rule.get_by_hour().len() * rule.get_by_minute().len() * rule.get_by_second().len();
    if per_day > MAX_PER_DAY {
        return Err(format!(
            "it repeats {per_day} times a day; recurrences of more than {MAX_PER_DAY} a day are \
             not read"
        ));
    }
    let counted = rule.get_count().is_some();
    let start = if counted {
        dtstart
    } else {
        skip_ahead(&rule, dtstart, from)
    };
    // Said of a rule that would take too long to work out: how far it would go.
    let too_long = |how_far: &str| {
        if counted {
            format!(
                "its COUNT runs from {}: it would have to be counted through {how_far} to reach \
                 the dates imported",
                start.format("%Y-%m-%d")
            )
        } else {
            format!(
                "its recurrence would have to be worked out through {how_far} to reach the dates \
                 imported"
            )
        }
    };
    if (to - start.to_utc()).num_days() > MAX_SPAN_DAYS {
        return Err(too_long(&format!(
            "more than {} years",
            MAX_SPAN_DAYS / 366
        )));
    }
    let mut set = rrule::RRuleSet::new(start).rrule(rule).limit();
    for t in exdates {
        set = set.exdate(t);
    }
    let mut dates = Vec::new();
    for (step, date) in set.into_iter().enumerate() {
        if date > to || dates.len() >= usize::from(MAX_OCCURRENCES) {
            break;
        }
        if step >= MAX_STEPS {
            return Err(too_long(&format!("more than {MAX_STEPS} occurrences")));
        }
        if date >= from {
            dates.push(date);
        }
    }
    Ok(dates)
}

/// A start for `rule` just before `from`: `dtstart` moved on by a whole
/// number of the rule's periods (its INTERVAL days, weeks, months or years),
/// which gives the same occurrences from `from` on. Exact for a validated
/// rule without a COUNT: its BYxxx parts no longer depend on DTSTART, each
/// period is expanded on its own, and the periods keep their places.
/// `dtstart` itself when it is not long before `from`.
fn skip_ahead(
    rule: &rrule::RRule,
    dtstart: DateTime<rrule::Tz>,
    from: DateTime<Utc>,
) -> DateTime<rrule::Tz> {
    use chrono::{Datelike, Months};
    let tz = dtstart.timezone();
    let start = dtstart.naive_local();
    // Two days' margin: a local time is at most a day from UTC.
    let Some(target) = from.naive_utc().checked_sub_signed(Duration::days(2)) else {
        return dtstart;
    };
    if start >= target {
        return dtstart;
    }
    let interval = i64::from(rule.get_interval().max(1));
    let days = (target - start).num_days();
    let months = i64::from(target.year() - start.year()) * 12 + i64::from(target.month())
        - i64::from(start.month())
        - 1;
    let periods = match rule.get_freq() {
        rrule::Frequency::Daily => days / interval,
        rrule::Frequency::Weekly => days / 7 / interval,
        rrule::Frequency::Monthly => months / interval,
        rrule::Frequency::Yearly => months / 12 / interval,
        _ => 0,
    };
    // A period or two earlier if the moved start falls in a clock change's gap.
    (0..3)
        .filter_map(|back| {
            let n = (periods - back).checked_mul(interval)?;
            let moved = match rule.get_freq() {
                rrule::Frequency::Daily => start.checked_add_signed(Duration::try_days(n)?)?,
                rrule::Frequency::Weekly => start.checked_add_signed(Duration::try_weeks(n)?)?,
                // The first day of the month: the day of the month is in the rule.
                rrule::Frequency::Monthly => start
                    .with_day(1)?
                    .checked_add_months(Months::new(u32::try_from(n).ok()?))?,
                rrule::Frequency::Yearly => start
                    .with_day(1)?
                    .with_month(1)?
                    .checked_add_months(Months::new(u32::try_from(n.checked_mul(12)?).ok()?))?,
                _ => return None,
            };
            tz.from_local_datetime(&moved).earliest()
        })
        .find(|moved| *moved >= dtstart)
        .unwrap_or(dtstart)
}

/// An error of the `rrule` crate, without its "RRule parsing error:" heading.
fn rule_problem(e: rrule::RRuleError) -> String {
    let text = match e {
        rrule::RRuleError::ParserError(e) => e.to_string(),
        // Its own words show a list as Rust writes it (`["UTC"]`).
        rrule::RRuleError::ValidationError(
            rrule::ValidationError::DtStartUntilMismatchTimezone { .. },
        ) => "its UNTIL must be a UTC time (ending in Z) when its start has a time zone".into(),
        rrule::RRuleError::ValidationError(e) => e.to_string(),
        rrule::RRuleError::IterError(e) => e,
    };
    crate::text::one_line(text.trim().trim_end_matches('.'), 200)
}

/// Guesses what an event is from its title and categories.
pub fn guess(e: &IcsEvent) -> (EventKind, Audience) {
    let hay = format!("{} {}", e.title, e.categories.join(" ")).to_lowercase();
    let kind = if hay.contains("workshop") || hay.contains("radionic") {
        EventKind::Workshop
    } else if hay.contains("consultation")
        || hay.contains("gathering")
        || hay.contains("konsultacij")
    {
        EventKind::Consultation
    } else if hay.contains("pair") || hay.contains("1:1") || hay.contains("meeting with") {
        EventKind::PairMeeting
    } else {
        EventKind::Other
    };
    let mentors = hay.contains("mentors") || hay.contains("mentori");
    let mentees = hay.contains("mentees") || hay.contains("mentee ");
    let audience = match (mentors, mentees) {
        (true, false) => Audience::Mentors,
        (false, true) => Audience::Mentees,
        _ if kind == EventKind::PairMeeting => Audience::Pair,
        _ => Audience::Everyone,
    };
    (kind, audience)
}

/// What an import matches events to records by: the UID of `c`'s event in a
/// calendar tandem writes — an imported event's own, `ID@tandem` for one
/// typed in — and for an occurrence of a recurring event, the series' UID
/// and the occurrence's start (`UID/20261208T180000`).
pub fn key(c: &Consultation) -> String {
    match c.source.event_key() {
        Some(key) => key,
        None => format!("{}@tandem", c.meta.id),
    }
}

/// The consultation an event becomes: `existing` (the record whose
/// [`key`] is the event's UID) updated, or a new one by `author`. A record
/// typed in stays typed in: its event is in a calendar because tandem wrote
/// it there.
pub fn to_consultation(
    e: &IcsEvent,
    existing: Option<&Consultation>,
    author: Id,
    now: DateTime<FixedOffset>,
) -> Consultation {
    let mut c = match existing {
        Some(c) => c.clone(),
        None => {
            let mut c = Consultation::new(author, &e.title, e.start, now);
            (c.kind, c.audience) = guess(e);
            c
        }
    };
    c.title = e.title.trim().to_string();
    c.start = e.start;
    c.end = e.end;
    c.all_day = e.all_day;
    c.place = e.place.trim().to_string();
    c.notes = e.notes.trim().to_string();
    if existing.is_none_or(|old| old.source != Source::Typed) {
        c.source = e.source.clone();
    }
    c.meta.touch(now.to_utc());
    c
}

/// The calendar's PRODID: who wrote it, with this build's version.
pub const PRODID: &str = concat!("-//tandem//tandem ", env!("CARGO_PKG_VERSION"), "//EN");

/// A calendar as tandem writes it, empty: its version, PRODID, and its name
/// ("tandem — Ana's consultations") as calendar apps show it.
fn calendar(owner: &str) -> Calendar {
    let name = format!(
        "tandem — {}'s consultations",
        crate::text::one_line(owner, 100)
    );
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", PRODID))
        .append_property(("CALSCALE", "GREGORIAN"))
        // NAME (RFC 7986) is TEXT, but the crate does not know it as such:
        // escaped here. X-WR-CALNAME (Apple's, read by most apps) it escapes.
        .append_property(("NAME", escape_text(&name).as_str()))
        .append_property(("X-WR-CALNAME", name.as_str()));
    cal
}

/// A TEXT value escaped as RFC 5545 asks (its line breaks already gone).
fn escape_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
}

/// Consultations as a calendar that calendar apps accept, named for
/// `owner`. UIDs are stable: an imported event keeps its UID, a typed one
/// gets `ID@tandem`. The occurrences of a recurring event go out as the
/// series they came from (see [`write_series`]); `local` is the zone
/// floating times and dates were read in.
pub fn write<L: TimeZone>(
    consultations: &[Consultation],
    owner: &str,
    local: &L,
    now: DateTime<Utc>,
) -> String {
    let mut cal = calendar(owner);
    let mut series: std::collections::HashMap<&str, Vec<&Consultation>> = Default::default();
    for c in consultations {
        if let Source::Series { uid, .. } = &c.source {
            series.entry(uid).or_default().push(c);
        }
    }
    for c in consultations {
        match &c.source {
            // A series goes out where its first occurrence comes.
            Source::Series { uid, .. } => {
                if let Some(occurrences) = series.remove(uid.as_str()) {
                    for e in write_series(uid, &occurrences, local, now) {
                        cal.push(e);
                    }
                }
            }
            _ => {
                cal.push(event(c, &key(c), now));
            }
        }
    }
    cal.done().to_string()
}

/// `c` as an event with `uid`: its times (in UTC, or dates for an all-day
/// event), title, place, notes and kind and audience as categories.
fn event(c: &Consultation, uid: &str, now: DateTime<Utc>) -> Event {
    let mut e = Event::new();
    e.uid(uid).timestamp(now);
    if c.all_day {
        let first = c.start.date_naive();
        e.starts(first);
        e.ends(
            c.end
                .map_or(first + Duration::days(1), |end| end.date_naive()),
        );
    } else {
        e.starts(c.start.to_utc());
        if let Some(end) = c.end {
            e.ends(end.to_utc());
        }
    }
    describe(&mut e, c);
    e.done()
}

/// What `c` is, apart from its times.
fn describe(e: &mut Event, c: &Consultation) {
    e.summary(&crate::text::one_line(&c.title, 500));
    if !c.place.trim().is_empty() {
        e.location(&crate::text::sanitize(&c.place, false));
    }
    if !c.notes.trim().is_empty() {
        e.description(&crate::text::sanitize(&c.notes, true));
    }
    e.add_property(
        "CATEGORIES",
        format!("{},{}", c.kind.label(), c.audience.label()),
    );
}

/// What an occurrence of a series is, apart from its date: what the series'
/// event says once for all of them.
#[derive(PartialEq)]
struct Shape<'a> {
    title: &'a str,
    place: &'a str,
    notes: &'a str,
    kind: EventKind,
    audience: Audience,
    all_day: bool,
    /// Whole days for an all-day event; else seconds, when it has an end.
    length: Option<i64>,
}

fn shape(c: &Consultation) -> Shape<'_> {
    Shape {
        title: &c.title,
        place: &c.place,
        notes: &c.notes,
        kind: c.kind,
        audience: c.audience,
        all_day: c.all_day,
        length: if c.all_day {
            Some(c.end.map_or(1, |end| {
                (end.date_naive() - c.start.date_naive()).num_days()
            }))
        } else {
            c.end.map(|end| (end - c.start).num_seconds())
        },
    }
}

/// The item most of `items` are the `same` as (the first of them on a tie).
fn most_common<T: Copy>(items: impl Iterator<Item = T>, same: impl Fn(T, T) -> bool) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for item in items {
        match counts.iter_mut().find(|(seen, _)| same(*seen, item)) {
            Some((_, n)) => *n += 1,
            None => counts.push((item, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(t, _)| t)
}

/// The occurrence `c` is of a series, and the series.
fn of(c: &Consultation) -> Option<(&str, &Recurrence)> {
    match &c.source {
        Source::Series {
            occurrence, series, ..
        } => Some((occurrence, series)),
        _ => None,
    }
}

/// A property naming dates of a series as the series writes them
/// (`EXDATE;TZID=Europe/Belgrade:20261222T180000,20261229T180000`):
/// `names` are occurrence names, `start` the series' start.
fn series_dates(name: &str, start: &When, names: &[&str]) -> icalendar::Property {
    let values: Vec<String> = names
        .iter()
        .map(|n| match start {
            When::Date(_) => n.get(..8).unwrap_or(n).to_string(),
            When::Utc(_) => format!("{n}Z"),
            When::Zoned(..) | When::Floating(_) => n.to_string(),
        })
        .collect();
    dated(name, start, &values.join(","))
}

/// `NAME:value`, with the parameter a date of the series' form needs.
fn dated(name: &str, start: &When, value: &str) -> icalendar::Property {
    let mut p = icalendar::Property::new(name, value);
    match start {
        When::Date(_) => {
            p.add_parameter("VALUE", "DATE");
        }
        When::Zoned(_, tz) => {
            p.add_parameter("TZID", tz.name());
        }
        When::Utc(_) | When::Floating(_) => {}
    }
    p.done()
}

/// A duration as iCalendar writes it: `PT1H30M`.
fn duration_text(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut out = String::from("PT");
    for (n, unit) in [(h, 'H'), (m, 'M'), (s, 'S')] {
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    if out.len() == 2 {
        out.push_str("0S");
    }
    out
}

/// The occurrences of one imported series (UID `uid`) as the series they
/// came from: one event with the series' start, RRULE and length, EXDATEs
/// for the dates it was read over whose occurrence is not there (deleted,
/// or left out by the calendar itself), and an event with a RECURRENCE-ID
/// for each occurrence that is no longer as the series makes it (moved,
/// or edited). What the series' event says (title, place, notes, length)
/// is what most occurrences say.
///
/// An occurrence imported under another rule (the calendar changed it
/// since) goes out on its own, under the UID an import matches it by, and
/// the series leaves its date out; so does every occurrence of a series
/// that cannot be worked out again (a rule this build does not expand).
/// Importing the file gives the same records back either way.
fn write_series<L: TimeZone>(
    uid: &str,
    occurrences: &[&Consultation],
    local: &L,
    now: DateTime<Utc>,
) -> Vec<Event> {
    let alone = || -> Vec<Event> { occurrences.iter().map(|c| event(c, &key(c), now)).collect() };
    let Some(rule) = most_common(
        occurrences.iter().filter_map(|c| of(c).map(|(_, r)| r)),
        |a: &Recurrence, b| a.same_rule(b),
    ) else {
        return alone();
    };
    let (members, others): (Vec<&Consultation>, Vec<&Consultation>) = occurrences
        .iter()
        .partition(|c| of(c).is_some_and(|(_, r)| r.same_rule(rule)));
    // Read over every date any of them was read over.
    let from = members
        .iter()
        .filter_map(|c| of(c))
        .map(|(_, r)| r.from)
        .min();
    let to = members
        .iter()
        .filter_map(|c| of(c))
        .map(|(_, r)| r.to)
        .max();
    let (Some(from), Some(to)) = (from, to) else {
        return alone();
    };
    let Some(start) = series_when(rule) else {
        return alone();
    };
    let Some(dtstart) = start.for_rrule(local) else {
        return alone();
    };
    let Ok(parsed) = parse_rule(&rule.rule) else {
        return alone();
    };
    let Ok(dates) = expand(parsed, dtstart, Vec::new(), from, to) else {
        return alone();
    };
    let tz = dtstart.timezone();
    let dates: std::collections::BTreeMap<String, DateTime<rrule::Tz>> = dates
        .into_iter()
        .map(|d| (occurrence_name(&start, &d, &tz, local), d))
        .collect();
    let all_day = matches!(start, When::Date(_));
    // Where the series puts it, and as it says: an occurrence that needs no
    // event of its own.
    let in_place = |c: &Consultation| {
        let Some(d) = of(c).and_then(|(name, _)| dates.get(name)) else {
            return false;
        };
        c.all_day == all_day
            && if all_day {
                c.start.date_naive() == d.with_timezone(local).date_naive()
            } else {
                c.start == *d
            }
    };
    let placed: Vec<&Consultation> = members.iter().copied().filter(|c| in_place(c)).collect();
    let pool = if placed.is_empty() { &members } else { &placed };
    let Some(model) = most_common(pool.iter().copied(), |a, b| shape(a) == shape(b)) else {
        return alone();
    };
    let length = shape(model).length;
    if model.all_day != all_day {
        return alone();
    }
    let mut e = Event::new();
    e.uid(uid).timestamp(now);
    e.append_property(dated("DTSTART", &start, &rule.start));
    match (&start, length) {
        (When::Date(first), days) => {
            let days = u64::try_from(days.unwrap_or(1).max(1)).unwrap_or(1);
            let Some(last) = first.checked_add_days(chrono::Days::new(days)) else {
                return alone();
            };
            e.append_property(dated("DTEND", &start, &last.format("%Y%m%d").to_string()));
        }
        (_, Some(seconds)) => {
            e.add_property("DURATION", duration_text(seconds));
        }
        (_, None) => {}
    }
    e.add_property("RRULE", &rule.rule);
    let here: std::collections::HashSet<&str> = members
        .iter()
        .filter_map(|c| of(c))
        .map(|(n, _)| n)
        .collect();
    let mut left_out: std::collections::BTreeSet<&str> =
        rule.excluded.iter().map(String::as_str).collect();
    left_out.extend(
        dates
            .keys()
            .map(String::as_str)
            .filter(|n| !here.contains(n)),
    );
    left_out.extend(
        others
            .iter()
            .filter_map(|c| of(c).map(|(n, _)| n))
            .filter(|n| dates.contains_key(*n)),
    );
    if !left_out.is_empty() {
        let names: Vec<&str> = left_out.into_iter().collect();
        e.append_property(series_dates("EXDATE", &start, &names));
    }
    describe(&mut e, model);
    let mut events = vec![e.done()];
    for c in &members {
        let Some((name, _)) = of(c) else { continue };
        // One the calendar itself left out is there only by an event of its own.
        if in_place(c) && shape(c) == shape(model) && !rule.excluded.iter().any(|x| x == name) {
            continue;
        }
        let mut changed = event(c, uid, now);
        changed.append_property(series_dates("RECURRENCE-ID", &start, &[name]));
        events.push(changed);
    }
    events.extend(others.iter().map(|c| event(c, &key(c), now)));
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_moved_ahead_gives_the_same_occurrences_as_the_whole_rule() {
        let from = Utc.with_ymd_and_hms(2026, 3, 10, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2027, 3, 11, 0, 0, 0).unwrap();
        let zones = [
            rrule::Tz::UTC,
            rrule::Tz::Tz(chrono_tz::Europe::Belgrade),
            // Clock changes at midnight.
            rrule::Tz::Tz(chrono_tz::America::Santiago),
            rrule::Tz::Tz(chrono_tz::Pacific::Apia),
        ];
        let rules = [
            "FREQ=DAILY",
            "FREQ=DAILY;INTERVAL=3",
            "FREQ=DAILY;INTERVAL=7;BYHOUR=0,9,17;BYMINUTE=30",
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29",
            "FREQ=DAILY;UNTIL=20261231T000000Z",
            "FREQ=WEEKLY",
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,FR",
            "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,SA",
            "FREQ=WEEKLY;INTERVAL=4;WKST=TH",
            "FREQ=MONTHLY",
            "FREQ=MONTHLY;INTERVAL=5",
            "FREQ=MONTHLY;BYDAY=3TU",
            "FREQ=MONTHLY;BYMONTHDAY=-1,15",
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "FREQ=YEARLY",
            "FREQ=YEARLY;INTERVAL=3",
            "FREQ=YEARLY;INTERVAL=4;BYMONTH=2",
            "FREQ=YEARLY;BYWEEKNO=1,20,53;BYDAY=MO",
            "FREQ=YEARLY;BYYEARDAY=1,100,-1",
            "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=2;BYMINUTE=30",
        ];
        let starts = [
            (1903, 1, 31, 0, 30),
            (1999, 12, 31, 23, 59),
            (2011, 2, 28, 2, 30),
            (2020, 2, 29, 18, 0),
            (2025, 3, 30, 2, 30),
            (2026, 3, 1, 9, 0),
            (2026, 5, 5, 9, 0),
        ];
        let mut compared = 0;
        for tz in zones {
            for (y, m, d, h, min) in starts {
                let naive = NaiveDate::from_ymd_opt(y, m, d)
                    .unwrap()
                    .and_hms_opt(h, min, 0)
                    .unwrap();
                let Some(dtstart) = tz.from_local_datetime(&naive).earliest() else {
                    continue;
                };
                for raw in rules {
                    let rule = || raw.parse::<rrule::RRule<rrule::Unvalidated>>().unwrap();
                    let Ok(set) = rule().build(dtstart) else {
                        continue; // UNTIL before DTSTART
                    };
                    let mut whole = set
                        .after(from.with_timezone(&rrule::Tz::UTC))
                        .before(to.with_timezone(&rrule::Tz::UTC))
                        .all(u16::MAX)
                        .dates;
                    whole.truncate(usize::from(MAX_OCCURRENCES));
                    let moved = expand(rule(), dtstart, Vec::new(), from, to).unwrap();
                    assert_eq!(moved, whole, "{raw} from {dtstart}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 400, "{compared}");
    }

    #[test]
    fn durations_read_weeks_days_and_times() {
        assert_eq!(duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(duration("P1D"), Some(Duration::days(1)));
        assert_eq!(duration("P1W"), Some(Duration::weeks(1)));
        assert_eq!(duration("-PT15M"), Some(Duration::minutes(-15)));
        assert_eq!(duration("1 hour"), None);
        assert_eq!(duration("P1H"), None);
    }
}
