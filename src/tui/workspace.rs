//! What the app works on, apart from the screen: the store, who the user
//! is, their partners, the records the screens show (read by range scans
//! and kept until something changes), and the changes `u` takes back. It
//! knows nothing of keys, modes or drawing: the app asks it to read and to
//! write, and shows what it says.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Timelike};

use super::form::Zone;
use super::tabs::Tab;
use crate::domain::AnyRecord;
use crate::domain::{
    AgreedAction, CheckIn, Consultation, Goal, Id, JournalEntry, Kind, Origin, Profile, Reflection,
    Week,
};
use crate::store::{Change, Store, StoreError};

/// How many journal entries, reflections and events are read at first:
/// the newest, by a range scan — a few screens' worth. Scrolling near the
/// end or filtering reads further back (see [`Workspace::grow_window`]).
pub const WINDOW: usize = 100;

/// The most a list reads.
pub const MAX_WINDOW: usize = 100_000;

/// What the screens show, read from the store by range scans and kept until
/// something changes.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct Data {
    pub goals: Vec<Goal>,
    pub journal: Vec<JournalEntry>,
    pub reflections: Vec<Reflection>,
    /// Upcoming first (soonest first), then past (most recent first).
    pub consultations: Vec<Consultation>,
    pub upcoming: usize,
    pub this_week: Option<CheckIn>,
    /// The newest check-ins, newest first (for prefilling and streaks).
    pub recent_checkins: Vec<CheckIn>,
    /// The meetings with open actions, however old (from their index).
    pub open_meetings: Vec<JournalEntry>,
    /// The time a partner's meeting was written down in, on their clock,
    /// where it differs from the user's: the zone beside the time.
    pub written_at: std::collections::HashMap<crate::domain::Id, DateTime<FixedOffset>>,
    /// Pair meetings both people logged: the partner's record, by the id of
    /// the user's, which is the one row the list shows for both.
    pub twins: std::collections::HashMap<crate::domain::Id, JournalEntry>,
    /// Per kind read a window at a time: how many records there are in all.
    pub totals: BTreeMap<Kind, usize>,
    /// The pair's talking points, open ones first, longest waiting first.
    pub points: Vec<crate::pair::Waiting>,
    /// The partner's newest check-ins (a mentor's mentee's): the weeks a
    /// goal's detail shows.
    pub partner_checkins: Vec<CheckIn>,
    /// For a mentor: each mentee at a glance, for the first screen.
    pub cards: Vec<crate::pair::Card>,
}

/// An open action and where it is.
pub struct OpenAction<'a> {
    pub entry: &'a JournalEntry,
    pub index: usize,
    pub action: &'a AgreedAction,
}

/// One change that `u` takes back: the changes that restore what was
/// before, and what is true once they are made ("“Curate…” back at 40 %").
struct UndoStep {
    undone: String,
    restore: Vec<Change>,
    /// The record the change was about, to select once it is undone.
    about: Id,
}

impl UndoStep {
    /// The records the step puts back.
    fn ids(&self) -> Vec<Id> {
        self.restore
            .iter()
            .filter_map(|c| match c {
                Change::Put(r) => Some(r.meta().id),
                Change::Delete(id) => Some(*id),
                _ => None,
            })
            .collect()
    }
}

/// What undoing a change to `after` makes true: `before` again, or no
/// record at all when there was none.
fn undone_words(before: Option<&AnyRecord>, after: &AnyRecord) -> String {
    match before {
        None => format!("{} removed again", describe(after)),
        Some(AnyRecord::Goal(g)) => format!(
            "“{}” back at {} % ({})",
            crate::text::one_line(&g.title, 40),
            g.progress,
            g.status.label()
        ),
        Some(AnyRecord::Reflection(r)) => {
            format!(
                "{} back to {}",
                describe(&AnyRecord::Reflection(r.clone())),
                r.meta.visibility.label()
            )
        }
        Some(r) => format!("{} as it was", describe(r)),
    }
}

