//! The meeting journal: what happened at each meeting and what was agreed.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::{self, limit_items, limit_text, limits, require_text};
use super::labels::labelled_enum;
use super::record::{Kind, Record, RecordMeta, Visibility};
use super::{Id, Stamp, ValidationError};

labelled_enum! {
    /// What sort of meeting or event something is.
    pub enum EventKind ("kind") {
        PairMeeting => "pair-meeting" | "pair" | "meeting",
        Workshop => "workshop",
        Consultation => "consultation",
        Other => "other",
    }
}

labelled_enum! {
    /// Who took on an agreed action, seen from the record's author.
    pub enum Owner ("owner") {
        Me => "me",
        Partner => "partner",
    }
}

/// Something agreed at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedAction {
    pub text: String,
    pub owner: Owner,
    pub due: Option<NaiveDate>,
    pub done: bool,
    /// Who last ticked or unticked it, and when: the meeting's author or
    /// the action's owner, on either machine; the later stamp wins. None
    /// while nobody has.
    #[serde(default)]
    pub ticked: Option<Stamp>,
}

impl AgreedAction {
    /// Whether this action is `viewer`'s, on a meeting `author` logged: the
    /// owner is stored from the side of the meeting's author ("me" is the
    /// author), and must be read from the side of whoever looks at it.
    pub fn is_owned_by(&self, author: Id, viewer: Id) -> bool {
        (self.owner == Owner::Me) == (author == viewer)
    }

    /// What names the action within its meeting on both machines, without
    /// its text: a checksum of the text (ticks travel by it, so that a
    /// bundle never carries the words of a partner's meeting).
    pub fn key(&self) -> u32 {
        crc32fast::hash(self.text.trim().as_bytes())
    }

    pub fn new(text: &str, owner: Owner, due: Option<NaiveDate>) -> AgreedAction {
        AgreedAction {
            text: text.trim().to_string(),
            owner,
            due,
            done: false,
            ticked: None,
        }
    }

    /// Open and due before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.done && self.due.is_some_and(|d| d < today)
    }

    /// An action as it is typed, "Send the draft @friday": its text, and
    /// the date after its last `@` when that reads as a date (relative to
    /// `today`). An `@` followed by anything else stays part of the text
    /// ("ask ana@example.org", "book the room @ the library"). The one
    /// syntax of the command line (`--action`) and the app's forms.
    pub fn split_due(spec: &str, today: NaiveDate) -> (String, Option<NaiveDate>) {
        if let Some((text, due)) = spec.rsplit_once('@')
            && let Ok(date) = super::time::parse_date(due, today)
        {
            return (text.trim().to_string(), Some(date));
        }
        (spec.trim().to_string(), None)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub meta: RecordMeta,
    /// When the meeting took place, in the author's local time.
    pub at: DateTime<FixedOffset>,
    pub kind: EventKind,
    /// With whom (free text: the partner, a workshop group, ...).
    pub with: String,
    pub notes: String,
    pub actions: Vec<AgreedAction>,
    /// Goals the meeting was about.
    pub goals: Vec<Id>,
    /// Notes that never leave this store: the notes of the person whose
    /// store it is, on their own meeting or on their partner's. Never in a
    /// share bundle, and never taken from one.
    #[serde(default)]
    pub private_notes: String,
}

impl JournalEntry {
    pub fn new(
        author: Id,
        at: DateTime<FixedOffset>,
        notes: &str,
        now: DateTime<FixedOffset>,
    ) -> JournalEntry {
        JournalEntry {
            meta: RecordMeta::new(author, now.to_utc(), Visibility::Shared),
            at,
            kind: EventKind::PairMeeting,
            with: String::new(),
            notes: notes.to_string(),
            actions: Vec::new(),
            goals: Vec::new(),
            private_notes: String::new(),
        }
    }

    /// Ticks (or unticks) action `n`, counted from 1.
    pub fn set_action_done(
        &mut self,
        n: usize,
        done: bool,
        now: DateTime<FixedOffset>,
    ) -> Result<(), ValidationError> {
        let i = error::item_index("action", n, self.actions.len())?;
        self.actions[i].done = done;
        self.meta.touch(now.to_utc());
        Ok(())
    }

    /// The meeting as both copies agree on it (see [`AnyRecord::merge`]).
    ///
    /// [`AnyRecord::merge`]: super::AnyRecord::merge
    pub fn merge(local: &JournalEntry, incoming: &JournalEntry) -> JournalEntry {
        let mut out = if incoming.meta.version > local.meta.version {
            incoming.clone()
        } else {
            local.clone()
        };
        out.private_notes = local.private_notes.clone();
        for action in &mut out.actions {
            let key = action.key();
            let latest = [local, incoming]
                .into_iter()
                .filter_map(|e| e.actions.iter().find(|a| a.key() == key))
                .max_by_key(|a| a.ticked);
            if let Some(latest) = latest
                && latest.ticked > action.ticked
            {
                action.done = latest.done;
                action.ticked = latest.ticked;
            }
        }
        out
    }

