//! iCalendar in and out, on a fixture written as calendar apps write them.

use chrono::{DateTime, TimeZone, Utc};
use tandem::domain::{Audience, Consultation, EventKind, Profile, Source};
use tandem::exchange::ics;
use tandem::store::{AnyRecord, Change, Store};

mod common;
use common::{now, store_with_profile};

const FIXTURE: &str = include_str!("fixtures/ics/programme.ics");

fn belgrade() -> chrono_tz::Tz {
    "Europe/Belgrade".parse().unwrap()
}

fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    (
        Utc.with_ymd_and_hms(2026, 3, 10, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2027, 3, 11, 0, 0, 0).unwrap(),
    )
}

fn read() -> (Vec<ics::IcsEvent>, Vec<ics::Skipped>) {
    let (from, to) = window();
    ics::read(FIXTURE, from, to, &belgrade()).unwrap()
}

fn find<'a>(events: &'a [ics::IcsEvent], title: &str) -> Vec<&'a ics::IcsEvent> {
    events.iter().filter(|e| e.title == title).collect()
}

#[test]
fn zoned_utc_floating_and_all_day_times_are_read_right() {
    let (events, _) = read();
    let quarter = find(&events, "Online consultation at the quarter mark")[0];
    assert_eq!(quarter.start.to_rfc3339(), "2026-12-03T17:00:00+01:00");
    assert_eq!(
        quarter.end.unwrap().to_rfc3339(),
        "2026-12-03T19:00:00+01:00"
    );
    let mentors = find(&events, "Gathering of mentors")[0];
    assert_eq!(
        mentors.start.to_utc().to_rfc3339(),
        "2026-12-10T16:00:00+00:00"
    );
    assert_eq!(
        mentors.start.offset().local_minus_utc(),
        3600,
        "shown in the user's zone"
    );
    assert_eq!(
        (mentors.end.unwrap() - mentors.start).num_minutes(),
        120,
        "DURATION:PT2H"
    );
    let floating = find(&events, "Storytelling workshop for mentees")[0];
    assert_eq!(
        floating.start.to_rfc3339(),
        "2026-11-27T10:00:00+01:00",
        "floating: the user's zone"
    );
    let day = find(&events, "Open studio day")[0];
    assert!(day.all_day && day.end.is_none());
    let closing = find(&events, "Closing gathering and exhibition of projects")[0];
    assert!(closing.all_day);
    assert_eq!(closing.start.date_naive().to_string(), "2027-03-05");
    assert_eq!(
        closing.end.unwrap().date_naive().to_string(),
        "2027-03-07",
        "two days, the end exclusive"
    );
}

#[test]
fn recurrences_are_expanded_without_the_excluded_dates() {
    let (events, _) = read();
    let circle: Vec<String> = find(&events, "Peer circle of mentees")
        .iter()
        .map(|e| e.start.date_naive().to_string())
        .collect();
    assert_eq!(
        circle,
        ["2026-12-01", "2026-12-08", "2026-12-15", "2027-01-05"],
        "COUNT=6 minus two EXDATEs"
    );
    let uids: Vec<&str> = find(&events, "Peer circle of mentees")
        .iter()
        .map(|e| e.uid.as_str())
        .collect();
    assert!(
        uids.iter()
            .all(|u| u.starts_with("peer-circle@creative-mentorship.example/"))
    );
    assert_eq!(
        uids.iter().collect::<std::collections::HashSet<_>>().len(),
        4,
        "one UID per occurrence"
    );
}

#[test]
fn text_is_unescaped_unfolded_and_keeps_unicode() {
    let (events, _) = read();
    let quarter = find(&events, "Online consultation at the quarter mark")[0];
    assert_eq!(
        quarter.notes,
        "Bring one question, one success; and one doubt.\nSee you there!"
    );
    assert_eq!(
        find(&events, "Gathering of mentors")[0].place,
        "KC Grad, Braće Krsmanović 4, Beograd"
    );
    let folded = &find(&events, "Storytelling workshop for mentees")[0].notes;
    assert!(
        folded.contains("because it is longer than seventy-five octets, as RFC 5545 asks."),
        "{folded}"
    );
    assert!(
        find(&events, "Closing gathering and exhibition of projects")[0]
            .notes
            .contains("Čestitamo svima — 祝贺 🎉")
    );
}

#[test]
fn events_that_cannot_be_read_are_listed_with_the_reason() {
    let (_, skipped) = read();
    let reasons: Vec<(&str, &str)> = skipped
        .iter()
        .map(|s| (s.what.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|(w, r)| w.contains("broken start") && r.contains("not a date-time"))
    );
    assert!(
        reasons
            .iter()
            .any(|(w, r)| w.contains("without a UID") && r.contains("no UID"))
    );
    assert!(
        reasons
            .iter()
            .any(|(_, r)| r.contains("unknown time zone 'Mars/Olympus_Mons'"))
    );
}