pub struct Workspace {
    pub store: Arc<Store>,
    /// The profile using the app (None until the first-run form is saved).
    pub me: Option<Profile>,
    /// Partners whose shared records were imported: shown read-only.
    pub partners: Vec<Profile>,
    /// For a mentor: the mentee whose pair the screens show (None for a
    /// mentee, and for a mentor before any mentee's bundle came).
    pub pair: Option<Profile>,
    /// For a mentor: every mentee, by name.
    pub mentees: Vec<Profile>,
    pub now: DateTime<FixedOffset>,
    pub zone: Zone,
    pub data: Data,
    /// Per kind of record read a window at a time: how many records.
    windows: BTreeMap<Kind, usize>,
    /// The kinds whose window is their oldest records (the end of the
    /// list, after `G`) rather than their newest.
    from_oldest: std::collections::BTreeSet<Kind>,
    /// The kinds whose last read got fewer records than its window from
    /// every person: nothing more to read. (The rows can be fewer than the
    /// window for other reasons: a meeting both logged is one row, a
    /// mentor's records of another pair are left out.)
    read_all: std::collections::BTreeSet<Kind>,
    /// Per kind: how many times it was read.
    generations: BTreeMap<Kind, u64>,
    undo: Vec<UndoStep>,
    /// Each record the app changed, as its last change (or undo) left it:
    /// an undo does not put a record back over a change made since from
    /// another terminal.
    left: std::collections::HashMap<Id, Option<AnyRecord>>,
    /// Kinds not read yet: the first frame reads only what it shows; the
    /// rest is read before the first key is handled.
    pending: Vec<Kind>,
}

/// What a workspace read when it opened (see [`Workspace::into_saved`]).
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Saved {
    me: Option<Profile>,
    partners: Vec<Profile>,
    pair: Option<Profile>,
    mentees: Vec<Profile>,
    pub data: Data,
    windows: BTreeMap<Kind, usize>,
    read_all: std::collections::BTreeSet<Kind>,
    generations: BTreeMap<Kind, u64>,
    pending: Vec<Kind>,
}

impl Workspace {
    /// The store as `user` (or the default profile) sees it; nothing read yet.
    pub fn open(
        store: Arc<Store>,
        now: DateTime<FixedOffset>,
        zone: Zone,
        user: Option<&str>,
    ) -> Result<Workspace, StoreError> {
        let me = current_profile(&store, user)?;
        let partners = partners(&store)?;
        let (pair, mentees) = match &me {
            Some(me) => (
                crate::pair::chosen(&store, me)?,
                crate::pair::mentees(&store, me)?,
            ),
            None => (None, Vec::new()),
        };
        Ok(Workspace {
            store,
            me,
            partners,
            pair,
            mentees,
            now,
            zone,
            data: Data::default(),
            windows: BTreeMap::new(),
            from_oldest: Default::default(),
            read_all: Default::default(),
            generations: BTreeMap::new(),
            undo: Vec::new(),
            left: Default::default(),
            pending: Vec::new(),
        })
    }

    /// What the workspace read since it opened, to start the next app's
    /// first frame from (see `tui::opening`).
    pub fn into_saved(self) -> Saved {
        Saved {
            me: self.me,
            partners: self.partners,
            pair: self.pair,
            mentees: self.mentees,
            data: self.data,
            windows: self.windows,
            read_all: self.read_all,
            generations: self.generations,
            pending: self.pending,
        }
    }

    /// The workspace as one that read `saved` would be, on `store`, which
    /// is read for nothing until something asks.
    pub fn from_saved(
        store: Arc<Store>,
        saved: Saved,
        now: DateTime<FixedOffset>,
        zone: Zone,
    ) -> Workspace {
        Workspace {
            store,
            me: saved.me,
            partners: saved.partners,
            pair: saved.pair,
            mentees: saved.mentees,
            now,
            zone,
            data: saved.data,
            windows: saved.windows,
            from_oldest: Default::default(),
            read_all: saved.read_all,
            generations: saved.generations,
            undo: Vec::new(),
            left: Default::default(),
            pending: saved.pending,
        }
    }

    /// Reads `now` of `kinds`, and the others later (see [`Workspace::load_pending`]).
    pub fn load_first(&mut self, now: &[Kind]) -> Result<(), StoreError> {
        for kind in now {
            self.reload(*kind)?;
        }
        self.pending = ALL_KINDS.into_iter().filter(|k| !now.contains(k)).collect();
        Ok(())
    }

    /// Whether some lists are still to be read.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Reads the lists the first frame did not need; what went wrong.
    pub fn load_pending(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        for kind in std::mem::take(&mut self.pending) {
            if let Err(e) = self.reload(kind) {
                problems.push(e.to_string());
            }
        }
        problems.extend(self.store.take_warnings());
        problems
    }

