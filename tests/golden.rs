//! Stores and files written by schema version 1 must keep opening, whatever
//! later versions change. The fixtures under `tests/fixtures/v1/` were written
//! once by a schema 1 build (from `golden()` below: the records with
//! `codec::encode`, `export.json` with `json::to_json`, the store with
//! `Store::merge`) and are never regenerated: a later schema must upgrade
//! them, not replace them.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use tandem::domain::{
    AgreedAction, Audience, CheckIn, Consultation, EventKind, Goal, GoalCheck, GoalState,
    GoalStatus, Id, JournalEntry, Kind, Origin, Owner, Profile, Programme, Reflection, Role,
    Source, Stamp, Version, Visibility, Week,
};
use tandem::exchange::json;
use tandem::store::{SCHEMA_VERSION, Snapshot, Store, Stored, codec};

mod common;
use common::{copy_dir, fixture};

fn fixtures() -> PathBuf {
    fixture("v1")
}

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    t(s).to_utc()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The data the v1 fixtures hold: one record of every kind, every field set.
fn golden() -> Snapshot {
    let ana = Id::from_u128(0x0193_5a4b_c000_0000_0000_0000_0000_0001);
    let marko = Id::from_u128(0x0193_5a4b_c000_0000_0000_0000_0000_0002);
    let meta = |n: u128, author: Id, vis: Visibility| tandem::domain::RecordMeta {
        id: Id::from_u128(0x0193_5a4b_c000_0000_0000_0000_0001_0000 + n),
        author,
        created: utc("2026-03-02T09:00:00Z"),
        updated: utc("2026-11-20T18:30:15.250Z"),
        visibility: vis,
        // Records written before versions count from their last change.
        version: Version::at_time(utc("2026-11-20T18:30:15.250Z")),
        pair: None,
    };
    let goal = Goal {
        meta: meta(1, ana, Visibility::Shared),
        title: "Curate a first exhibition 🎨".into(),
        why: "To show I can lead a project\nfrom idea to opening.".into(),
        criteria: "An opening with 100 visitors".into(),
        target: Some(d("2027-02-15")),
        status: GoalStatus::Active,
        progress: 55,
        milestones: vec![
            tandem::domain::Milestone {
                text: "Find a venue".into(),
                done: true,
                done_on: None,
            },
            tandem::domain::Milestone {
                text: "Write the call".into(),
                done: false,
                done_on: None,
            },
        ],
        history: vec![
            tandem::domain::ProgressPoint {
                date: d("2026-03-02"),
                progress: 0,
            },
            tandem::domain::ProgressPoint {
                date: d("2026-11-20"),
                progress: 55,
            },
        ],
    };
    let journal = JournalEntry {
        meta: meta(2, ana, Visibility::Shared),
        at: t("2026-11-17T14:00:00+01:00"),
        kind: EventKind::PairMeeting,
        with: "Marko".into(),
        notes: "Budget and venue. Ćao, 写真!".into(),
        actions: vec![
            AgreedAction {
                text: "Send the budget".into(),
                owner: Owner::Me,
                due: Some(d("2026-11-21")),
                done: false,
                ticked: None,
            },
            AgreedAction {
                text: "Introduce a curator".into(),
                owner: Owner::Partner,
                due: None,
                done: true,
                // Ticked by the meeting's author, as every tick before stamps.
                ticked: Some(Stamp {
                    version: Version::at_time(utc("2026-11-20T18:30:15.250Z")),
                    by: ana,
                }),
            },
        ],
        goals: vec![goal.meta.id],
        private_notes: String::new(),
    };
    let reflection = Reflection {
        meta: meta(3, ana, Visibility::Private),
        date: d("2026-11-18"),
        prompt: Some("What surprised you about yourself?".into()),
        text: "I avoid asking for help.".into(),
        tags: vec!["doubt".into(), "learning".into()],
        goal: Some(goal.meta.id),
    };
    let consultation = Consultation {
        meta: meta(4, ana, Visibility::Shared),
        title: "Quarter-mark online consultation".into(),
        kind: EventKind::Consultation,
        audience: Audience::Everyone,
        start: t("2026-06-03T17:00:00+02:00"),
        end: Some(t("2026-06-03T19:00:00+02:00")),
        all_day: false,
        place: "https://meet.example.org/cc".into(),
        notes: "Bring one question.".into(),
        source: Source::Imported {
            uid: "quarter@creative-mentorship.example".into(),
        },
    };
    let checkin = CheckIn {
        meta: meta(5, ana, Visibility::Shared),
        week: Week {
            year: 2026,
            week: 47,
        },
        goals: vec![GoalCheck {
            goal: goal.meta.id,
            progress: 55,
            state: GoalState::AtRisk,
            note: "venue".into(),
        }],
        mood: 4,
        energy: 3,
        win: "Found a venue".into(),
        blocker: "Time".into(),
        focus: "The call".into(),
        mentoring: Vec::new(),
    };
    let partner_goal = Goal {
        meta: meta(6, marko, Visibility::Shared),
        title: "Mentor with patience".into(),
        why: String::new(),
        criteria: String::new(),
        target: None,
        status: GoalStatus::Paused,
        progress: 0,
        milestones: vec![],
        history: vec![tandem::domain::ProgressPoint {
            date: d("2026-03-02"),
            progress: 0,
        }],
    };
    Snapshot {
        default_profile: Some(ana),
        profiles: vec![
            Profile {
                id: ana,
                name: "Ana".into(),
                role: Role::Mentee,
                partner: Some("Marko".into()),
                programme: Some(Programme {
                    name: "Creative Leaders".into(),
                    from: d("2026-03-01"),
                    to: d("2027-02-28"),
                }),
                origin: Origin::Local,
                created: utc("2026-03-01T08:00:00Z"),
                updated: utc("2026-03-01T08:00:00Z"),
            },
            Profile {
                id: marko,
                name: "Marko".into(),
                role: Role::Mentor,
                partner: Some("Ana".into()),
                programme: None,
                origin: Origin::Partner,
                created: utc("2026-03-05T08:00:00Z"),
                updated: utc("2026-03-05T08:00:00Z"),
            },
        ],
        goals: vec![goal, partner_goal],
        journal: vec![journal],
        reflections: vec![reflection],
        consultations: vec![consultation],
        checkins: vec![checkin],
        points: Vec::new(),
    }
}