#[test]
fn kind_and_audience_are_guessed_from_title_and_categories() {
    let (events, _) = read();
    let guess = |t: &str| ics::guess(find(&events, t)[0]);
    assert_eq!(
        guess("Gathering of mentors"),
        (EventKind::Consultation, Audience::Mentors)
    );
    assert_eq!(
        guess("Storytelling workshop for mentees"),
        (EventKind::Workshop, Audience::Mentees)
    );
    assert_eq!(
        guess("Online consultation at the quarter mark"),
        (EventKind::Consultation, Audience::Everyone)
    );
}

#[test]
fn not_a_calendar_is_an_error_that_says_what_was_expected() {
    let (from, to) = window();
    for text in [
        "hello",
        "",
        "\r\n\r\n",
        "{\"events\": []}",
        "BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n",
    ] {
        assert_eq!(
            ics::read(text, from, to, &belgrade()).unwrap_err(),
            "it is not an iCalendar file: it should start with BEGIN:VCALENDAR",
            "{text:?}"
        );
    }
}

#[test]
fn a_calendar_that_starts_with_a_byte_order_mark_or_blank_lines_is_read() {
    let (from, to) = window();
    for text in [format!("\u{feff}{FIXTURE}"), format!("\r\n\r\n{FIXTURE}")] {
        let (events, _) = ics::read(&text, from, to, &belgrade()).unwrap();
        assert_eq!(events.len(), read().0.len());
    }
}

#[test]
fn no_message_shows_the_parser_s_internals() {
    let (from, to) = window();
    for text in [
        "BEGIN:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nX;A B=1:2\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\ntrailing words\r\n",
    ] {
        let message = match ics::read(text, from, to, &belgrade()) {
            Ok((_, skipped)) => format!("{skipped:?}"),
            Err(e) => e,
        };
        for internal in ["error:", "at line", "Tag", "Many", "Eof", "^"] {
            assert!(!message.contains(internal), "{text:?}: {message}");
        }
    }
}

fn import(store: &Store, me: &Profile, text: &str) -> Vec<Consultation> {
    let (from, to) = window();
    let (events, _) = ics::read(text, from, to, &belgrade()).unwrap();
    let existing: Vec<Consultation> = store.all(me.id).unwrap();
    let changes = events
        .iter()
        .map(|e| {
            let old = existing.iter().find(|c| ics::key(c) == e.uid);
            Change::Put(AnyRecord::Consultation(ics::to_consultation(
                e,
                old,
                me.id,
                now(),
            )))
        })
        .collect();
    store.commit(changes).unwrap();
    let mut all: Vec<Consultation> = store.all(me.id).unwrap();
    all.sort_by_key(|c| (c.start, c.title.clone()));
    all
}

#[test]
fn importing_again_updates_by_uid_instead_of_duplicating() {
    let (_d, store, me) = store_with_profile();
    let first = import(&store, &me, FIXTURE);
    assert_eq!(first.len(), 9);
    let moved = FIXTURE.replace(
        "DTSTART;TZID=Europe/Belgrade:20261203T170000",
        "DTSTART;TZID=Europe/Belgrade:20261203T163000",
    );
    let second = import(&store, &me, &moved);
    assert_eq!(second.len(), 9, "no duplicates");
    let quarter = second
        .iter()
        .find(|c| c.title.starts_with("Online consultation"))
        .unwrap();
    assert_eq!(quarter.start.to_rfc3339(), "2026-12-03T16:30:00+01:00");
    let same = first
        .iter()
        .find(|c| c.title.starts_with("Online consultation"))
        .unwrap();
    assert_eq!(quarter.meta.id, same.meta.id, "the same record, updated");
}

#[test]
fn an_exported_calendar_imports_back_to_the_same_events() {
    let (_d, store, me) = store_with_profile();
    let original = import(&store, &me, FIXTURE);
    let mut typed = Consultation::new(
        me.id,
        "Coffee; with \"quotes\", commas\\ and a long title that is long enough to fold",
        now(),
        now(),
    );
    typed.notes = "Line one\nLine two".into();
    store.put(&typed).unwrap();
    let written = ics::write(
        &store.all::<Consultation>(me.id).unwrap(),
        &me.name,
        &belgrade(),
        Utc::now(),
    );
    assert!(written.starts_with("BEGIN:VCALENDAR"));
    assert!(
        written.lines().all(|l| l.len() <= 76),
        "lines are folded for calendar apps"
    );
    let (_e, other, me2) = store_with_profile();
    let back = import(&other, &me2, &written);
    assert_eq!(back.len(), original.len() + 1);
    for c in &original {
        let b = back
            .iter()
            .find(|b| b.source == c.source)
            .unwrap_or_else(|| panic!("{} lost", c.title));
        assert_eq!(
            (
                b.title.as_str(),
                b.start.to_utc(),
                b.end.map(|e| e.to_utc()),
                b.all_day
            ),
            (
                c.title.as_str(),
                c.start.to_utc(),
                c.end.map(|e| e.to_utc()),
                c.all_day
            ),
            "{}",
            c.title
        );
        assert_eq!(
            (b.place.as_str(), b.notes.as_str()),
            (c.place.as_str(), c.notes.as_str())
        );
    }
    let t = back.iter().find(|b| b.title.starts_with("Coffee")).unwrap();
    assert_eq!(t.title, typed.title);
    assert_eq!(t.notes, typed.notes);
    assert_eq!(
        t.source,
        Source::Imported {
            uid: format!("{}@tandem", typed.meta.id)
        },
        "a stable UID"
    );
}

