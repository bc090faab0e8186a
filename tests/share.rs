//! Share bundles between the two stores of a pair: round trips, idempotence,
//! the later change winning, privacy, and every way a bad file is refused
//! without changing anything.

use chrono::Duration;
use proptest::prelude::*;
use tandem::domain::{Goal, JournalEntry, Origin, Profile, Reflection, Role, Visibility};
use tandem::exchange::bundle::{self, BundleError, ImportError};
use tandem::exchange::json;
use tandem::store::{AnyRecord, Store};

mod common;
use common::{now, profile, rebundle, temp_store};

struct Person {
    _dir: tempfile::TempDir,
    store: Store,
    me: Profile,
}

fn person(name: &str, role: Role, partner: &str) -> Person {
    let mut me = profile(name, role);
    me.partner = Some(partner.into());
    let (dir, store) = temp_store(&me);
    Person {
        _dir: dir,
        store,
        me,
    }
}

fn export(p: &Person) -> Vec<u8> {
    let shared = bundle::shared(&p.store, &p.me, None, None).unwrap();
    bundle::encode(&p.me, shared, now().to_utc()).unwrap()
}

/// Imports a bundle into `into`'s store, the sender accepted as partner on
/// the first one (asking first is tested on its own).
fn import(into: &Person, bytes: &[u8]) -> Result<bundle::ImportReport, String> {
    let b = bundle::decode(bytes).map_err(|e| e.to_string())?;
    let known = into
        .store
        .profiles()
        .map_err(|e| e.to_string())?
        .iter()
        .any(|p| p.id == b.from.id);
    bundle::import(&into.store, &into.me, &b, !known).map_err(|e| e.to_string())
}

fn whole(p: &Person) -> String {
    json::to_json(&p.store.snapshot().unwrap())
}

/// Ana (mentee) with a goal, a meeting, a shared and a private reflection.
fn ana() -> Person {
    let a = person("Ana", Role::Mentee, "Marko");
    let g = Goal::new(a.me.id, "Curate an exhibition", now());
    a.store.put(&g).unwrap();
    a.store
        .put(&JournalEntry::new(
            a.me.id,
            now() - Duration::days(3),
            "Venue and budget",
            now(),
        ))
        .unwrap();
    let mut shared = Reflection::new(a.me.id, "I learn by asking", now());
    shared.meta.visibility = Visibility::Shared;
    a.store.put(&shared).unwrap();
    let secret = Reflection::new(a.me.id, "SECRET-doubt-about-my-mentor", now());
    a.store.put(&secret).unwrap();
    a
}

#[test]
fn mentee_to_mentor_and_back() {
    let a = ana();
    let m = person("Marko", Role::Mentor, "Ana");
    let report = import(&m, &export(&a)).unwrap();
    assert_eq!(
        (
            report.new,
            report.updated,
            report.unchanged,
            report.rejected
        ),
        (3, 0, 0, 0)
    );
    // The mentor holds Ana as a partner profile, with her shared records only.
    let partner = m
        .store
        .profiles()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Ana")
        .unwrap();
    assert_eq!(partner.origin, Origin::Partner);
    assert_eq!(m.store.all::<Goal>(partner.id).unwrap().len(), 1);
    assert_eq!(m.store.all::<Reflection>(partner.id).unwrap().len(), 1);
    // The mentor's brief is about Ana.
    let brief = tandem::briefing::brief(
        &m.store,
        &m.me,
        tandem::pair::chosen(&m.store, &m.me).unwrap().as_ref(),
        now(),
    )
    .unwrap();
    assert_eq!(brief.subject, "Ana");
    assert_eq!(brief.goals.len(), 1);

    // The mentor's notes go back the other way.
    let mut notes = JournalEntry::new(m.me.id, now() - Duration::days(3), "Mentor's notes", now());
    notes.with = "Ana".into();
    m.store.put(&notes).unwrap();
    let back = import(&a, &export(&m)).unwrap();
    assert_eq!(back.new, 1);
    let marko = a
        .store
        .profiles()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Marko")
        .unwrap();
    assert_eq!(
        a.store.newest_journal(marko.id, 10).unwrap()[0].notes,
        "Mentor's notes"
    );
    // Ana's own records were not in Marko's bundle: nothing of hers changed.
    assert_eq!(a.store.newest_journal(a.me.id, 10).unwrap().len(), 1);
}