fn read_export() -> Snapshot {
    let text = std::fs::read_to_string(fixtures().join("export.json")).unwrap();
    json::from_json(&text, &[]).unwrap()
}

#[test]
fn v1_encoded_records_still_decode() {
    let expected = read_export();
    let dir = fixtures().join("records");
    let bytes = |name: &str| std::fs::read(dir.join(name)).unwrap();
    assert_eq!(
        codec::decode::<Profile>(&bytes("profile.bin")).unwrap(),
        expected.profiles[0]
    );
    assert_eq!(
        <Goal as Stored>::decode(&bytes("goal.bin")).unwrap(),
        expected.goals[0]
    );
    assert_eq!(
        <JournalEntry as Stored>::decode(&bytes("journal.bin")).unwrap(),
        expected.journal[0]
    );
    assert_eq!(
        <Reflection as Stored>::decode(&bytes("reflection.bin")).unwrap(),
        expected.reflections[0]
    );
    assert_eq!(
        <Consultation as Stored>::decode(&bytes("consultation.bin")).unwrap(),
        expected.consultations[0]
    );
    assert_eq!(
        <CheckIn as Stored>::decode(&bytes("checkin.bin")).unwrap(),
        expected.checkins[0]
    );
}

#[test]
fn the_v1_export_still_imports_unchanged() {
    let text = std::fs::read_to_string(fixtures().join("export.json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.merge(&json::from_json(&text, &[]).unwrap()).unwrap();
    // Everything in it, with the versions its records had: their last change.
    assert_eq!(store.snapshot().unwrap(), golden());
    // And an export of today's format reads back byte for byte.
    let today = json::to_json(&store.snapshot().unwrap());
    assert!(today.contains("\"version\""), "{today}");
    let dir = tempfile::tempdir().unwrap();
    let again = Store::open(dir.path()).unwrap();
    again.merge(&json::from_json(&today, &[]).unwrap()).unwrap();
    assert_eq!(json::to_json(&again.snapshot().unwrap()), today);
}

#[test]
fn the_v1_golden_store_still_opens_with_everything_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("store"), tmp.path());
    let store = Store::open(tmp.path()).unwrap();
    // Upgraded to the current layout on opening.
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.snapshot().unwrap(), read_export());
    assert!(store.take_warnings().is_empty());
    // The range scans and the reads by id find the records.
    let ana = store.default_profile().unwrap().unwrap();
    assert_eq!(store.newest_journal(ana, 5).unwrap().len(), 1);
    let goal = &store.active_goals(ana).unwrap()[0];
    assert_eq!(goal.title, "Curate a first exhibition 🎨");
    assert_eq!(
        store.get::<Goal>(goal.meta.id).unwrap().as_ref(),
        Some(goal)
    );
    let short = store.short_id(goal.meta.id).unwrap();
    assert_eq!(store.resolve(&short, Kind::Goal).unwrap(), goal.meta.id);
    drop(store);
    assert_eq!(old_trees(tmp.path()), Vec::<String>::new());
    // And it opens again as it is.
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.snapshot().unwrap(), read_export());
}