#[test]
fn a_calendar_in_the_shape_google_calendar_exports_imports() {
    // VTIMEZONE rules, VALARM inside events, folded ATTENDEE parameters,
    // HTML in descriptions, a monthly "third Tuesday" rule.
    let text = include_str!("fixtures/ics/google-style.ics");
    let (from, to) = window();
    let (events, skipped) = ics::read(text, from, to, &belgrade()).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    let gatherings: Vec<String> = events
        .iter()
        .filter(|e| e.title == "Programme gathering (everyone)")
        .map(|e| e.start.format("%Y-%m-%d %H:%M %:z").to_string())
        .collect();
    assert_eq!(
        gatherings,
        [
            "2026-12-15 18:00 +01:00",
            "2027-01-19 18:00 +01:00",
            "2027-02-16 18:00 +01:00"
        ]
    );
    let first = events
        .iter()
        .find(|e| e.title.starts_with("Programme gathering"))
        .unwrap();
    assert_eq!(first.place, "Dorćol Platz, Dobračina 59b, Beograd, Serbia");
    assert!(
        first.notes.ends_with("Bring a question."),
        "{}",
        first.notes
    );
    let workshop = events
        .iter()
        .find(|e| e.title.starts_with("Workshop"))
        .unwrap();
    assert!(
        workshop.all_day && workshop.end.is_none(),
        "a one-day all-day event"
    );
    assert_eq!(ics::guess(workshop).0, EventKind::Workshop);
}