    /// Reads the profiles again (the user's, the partners', the mentees'),
    /// after another process changed the store: the pair shown stays the
    /// same while it is still there.
    pub fn reread_people(&mut self) -> Result<(), StoreError> {
        let Some(me) = &self.me else {
            return Ok(());
        };
        if let Some(p) = self.store.profile(me.id)? {
            self.me = Some(p);
        }
        self.partners = partners(&self.store)?;
        if let Some(me) = &self.me {
            self.mentees = crate::pair::mentees(&self.store, me)?;
            if self.pair.is_none() {
                self.pair = crate::pair::chosen(&self.store, me)?;
            }
        }
        Ok(())
    }

    pub fn reload_all(&mut self) -> Result<(), StoreError> {
        self.pending.clear();
        for kind in ALL_KINDS {
            self.reload(kind)?;
        }
        self.reload_cards()
    }

    /// Reads again each mentee's card (a mentor's first screen).
    pub fn reload_cards(&mut self) -> Result<(), StoreError> {
        self.data.cards = match &self.me {
            Some(me) if !self.mentees.is_empty() => crate::pair::cards(&self.store, me, self.now)?,
            _ => Vec::new(),
        };
        Ok(())
    }

    /// Whether the user is a mentor with mentees: the app starts on them.
    pub fn has_mentees(&self) -> bool {
        !self.mentees.is_empty()
    }

    /// The people whose records the screens show: the user, then the
    /// partner of the pair (a mentor's chosen mentee; a mentee's partners).
    pub fn people(&self) -> Vec<Id> {
        let others: &[Profile] = match &self.pair {
            Some(p) => std::slice::from_ref(p),
            None => &self.partners,
        };
        self.me.iter().chain(others).map(|p| p.id).collect()
    }

    /// The mentee of the pair shown, for [`RecordMeta::in_pair`].
    ///
    /// [`RecordMeta::in_pair`]: crate::domain::RecordMeta::in_pair
    pub fn pair_id(&self) -> Option<Id> {
        self.pair.as_ref().map(|p| p.id)
    }

    /// Keeps the records of the pair shown (the user's records about
    /// another mentee are left out).
    pub fn keep_pair<R: crate::domain::Record>(&self, records: &mut Vec<R>) {
        if let (Some(me), Some(pair)) = (&self.me, self.pair_id()) {
            records.retain(|r| r.meta().in_pair(me.id, Some(pair)));
        }
    }

    /// Shows the pair of `mentee` (a mentor's), remembered for the next
    /// start and the command line; everything is read again.
    pub fn choose_pair(&mut self, mentee: Id) -> Result<(), StoreError> {
        let Some(p) = self.mentees.iter().find(|p| p.id == mentee).cloned() else {
            return Ok(());
        };
        crate::pair::choose(&self.store, p.id)?;
        self.pair = Some(p);
        self.undo.clear();
        // Another pair's lists start from their newest records.
        self.windows.clear();
        self.from_oldest.clear();
        self.reload_all()
    }

    /// The mentee after the one shown, round the list (None with fewer
    /// than two).
    pub fn next_mentee(&self) -> Option<Id> {
        if self.mentees.len() < 2 {
            return None;
        }
        let at = self
            .pair_id()
            .and_then(|id| self.mentees.iter().position(|p| p.id == id))
            .unwrap_or(0);
        Some(self.mentees[(at + 1) % self.mentees.len()].id)
    }

    /// How many records of `kind` are read.
    pub fn window(&self, kind: Kind) -> usize {
        self.windows.get(&kind).copied().unwrap_or(WINDOW)
    }

    /// Whether the window of `kind` holds its oldest records (the end of
    /// its list) rather than its newest.
    pub fn from_oldest(&self, kind: Kind) -> bool {
        self.from_oldest.contains(&kind)
    }

    /// Notes whether the read of `kind` just made got all there is (see
    /// `read_all`): every person's scan came back shorter than the window.
    pub fn set_read_all(&mut self, kind: Kind, all: bool) {
        if all {
            self.read_all.insert(kind);
        } else {
            self.read_all.remove(&kind);
        }
    }

    /// Reads the end of the list of `kind` (its oldest records, by a range
    /// scan from that end: as quick at 100,000 records as at 100), or its
    /// start again (`oldest` false). Returns whether it read anything.
    pub fn read_end(&mut self, kind: Kind, oldest: bool) -> Result<bool, StoreError> {
        if oldest == self.from_oldest(kind) && self.window(kind) == WINDOW {
            return Ok(false);
        }
        if oldest {
            self.from_oldest.insert(kind);
        } else {
            self.from_oldest.remove(&kind);
        }
        self.windows.insert(kind, WINDOW);
        self.reload(kind)?;
        Ok(true)
    }

