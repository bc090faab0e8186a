//! The codec: every kind of record survives a round trip, and no bytes,
//! however wrong, make the decoder panic or allocate without bound.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use tandem::domain::{
    AgreedAction, Audience, CheckIn, Consultation, EventKind, Goal, GoalCheck, GoalState,
    GoalStatus, Id, JournalEntry, Milestone, Origin, Owner, Profile, ProgressPoint, Record,
    RecordMeta, Reflection, Role, Source, Stamp, Version, Visibility, Week,
};
use tandem::store::codec::{self, CodecError, RECORD_FORMAT};

fn any_id() -> impl Strategy<Value = Id> {
    any::<u128>().prop_map(Id::from_u128)
}

fn any_utc() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_102_444_800, 0u32..1_000_000_000)
        .prop_map(|(s, n)| DateTime::from_timestamp(s, n).unwrap())
}

fn any_local() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (0i64..4_102_444_800, -14i32 * 4..=14 * 4).prop_map(|(s, quarter_hours)| {
        FixedOffset::east_opt(quarter_hours * 900)
            .unwrap()
            .timestamp_opt(s, 0)
            .unwrap()
    })
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (365_000i32..985_000).prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap())
}

/// Any text, including control characters, emoji and combining marks.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[a-z ]{1,20}",
        "\\PC{0,20}",
        Just("写真 🎨 e\u{301}\u{1b}[31m".to_string())
    ]
}

fn line() -> impl Strategy<Value = String> {
    "[A-Za-z0-9À-ž写真🎨][A-Za-z0-9À-ž写真🎨 ,.!?]{0,30}"
}

fn meta(vis: Visibility) -> impl Strategy<Value = RecordMeta> {
    (
        any_id(),
        any_id(),
        any_utc(),
        any_utc(),
        any::<u64>(),
        proptest::option::of(any_id()),
    )
        .prop_map(move |(id, author, a, b, version, pair)| RecordMeta {
            id,
            author,
            created: a.min(b),
            updated: a.max(b),
            visibility: vis,
            version: Version(version),
            pair,
        })
}

fn vis() -> impl Strategy<Value = Visibility> {
    prop_oneof![Just(Visibility::Private), Just(Visibility::Shared)]
}

prop_compose! {
    fn any_goal()(
        meta in vis().prop_flat_map(meta), title in line(), why in any_text(), criteria in any_text(),
        target in proptest::option::of(any_date()), status in 0usize..4, progress in 0u8..=100,
        milestones in proptest::collection::vec((line(), any::<bool>(), proptest::option::of(any_date())), 0..5),
        history in proptest::collection::vec((any_date(), 0u8..=100), 0..5),
    ) -> Goal {
        Goal {
            meta, title, why, criteria, target, status: GoalStatus::ALL[status], progress,
            milestones: milestones.into_iter().map(|(text, done, done_on)| Milestone { text, done, done_on }).collect(),
            history: history.into_iter().map(|(date, progress)| ProgressPoint { date, progress }).collect(),
        }
    }
}

prop_compose! {
    fn any_journal()(
        meta in vis().prop_flat_map(meta), at in any_local(), kind in 0usize..4, with in any_text(),
        notes in line(),
        actions in proptest::collection::vec((line(), any::<bool>(), proptest::option::of(any_date()), any::<bool>()), 0..4),
        goals in proptest::collection::vec(any_id(), 0..3),
        private_notes in any_text(), by in any_id(), stamp in any::<u64>(),
    ) -> JournalEntry {
        JournalEntry {
            meta, at, kind: EventKind::ALL[kind], with, notes, goals, private_notes,
            actions: actions.into_iter().map(|(text, mine, due, done)| AgreedAction {
                text, owner: if mine { Owner::Me } else { Owner::Partner }, due, done,
                ticked: done.then_some(Stamp { version: Version(stamp), by }),
            }).collect(),
        }
    }
}

prop_compose! {
    fn any_reflection()(
        meta in vis().prop_flat_map(meta), date in any_date(), prompt in proptest::option::of(any_text()),
        text in line(), tags in proptest::collection::vec("[a-z]{1,10}", 0..4), goal in proptest::option::of(any_id()),
    ) -> Reflection {
        Reflection { meta, date, prompt, text, tags, goal }
    }
}

prop_compose! {
    fn any_consultation()(
        meta in vis().prop_flat_map(meta), title in line(), kind in 0usize..4, audience in 0usize..4,
        start in any_local(), length in proptest::option::of(0i64..100_000), all_day in any::<bool>(),
        place in any_text(), notes in any_text(), uid in proptest::option::of(line()),
        series in proptest::option::of((line(), line(), proptest::option::of(line()), line(),
            proptest::collection::vec(line(), 0..4), any_local(), any_local())),
    ) -> Consultation {
        let source = match (uid, series) {
            (Some(uid), Some((occurrence, start, zone, rule, excluded, from, to))) => Source::Series {
                uid, occurrence,
                series: Box::new(tandem::domain::Recurrence {
                    start, zone, rule, excluded, from: from.to_utc(), to: to.to_utc(),
                }),
            },
            (Some(uid), None) => Source::Imported { uid },
            (None, _) => Source::Typed,
        };
        Consultation {
            meta, title, kind: EventKind::ALL[kind], audience: Audience::ALL[audience], start,
            end: length.map(|l| start + chrono::Duration::seconds(l)), all_day, place, notes,
            source,
        }
    }
}