/// The trees of records and ids by id schema 1 kept, still in the store at `dir`.
fn old_trees(dir: &Path) -> Vec<String> {
    let db = common::raw_sled(&dir.join("db"));
    db.tree_names()
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .filter(|n| n == "ids" || n.matches('/').count() == 1)
        .collect()
}

#[test]
fn an_upgrade_cut_short_by_a_crash_completes_on_the_next_open() {
    // Half done: some records copied to their new place, the schema still 1.
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("store"), tmp.path());
    {
        let db = common::raw_sled(&tmp.path().join("db"));
        let names: Vec<String> = db
            .tree_names()
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        let journal = names
            .iter()
            .find(|n| n.starts_with("journal/") && !n.ends_with("/by"))
            .unwrap();
        let (id, bytes) = db
            .open_tree(journal)
            .unwrap()
            .iter()
            .next()
            .unwrap()
            .unwrap();
        let index = db.open_tree(format!("{journal}/by")).unwrap();
        let (key, empty) = index.iter().next().unwrap().unwrap();
        assert!(empty.is_empty() && key.ends_with(&id));
        index.insert(key, bytes).unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.snapshot().unwrap(), read_export());
    assert!(store.take_warnings().is_empty());
}

#[test]
fn old_trees_left_by_a_crash_after_the_upgrade_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("store"), tmp.path());
    drop(Store::open(tmp.path()).unwrap());
    let ana = {
        let db = common::raw_sled(&tmp.path().join("db"));
        let name = db
            .tree_names()
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .find(|n| n.starts_with("goal/"))
            .unwrap();
        let ana = name.split('/').nth(1).unwrap().to_string();
        db.open_tree(format!("goal/{ana}"))
            .unwrap()
            .insert(b"left over", b"by a crash")
            .unwrap();
        db.flush().unwrap();
        ana
    };
    assert_eq!(old_trees(tmp.path()), vec![format!("goal/{ana}")]);
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.snapshot().unwrap(), read_export());
    drop(store);
    assert_eq!(old_trees(tmp.path()), Vec::<String>::new());
}

#[test]
fn this_build_writes_what_the_fixtures_hold() {
    // Format 1 (the fixtures) is read, format 2 written: a format 2 record
    // is its format 1 bytes with the version after the record's visibility.
    let snap = golden();
    assert_eq!(read_export(), snap);
    let v1 = std::fs::read(fixtures().join("records/goal.bin")).unwrap();
    let v2 = codec::encode(&snap.goals[0]).unwrap();
    assert_eq!((v1[0], v2[0]), (codec::FORMAT_1, codec::RECORD_FORMAT));
    let meta_end = 1 + 16 + 16; // format byte, id, author (then two times)
    assert_eq!(v1[1..meta_end], v2[1..meta_end]);
    assert_eq!(<Goal as Stored>::decode(&v2).unwrap(), snap.goals[0]);
}

/// Schema 2 (written by the build that introduced the buckets of ids and the
/// records under their list keys): `tests/fixtures/v2/` holds a store with
/// the same records as the v1 export, and a share bundle of Ana's shared
/// records in the bundle format of that time. Never regenerated.
fn v2() -> PathBuf {
    fixture("v2")
}