#[test]
fn importing_twice_changes_nothing() {
    let a = ana();
    let m = person("Marko", Role::Mentor, "Ana");
    let bytes = export(&a);
    import(&m, &bytes).unwrap();
    let after_first = whole(&m);
    let second = import(&m, &bytes).unwrap();
    assert_eq!((second.new, second.updated, second.unchanged), (0, 0, 3));
    assert_eq!(whole(&m), after_first);
}

#[test]
fn the_later_change_wins() {
    let a = ana();
    let m = person("Marko", Role::Mentor, "Ana");
    let old = export(&a);
    import(&m, &old).unwrap();
    let mut g = a.store.all::<Goal>(a.me.id).unwrap().remove(0);
    g.set_progress(60, now() + Duration::hours(2)).unwrap();
    a.store.put(&g).unwrap();
    let newer = export(&a);
    let r = import(&m, &newer).unwrap();
    assert_eq!(r.updated, 1);
    // The older bundle arriving late does not undo the newer change.
    let r = import(&m, &old).unwrap();
    assert_eq!((r.updated, r.unchanged), (0, 3));
    let partner = m
        .store
        .profiles()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Ana")
        .unwrap();
    assert_eq!(m.store.all::<Goal>(partner.id).unwrap()[0].progress, 60);
}

#[test]
fn no_private_text_is_anywhere_in_the_bundle() {
    let a = ana();
    let bytes = export(&a);
    let needle = b"SECRET-doubt";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    let b = bundle::decode(&bytes).unwrap();
    assert!(
        b.records
            .iter()
            .all(|r| r.meta().visibility == Visibility::Shared)
    );
    assert_eq!(
        b.records.len(),
        3,
        "goal, meeting, shared reflection — not even a count of the private one"
    );
}

#[test]
fn a_partner_is_known_by_id_and_the_first_bundle_asks_even_from_the_named_partner() {
    let a = ana();
    let m = person("Marko", Role::Mentor, "Ana");
    // Marko's profile names Ana, yet her first bundle asks, saying who it
    // claims to be and what it holds.
    let b = bundle::decode(&export(&a)).unwrap();
    let msg = bundle::import(&m.store, &m.me, &b, false)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("comes from Ana")
            && msg.contains("(mentee; ")
            && msg.contains("--accept-new-partner"),
        "{msg}"
    );
    bundle::import(&m.store, &m.me, &b, true).unwrap();
    // Later bundles from the same Ana need no consent.
    assert!(bundle::import(&m.store, &m.me, &b, false).is_ok());
    // Someone else calling themselves Ana is refused, and told why.
    let impostor = person("ana", Role::Mentee, "Marko");
    let fake = bundle::decode(&export(&impostor)).unwrap();
    let msg = bundle::import(&m.store, &m.me, &fake, false)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("not the ana whose bundles you imported before"),
        "{msg}"
    );
    let partners = m
        .store
        .profiles()
        .unwrap()
        .into_iter()
        .filter(|p| p.id == impostor.me.id)
        .count();
    assert_eq!(partners, 0, "the impostor's profile was not kept");
}

#[test]
fn a_bundle_from_someone_who_is_not_the_partner_needs_consent() {
    let stranger = person("Zoran", Role::Mentor, "Ana");
    let a = ana();
    let b = bundle::decode(&export(&stranger)).unwrap();
    let err = bundle::import(&a.store, &a.me, &b, false).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("Zoran")
            && msg.contains("not your partner")
            && msg.contains("--accept-new-partner"),
        "{msg}"
    );
    assert!(
        a.store
            .profiles()
            .unwrap()
            .iter()
            .all(|p| p.name != "Zoran"),
        "nothing imported"
    );
    let report = bundle::import(&a.store, &a.me, &b, true).unwrap();
    assert_eq!(report.rejected, 0);
    assert!(
        a.store
            .profiles()
            .unwrap()
            .iter()
            .any(|p| p.name == "Zoran" && p.origin == Origin::Partner)
    );
}

#[test]
fn your_own_bundle_is_refused() {
    let a = ana();
    let b = bundle::decode(&export(&a)).unwrap();
    assert!(matches!(
        bundle::import(&a.store, &a.me, &b, true),
        Err(ImportError::OwnBundle(_))
    ));
}