    /// Reads again what the screens show of `kind` (range scans only): the
    /// user's records and those their partners shared, merged in order; a
    /// kind a tab lists is read by that tab.
    pub fn reload(&mut self, kind: Kind) -> Result<(), StoreError> {
        let Some(me) = self.me.as_ref().map(|p| p.id) else {
            return Ok(());
        };
        if kind == Kind::CheckIn {
            // The header, the wizard and the goals' streak use the check-ins.
            self.data.this_week = self
                .store
                .checkin_for_week(me, Week::of(self.now.date_naive()))?;
            self.data.recent_checkins = self.store.newest_checkins(me, 60)?;
            let mut theirs = Vec::new();
            for p in self.people().into_iter().filter(|p| *p != me) {
                theirs.extend(self.store.newest_checkins(p, 60)?);
            }
            self.data.partner_checkins = theirs;
        }
        // How long a point waited counts the pair's meetings.
        if matches!(kind, Kind::Point | Kind::Journal)
            && let Some(profile) = self.me.clone()
        {
            self.data.points =
                crate::pair::points(&self.store, &profile, self.pair_id(), false, self.now)?;
        }
        if let Some(tab) = Tab::of_kind(kind) {
            tab.def().load(self)?;
        }
        *self.generations.entry(kind).or_default() += 1;
        Ok(())
    }

    /// Counts the times the list of `kind` was read: what shows it is
    /// recomputed when this changes.
    pub fn generation(&self, kind: Kind) -> u64 {
        self.generations.get(&kind).copied().unwrap_or(0)
    }

    /// Reads further into the list of `kind` from the end its window holds
    /// (back from the newest, or forward from the oldest): four times as
    /// far, or (with `all`, for a filter) up to [`MAX_WINDOW`]. Returns
    /// whether it read anything (not when everything is read already).
    pub fn grow_window(&mut self, kind: Kind, all: bool) -> Result<bool, StoreError> {
        let w = self.window(kind);
        if self.read_all.contains(&kind) || w >= MAX_WINDOW {
            return Ok(false);
        }
        let grown = if all {
            MAX_WINDOW
        } else {
            (w * 4).min(MAX_WINDOW)
        };
        self.windows.insert(kind, grown);
        self.reload(kind)?;
        Ok(true)
    }

    /// Sets the clock (before every frame): a new day reads everything
    /// again, an event that just ended moves to the past.
    pub fn set_now(&mut self, now: DateTime<FixedOffset>) {
        let day_changed = now.date_naive() != self.now.date_naive();
        self.now = now;
        if day_changed && self.me.is_some() {
            let _ = self.reload_all();
        } else if self.data.consultations[..self.data.upcoming]
            .iter()
            .any(|c| c.ends_at() < now)
        {
            let _ = self.reload(Kind::Consultation);
        }
    }

    /// How long the loop may sleep before something on screen changes by
    /// itself: the next minute while an event is less than a day away (its
    /// countdown counts minutes), else the next midnight.
    pub fn next_tick(&self) -> StdDuration {
        let upcoming = &self.data.consultations[..self.data.upcoming];
        let soon = upcoming
            .iter()
            .any(|c| c.start > self.now && c.start - self.now < Duration::hours(24));
        let midnight = (self.now.date_naive() + Duration::days(1)).and_time(NaiveTime::MIN);
        let mut secs = if soon {
            60 - i64::from(self.now.second())
        } else {
            (midnight - self.now.naive_local()).num_seconds()
        };
        // Also when the next event ends, so that it leaves the header on time.
        if let Some(end) = upcoming.iter().map(|c| c.ends_at()).min() {
            secs = secs.min((end - self.now).num_seconds() + 1);
        }
        StdDuration::from_secs(secs.max(1) as u64)
    }

    /// The user's own goals, as the Goals tab lists them.
    pub fn my_goals(&self) -> Vec<Goal> {
        self.data
            .goals
            .iter()
            .filter(|g| self.is_mine(g.meta.author))
            .cloned()
            .collect()
    }