    /// Applies a tick made elsewhere to the action whose [key] is `key`,
    /// when it is later than the tick here; whether anything changed.
    ///
    /// [key]: AgreedAction::key
    pub fn apply_tick(&mut self, key: u32, done: bool, stamp: Stamp) -> bool {
        match self.actions.iter_mut().find(|a| a.key() == key) {
            Some(a) if a.ticked.is_none_or(|t| stamp > t) => {
                a.done = done;
                a.ticked = Some(stamp);
                true
            }
            _ => false,
        }
    }

    pub fn open_actions(&self) -> usize {
        self.actions.iter().filter(|a| !a.done).count()
    }
}

/// How far apart two people's records of one pair meeting may be.
pub const SAME_MEETING_HOURS: i64 = 12;

impl JournalEntry {
    /// Whether `self` and `other` are the two people's records of one pair
    /// meeting: both pair meetings, by different people, within
    /// [`SAME_MEETING_HOURS`] of each other.
    pub fn same_meeting(&self, other: &JournalEntry) -> bool {
        self.meta.author != other.meta.author
            && self.kind == EventKind::PairMeeting
            && other.kind == EventKind::PairMeeting
            && (self.at - other.at).num_minutes().abs() < SAME_MEETING_HOURS * 60
    }
}

impl JournalEntry {
    /// Whether action `a` of this meeting and action `b` of `other` are one
    /// agreement both people wrote down: on their two records of one
    /// meeting, with the same words, owned by the same person (as `viewer`
    /// reads them).
    pub fn same_agreement(
        &self,
        a: &AgreedAction,
        other: &JournalEntry,
        b: &AgreedAction,
        viewer: Id,
    ) -> bool {
        self.same_meeting(other)
            && a.text.trim().eq_ignore_ascii_case(b.text.trim())
            && a.is_owned_by(self.meta.author, viewer) == b.is_owned_by(other.meta.author, viewer)
    }
}

/// The pair meetings both people logged, joined: for each of `host`'s
/// meetings that the other person logged too, the other's record, keyed
/// by the host's id. Each record is joined at most once, closest in time
/// first, so that both sides of a pair join the same two records.
pub fn twins(entries: &[JournalEntry], host: Id) -> std::collections::HashMap<Id, JournalEntry> {
    // The other people's pair meetings by time: the candidates of a host's
    // meeting are those less than SAME_MEETING_HOURS away, found by a
    // binary search (n log n, where comparing every pair took seconds at
    // 70,000 meetings).
    let mut others: Vec<usize> = (0..entries.len())
        .filter(|&j| entries[j].meta.author != host && entries[j].kind == EventKind::PairMeeting)
        .collect();
    others.sort_by_key(|&j| entries[j].at);
    let near = chrono::Duration::hours(SAME_MEETING_HOURS);
    let mut pairs: Vec<(i64, usize, usize)> = Vec::new();
    for (i, mine) in entries.iter().enumerate() {
        if mine.meta.author != host || mine.kind != EventKind::PairMeeting {
            continue;
        }
        let from = others.partition_point(|&j| entries[j].at <= mine.at - near);
        for &j in &others[from..] {
            let theirs = &entries[j];
            if theirs.at >= mine.at + near {
                break;
            }
            if mine.same_meeting(theirs) {
                pairs.push(((mine.at - theirs.at).num_seconds().abs(), i, j));
            }
        }
    }
    pairs.sort_by_key(|&(gap, i, j)| (gap, entries[i].meta.id, entries[j].meta.id));
    let mut used = std::collections::HashSet::new();
    let mut out = std::collections::HashMap::new();
    for (_, i, j) in pairs {
        if used.contains(&i) || used.contains(&j) {
            continue;
        }
        used.insert(i);
        used.insert(j);
        out.insert(entries[i].meta.id, entries[j].clone());
    }
    out
}

impl Record for JournalEntry {
    const KIND: Kind = Kind::Journal;

    super::record::record_meta!();