#[test]
fn bad_files_are_refused_and_change_nothing() {
    let a = ana();
    let good = export(&a);
    let m = person("Marko", Role::Mentor, "Ana");
    let before = whole(&m);
    let mut corrupted = good.clone();
    let last = corrupted.len() - 1;
    corrupted[last] ^= 0xff;
    let mut newer = good.clone();
    newer[8..10].copy_from_slice(&7u16.to_be_bytes());
    let mut huge = good.clone();
    huge[10..18].copy_from_slice(&u64::MAX.to_be_bytes());
    let cases: Vec<(&str, Vec<u8>, BundleError)> = vec![
        (
            "truncated",
            good[..good.len() - 10].to_vec(),
            BundleError::Truncated {
                expected: 0,
                found: 0,
            },
        ),
        ("corrupted", corrupted, BundleError::Checksum),
        ("newer", newer, BundleError::NewerVersion { found: 7 }),
        ("oversized", huge, BundleError::TooLarge { len: u64::MAX }),
        (
            "not a bundle",
            b"hello, this is a text file".to_vec(),
            BundleError::NotABundle,
        ),
        ("empty", Vec::new(), BundleError::NotABundle),
    ];
    for (name, bytes, expected) in cases {
        let err = bundle::decode(&bytes).unwrap_err();
        assert_eq!(
            std::mem::discriminant(&err),
            std::mem::discriminant(&expected),
            "{name}: {err}"
        );
        assert!(import(&m, &bytes).is_err());
    }
    assert_eq!(whole(&m), before, "nothing changed");
}

#[test]
fn a_private_or_foreign_record_smuggled_into_a_bundle_is_refused() {
    let a = ana();
    let secret = a
        .store
        .newest_reflections(a.me.id, 10)
        .unwrap()
        .into_iter()
        .find(|r| r.meta.visibility == Visibility::Private)
        .unwrap();
    let bytes = bundle::encode(
        &a.me,
        vec![AnyRecord::Reflection(secret)].into(),
        now().to_utc(),
    )
    .unwrap();
    assert!(matches!(
        bundle::decode(&bytes),
        Err(BundleError::PrivateRecord(_))
    ));
    let other = person("Zoran", Role::Mentor, "x");
    let foreign = Goal::new(other.me.id, "not Ana's", now());
    let bytes =
        bundle::encode(&a.me, vec![AnyRecord::Goal(foreign)].into(), now().to_utc()).unwrap();
    assert!(matches!(
        bundle::decode(&bytes),
        Err(BundleError::ForeignRecord(_))
    ));
}

/// What a body that does not decode can be said to be, and nothing else:
/// never the decoder's own debug text.
fn plain_damage(words: &str) -> bool {
    [
        "its body is empty",
        "its body ends early",
        "its body says it holds more than a bundle may",
        "it holds text that is not valid UTF-8",
        "it holds a value that no tandem record can have",
    ]
    .contains(&words)
        || words.starts_with("its body is in a format this build does not know (")
        || (words.starts_with("its body has ") && words.contains(" after its end"))
}