    /// The goals a meeting or reflection may be about: the user's own, and
    /// on a mentor's machine the mentee's (of the pair shown).
    pub fn linkable_goals(&self) -> Vec<Goal> {
        self.data
            .goals
            .iter()
            .filter(|g| self.is_mine(g.meta.author) || self.pair_id() == Some(g.meta.author))
            .cloned()
            .collect()
    }

    /// The partner's name: from the partner's own profile once a bundle
    /// came (the one the user's profile names, if several), else as the
    /// user's profile names them ("partner" before they say).
    pub fn partner_name(&self) -> &str {
        // A mentor's partner is the mentee of the pair shown.
        if let Some(p) = &self.pair {
            return &p.name;
        }
        let named = self.me.as_ref().and_then(|p| p.partner.as_deref());
        let same =
            |p: &&Profile| named.is_some_and(|n| n.trim().eq_ignore_ascii_case(p.name.trim()));
        self.partners
            .iter()
            .find(same)
            .or(self.partners.first())
            .map(|p| p.name.as_str())
            .or(named)
            .unwrap_or("partner")
    }

    /// A partner's meetings on the user's clock: written in their zone, a
    /// meeting's time is shown in the viewer's (the user's own records are
    /// shown as they were entered).
    pub fn on_my_clock_journal(&self, entries: &mut [JournalEntry]) {
        for e in entries.iter_mut().filter(|e| !self.is_mine(e.meta.author)) {
            e.at = self.zone.show(e.at);
        }
    }

    /// A partner's events on the user's clock (see [`Self::on_my_clock_journal`]).
    pub fn on_my_clock_events(&self, events: &mut [Consultation]) {
        for c in events.iter_mut().filter(|c| !self.is_mine(c.meta.author)) {
            c.start = self.zone.show(c.start);
            c.end = c.end.map(|end| self.zone.show(end));
        }
    }

    /// How many records of kind `R` the people the screens show have. A
    /// mentor of several mentees has their own records of this pair
    /// counted one by one (a mentor writes few; the mentee's are counted
    /// from the store's tally).
    pub fn total<R: crate::store::Stored>(&self) -> Result<usize, StoreError> {
        let mut total = 0;
        for p in self.people() {
            total += if self.is_mine(p) && self.mentees.len() > 1 {
                let mut mine = self.store.all::<R>(p)?;
                self.keep_pair(&mut mine);
                mine.len() as u64
            } else {
                self.store.count::<R>(p)?
            };
        }
        Ok(usize::try_from(total).unwrap_or(usize::MAX))
    }

    /// Whether the user wrote records by `author` (and may change them).
    pub fn is_mine(&self, author: Id) -> bool {
        self.me.as_ref().is_some_and(|p| p.id == author)
    }

    /// The name of the author of a record that is not the user's (a partner's).
    pub fn other_author(&self, author: Id) -> Option<&str> {
        if self.is_mine(author) {
            return None;
        }
        Some(
            self.partners
                .iter()
                .find(|p| p.id == author)
                .map_or("partner", |p| p.name.as_str()),
        )
    }

    /// Who owns action `a` of a meeting `author` logged, as the user sees
    /// it: "you", or the other person's name.
    pub fn owner_of(&self, a: &AgreedAction, author: Id) -> String {
        match &self.me {
            Some(me) if a.is_owned_by(author, me.id) => "you".to_string(),
            // The other person of the pair: the author, when it is not the
            // user, else the partner.
            _ => self
                .other_author(author)
                .unwrap_or_else(|| self.partner_name())
                .to_string(),
        }
    }