#[test]
fn the_v2_golden_store_still_opens_with_everything_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&v2().join("store"), tmp.path());
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.snapshot().unwrap(), read_export());
    assert!(store.take_warnings().is_empty());
    let ana = store.default_profile().unwrap().unwrap();
    let goal = &store.active_goals(ana).unwrap()[0];
    assert_eq!(
        store.get::<Goal>(goal.meta.id).unwrap().as_ref(),
        Some(goal)
    );
    let short = store.short_id(goal.meta.id).unwrap();
    assert_eq!(store.resolve(&short, Kind::Goal).unwrap(), goal.meta.id);
    drop(store);
    // Schema 2's buckets of ids are gone.
    let db = common::raw_sled(&tmp.path().join("db"));
    assert!(!db.tree_names().iter().any(|n| n.as_ref() == b"id-buckets"));
    drop(db);
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.snapshot().unwrap(), read_export());
}

#[test]
fn a_v2_store_with_a_bucket_grown_large_is_split_when_upgraded() {
    // Schema 2 put every id sharing its first twelve bits in one bucket: a
    // file of ids chosen alike made one bucket of thousands.
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&v2().join("store"), tmp.path());
    let ana = read_export().profiles[0].id;
    let mut ids = Vec::new();
    {
        let db = common::raw_sled(&tmp.path().join("db"));
        let buckets = db.open_tree("id-buckets").unwrap();
        let records = db.open_tree(format!("journal/{ana}/by")).unwrap();
        let mut bucket = Vec::new();
        for n in 0u32..3_000 {
            let mut bytes = [0x11u8; 16];
            bytes[12..].copy_from_slice(&n.to_be_bytes());
            let id = Id::from_bytes(bytes);
            let mut e = read_export().journal[0].clone();
            e.meta.id = id;
            let order = tandem::store::keys::time_key(&e.at);
            let key = tandem::store::keys::record_key(&order, id);
            records.insert(key, codec::encode(&e).unwrap()).unwrap();
            // An entry: the id, the length of its location, the location.
            bucket.extend_from_slice(&bytes);
            bucket.push(17 + 8);
            bucket.push(Kind::Journal.code());
            bucket.extend_from_slice(&ana.to_bytes());
            bucket.extend_from_slice(&order);
            ids.push(id);
        }
        buckets.insert([0x01, 0x11], bucket).unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(tmp.path()).unwrap();
    assert!(store.take_warnings().is_empty());
    let (_, largest) = store.id_buckets().unwrap();
    assert!(largest <= 64, "{largest}");
    for id in ids.iter().step_by(101) {
        assert!(store.get::<JournalEntry>(*id).unwrap().is_some());
        let short = store.short_id(*id).unwrap();
        assert_eq!(store.resolve(&short, Kind::Journal).unwrap(), *id);
    }
    assert_eq!(store.all::<JournalEntry>(ana).unwrap().len(), 3_001);
}

/// Decodes the old bundle at `path`, checks that it holds Ana's shared
/// records of `expected`, and has Marko import it into a new store of his
/// own (every record new).
fn marko_imports(
    path: &Path,
    expected: &Snapshot,
) -> (tempfile::TempDir, Store, tandem::exchange::bundle::Bundle) {
    use tandem::exchange::bundle;
    let b = bundle::decode(&std::fs::read(path).unwrap()).unwrap();
    let shared: Vec<_> = expected
        .records()
        .filter(|r| r.meta().author == b.from.id && r.meta().visibility == Visibility::Shared)
        .collect();
    assert_eq!(b.records, shared);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut marko = expected.profiles[1].clone();
    marko.origin = Origin::Local;
    store.put_profile(&marko).unwrap();
    store.set_default_profile(marko.id).unwrap();
    let report = bundle::import(&store, &marko, &b, true).unwrap();
    assert_eq!(report.new, shared.len());
    (dir, store, b)
}

#[test]
fn a_v2_bundle_still_imports() {
    let expected = read_export();
    let (_dir, store, b) = marko_imports(&v2().join("ana.bundle"), &expected);
    assert_eq!(b.from.name, "Ana");
    assert_eq!(
        store.all::<Goal>(b.from.id).unwrap(),
        vec![expected.goals[0].clone()]
    );
}