    fn validate(&self) -> Result<(), ValidationError> {
        require_text("notes", &self.notes, limits::TEXT)?;
        super::error::date_in_range("meeting date", self.at.date_naive())?;
        limit_text("with", &self.with, limits::NAME)?;
        limit_items("actions", self.actions.len(), limits::ITEMS)?;
        for a in &self.actions {
            require_text("action", &a.text, limits::LINE)?;
            if let Some(d) = a.due {
                super::error::date_in_range("due date", d)?;
            }
        }
        limit_items("linked goals", self.goals.len(), limits::ITEMS)?;
        limit_text("private notes", &self.private_notes, limits::TEXT)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2026, 11, day, 14, 0, 0)
            .unwrap()
    }

    fn entry() -> JournalEntry {
        JournalEntry::new(
            Id::generate(at(1).to_utc()),
            at(10),
            "Talked about the venue",
            at(10),
        )
    }

    /// The pairs `twins` finds, by comparing every two meetings.
    fn twins_by_every_pair(entries: &[JournalEntry], host: Id) -> Vec<(Id, Id)> {
        let mut pairs = Vec::new();
        for (i, mine) in entries.iter().enumerate() {
            if mine.meta.author != host || mine.kind != EventKind::PairMeeting {
                continue;
            }
            for (j, theirs) in entries.iter().enumerate() {
                if mine.same_meeting(theirs) {
                    pairs.push(((mine.at - theirs.at).num_seconds().abs(), i, j));
                }
            }
        }
        pairs.sort_by_key(|&(gap, i, j)| (gap, entries[i].meta.id, entries[j].meta.id));
        let mut used = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (_, i, j) in pairs {
            if used.contains(&i) || used.contains(&j) {
                continue;
            }
            used.insert(i);
            used.insert(j);
            out.push((entries[i].meta.id, entries[j].meta.id));
        }
        out.sort();
        out
    }

    proptest::proptest! {
        /// Two or three people's meetings at random minutes over a few
        /// days: the same twins as comparing every pair.
        #[test]
        fn twins_are_the_pairs_comparing_every_two_meetings_finds(
            meetings in proptest::collection::vec((0u8..3, 0i64..(5 * 24 * 60), proptest::bool::weighted(0.8)), 0..60)
        ) {
            let people: Vec<Id> = (0..3).map(|n| Id::generate(at(1 + n).to_utc())).collect();
            let entries: Vec<JournalEntry> = meetings
                .iter()
                .map(|&(who, minute, pair)| {
                    let mut e = JournalEntry::new(
                        people[usize::from(who)],
                        at(1) + chrono::Duration::minutes(minute),
                        "notes",
                        at(1),
                    );
                    if !pair {
                        e.kind = EventKind::Workshop;
                    }
                    e
                })
                .collect();
            let mut fast: Vec<(Id, Id)> = twins(&entries, people[0])
                .iter()
                .map(|(host, theirs)| (*host, theirs.meta.id))
                .collect();
            fast.sort();
            proptest::prop_assert_eq!(fast, twins_by_every_pair(&entries, people[0]));
        }
    }

    #[test]
    fn notes_are_required() {
        let mut e = entry();
        assert_eq!(e.validate(), Ok(()));
        e.notes = "\n ".into();
        assert_eq!(e.validate(), Err(ValidationError::Empty { field: "notes" }));
    }

    #[test]
    fn actions_need_text_and_tick_by_number() {
        let mut e = entry();
        e.actions
            .push(AgreedAction::new("Send the budget", Owner::Me, None));
        e.actions.push(AgreedAction::new(
            "Introduce to curator",
            Owner::Partner,
            None,
        ));
        assert_eq!(e.open_actions(), 2);
        e.set_action_done(1, true, at(11)).unwrap();
        assert_eq!(e.open_actions(), 1);
        assert!(e.set_action_done(5, true, at(11)).is_err());
        e.actions[1].text = String::new();
        assert_eq!(
            e.validate(),
            Err(ValidationError::Empty { field: "action" })
        );
    }

    #[test]
    fn overdue_means_open_and_due_before_today() {
        let today = at(20).date_naive();
        let mut a = AgreedAction::new("x", Owner::Me, Some(at(19).date_naive()));
        assert!(a.is_overdue(today));
        a.due = Some(today);
        assert!(!a.is_overdue(today), "due today is not late yet");
        a.due = Some(at(1).date_naive());
        a.done = true;
        assert!(!a.is_overdue(today), "a done action is never overdue");
        a.due = None;
        a.done = false;
        assert!(!a.is_overdue(today));
    }

    #[test]
    fn kinds_accept_common_spellings() {
        assert_eq!("pair".parse::<EventKind>(), Ok(EventKind::PairMeeting));
        assert_eq!(
            "Pair Meeting".parse::<EventKind>(),
            Ok(EventKind::PairMeeting)
        );
        assert!("party".parse::<EventKind>().is_err());
    }
}