    /// Open actions across the loaded meetings: overdue first (most late
    /// first), then by due date (undated last), newest meeting first.
    pub fn open_actions(&self) -> Vec<OpenAction<'_>> {
        let today = self.now.date_naive();
        let mut out: Vec<OpenAction> = self
            .data
            .open_meetings
            .iter()
            .flat_map(|entry| {
                entry
                    .actions
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| !a.done)
                    .map(move |(index, action)| OpenAction {
                        entry,
                        index,
                        action,
                    })
            })
            .collect();
        // An agreement both wrote down, on their two records of one
        // meeting, is listed once (the user's copy first).
        out.sort_by_key(|o| !self.is_mine(o.entry.meta.author));
        let mut kept: Vec<OpenAction> = Vec::with_capacity(out.len());
        for o in out {
            if !kept
                .iter()
                .any(|k| self.is_same_agreement(k.entry, k.action, o.entry, o.action))
            {
                kept.push(o);
            }
        }
        let mut out = kept;
        out.sort_by(|a, b| {
            let rank = |x: &OpenAction| (!x.action.is_overdue(today), x.action.due.is_none());
            rank(a)
                .cmp(&rank(b))
                .then(a.action.due.cmp(&b.action.due))
                .then(b.entry.at.cmp(&a.entry.at))
        });
        out
    }

    /// Whether two actions are one agreement written down by both people:
    /// on their two records of one meeting, with the same words and the
    /// same owner.
    fn is_same_agreement(
        &self,
        e1: &JournalEntry,
        a1: &crate::domain::AgreedAction,
        e2: &JournalEntry,
        a2: &crate::domain::AgreedAction,
    ) -> bool {
        self.me
            .as_ref()
            .is_some_and(|me| e1.same_agreement(a1, e2, a2, me.id))
    }

    /// The other copies of action `index` of meeting `id`: the same
    /// agreement on the other person's record of that meeting, where the
    /// user may tick it.
    pub fn same_agreement(
        &self,
        id: crate::domain::Id,
        index: usize,
    ) -> Vec<(crate::domain::Id, usize)> {
        let d = &self.data;
        let meetings: Vec<&JournalEntry> = d
            .open_meetings
            .iter()
            .chain(d.journal.iter())
            .chain(d.twins.values())
            .collect();
        let Some(e) = meetings.iter().find(|e| e.meta.id == id) else {
            return Vec::new();
        };
        let Some(a) = e.actions.get(index) else {
            return Vec::new();
        };
        let mut out: Vec<(crate::domain::Id, usize)> = meetings
            .iter()
            .filter(|o| o.meta.id != id)
            .flat_map(|o| o.actions.iter().enumerate().map(move |(i, b)| (*o, i, b)))
            .filter(|(o, _, b)| self.is_same_agreement(e, a, o, b))
            // On the partner's record, only what is the user's to tick.
            .filter(|(o, _, b)| {
                self.is_mine(o.meta.author)
                    || self
                        .me
                        .as_ref()
                        .is_some_and(|me| b.is_owned_by(o.meta.author, me.id))
            })
            .map(|(o, i, _)| (o.meta.id, i))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The actions of the partner's record of meeting `e` (its twin) that
    /// are not already one of `e`'s agreements, by index in the twin.
    pub fn twin_extra(&self, e: &JournalEntry) -> Vec<usize> {
        let Some(twin) = self.data.twins.get(&e.meta.id) else {
            return Vec::new();
        };
        twin.actions
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                !e.actions
                    .iter()
                    .any(|a| self.is_same_agreement(e, a, twin, b))
            })
            .map(|(i, _)| i)
            .collect()
    }

    // ----- writes ---------------------------------------------------------------

    /// Saves `records` in one flushed commit and remembers how to undo it;
    /// returns once the store said so (or why it did not).
    pub fn write(&mut self, records: Vec<AnyRecord>) -> Result<(), String> {
        let Some(first) = records.first().cloned() else {
            return Ok(());
        };
        let mut records = records;
        let mut restore = Vec::new();
        let mut undone = None;
        for r in &mut records {
            let before = self
                .store
                .get_any(r.meta().id)
                .map_err(|e| format!("Not saved: {e}"))?;
            // A mentor's new record concerns the pair shown.
            if before.is_none() && self.is_mine(r.meta().author) {
                r.assign_pair(self.pair_id());
            }
            undone.get_or_insert_with(|| undone_words(before.as_ref(), r));
            restore.push(match before {
                Some(before) => Change::Put(before),
                None => Change::Delete(r.meta().id),
            });
        }
        let kinds: Vec<Kind> = records.iter().map(AnyRecord::kind).collect();
        let ids: Vec<Id> = records.iter().map(|r| r.meta().id).collect();
        let changes = records.into_iter().map(Change::Put).collect();
        self.store
            .commit(changes)
            .map_err(|e| format!("Not saved: {e}"))?;
        self.undo.push(UndoStep {
            undone: undone.unwrap_or_default(),
            restore,
            about: first.meta().id,
        });
        self.remember_left(&ids);
        self.after_change(&kinds);
        Ok(())
    }

    /// The record `id` as the store holds it now (`None`: not there).
    fn as_stored(&self, id: Id) -> Option<AnyRecord> {
        self.store.get_any(id).ok().flatten()
    }

    /// Remembers the records `ids` as the app's last change left them.
    fn remember_left(&mut self, ids: &[Id]) {
        for id in ids {
            let now = self.as_stored(*id);
            self.left.insert(*id, now);
        }
    }

    /// Reads again what a change of `kinds` touched.
    fn after_change(&mut self, kinds: &[Kind]) {
        for kind in kinds {
            let _ = self.reload(*kind);
        }
        // A check-in may move goals' progress, and the reverse.
        if kinds.contains(&Kind::CheckIn) {
            let _ = self.reload(Kind::Goal);
        }
    }

    /// Deletes the record `id`; returns how it is named.
    pub fn delete(&mut self, id: Id) -> Result<String, String> {
        let before = match self.store.get_any(id) {
            Ok(Some(r)) => r,
            Ok(None) => return Err("It was already deleted.".into()),
            Err(e) => return Err(format!("Not deleted: {e}")),
        };
        let label = describe(&before);
        let kind = before.kind();
        self.store
            .commit(vec![Change::Delete(id)])
            .map_err(|e| format!("Not deleted: {e}"))?;
        self.undo.push(UndoStep {
            undone: format!("{label} is back"),
            about: id,
            restore: vec![Change::Put(before)],
        });
        self.remember_left(&[id]);
        self.after_change(&[kind]);
        Ok(label)
    }

    /// What the status line adds when a change takes back what the partner
    /// already holds (`before`, deleted or made private): their copy goes
    /// at the next share.
    pub fn withdrawal(&self, before: &AnyRecord, share: &str) -> String {
        if crate::exchange::bundle::partner_may_have(&self.store, before).unwrap_or(false) {
            format!(
                ". {}'s copy will be removed when you next share ({share})",
                crate::text::one_line(self.partner_name(), 40)
            )
        } else {
            String::new()
        }
    }

    /// Takes back the last change; returns what is now true and the record
    /// it was about (`None`: nothing to undo).
    pub fn undo_last(&mut self) -> Result<Option<(String, Id)>, String> {
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        let ids = step.ids();
        if ids
            .iter()
            .any(|id| self.left.get(id) != Some(&self.as_stored(*id)))
        {
            return Err("Not undone: the record was changed from another terminal since.".into());
        }
        let kinds: Vec<Kind> = step
            .restore
            .iter()
            .filter_map(|c| match c {
                Change::Put(r) => Some(r.kind()),
                Change::Delete(id) => self.store.kind_of(*id).ok().flatten(),
                _ => None,
            })
            .collect();
        // What is put back is a new change: it must win over the undone
        // version wherever that went (a share bundle, an export).
        let now = self.now.to_utc();
        let restore = step
            .restore
            .into_iter()
            .map(|c| match c {
                Change::Put(mut r) => {
                    r.meta_mut().touch(now);
                    Change::Put(r)
                }
                other => other,
            })
            .collect();
        self.store
            .commit(restore)
            .map_err(|e| format!("Could not undo: {e}"))?;
        self.remember_left(&ids);
        self.after_change(&kinds);
        Ok(Some((step.undone, step.about)))
    }

    /// Saves who the user is (the first-run form), as the default profile.
    pub fn save_profile(&mut self, p: Profile) -> Result<(), StoreError> {
        self.store.commit(vec![
            Change::Profile(p.clone()),
            Change::DefaultProfile(p.id),
        ])?;
        self.me = Some(p);
        let _ = self.reload_all();
        Ok(())
    }

    /// Writes a share bundle of what the user shares; how many records.
    pub fn share_export(&mut self, path: &std::path::Path) -> Result<usize, String> {
        let me = self.me.clone().ok_or("no profile yet")?;
        crate::exchange::bundle::export_to(
            &self.store,
            &me,
            self.pair_id(),
            None,
            self.now.to_utc(),
            path,
        )
    }

    /// Imports a partner's share bundle (from someone not the partner yet
    /// only if `accept`); the summary for the status line.
    pub fn share_import(
        &mut self,
        path: &std::path::Path,
        accept: bool,
    ) -> Result<String, ImportFailure> {
        use crate::exchange::bundle::{FileError, ImportError};
        let me = self
            .me
            .clone()
            .ok_or_else(|| ImportFailure::Other("no profile yet".into()))?;
        let (report, from) = crate::exchange::bundle::import_from(&self.store, &me, path, accept)
            .map_err(|e| match e {
            FileError::Import(ImportError::NewPartner { from, about, known }) => {
                ImportFailure::NewPartner {
                    question: if me.role == crate::domain::Role::Mentor {
                        format!(
                            "This bundle comes from {from} ({about}), who is not your mentee \
                             here{known}. Import it and take {from} as your mentee?"
                        )
                    } else {
                        format!(
                            "This bundle comes from {from} ({about}), who is not your partner \
                             here{known}. Import it and take {from} as your partner?"
                        )
                    },
                }
            }
            FileError::Import(ImportError::NameTaken { from }) => ImportFailure::NewPartner {
                question: format!(
                    "This bundle says it comes from {from}, but not the {from} whose bundles \
                     you imported before (another profile): someone else may be using the \
                     name. Import it anyway, as a second partner called {from}?"
                ),
            },
            e => ImportFailure::Other(format!("Not imported: {e}")),
        })?;
        self.partners = partners(&self.store).map_err(|e| ImportFailure::Other(e.to_string()))?;
        self.mentees = crate::pair::mentees(&self.store, &me)
            .map_err(|e| ImportFailure::Other(e.to_string()))?;
        // A mentor's first mentee is the pair shown.
        if self.pair.is_none() {
            self.pair = self.mentees.iter().find(|p| p.id == from.id).cloned();
        } else if let Some(p) = self.mentees.iter().find(|p| Some(p.id) == self.pair_id()) {
            self.pair = Some(p.clone());
        }
        if let Err(e) = self.reload_all() {
            return Err(ImportFailure::Other(format!(
                "Imported, but the store could not be read again: {e}"
            )));
        }
        Ok(format!(
            "Imported {}'s bundle: {report}.",
            crate::text::one_line(&from.name, 40)
        ))
    }
}