/// Records later builds write that schemas 1 and 2 could not hold:
/// `tests/fixtures/v3/` holds a consultation that is one occurrence of a
/// recurring event (`Source::Series`, the variant after `Typed` and
/// `Imported`), encoded and as JSON. Written once, never regenerated.
fn v3() -> PathBuf {
    fixture("v3")
}

/// The golden consultation, as the occurrence of a weekly series.
fn series_consultation() -> Consultation {
    let mut c = golden().consultations[0].clone();
    c.source = Source::Series {
        uid: "peer-circle@creative-mentorship.example".into(),
        occurrence: "20260603T170000".into(),
        series: Box::new(tandem::domain::Recurrence {
            start: "20260527T170000".into(),
            zone: Some("Europe/Belgrade".into()),
            rule: "FREQ=WEEKLY;COUNT=6".into(),
            excluded: vec!["20260610T170000".into()],
            from: utc("2026-03-01T00:00:00Z"),
            to: utc("2027-03-01T00:00:00Z"),
        }),
    };
    c
}

#[test]
fn sources_keep_their_numbers_and_a_series_comes_after_them() {
    // Typed and Imported are encoded as they always were: the source is
    // the record's last field, written as schema 1 wrote it, and a typed
    // one differs from an imported one only where the source is.
    let imported = golden().consultations[0].clone();
    let v1 = std::fs::read(fixtures().join("records/consultation.bin")).unwrap();
    let now = codec::encode(&imported).unwrap();
    let uid = "quarter@creative-mentorship.example";
    let k = uid.len() + 2;
    assert_eq!(now[now.len() - k..], v1[v1.len() - k..]);
    let mut typed = imported.clone();
    typed.source = Source::Typed;
    let typed = codec::encode(&typed).unwrap();
    let at = now.len() - k;
    assert_eq!((now[at], typed[at]), (1, 0), "Imported is 1, Typed 0");
    assert_eq!(typed.len(), at + 1);
    // The series: variant 2, in the fixture written when it was added.
    let series = series_consultation();
    let bytes = std::fs::read(v3().join("records/consultation-series.bin")).unwrap();
    assert_eq!(bytes[v1.len() - k], 2);
    assert_eq!(<Consultation as Stored>::decode(&bytes).unwrap(), series);
    let again = codec::encode(&series).unwrap();
    assert_eq!(<Consultation as Stored>::decode(&again).unwrap(), series);
    // Its JSON of that time reads as the same record.
    let json = std::fs::read_to_string(v3().join("consultation-series.json")).unwrap();
    let mut read: Consultation = serde_json::from_str(&json).unwrap();
    read.meta.fill_version();
    assert_eq!(read, series);
}

#[test]
fn a_store_and_an_export_with_a_series_read_back_the_same() {
    let mut snap = golden();
    snap.consultations.push({
        let mut c = series_consultation();
        c.meta.id = Id::from_u128(0x0193_5a4b_c000_0000_0000_0000_0001_0100);
        c
    });
    let text = json::to_json(&snap);
    assert!(text.contains("\"series\""), "{text}");
    assert_eq!(json::from_json(&text, &[]).unwrap(), snap);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.merge(&snap).unwrap();
    assert_eq!(store.snapshot().unwrap(), snap);
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.snapshot().unwrap(), snap);
}

/// Schema 3, the last schema before records carried a version of their own:
/// `tests/fixtures/v3/store` is the v2 store opened by a schema 3 build with
/// a second meeting logged (one action ticked, one the partner's),
/// `store.json` its JSON export and `ana.bundle` its share bundle, all
/// written by that build. Never regenerated.
fn v3_export() -> Snapshot {
    let text = std::fs::read_to_string(v3().join("store.json")).unwrap();
    json::from_json(&text, &[]).unwrap()
}

#[test]
fn the_v3_golden_store_still_opens_with_everything_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&v3().join("store"), tmp.path());
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let expected = v3_export();
    assert_eq!(store.snapshot().unwrap(), expected);
    assert!(store.take_warnings().is_empty());
    let ana = store.default_profile().unwrap().unwrap();
    let open: Vec<_> = store.journal_with_open_actions(ana).unwrap();
    assert_eq!(open.len(), 2, "both meetings still have an open action");
    drop(store);
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.snapshot().unwrap(), expected);
}