#[test]
fn a_body_that_does_not_decode_is_explained_in_words() {
    let good = export(&ana());
    let body = &good[22..];
    let cut = bundle::decode(&rebundle(&good, &body[..body.len() - 1])).unwrap_err();
    assert_eq!(cut.to_string(), "it is damaged: its body ends early");
    let mut bad = body.to_vec();
    let at = bad.windows(5).position(|w| w == b"Venue").unwrap();
    bad[at] = 0xc3;
    let text = bundle::decode(&rebundle(&good, &bad)).unwrap_err();
    assert_eq!(
        text.to_string(),
        "it is damaged: it holds text that is not valid UTF-8"
    );
    let mut longer = body.to_vec();
    longer.push(0);
    let longer = bundle::decode(&rebundle(&good, &longer)).unwrap_err();
    assert_eq!(
        longer.to_string(),
        "it is damaged: its body has 1 byte after its end"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_damaged_body_with_a_good_checksum_is_explained_in_words(
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<bool>(),
    ) {
        let good = export(&ana());
        let mut body = good[22..].to_vec();
        let i = at.index(body.len());
        if cut { body.truncate(i) } else { body[i] = byte }
        if let Err(BundleError::Malformed(words)) = bundle::decode(&rebundle(&good, &body)) {
            prop_assert!(plain_damage(&words), "{}", words);
        }
    }

    #[test]
    fn random_bytes_never_panic_the_decoder(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = bundle::decode(&bytes);
    }

    #[test]
    fn a_damaged_bundle_is_refused_or_imports_cleanly(at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<bool>()) {
        let a = ana();
        let mut bytes = export(&a);
        let i = at.index(bytes.len());
        if cut { bytes.truncate(i) } else { bytes[i] = byte }
        let m = person("Marko", Role::Mentor, "Ana");
        let before = whole(&m);
        if import(&m, &bytes).is_err() {
            prop_assert_eq!(whole(&m), before);
        }
    }
}

#[test]
fn the_mentees_brief_includes_actions_from_the_mentors_notes() {
    let a = ana();
    let m = person("Marko", Role::Mentor, "Ana");
    let mut notes = JournalEntry::new(m.me.id, now() - Duration::days(2), "Mentor's notes", now());
    notes.actions.push(tandem::domain::AgreedAction::new(
        "Call the director",
        tandem::domain::Owner::Me,
        None,
    ));
    m.store.put(&notes).unwrap();
    import(&a, &export(&m)).unwrap();
    let brief = tandem::briefing::brief(&a.store, &a.me, None, now()).unwrap();
    let action = brief
        .open_actions
        .iter()
        .find(|x| x.text == "Call the director")
        .expect("in Ana's brief");
    assert_eq!(action.owner, "Marko");
}

#[test]
fn a_private_goal_leaves_no_trace_in_a_bundle() {
    let a = ana();
    let mut secret = Goal::new(a.me.id, "PRIVATE-GOAL-TITLE", now());
    secret.meta.visibility = Visibility::Private;
    a.store.put(&secret).unwrap();
    let mut checkin = tandem::domain::CheckIn::new(a.me.id, 3, 3, now());
    checkin.goals.push(tandem::domain::GoalCheck {
        goal: secret.meta.id,
        progress: 30,
        state: tandem::domain::GoalState::Blocked,
        note: "PRIVATE-NOTE".into(),
    });
    a.store.put(&checkin).unwrap();
    let bytes = export(&a);
    for needle in [&b"PRIVATE-GOAL-TITLE"[..], &b"PRIVATE-NOTE"[..]] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    }
    let b = bundle::decode(&bytes).unwrap();
    assert!(b.records.iter().all(|r| match r {
        AnyRecord::CheckIn(c) => c.goals.iter().all(|l| l.goal != secret.meta.id),
        _ => true,
    }));
}

#[test]
fn an_older_bundle_never_takes_back_a_newer_profile() {
    let mut a = ana();
    let m = person("Marko", Role::Mentor, "Ana");
    let old = export(&a);
    a.me.programme = Some(tandem::domain::Programme {
        name: "Creative Leaders".into(),
        from: now().date_naive(),
        to: now().date_naive() + Duration::days(300),
    });
    a.me.updated = (now() + Duration::hours(1)).to_utc();
    a.store.put_profile(&a.me).unwrap();
    let new = export(&a);
    import(&m, &new).unwrap();
    import(&m, &old).unwrap();
    let partner = m
        .store
        .profiles()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Ana")
        .unwrap();
    assert!(partner.programme.is_some(), "the newer profile stays");
}

#[test]
fn a_bundle_too_large_to_import_is_never_written() {
    let a = person("Ana", Role::Mentee, "Marko");
    // 700 meetings with notes of 99,000 characters: 69 MB, more than a
    // bundle may hold (64 MiB).
    let changes = (0..700)
        .map(|i| {
            let mut e = JournalEntry::new(
                a.me.id,
                now() - Duration::days(i),
                &"n".repeat(99_000),
                now(),
            );
            e.meta.visibility = Visibility::Shared;
            tandem::store::Change::Put(AnyRecord::Journal(e))
        })
        .collect();
    a.store.commit(changes).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ana.bundle");
    let err = bundle::export_to(&a.store, &a.me, None, None, now().to_utc(), &path).unwrap_err();
    assert!(
        err.contains("too much for one bundle") && err.contains("--since"),
        "{err}"
    );
    assert!(!path.exists());
    // What changed since a date fits.
    let since = now().to_utc() + Duration::seconds(1);
    assert_eq!(
        bundle::export_to(&a.store, &a.me, None, Some(since), now().to_utc(), &path),
        Ok(0)
    );
}