/// Why a bundle was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportFailure {
    /// It comes from someone who is not a partner here yet: the question
    /// to ask before importing it takes them as one.
    NewPartner { question: String },
    /// Anything else, in words.
    Other(String),
}

/// Every kind of record, in the order the screens need them.
const ALL_KINDS: [Kind; 6] = [
    Kind::Goal,
    Kind::Journal,
    Kind::Reflection,
    Kind::Consultation,
    Kind::CheckIn,
    Kind::Point,
];

fn partners(store: &Store) -> Result<Vec<Profile>, StoreError> {
    Ok(store
        .profiles()?
        .into_iter()
        .filter(|p| p.origin == Origin::Partner)
        .collect())
}

/// The profile the app acts as: the default one, or the only local one.
fn current_profile(store: &Store, user: Option<&str>) -> Result<Option<Profile>, StoreError> {
    let profiles = store.profiles()?;
    if let Some(name) = user {
        return Ok(profiles
            .into_iter()
            .find(|p| p.origin == Origin::Local && p.name.eq_ignore_ascii_case(name.trim())));
    }
    if let Some(id) = store.default_profile()?
        && let Some(p) = profiles.iter().find(|p| p.id == id)
    {
        return Ok(Some(p.clone()));
    }
    Ok(profiles.into_iter().find(|p| p.origin == Origin::Local))
}