prop_compose! {
    fn any_checkin()(
        meta in vis().prop_flat_map(meta), year in 1900i32..2200, week in 1u32..=52,
        goals in proptest::collection::vec((any_id(), 0u8..=100, 0usize..3, any_text()), 0..4),
        mood in 1u8..=5, energy in 1u8..=5, win in any_text(), blocker in any_text(), focus in any_text(),
        mentoring in proptest::collection::vec((any_id(), any_text(), any_text()), 0..3),
    ) -> CheckIn {
        CheckIn {
            meta, week: Week { year, week }, mood, energy, win, blocker, focus,
            mentoring: mentoring.into_iter().map(|(mentee, went, next)| tandem::domain::MentoringNote { mentee, went, next }).collect(),
            goals: goals.into_iter().map(|(goal, progress, s, note)| GoalCheck {
                goal, progress, state: [GoalState::OnTrack, GoalState::AtRisk, GoalState::Blocked][s], note,
            }).collect(),
        }
    }
}

prop_compose! {
    fn any_profile()(
        id in any_id(), name in line(), mentor in any::<bool>(), partner in proptest::option::of(line()),
        programme in proptest::option::of((line(), any_date(), 0i64..800)), partner_origin in any::<bool>(),
        created in any_utc(),
    ) -> Profile {
        Profile {
            id, name, role: if mentor { Role::Mentor } else { Role::Mentee }, partner,
            programme: programme.map(|(name, from, days)| tandem::domain::Programme {
                name, from, to: from + chrono::Duration::days(days),
            }),
            origin: if partner_origin { Origin::Partner } else { Origin::Local },
            created, updated: created,
        }
    }
}

prop_compose! {
    fn any_point()(
        meta in vis().prop_flat_map(meta), text in line(), goal in proptest::option::of(any_id()),
        discussed in any::<bool>(), meeting in proptest::option::of(any_id()),
        ticked in proptest::option::of((any::<u64>(), any_id())),
    ) -> tandem::domain::TalkingPoint {
        tandem::domain::TalkingPoint {
            meta, text, goal, discussed, meeting,
            ticked: ticked.map(|(v, by)| Stamp { version: Version(v), by }),
        }
    }
}

fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let bytes = codec::encode(value).unwrap();
    assert_eq!(bytes[0], RECORD_FORMAT);
    codec::decode(&bytes).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn goals_round_trip(g in any_goal()) {
        prop_assert_eq!(round_trip(&g), g);
    }

    #[test]
    fn journal_entries_round_trip(e in any_journal()) {
        prop_assert_eq!(round_trip(&e), e);
    }

    #[test]
    fn reflections_round_trip(r in any_reflection()) {
        prop_assert_eq!(round_trip(&r), r);
    }

    #[test]
    fn consultations_round_trip(c in any_consultation()) {
        prop_assert_eq!(round_trip(&c), c);
    }

    #[test]
    fn checkins_round_trip(c in any_checkin()) {
        prop_assert_eq!(round_trip(&c), c);
    }

    #[test]
    fn talking_points_round_trip(p in any_point()) {
        prop_assert_eq!(round_trip(&p), p);
    }

    #[test]
    fn profiles_round_trip(p in any_profile()) {
        prop_assert_eq!(round_trip(&p), p);
    }

    #[test]
    fn valid_generated_records_are_valid(g in any_goal(), e in any_journal(), c in any_checkin()) {
        // The generators make records the rules accept, so the round trips
        // above are about records the app can really hold.
        prop_assert_eq!(g.validate(), Ok(()));
        prop_assert_eq!(e.validate(), Ok(()));
        prop_assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn random_bytes_never_panic_the_decoder(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = codec::decode::<Goal>(&bytes);
        let _ = codec::decode::<JournalEntry>(&bytes);
        let _ = codec::decode::<Reflection>(&bytes);
        let _ = codec::decode::<Consultation>(&bytes);
        let _ = codec::decode::<CheckIn>(&bytes);
        let _ = codec::decode::<Profile>(&bytes);
    }

    #[test]
    fn damaged_records_are_errors_not_panics(e in any_journal(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = codec::encode(&e).unwrap();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        // Either an error, or (when the byte happened to be harmless) a record.
        let _ = codec::decode::<JournalEntry>(&bytes);
        bytes.truncate(i);
        prop_assert!(codec::decode::<JournalEntry>(&bytes).is_err());
    }
}

#[test]
fn the_format_byte_is_checked() {
    assert_eq!(codec::decode::<Goal>(&[]), Err(CodecError::Empty));
    assert_eq!(
        codec::decode::<Goal>(&[9, 1, 2]),
        Err(CodecError::UnknownFormat { found: 9 })
    );
}

#[test]
fn a_huge_length_prefix_is_refused_without_allocating_it() {
    // Format 1, then a bincode varint saying "a string of 2^60 bytes".
    let mut bytes = vec![RECORD_FORMAT];
    bytes.extend_from_slice(&[253]);
    bytes.extend_from_slice(&(1u64 << 60).to_le_bytes());
    assert!(matches!(
        codec::decode::<String>(&bytes),
        Err(CodecError::Malformed(_))
    ));
}

#[test]
fn trailing_bytes_are_an_error() {
    let mut bytes = codec::encode(&"hello".to_string()).unwrap();
    bytes.push(0);
    assert_eq!(
        codec::decode::<String>(&bytes),
        Err(CodecError::TrailingBytes(1))
    );
}