fn calendar(events: &[&str]) -> String {
    let mut s = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for e in events {
        s.push_str("BEGIN:VEVENT\r\nDTSTAMP:20261101T090000Z\r\n");
        s.push_str(e);
        s.push_str("END:VEVENT\r\n");
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

#[test]
fn hostile_events_are_skipped_without_a_panic() {
    let text = calendar(&[
        "UID:a\r\nSUMMARY:Huge\r\nDTSTART:20261201T100000Z\r\nDURATION:P99999999999W\r\n",
        "UID:b\r\nSUMMARY:Odd rule\r\nDTSTART:20261201T100000Z\r\nRRULE:FREQ=MONTHLY;BYDAY=3éU\r\n",
        "UID:c\r\nSUMMARY:Every second\r\nDTSTART:20261201T100000Z\r\nRRULE:FREQ=SECONDLY\r\n",
        "UID:d\r\nSUMMARY:Called off\r\nSTATUS:CANCELLED\r\nDTSTART:20261201T100000Z\r\n",
        "UID:e\x1b[31m\r\nSUMMARY:Bad UID\r\nDTSTART:20261201T100000Z\r\n",
        "UID:f\r\nSUMMARY:Backwards\r\nDTSTART:20261201T100000Z\r\nDURATION:-P1D\r\n",
        "UID:ok\r\nSUMMARY:Fine\r\nDTSTART:20261201T100000Z\r\n",
    ]);
    let (from, to) = window();
    let (events, skipped) = ics::read(&text, from, to, &belgrade()).unwrap();
    assert_eq!(
        events.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(),
        ["Fine"]
    );
    assert_eq!(skipped.len(), 6, "{skipped:?}");
}

#[test]
fn a_moved_occurrence_replaces_its_slot_and_ids_do_not_depend_on_the_zone() {
    let text = calendar(&[
        "UID:s\r\nSUMMARY:Series\r\nDTSTART;TZID=Europe/Belgrade:20261201T180000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n",
        "UID:s\r\nSUMMARY:Series (moved)\r\nRECURRENCE-ID;TZID=Europe/Belgrade:20261208T180000\r\nDTSTART;TZID=Europe/Belgrade:20261209T190000\r\n",
    ]);
    let (from, to) = window();
    let (events, _) = ics::read(&text, from, to, &belgrade()).unwrap();
    let mut got: Vec<(String, String)> = events
        .iter()
        .map(|e| (e.uid.clone(), e.start.format("%m-%d %H:%M").to_string()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("s/20261201T180000".to_string(), "12-01 18:00".to_string()),
            ("s/20261208T180000".to_string(), "12-09 19:00".to_string()),
            ("s/20261215T180000".to_string(), "12-15 18:00".to_string()),
        ]
    );
    let new_york: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let (again, _) = ics::read(&text, from, to, &new_york).unwrap();
    let mut uids: Vec<String> = again.iter().map(|e| e.uid.clone()).collect();
    uids.sort();
    assert_eq!(
        uids,
        got.iter().map(|(u, _)| u.clone()).collect::<Vec<_>>(),
        "the same ids in another zone"
    );
}

#[test]
fn an_all_day_event_across_the_clock_change_keeps_its_last_day() {
    let text = calendar(&[
        "UID:w\r\nSUMMARY:Weekend\r\nDTSTART;VALUE=DATE:20270327\r\nDTEND;VALUE=DATE:20270329\r\n",
    ]);
    let (from, to) = window();
    let (events, _) = ics::read(&text, from, to, &belgrade()).unwrap();
    assert_eq!(
        events[0].end.unwrap().date_naive().to_string(),
        "2027-03-29"
    );
    assert_eq!(events[0].end.unwrap().format("%H:%M").to_string(), "00:00");
}

#[test]
fn mozilla_style_zone_names_are_understood() {
    let text = calendar(&[
        "UID:m\r\nSUMMARY:Berlin\r\nDTSTART;TZID=/mozilla.org/20070129_1/Europe/Berlin:20261201T100000\r\n",
    ]);
    let (from, to) = window();
    let (events, skipped) = ics::read(&text, from, to, &belgrade()).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(events[0].start.to_rfc3339(), "2026-12-01T10:00:00+01:00");
}

#[test]
fn a_calendar_nested_too_deep_is_refused_before_it_is_read() {
    // 10,000 levels (160 KB) overflowed the parser's stack and aborted the process.
    let mut text = String::new();
    for _ in 0..10_000 {
        text.push_str("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n");
    }
    for _ in 0..10_000 {
        text.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    }
    let (from, to) = window();
    let err = ics::read(&text, from, to, &belgrade()).unwrap_err();
    assert!(err.contains("nested more than 16 deep"), "{err}");
    let at_the_limit = format!(
        "BEGIN:VCALENDAR\r\n{}{}END:VCALENDAR\r\n",
        "BEGIN:X-BOX\r\n".repeat(15),
        "END:X-BOX\r\n".repeat(15)
    );
    assert!(ics::read(&at_the_limit, from, to, &belgrade()).is_ok());
}

#[test]
fn mixed_line_endings_do_not_hide_nesting() {
    // Lines ended by \n with a \r\n further on: the parser read a value up to
    // that \r\n, END line included, and the next event opened inside this one.
    let mut text = String::from("BEGIN:VCALENDAR\r\n");
    for i in 0..1_000 {
        text.push_str(&format!(
            "BEGIN:VEVENT\nUID:{i}\nSUMMARY:Event {i}\nDTSTART:20261201T100000Z\nX-NOTE:\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    let (from, to) = window();
    let (events, skipped) = ics::read(&text, from, to, &belgrade()).unwrap();
    assert_eq!((events.len(), skipped.len()), (1_000, 0));
}

fn titles(events: &[ics::IcsEvent]) -> Vec<&str> {
    let mut t: Vec<&str> = events.iter().map(|e| e.title.as_str()).collect();
    t.sort();
    t
}

#[test]
fn events_of_calendars_nested_in_the_calendar_are_read() {
    // They vanished with "0 skipped"; an event inside a to-do is listed as skipped.
    let text = include_str!("fixtures/ics/nested-calendar.ics");
    let (from, to) = window();
    let (events, skipped) = ics::read(text, from, to, &belgrade()).unwrap();
    assert_eq!(
        titles(&events),
        [
            "Consultation in the outer calendar",
            "Peer circle in the innermost calendar",
            "Peer circle in the innermost calendar",
            "Workshop in the inner calendar",
        ]
    );
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].what, "“Event inside a to-do”");
    assert!(skipped[0].reason.contains("VTODO"), "{}", skipped[0].reason);
}

#[test]
fn a_line_the_parser_refuses_skips_its_event_not_the_file() {
    let text = include_str!("fixtures/ics/bad-parameter.ics");
    let (from, to) = window();
    let (events, skipped) = ics::read(text, from, to, &belgrade()).unwrap();
    assert_eq!(
        titles(&events),
        [
            "Consultation before the broken events",
            "Workshop after the broken events"
        ]
    );
    let reasons: Vec<(&str, &str)> = skipped
        .iter()
        .map(|s| (s.what.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(reasons[0].0, "“Event with a broken TZID parameter”");
    assert!(
        reasons[0]
            .1
            .contains("DTSTART;TZID=\"Europe/Belgrade\"Z:20261204T170000"),
        "{}",
        reasons[0].1
    );
    assert_eq!(
        reasons[1].0,
        "“Gathering, with a parameter name that has a space”"
    );
    assert!(reasons[1].1.contains("ROLE NAME=CHAIR"), "{}", reasons[1].1);
}

#[test]
fn calendars_one_after_the_other_in_a_file_are_all_read() {
    let one = calendar(&["UID:a\r\nSUMMARY:First\r\nDTSTART:20261201T100000Z\r\n"]);
    let two = calendar(&["UID:b\r\nSUMMARY:Second\r\nDTSTART:20261202T100000Z\r\n"]);
    let (from, to) = window();
    let (events, skipped) = ics::read(&format!("{one}{two}"), from, to, &belgrade()).unwrap();
    assert_eq!(titles(&events), ["First", "Second"]);
    assert!(skipped.is_empty(), "{skipped:?}");
}

#[test]
fn a_calendar_cut_short_keeps_the_events_before_the_cut() {
    let whole = calendar(&[
        "UID:a\r\nSUMMARY:Whole\r\nDTSTART:20261201T100000Z\r\n",
        "UID:b\r\nSUMMARY:Cut\r\nDTSTART:20261202T100000Z\r\n",
    ]);
    let cut = &whole[..whole.find("END:VEVENT\r\nEND:VCALENDAR").unwrap()];
    let (from, to) = window();
    let (events, skipped) = ics::read(cut, from, to, &belgrade()).unwrap();
    assert_eq!(titles(&events), ["Whole"]);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].what, "“Cut”");
    assert!(skipped[0].reason.contains("END:VEVENT"), "{skipped:?}");
}

#[test]
fn windows_zone_names_as_outlook_writes_them_are_understood() {
    let text = include_str!("fixtures/ics/outlook-style.ics");
    let (from, to) = window();
    let (events, skipped) = ics::read(text, from, to, &belgrade()).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    let berlin = find(&events, "Mentors consultation from the Berlin office")[0];
    assert_eq!(berlin.start.to_rfc3339(), "2026-12-01T10:00:00+01:00");
    assert_eq!(
        berlin.end.unwrap().to_rfc3339(),
        "2026-12-01T11:30:00+01:00"
    );
    let seattle: Vec<String> = find(&events, "Pair meeting with the Seattle mentor")
        .iter()
        .map(|e| e.start.to_utc().format("%Y-%m-%d %H:%M").to_string())
        .collect();
    assert_eq!(
        seattle,
        ["2027-01-07 17:00", "2027-02-04 17:00", "2027-03-04 17:00",],
        "9:00 in Pacific Standard Time (UTC-8)"
    );
}

#[test]
fn a_windows_zone_in_summer_keeps_its_daylight_saving_time() {
    let text = calendar(&[
        "UID:s\r\nSUMMARY:Summer call\r\nDTSTART;TZID=Pacific Standard Time:20260709T090000\r\n",
        "UID:t\r\nSUMMARY:Unknown\r\nDTSTART;TZID=Atlantis Standard Time:20260709T090000\r\n",
    ]);
    let (from, to) = window();
    let (events, skipped) = ics::read(&text, from, to, &belgrade()).unwrap();
    assert_eq!(
        events[0].start.to_utc().to_rfc3339(),
        "2026-07-09T16:00:00+00:00",
        "9:00 PDT is UTC-7"
    );
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0]
            .reason
            .contains("unknown time zone 'Atlantis Standard Time'"),
        "{skipped:?}"
    );
}

/// Reads `text` on another thread, and fails if that takes over 20 seconds.
fn read_in_time(text: &str) -> (Vec<ics::IcsEvent>, Vec<ics::Skipped>) {
    let text = text.to_string();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (from, to) = window();
        send.send(ics::read(&text, from, to, &belgrade()).unwrap())
    });
    receive
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("read within 20 seconds")
}

