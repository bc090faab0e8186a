//! The mentor's side, through the binary as a mentor would use it: Marko
//! mentors Ana and Ben, each with a store of their own, and bundles go
//! both ways. Every list, the brief and every bundle is about one pair at
//! a time, and talking points travel and carry forward in both stores.

use serde_json::Value;

mod common;
use common::{Sandbox, array, path_str, record_id};

/// Runs `args` on `s` at the moment `now` (the other tests' clock is fixed).
fn at(s: &Sandbox, now: &str, args: &[&str]) -> String {
    let out = s.cmd().env("TANDEM_NOW", now).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "tandem {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `from` writes a bundle (for `to_mentee` with --mentee, when `from` is the
/// mentor) and `to` imports it; returns the bundle's bytes.
fn exchange(from: &Sandbox, to: &Sandbox, mentee: Option<&str>, name: &str) -> Vec<u8> {
    let file = from.file(name);
    let mut args = vec!["share", "export", path_str(&file)];
    if let Some(m) = mentee {
        args.extend(["--mentee", m]);
    }
    from.ok(&args);
    to.ok(&["share", "import", path_str(&file), "--accept-new-partner"]);
    std::fs::read(&file).unwrap()
}

struct Programme {
    ana: Sandbox,
    ben: Sandbox,
    marko: Sandbox,
    ana_goal: String,
}

/// Ana and Ben each with a goal, a check-in and a talking point; Marko
/// with both their bundles and a meeting and a reflection of his own for
/// each of them.
fn programme() -> Programme {
    let ana = Sandbox::with_person("Ana", "mentee", "Marko");
    let ben = Sandbox::with_person("Ben", "mentee", "Marko");
    let marko = Sandbox::with_person("Marko", "mentor", "Ana");
    let ana_goal = ana.id(&["goal", "add", "Curate a first exhibition"]);
    ana.ok(&[
        "checkin",
        "--mood",
        "3",
        "--energy",
        "2",
        "--goal",
        &format!("{ana_goal}=40:at-risk:The venue fell through"),
        "--blocker",
        "No venue",
    ]);
    ana.ok(&[
        "agenda",
        "add",
        "How do I price tickets?",
        "--goal",
        &ana_goal,
    ]);
    let ben_goal = ben.id(&["goal", "add", "Learn to pitch"]);
    ben.ok(&[
        "checkin",
        "--mood",
        "5",
        "--energy",
        "5",
        "--goal",
        &format!("{ben_goal}=10"),
    ]);
    ben.ok(&["agenda", "add", "BEN-POINT stage fright"]);
    exchange(&ana, &marko, None, "ana.bundle");
    exchange(&ben, &marko, None, "ben.bundle");
    for (mentee, words) in [("Ana", "ANA-NOTES venues"), ("Ben", "BEN-NOTES pitch deck")] {
        marko.ok(&[
            "--mentee",
            mentee,
            "journal",
            "add",
            "--date",
            "2026-11-20 17:00",
            "--notes",
            words,
            "--action",
            &format!("{words} follow-up@+3d"),
        ]);
        marko.ok(&[
            "--mentee",
            mentee,
            "reflect",
            "add",
            &format!("{words} reflection"),
            "--shared",
        ]);
    }
    Programme {
        ana,
        ben,
        marko,
        ana_goal,
    }
}

fn texts(v: &Value) -> String {
    v.to_string()
}

#[test]
fn a_mentor_sees_one_pair_at_a_time() {
    let p = programme();
    let m = &p.marko;
    for (mentee, mine, theirs) in [("Ana", "ANA", "BEN"), ("Ben", "BEN", "ANA")] {
        let with = |args: &[&str]| {
            let mut all = vec!["--mentee", mentee];
            all.extend(args);
            m.ok(&all)
        };
        for list in [
            vec!["goal", "list"],
            vec!["journal", "list"],
            vec!["journal", "actions"],
            vec!["reflect", "list"],
            vec!["agenda", "list"],
            vec!["brief"],
            vec!["brief", "--markdown"],
            vec!["--json", "brief"],
            vec!["export", "--shared"],
        ] {
            let out = with(&list);
            assert!(
                !out.contains(theirs),
                "{mentee}'s {list:?} shows {theirs}:\n{out}"
            );
        }
        assert!(with(&["journal", "list"]).contains(&format!("{mine}-NOTES")));
        assert!(with(&["reflect", "list"]).contains(&format!("{mine}-NOTES")));
        let brief: Value = serde_json::from_str(&with(&["--json", "brief"])).unwrap();
        assert_eq!(brief["subject"], mentee);
        assert_eq!(array(&brief["open_actions"]).len(), 1, "{}", texts(&brief));
    }
    // Without --mentee: the first by name, until another is chosen.
    let brief = m.json(&["brief"]);
    assert_eq!(brief["subject"], "Ana");
    let err = m.fails(&["--mentee", "Cleo", "goal", "list"], 2);
    assert!(err.contains("your mentees: Ana, Ben"), "{err}");
}

#[test]
fn the_brief_puts_an_at_risk_goal_first_with_the_mentees_note_and_her_point() {
    let p = programme();
    let brief = p.marko.json(&["--mentee", "Ana", "brief"]);
    let goal = &array(&brief["goals"])[0];
    assert_eq!(goal["state"], "at-risk");
    assert_eq!(goal["note"], "The venue fell through");
    assert_eq!(brief["blocker"], "No venue");
    assert_eq!(brief["streak"], 1);
    let points = array(&brief["points"]);
    assert_eq!(points.len(), 1);
    assert_eq!(points[0]["text"], "How do I price tickets?");
    assert_eq!(points[0]["raised_by"], "Ana");
    assert_eq!(points[0]["goal"], "Curate a first exhibition");
    let text = p.marko.ok(&["--mentee", "Ana", "brief"]);
    assert!(
        text.contains("! Curate a first exhibition — at risk (2026-W48): “The venue fell through”"),
        "{text}"
    );
    assert!(
        text.contains("• How do I price tickets? — raised by Ana, 24 Nov"),
        "{text}"
    );
    let _ = &p.ana_goal;
}

#[test]
fn a_mentors_bundle_for_one_mentee_holds_nothing_of_the_other() {
    let p = programme();
    let m = &p.marko;
    let ids = |mentee: &str, kind: &str| -> Vec<String> {
        let v = m.json(&["--mentee", mentee, kind, "list"]);
        array(&v).iter().map(record_id).collect()
    };
    let ana_ids: Vec<String> = [ids("Ana", "journal"), ids("Ana", "reflect")].concat();
    let ben_ids: Vec<String> = [ids("Ben", "journal"), ids("Ben", "reflect")].concat();
    let for_ana = exchange(m, &p.ana, Some("Ana"), "for-ana.bundle");
    let for_ben = exchange(m, &p.ben, Some("Ben"), "for-ben.bundle");
    let holds = |bytes: &[u8], needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    // An id as the bundle's encoding writes it (a 128-bit number,
    // little-endian).
    let id_bytes = |id: &str| -> Vec<u8> {
        let id: tandem::domain::Id = id.parse().unwrap();
        id.to_u128().to_le_bytes().to_vec()
    };
    for (bundle, own, other, word) in [
        (&for_ana, &ana_ids, &ben_ids, "BEN"),
        (&for_ben, &ben_ids, &ana_ids, "ANA"),
    ] {
        assert!(
            !holds(bundle, word.as_bytes()),
            "{word} in the other's bundle"
        );
        for id in other {
            assert!(
                !holds(bundle, &id_bytes(id)),
                "{id} of the other pair in a bundle"
            );
        }
        // Marko's own meeting and reflection of the pair travel.
        for id in own {
            assert!(
                holds(bundle, &id_bytes(id)),
                "{id} of the pair not in its bundle"
            );
        }
    }
    // What each mentee got: the meeting and the reflection about them.
    let ana_journal = p.ana.ok(&["journal", "list"]);
    assert!(ana_journal.contains("ANA-NOTES"), "{ana_journal}");
    assert!(!ana_journal.contains("BEN"), "{ana_journal}");
    let ben_reflections = p.ben.ok(&["reflect", "list"]);
    assert!(
        ben_reflections.contains("BEN-NOTES pitch deck reflection"),
        "{ben_reflections}"
    );
    assert!(!ben_reflections.contains("ANA"), "{ben_reflections}");
    // Deleting a record of one pair sends its tombstone to that pair only.
    let ben_reflection = ids("Ben", "reflect")
        .into_iter()
        .find(|id| m.ok(&["reflect", "show", id]).contains("BEN-NOTES"))
        .unwrap();
    m.ok(&["reflect", "rm", &ben_reflection]);
    let for_ana = exchange(m, &p.ana, Some("Ana"), "for-ana-2.bundle");
    assert!(!holds(&for_ana, &id_bytes(&ben_reflection)));
    exchange(m, &p.ben, Some("Ben"), "for-ben-2.bundle");
    assert!(!p.ben.ok(&["reflect", "list"]).contains("BEN-NOTES"));
}

#[test]
fn talking_points_carry_forward_across_three_meetings_in_both_stores() {
    let ana = Sandbox::with_person("Ana", "mentee", "Marko");
    let marko = Sandbox::with_person("Marko", "mentor", "Ana");
    let waited = |s: &Sandbox, now: &str| -> Vec<(String, u64, bool)> {
        let v: Value =
            serde_json::from_str(&at(s, now, &["--json", "agenda", "list", "--all"])).unwrap();
        array(&v)
            .iter()
            .map(|p| {
                (
                    p["text"].as_str().unwrap().to_string(),
                    p["waited"].as_u64().unwrap(),
                    p["discussed"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    let both = |now: &str| {
        let a = waited(&ana, now);
        let m = waited(&marko, now);
        assert_eq!(a, m, "both stores see the same points");
        a
    };
    let swap = |tag: &str| {
        exchange(&ana, &marko, None, &format!("a{tag}.bundle"));
        exchange(&marko, &ana, None, &format!("m{tag}.bundle"));
    };
    at(&ana, "2026-11-02T09:00:00Z", &["agenda", "add", "Pricing"]);
    at(
        &marko,
        "2026-11-02T10:00:00Z",
        &["agenda", "add", "Your CV"],
    );
    swap("0");
    // Meeting 1 (Marko logs it); meeting 2 (Ana logs it, and Marko too:
    // one meeting); meeting 3 (Ana), where "Your CV" is discussed.
    at(
        &marko,
        "2026-11-05T18:00:00Z",
        &[
            "journal",
            "add",
            "--date",
            "2026-11-05 17:00",
            "--notes",
            "One",
        ],
    );
    swap("1");
    assert_eq!(
        both("2026-11-06T09:00:00Z"),
        [
            ("Pricing".to_string(), 1, false),
            ("Your CV".to_string(), 1, false)
        ]
    );
    at(
        &ana,
        "2026-11-12T18:00:00Z",
        &[
            "journal",
            "add",
            "--date",
            "2026-11-12 17:00",
            "--notes",
            "Two",
        ],
    );
    at(
        &marko,
        "2026-11-12T19:00:00Z",
        &[
            "journal",
            "add",
            "--date",
            "2026-11-12 18:00",
            "--notes",
            "Two, his",
        ],
    );
    swap("2");
    assert_eq!(
        both("2026-11-13T09:00:00Z"),
        [
            ("Pricing".to_string(), 2, false),
            ("Your CV".to_string(), 2, false)
        ]
    );
    at(
        &ana,
        "2026-11-19T18:00:00Z",
        &[
            "journal",
            "add",
            "--date",
            "2026-11-19 17:00",
            "--notes",
            "Three",
        ],
    );
    let cv = {
        let v: Value = serde_json::from_str(&at(
            &ana,
            "2026-11-19T18:01:00Z",
            &["--json", "agenda", "list"],
        ))
        .unwrap();
        array(&v)
            .iter()
            .find(|p| p["text"] == "Your CV")
            .map(record_id)
            .unwrap()
    };
    // Ana ticks Marko's point: either person may.
    at(&ana, "2026-11-19T18:02:00Z", &["agenda", "done", &cv]);
    swap("3");
    assert_eq!(
        both("2026-11-20T09:00:00Z"),
        [
            ("Pricing".to_string(), 3, false),
            ("Your CV".to_string(), 3, true)
        ]
    );
    let open = at(&marko, "2026-11-20T09:00:00Z", &["agenda", "list"]);
    assert!(
        open.contains("Pricing") && open.contains("3 meetings"),
        "{open}"
    );
    assert!(!open.contains("Your CV"), "{open}");
}

/// The brief as text, from the mentor demo (Ana's pair, Ben's pair) and a
/// quiet pair with nothing new since the last meeting.
mod brief_text {
    use chrono::{DateTime, FixedOffset, TimeZone};
    use tandem::domain::{JournalEntry, Origin, Profile, Role};
    use tandem::store::Store;

    fn now() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
            .unwrap()
    }

    fn brief_of(store: &Store, mentee: &str) -> String {
        let marko = store
            .profile(store.default_profile().unwrap().unwrap())
            .unwrap()
            .unwrap();
        let mentees = tandem::pair::mentees(store, &marko).unwrap();
        let pair = tandem::pair::find(&mentees, mentee).unwrap();
        tandem::briefing::brief(store, &marko, Some(pair), now())
            .unwrap()
            .to_text()
    }

    #[test]
    fn a_mentee_with_goals_at_risk_and_talking_points() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        tandem::demo::populate_mentor(&store, now()).unwrap();
        insta::assert_snapshot!("brief_ana_at_risk", brief_of(&store, "Ana"));
        insta::assert_snapshot!("brief_ben_blocked_with_points", brief_of(&store, "Ben"));
    }

    #[test]
    fn a_pair_with_nothing_new_says_so_in_one_line_a_section() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let at = now().to_utc() - chrono::Duration::days(30);
        let marko = Profile::new("Marko", Role::Mentor, at);
        let mut cleo = Profile::new("Cleo", Role::Mentee, at);
        cleo.origin = Origin::Partner;
        store.put_profile(&marko).unwrap();
        store.put_profile(&cleo).unwrap();
        store.set_default_profile(marko.id).unwrap();
        // Met yesterday; nothing since.
        let met = now() - chrono::Duration::days(1);
        let mut e = JournalEntry::new(marko.id, met, "Quiet week.", met);
        e.meta.pair = Some(cleo.id);
        store.put(&e).unwrap();
        let text = brief_of(&store, "Cleo");
        for quiet in [
            "Nothing new: no focus or blocker in a check-in since then.",
            "Nothing new: no check-ins yet.",
            "Nothing new: no milestone ticked since then.",
            "No open actions.",
            "None raised.",
        ] {
            assert!(text.contains(quiet), "{quiet} missing:\n{text}");
        }
        insta::assert_snapshot!("brief_nothing_new", text);
    }
}

/// A tick on a talking point counts only from the pair it belongs to: Ben
/// cannot tick the point Marko raised for Ana.
#[test]
fn a_tick_on_a_point_of_another_pair_is_ignored() {
    use tandem::domain::{Origin, Profile, Role, Stamp, TalkingPoint, Version};
    use tandem::exchange::bundle::{self, PointTick, Shared};
    use tandem::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let at = chrono::Utc::now();
    let marko = Profile::new("Marko", Role::Mentor, at);
    let mut ana = Profile::new("Ana", Role::Mentee, at);
    let mut ben = Profile::new("Ben", Role::Mentee, at);
    ana.origin = Origin::Partner;
    ben.origin = Origin::Partner;
    for p in [&marko, &ana, &ben] {
        store.put_profile(p).unwrap();
    }
    store.set_default_profile(marko.id).unwrap();
    let mut point = TalkingPoint::new(marko.id, "For Ana only", at.fixed_offset());
    point.meta.pair = Some(ana.id);
    store.put(&point).unwrap();
    let tick = |from: &Profile| {
        let shared = Shared {
            points: vec![PointTick {
                point: point.meta.id,
                discussed: true,
                meeting: None,
                stamp: Stamp {
                    version: Version(u64::MAX >> 1),
                    by: from.id,
                },
            }],
            ..Shared::default()
        };
        let mut me = from.clone();
        me.origin = Origin::Local;
        bundle::decode(&bundle::encode(&me, shared, at).unwrap()).unwrap()
    };
    let report = bundle::import(&store, &marko, &tick(&ben), true).unwrap();
    assert_eq!(report.ticks, 0);
    assert!(
        !store
            .get::<TalkingPoint>(point.meta.id)
            .unwrap()
            .unwrap()
            .discussed
    );
    let report = bundle::import(&store, &marko, &tick(&ana), true).unwrap();
    assert_eq!(report.ticks, 1);
    assert!(
        store
            .get::<TalkingPoint>(point.meta.id)
            .unwrap()
            .unwrap()
            .discussed
    );
}

#[test]
fn a_mentees_card_says_one_open_action_in_the_singular() {
    use ratatui::{Terminal, backend::TestBackend};
    let p = programme();
    // Each pair has one open action (a_mentor_sees_one_pair_at_a_time).
    let store = tandem::store::Store::open(p.marko.store()).unwrap();
    let now = common::now();
    let zone = tandem::tui::form::Zone::Fixed(*now.offset());
    let app = tandem::tui::app::App::new(store, now, zone).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| tandem::tui::ui::render(f, &app)).unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Your mentees (2)"), "{screen}");
    assert!(
        screen.contains("1 open action ·") && !screen.contains("1 open actions"),
        "{screen}"
    );
}