#[test]
fn a_v3_bundle_still_imports() {
    use tandem::exchange::bundle;
    let expected = v3_export();
    let (_dir, store, b) = marko_imports(&v3().join("ana.bundle"), &expected);
    let marko = store.profile(expected.profiles[1].id).unwrap().unwrap();
    let journal = store.all::<JournalEntry>(b.from.id).unwrap();
    assert_eq!(journal.len(), 2);
    assert!(journal.iter().any(|e| e.actions.iter().any(|a| a.done)));
    // The same bundle again changes nothing.
    let again = bundle::import(&store, &marko, &b, true).unwrap();
    assert_eq!((again.new, again.updated), (0, 0));
}

/// Schema 4, the last schema before records carried their pair and
/// milestones the day they were ticked: `tests/fixtures/v4/` holds Ana's
/// store (a goal with its first milestone ticked) and Marko's (a mentor
/// with Ana as his one mentee, a meeting and a reflection of his own),
/// their JSON exports and share bundles, all written by the schema 4 build.
/// Never regenerated.
fn v4() -> PathBuf {
    fixture("v4")
}

fn v4_export(who: &str) -> Snapshot {
    let text = std::fs::read_to_string(v4().join(format!("{who}.json"))).unwrap();
    json::from_json(&text, &[]).unwrap()
}

#[test]
fn a_v4_store_opens_with_its_milestones_ticked_on_no_known_day() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&v4().join("ana"), tmp.path());
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let expected = v4_export("ana");
    assert_eq!(store.snapshot().unwrap(), expected);
    assert!(store.take_warnings().is_empty());
    let ana = store.default_profile().unwrap().unwrap();
    let mut goal = store.all::<Goal>(ana).unwrap().remove(0);
    let ticked: Vec<_> = goal
        .milestones
        .iter()
        .map(|m| (m.done, m.done_on))
        .collect();
    assert_eq!(ticked, [(true, None), (false, None), (false, None)]);
    // A milestone ticked now has its day, and keeps it.
    let now = t("2026-12-01T10:00:00+01:00");
    goal.set_milestone(2, true, now).unwrap();
    store.put(&goal).unwrap();
    drop(store);
    let store = Store::open(tmp.path()).unwrap();
    let goal = store.all::<Goal>(ana).unwrap().remove(0);
    assert_eq!(goal.milestones[1].done_on, Some(d("2026-12-01")));
    assert_eq!(goal.milestones[0].done_on, None);
}

#[test]
fn a_v4_mentor_store_gives_his_records_to_his_one_mentees_pair() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&v4().join("marko"), tmp.path());
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let before = v4_export("marko");
    let marko = store.default_profile().unwrap().unwrap();
    let ana = before
        .profiles
        .iter()
        .find(|p| p.origin == Origin::Partner)
        .unwrap()
        .id;
    let after = store.snapshot().unwrap();
    // The same records, versions and all; his own now name Ana's pair.
    assert_eq!(after.records().count(), before.records().count());
    for (was, now) in before.records().zip(after.records()) {
        let mut expected = was.clone();
        if was.meta().author == marko {
            expected.meta_mut().pair = Some(ana);
        }
        assert_eq!(now, expected);
    }
    assert_eq!(
        after
            .journal
            .iter()
            .filter(|e| e.meta.author == marko)
            .count(),
        1
    );
    assert_eq!(after.reflections.len(), 1);
}

#[test]
fn v4_bundles_still_import_both_ways() {
    use tandem::exchange::bundle;
    for (bundle_of, store_of) in [("ana", "marko"), ("marko", "ana")] {
        let b = bundle::decode(&std::fs::read(v4().join(format!("{bundle_of}.bundle"))).unwrap())
            .unwrap();
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&v4().join(store_of), tmp.path());
        let store = Store::open(tmp.path()).unwrap();
        let me = store
            .profile(store.default_profile().unwrap().unwrap())
            .unwrap()
            .unwrap();
        let report = bundle::import(&store, &me, &b, true).unwrap();
        assert_eq!(
            report.rejected, 0,
            "{bundle_of}'s bundle into {store_of}'s store"
        );
        let again = bundle::import(&store, &me, &b, true).unwrap();
        assert_eq!((again.new, again.updated), (0, 0));
        assert!(store.get_any(b.records[0].meta().id).unwrap().is_some());
    }
}