#[test]
fn a_rule_that_repeats_every_second_is_skipped_at_once() {
    // It passed the FREQ check (DAILY) and kept the store locked for minutes,
    // expanding every second since 1900 before the programme's dates.
    let (events, skipped) = read_in_time(include_str!("fixtures/ics/every-second.ics"));
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].what, "“Every second since 1900”");
    assert!(
        skipped[0].reason.contains("86400 times a day"),
        "{}",
        skipped[0].reason
    );
    // A weekly rule since 1900 is read from the programme's dates on.
    let weekly: Vec<&ics::IcsEvent> = find(&events, "Weekly gathering since 1900");
    assert_eq!(weekly.len(), 53);
    assert_eq!(weekly[0].start.to_rfc3339(), "2026-03-10T18:00:00+01:00");
    assert_eq!(weekly[52].start.to_rfc3339(), "2027-03-09T18:00:00+01:00");
    assert_eq!(
        weekly[0].uid,
        "weekly@creative-mentorship.example/20260310T180000"
    );
}

#[test]
fn a_counted_rule_that_would_be_counted_through_too_long_is_skipped() {
    // With a COUNT, the occurrences before the window must be counted: four
    // a day since 1760 are 388,000 of them; a rare day since the year 1 is a
    // day at a time through 2,000 years.
    let text = calendar(&[
        "UID:a\r\nSUMMARY:Four a day\r\nDTSTART:17600101T000000Z\r\nRRULE:FREQ=DAILY;COUNT=4000000000;BYHOUR=0,6,12,18\r\n",
        "UID:b\r\nSUMMARY:Rare day\r\nDTSTART:00010101T000000Z\r\nRRULE:FREQ=DAILY;COUNT=1000;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO\r\n",
        "UID:c\r\nSUMMARY:Counted weekly\r\nDTSTART:20250107T180000Z\r\nRRULE:FREQ=WEEKLY;COUNT=70\r\n",
    ]);
    let (events, skipped) = read_in_time(&text);
    let reasons: Vec<(&str, &str)> = skipped
        .iter()
        .map(|s| (s.what.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(reasons[0].0, "“Four a day”");
    assert!(
        reasons[0].1.starts_with(
            "its COUNT runs from 1760-01-01: it would have to be counted through more than 20000 \
             occurrences"
        ),
        "{reasons:?}"
    );
    assert_eq!(reasons[1].0, "“Rare day”");
    assert!(
        reasons[1].1.contains("through more than 273 years"),
        "{reasons:?}"
    );
    let weekly = find(&events, "Counted weekly");
    assert_eq!(weekly.len(), 70 - 61, "the 62nd to the 70th");
    assert_eq!(
        weekly[0].start.to_utc().to_rfc3339(),
        "2026-03-10T18:00:00+00:00"
    );
}

// ----- recurring events, out and back in --------------------------------------

/// The VEVENTs of a calendar, each as its unfolded lines.
fn vevents(text: &str) -> Vec<Vec<String>> {
    let mut events = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in text.replace("\r\n ", "").split("\r\n") {
        match line {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => events.extend(current.take()),
            _ => {
                if let Some(lines) = current.as_mut() {
                    lines.push(line.to_string());
                }
            }
        }
    }
    events
}

fn has(event: &[String], line: &str) -> bool {
    event.iter().any(|l| l == line)
}

/// What a user sees of each event, and which record it is.
type Seen = (
    tandem::domain::Id,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    bool,
);

fn seen(all: &[Consultation]) -> Vec<Seen> {
    all.iter()
        .map(|c| {
            (
                c.meta.id,
                c.title.clone(),
                c.start.to_utc(),
                c.end.map(|e| e.to_utc()),
                c.all_day,
            )
        })
        .collect()
}

/// An event as another store would hold it: no id.
type Event = (String, DateTime<Utc>, Option<DateTime<Utc>>, bool, Source);

fn events_of(all: &[Consultation]) -> Vec<Event> {
    all.iter()
        .map(|c| {
            (
                c.title.clone(),
                c.start.to_utc(),
                c.end.map(|e| e.to_utc()),
                c.all_day,
                c.source.clone(),
            )
        })
        .collect()
}

const CIRCLE_UID: &str = "peer-circle@creative-mentorship.example";

fn circle(all: &[Consultation]) -> Vec<&Consultation> {
    all.iter()
        .filter(|c| c.source.calendar_uid() == Some(CIRCLE_UID))
        .collect()
}

fn write(store: &Store, me: &Profile) -> String {
    let mut all: Vec<Consultation> = store.all(me.id).unwrap();
    all.sort_by_key(|c| c.start);
    ics::write(&all, &me.name, &belgrade(), Utc::now())
}

#[test]
fn a_recurring_event_goes_out_as_one_event_with_its_rule_and_comes_back_onto_the_same_records() {
    let (_d, store, me) = store_with_profile();
    let first = import(&store, &me, FIXTURE);
    let occurrences = circle(&first);
    assert_eq!(occurrences.len(), 4, "weekly, 6 times, 2 left out");
    for c in &occurrences {
        assert!(
            matches!(&c.source, Source::Series { series, .. }
                if series.rule == "FREQ=WEEKLY;COUNT=6"
                    && series.zone.as_deref() == Some("Europe/Belgrade")
                    && series.start == "20261201T180000"),
            "{:?}",
            c.source
        );
    }
    let written = write(&store, &me);
    let events = vevents(&written);
    let series: Vec<&Vec<String>> = events
        .iter()
        .filter(|e| has(e, &format!("UID:{CIRCLE_UID}")))
        .collect();
    assert_eq!(series.len(), 1, "one event for the series:\n{written}");
    let series = series[0];
    for line in [
        "DTSTART;TZID=Europe/Belgrade:20261201T180000",
        "DURATION:PT1H30M",
        "RRULE:FREQ=WEEKLY;COUNT=6",
        "EXDATE;TZID=Europe/Belgrade:20261222T180000,20261229T180000",
        "SUMMARY:Peer circle of mentees",
    ] {
        assert!(has(series, line), "no {line} in {series:#?}");
    }
    assert_eq!(
        events
            .iter()
            .filter(|e| e.iter().any(|l| l.starts_with("RRULE")))
            .count(),
        1
    );
    assert!(!written.contains("RECURRENCE-ID"), "{written}");
    // Back into the same store: the same records, nothing new.
    let again = import(&store, &me, &written);
    assert_eq!(seen(&again), seen(&first));
    assert_eq!(
        again.iter().map(|c| &c.source).collect::<Vec<_>>(),
        first.iter().map(|c| &c.source).collect::<Vec<_>>()
    );
    // Into another store: the same events, the series kept.
    let (_e, other, me2) = store_with_profile();
    assert_eq!(
        events_of(&import(&other, &me2, &written)),
        events_of(&first)
    );
}

#[test]
fn a_series_with_an_occurrence_deleted_and_one_changed_keeps_both_changes() {
    let (_d, store, me) = store_with_profile();
    let first = import(&store, &me, FIXTURE);
    let occurrences: Vec<Consultation> = circle(&first).into_iter().cloned().collect();
    let [first_one, second, third, last] = occurrences.as_slice() else {
        panic!("{occurrences:?}");
    };
    store.delete(third.meta.id).unwrap();
    let mut moved = second.clone();
    moved.title = "Peer circle — in the garden".into();
    moved.start += chrono::Duration::hours(1);
    moved.end = moved.end.map(|e| e + chrono::Duration::hours(1));
    store.put(&moved).unwrap();

    let written = write(&store, &me);
    let events = vevents(&written);
    let of_circle: Vec<&Vec<String>> = events
        .iter()
        .filter(|e| has(e, &format!("UID:{CIRCLE_UID}")))
        .collect();
    assert_eq!(
        of_circle.len(),
        2,
        "the series and the changed one:\n{written}"
    );
    let series = of_circle
        .iter()
        .find(|e| e.iter().any(|l| l.starts_with("RRULE")))
        .unwrap();
    assert!(
        has(
            series,
            "EXDATE;TZID=Europe/Belgrade:20261215T180000,20261222T180000,20261229T180000"
        ),
        "{series:#?}"
    );
    let changed = of_circle
        .iter()
        .find(|e| e.iter().any(|l| l.starts_with("RECURRENCE-ID")))
        .unwrap();
    for line in [
        "RECURRENCE-ID;TZID=Europe/Belgrade:20261208T180000",
        "SUMMARY:Peer circle — in the garden",
        "DTSTART:20261208T180000Z",
    ] {
        assert!(has(changed, line), "no {line} in {changed:#?}");
    }
    // Back into the same store: the deleted one stays deleted, the changed
    // one stays changed, and they are the same records.
    let again = import(&store, &me, &written);
    let kept: Vec<Consultation> = circle(&again).into_iter().cloned().collect();
    assert_eq!(
        seen(&kept),
        seen(&[first_one.clone(), moved.clone(), last.clone()])
    );
    assert_eq!(again.len(), first.len() - 1);
    // Into another store: the same three.
    let (_e, other, me2) = store_with_profile();
    let copy = import(&other, &me2, &written);
    let titles: Vec<(String, DateTime<Utc>)> = circle(&copy)
        .iter()
        .map(|c| (c.title.clone(), c.start.to_utc()))
        .collect();
    assert_eq!(
        titles,
        [first_one, &moved, last]
            .iter()
            .map(|c| (c.title.clone(), c.start.to_utc()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn all_day_utc_and_floating_series_go_out_and_come_back_as_they_were() {
    let text = concat!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n",
        "BEGIN:VEVENT\r\nUID:retreat\r\nSUMMARY:Two-day retreat\r\n",
        "DTSTART;VALUE=DATE:20261202\r\nDTEND;VALUE=DATE:20261204\r\n",
        "RRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n",
        // One of them a day later: it takes that occurrence's place.
        "BEGIN:VEVENT\r\nUID:retreat\r\nSUMMARY:Two-day retreat, moved\r\n",
        "RECURRENCE-ID;VALUE=DATE:20261209\r\n",
        "DTSTART;VALUE=DATE:20261210\r\nDTEND;VALUE=DATE:20261212\r\nEND:VEVENT\r\n",
        "BEGIN:VEVENT\r\nUID:online\r\nSUMMARY:Online hour\r\n",
        "DTSTART:20261203T160000Z\r\nDURATION:PT90M\r\n",
        "RRULE:FREQ=MONTHLY;COUNT=3\r\nEND:VEVENT\r\n",
        "BEGIN:VEVENT\r\nUID:floating\r\nSUMMARY:Morning pages\r\n",
        "DTSTART:20261204T070000\r\nDTEND:20261204T080000\r\n",
        "RRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n",
        "END:VCALENDAR\r\n",
    );
    let (_d, store, me) = store_with_profile();
    let first = import(&store, &me, text);
    let count = |uid: &str| {
        first
            .iter()
            .filter(|c| c.source.calendar_uid() == Some(uid))
            .count()
    };
    assert_eq!(
        (count("retreat"), count("online"), count("floating")),
        (3, 3, 3)
    );
    let moved = first
        .iter()
        .find(|c| c.title == "Two-day retreat, moved")
        .unwrap();
    assert!(
        matches!(&moved.source, Source::Series { occurrence, .. } if occurrence == "20261209T000000"),
        "{:?}",
        moved.source
    );
    let written = write(&store, &me);
    let events = vevents(&written);
    assert_eq!(
        events.len(),
        4,
        "three series and the moved one:\n{written}"
    );
    let event = |uid: &str, rule: bool| {
        events
            .iter()
            .find(|e| {
                has(e, &format!("UID:{uid}")) && e.iter().any(|l| l.starts_with("RRULE")) == rule
            })
            .unwrap_or_else(|| panic!("no {uid}:\n{written}"))
    };
    for (uid, lines) in [
        (
            "retreat",
            &[
                "DTSTART;VALUE=DATE:20261202",
                "DTEND;VALUE=DATE:20261204",
                "RRULE:FREQ=WEEKLY;COUNT=3",
            ][..],
        ),
        (
            "online",
            &[
                "DTSTART:20261203T160000Z",
                "DURATION:PT1H30M",
                "RRULE:FREQ=MONTHLY;COUNT=3",
            ][..],
        ),
        (
            "floating",
            &[
                "DTSTART:20261204T070000",
                "DURATION:PT1H",
                "RRULE:FREQ=DAILY;COUNT=3",
            ][..],
        ),
    ] {
        let e = event(uid, true);
        for line in lines {
            assert!(has(e, line), "no {line} in {e:#?}");
        }
        assert!(!e.iter().any(|l| l.starts_with("EXDATE")), "{e:#?}");
    }
    let moved = event("retreat", false);
    assert!(
        has(moved, "RECURRENCE-ID;VALUE=DATE:20261209"),
        "{moved:#?}"
    );
    let again = import(&store, &me, &written);
    assert_eq!(seen(&again), seen(&first));
    assert_eq!(
        again.iter().map(|c| &c.source).collect::<Vec<_>>(),
        first.iter().map(|c| &c.source).collect::<Vec<_>>()
    );
    let (_e, other, me2) = store_with_profile();
    assert_eq!(
        events_of(&import(&other, &me2, &written)),
        events_of(&first)
    );
}

#[test]
fn occurrences_imported_before_series_were_kept_still_go_out_and_join_their_series() {
    let (_d, store, me) = store_with_profile();
    // What an older tandem stored: each occurrence on its own, under its
    // UID and start.
    let old: Vec<Consultation> = import(&store, &me, FIXTURE)
        .into_iter()
        .map(|mut c| {
            if let Source::Series {
                uid, occurrence, ..
            } = &c.source
            {
                c.source = Source::Imported {
                    uid: format!("{uid}/{occurrence}"),
                };
                store.put(&c).unwrap();
            }
            c
        })
        .collect();
    let written = write(&store, &me);
    assert!(
        written.contains(&format!("UID:{CIRCLE_UID}/20261208T180000")),
        "{written}"
    );
    assert!(!written.contains("RRULE"), "{written}");
    // The calendar imported again: the same records, now knowing their series.
    let again = import(&store, &me, FIXTURE);
    assert_eq!(seen(&again), seen(&old));
    assert_eq!(circle(&again).len(), 4);
    assert!(
        circle(&again)
            .iter()
            .all(|c| matches!(c.source, Source::Series { .. }))
    );
}

#[test]
fn a_series_that_cannot_be_written_back_goes_out_one_occurrence_at_a_time() {
    let (_d, store, me) = store_with_profile();
    let first = import(&store, &me, FIXTURE);
    // A rule this build cannot expand (a file from elsewhere): each
    // occurrence on its own, under the UID it is matched by.
    for c in circle(&first) {
        let mut c = c.clone();
        if let Source::Series { series, .. } = &mut c.source {
            series.rule = "FREQ=FORTNIGHTLY".into();
        }
        store.put(&c).unwrap();
    }
    let written = write(&store, &me);
    assert!(!written.contains("RRULE"), "{written}");
    assert!(
        written.contains(&format!("UID:{CIRCLE_UID}/20261201T180000")),
        "{written}"
    );
    let again = import(&store, &me, &written);
    assert_eq!(seen(&again), seen(&first));
}

#[test]
fn a_series_rule_that_would_add_a_line_to_a_calendar_is_refused() {
    let (_d, store, me) = store_with_profile();
    let first = import(&store, &me, FIXTURE);
    let mut c = circle(&first)[0].clone();
    if let Source::Series { series, .. } = &mut c.source {
        series.rule = "FREQ=WEEKLY\r\nBEGIN:VEVENT".into();
    }
    let err = tandem::domain::Record::validate(&c).unwrap_err();
    assert!(err.to_string().contains("series rule"), "{err}");
}