/// A record as a confirmation or a status line names it.
pub fn describe(r: &AnyRecord) -> String {
    let short = |s: &str| crate::text::one_line(s, 40);
    match r {
        AnyRecord::Goal(g) => format!("goal “{}”", short(&g.title)),
        AnyRecord::Journal(e) => format!(
            "the {} of {}",
            e.kind.label().replace('-', " "),
            crate::tui::ui::widgets::day(e.at.date_naive(), true)
        ),
        AnyRecord::Reflection(r) => format!(
            "reflection of {} “{}”",
            crate::tui::ui::widgets::day(r.date, true),
            short(&r.text)
        ),
        AnyRecord::Consultation(c) => format!("“{}”", short(&c.title)),
        AnyRecord::CheckIn(c) => format!("check-in {}", c.week),
        AnyRecord::Point(p) => format!("talking point “{}”", short(&p.text)),
    }
}

// The tab used last is a setting of the store, kept for the next start.
impl Workspace {
    /// The tab the user left the app on.
    pub fn last_tab(&self) -> Result<Option<Tab>, StoreError> {
        Ok(self
            .store
            .setting("last-tab")?
            .and_then(|v| Tab::from_key(&String::from_utf8_lossy(&v))))
    }

    /// Remembers `tab` for the next start (not user data: a failure is not fatal).
    pub fn remember_tab(&self, tab: Tab) {
        let _ = self.store.set_setting("last-tab", tab.key().as_bytes());
    }
}
