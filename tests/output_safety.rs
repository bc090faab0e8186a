//! What tandem puts in front of people, run as a user would run it: files
//! holding private text are readable by their owner alone, JSON never carries
//! an invisible or reordering character raw, tables stay aligned and short
//! whatever the text, and a refused file is explained in plain words.
//!
//! Every test works on its own throwaway store with the clock fixed at
//! Tuesday 2026-11-24 10:00 UTC (a `Sandbox` of `tests/common`), as the
//! command-line tests do.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

mod common;
use common::{ESC, Sandbox, path_str, rebundle};

/// Characters a terminal would act on or draw misleadingly: DEL, C1 controls
/// (U+009B is CSI), the line and paragraph separators, and the bidirectional
/// controls that make text read in another order than it is stored.
const HAZARDS: &[char] = &[
    '\u{7f}', '\u{80}', '\u{85}', '\u{9b}', '\u{9f}', '\u{200e}', '\u{200f}', '\u{61c}',
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{2028}', '\u{2029}',
];

/// A title holding every hazard, between ordinary words.
fn hazardous_title() -> String {
    let mut t = String::from("Budget");
    for c in HAZARDS {
        t.push(*c);
        t.push('x');
    }
    t.push_str("fdp.exe");
    t
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Asserts that `text` holds no hazard raw, and names the first it holds.
fn assert_no_hazard(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|c| HAZARDS.contains(c)) {
        panic!("{what} holds U+{:04X} raw: {text:?}", u32::from(c));
    }
}

// ----- files with private data ----------------------------------------------

/// Every command that writes a file, each writing `name`.
fn exports(s: &Sandbox, name: &str) -> Vec<Vec<String>> {
    let f = path_str(&s.file(name)).to_string();
    vec![
        vec!["export".into(), "--format".into(), "json".into(), f.clone()],
        vec![
            "export".into(),
            "--format".into(),
            "markdown".into(),
            "--private".into(),
            f.clone(),
        ],
        vec!["share".into(), "export".into(), f.clone()],
        vec!["consult".into(), "export".into(), f],
    ]
}

#[test]
fn every_export_is_readable_by_its_owner_only_whatever_the_umask() {
    let s = Sandbox::with_profile();
    s.ok(&["reflect", "add", "SECRET doubt"]);
    s.ok(&["consult", "add", "Workshop", "--start", "+2d 17:00"]);
    for (i, args) in exports(&s, "out").into_iter().enumerate() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let file = s.file("out");
        let _ = std::fs::remove_file(&file);
        for umask in ["000", "022", "077"] {
            s.ok_with_umask(umask, &args);
            assert_eq!(
                mode(&file),
                0o600,
                "tandem {args:?} with umask {umask} wrote mode {:o}",
                mode(&file)
            );
        }
        // Over a file someone left readable by all, the export is private again.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        s.ok_with_umask("000", &args);
        assert_eq!(mode(&file), 0o600, "tandem {args:?} over a 0644 file");
        assert!(!std::fs::read(&file).unwrap().is_empty(), "export {i}");
    }
    let left: Vec<String> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "store" && n != "out")
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

// ----- JSON ------------------------------------------------------------------

#[test]
fn json_output_escapes_controls_and_bidirectional_characters() {
    let s = Sandbox::with_profile();
    let title = hazardous_title();
    let (out, goal) = s.json_and_text(&["goal", "add", &title]);
    assert_no_hazard("goal add --json", &out);
    assert!(
        out.contains(r"\u202e") && out.contains(r"\u009b") && out.contains(r"\u007f"),
        "escaped as \\uXXXX: {out}"
    );
    assert_eq!(goal["title"], title.as_str(), "the same text once parsed");
    let id = goal["meta"]["id"].as_str().unwrap();
    for args in [
        &["goal", "list"][..],
        &["goal", "show", id],
        &["export", "--format", "json"],
    ] {
        let out = s.ok(&[args, &["--json"]].concat());
        assert_no_hazard(&format!("tandem {args:?} --json"), &out);
        assert!(out.contains(r"\u202e"), "{out}");
    }
}

#[test]
fn the_json_export_escapes_them_and_still_round_trips_byte_for_byte() {
    let s = Sandbox::with_profile();
    let title = hazardous_title();
    let goal = s.json(&["goal", "add", &title, "--why", &title]);
    let id = goal["meta"]["id"].as_str().unwrap().to_string();
    s.ok(&["reflect", "add", &format!("private {title}")]);
    let first = s.file("first.json");
    s.ok(&["export", "--format", "json", path_str(&first)]);
    let text = std::fs::read_to_string(&first).unwrap();
    assert_no_hazard("the export file", &text);

    let copy = Sandbox::empty();
    copy.ok(&["import", path_str(&first)]);
    let back = copy.json(&["goal", "show", &id]);
    assert_eq!(back["title"], title.as_str(), "import reads the same text");
    assert_eq!(back["why"], title.as_str());
    let second = copy.file("second.json");
    copy.ok(&["export", "--format", "json", path_str(&second)]);
    assert_eq!(
        std::fs::read(&second).unwrap(),
        std::fs::read(&first).unwrap(),
        "export → import → export is byte-identical"
    );
}

// ----- text in tables --------------------------------------------------------

#[test]
fn direction_marks_and_overrides_never_reach_a_table() {
    let s = Sandbox::with_profile();
    s.ok(&["goal", "add", &hazardous_title()]);
    s.ok(&[
        "journal",
        "add",
        "--with",
        "\u{200f}Marko\u{200e}\u{61c}",
        "--notes",
        &hazardous_title(),
    ]);
    for args in [
        &["goal", "list"][..],
        &["journal", "list"],
        &["journal", "actions"],
    ] {
        assert_no_hazard(&format!("tandem {args:?}"), &s.ok(args));
    }
    let id = s.json(&["journal", "list"])[0]["meta"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_no_hazard("journal show", &s.ok(&["journal", "show", &id]));
}

#[test]
fn a_note_of_thousands_of_accents_makes_a_short_row_and_stays_stored() {
    let s = Sandbox::with_profile();
    let accents = "\u{301}".repeat(60_000);
    let notes = [
        format!("{accents}Venue"),
        format!("a{accents}b"),
        format!("Venue \u{200d}{accents}"),
    ];
    // "with" holds at most 100 characters.
    let with = format!("{}M{}", "\u{301}".repeat(40), "\u{301}".repeat(59));
    for n in &notes {
        s.ok(&["journal", "add", "--notes", n, "--with", &with]);
    }
    let list = s.ok(&["journal", "list"]);
    for line in list.lines() {
        assert!(line.len() < 1024, "a row of {} bytes", line.len());
    }
    assert_eq!(list.lines().count(), 4, "{list}");
    let entries = s.json(&["journal", "list"]);
    let stored: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["notes"].as_str().unwrap())
        .collect();
    for n in &notes {
        assert!(stored.contains(&n.as_str()), "the notes are stored whole");
        let id = entries
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["notes"] == n.as_str())
            .unwrap()["meta"]["id"]
            .as_str()
            .unwrap();
        let show = s.ok(&["journal", "show", id]);
        assert!(show.len() < 2048, "journal show of {} bytes", show.len());
    }
}

/// The column at which a terminal leaves the cursor after drawing `text`.
fn drawn_width(text: &str) -> u16 {
    let mut term = vt100::Parser::new(
        std::num::NonZeroU16::new(4).unwrap(),
        std::num::NonZeroU16::new(2000).unwrap(),
        0,
    );
    term.process(text.as_bytes());
    term.screen().cursor_position().1
}

#[test]
fn table_cells_line_up_whatever_the_text() {
    let s = Sandbox::with_profile();
    let withs = [
        "Marko".to_string(),
        "لا".to_string(),
        "لا لا لا لا لا لا لا لا لا لا لا لا".to_string(),
        "ꓸ\u{200d}ꓼ ꓸꓼ".to_string(),
        "a\u{200d}\u{301}".to_string(),
        "\u{200d}\u{301}x".to_string(),
        "写\u{200d}\u{301}\u{301}真".to_string(),
        format!("e{}", "\u{301}".repeat(60)),
        format!("{}e", "\u{301}".repeat(60)),
        "\u{200e}Ana\u{200f}\u{61c}".to_string(),
        "soft\u{ad}hyphen".to_string(),
        "\u{2764}\u{fe0f} Ana".to_string(),
        "写真 🎨 Ана".to_string(),
        "ᄀ\u{1161}\u{11a8} 한".to_string(),
    ];
    for (i, w) in withs.iter().enumerate() {
        s.ok(&[
            "journal",
            "add",
            "--date",
            &format!("-{}d", i + 1),
            "--with",
            w,
            "--notes",
            &format!("NOTE-{i}"),
        ]);
    }
    let list = s.ok(&["journal", "list"]);
    assert_eq!(list.lines().count(), withs.len() + 1, "{list}");
    let mut columns = Vec::new();
    for line in list.lines() {
        let at = line
            .find("NOTE")
            .unwrap_or_else(|| panic!("no last column in {line:?}"));
        columns.push((drawn_width(&line[..at]), line));
    }
    let first = columns[0].0;
    for (col, line) in &columns {
        assert_eq!(
            *col, first,
            "the last column starts at {col} instead of {first} in {line:?}\n{list}"
        );
    }
}

// ----- escape sequences ------------------------------------------------------

#[test]
fn escape_sequences_in_user_text_are_not_printed() {
    let s = Sandbox::with_profile();
    let evil = "\u{1b}]0;pwned\u{7}Title";
    let goal = s.id(&[
        "goal",
        "add",
        evil,
        "--why",
        "\u{1b}[2Jwhy",
        "--milestone",
        "\u{1b}[31mred step",
    ]);
    let entry = s.id(&[
        "journal",
        "add",
        "--notes",
        "\u{1b}]0;pwned\u{7}notes",
        "--with",
        "\u{1b}[1mMarko",
        "--action",
        "\u{1b}[1mact",
        "--goal",
        &goal,
    ]);
    let reflection = s.id(&[
        "reflect",
        "add",
        "\u{1b}]0;pwned\u{7}refl",
        "--prompt",
        "\u{1b}[1mP",
    ]);
    let event = s.id(&[
        "consult",
        "add",
        "\u{1b}]0;pwned\u{7}event",
        "--start",
        "tomorrow",
        "--place",
        "\u{1b}[1mRoom",
        "--notes",
        "\u{1b}[1mnotes",
    ]);
    s.ok(&[
        "checkin",
        "--mood",
        "3",
        "--energy",
        "3",
        "--win",
        "\u{1b}[1mwin",
    ]);

    let commands: Vec<Vec<&str>> = vec![
        vec!["goal", "add", evil],
        vec!["goal", "list"],
        vec!["goal", "list", "--all"],
        vec!["goal", "show", &goal],
        vec!["goal", "progress", &goal, "10"],
        vec!["goal", "milestone", &goal, "1"],
        vec!["goal", "edit", &goal, "--add-milestone", "x"],
        vec!["journal", "list"],
        vec!["journal", "show", &entry],
        vec!["journal", "actions"],
        vec!["journal", "done", &entry, "1"],
        vec!["reflect", "list"],
        vec!["reflect", "show", &reflection],
        vec!["consult", "list"],
        vec!["consult", "show", &event],
        vec!["checkin", "list"],
        vec!["consult", "rm", &event],
        vec!["goal", "rm", &goal],
    ];
    for args in &commands {
        let out = s.ok(args);
        assert!(
            !out.contains(ESC),
            "`tandem {}` printed ESC: {out:?}",
            args.join(" ")
        );
        assert!(
            !out.contains('\u{7}'),
            "`tandem {}` printed BEL: {out:?}",
            args.join(" ")
        );
    }
    let out = s.ok(&["goal", "list"]);
    assert!(
        out.contains("Title"),
        "the rest of the title is shown: {out}"
    );
    assert!(!out.contains("pwned"), "{out}");
}

#[test]
fn escape_sequences_in_profile_names_are_not_printed() {
    let s = Sandbox::empty();
    let out = s.ok(&[
        "init",
        "--name",
        "\u{1b}[31mAna",
        "--role",
        "mentee",
        "--partner",
        "\u{1b}]0;x\u{7}Marko",
    ]);
    assert!(!out.contains(ESC), "{out:?}");
    assert!(out.contains("Ana") && out.contains("Marko"), "{out}");
    let out = s.ok(&["profile", "list"]);
    assert!(!out.contains(ESC), "{out:?}");
}

// ----- messages --------------------------------------------------------------

#[test]
fn a_damaged_bundle_body_is_explained_in_plain_words() {
    let ana = Sandbox::with_profile();
    ana.ok(&["goal", "add", "Curate an exhibition"]);
    let file = ana.file("ana.bundle");
    ana.ok(&["share", "export", path_str(&file)]);
    let good = std::fs::read(&file).unwrap();
    let body = &good[22..];

    let cut = rebundle(&good, &body[..body.len() - 1]);
    let mut bad_text = body.to_vec();
    let at = bad_text
        .windows(6)
        .position(|w| w == b"Curate")
        .expect("the title is in the body");
    bad_text[at] = 0xff;
    let bad_text = rebundle(&good, &bad_text);

    let marko = Sandbox::with_person("Marko", "mentor", "Ana");
    let before = marko.ok(&["export", "--format", "json"]);
    for (name, bytes, says) in [
        ("cut", cut, "it is damaged: its body ends early"),
        ("bad-text", bad_text, "text that is not valid UTF-8"),
    ] {
        let path = marko.file(name);
        std::fs::write(&path, bytes).unwrap();
        let err = marko.fails(&["share", "import", path_str(&path)], 1);
        assert!(err.contains(says), "{name}: {err}");
        assert!(err.contains("nothing was imported"), "{name}: {err}");
        for debug in ["{", "}", "UnexpectedEnd", "Utf8", "additional", "\""] {
            assert!(!err.contains(debug), "{name}: Rust's words in {err:?}");
        }
    }
    assert_eq!(marko.ok(&["export", "--format", "json"]), before);
}

#[test]
fn an_export_of_version_0_is_refused() {
    let ana = Sandbox::with_profile();
    ana.ok(&["goal", "add", "Curate an exhibition"]);
    let file = ana.file("backup.json");
    ana.ok(&["export", "--format", "json", path_str(&file)]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"version\": 1,"), "{text}");
    std::fs::write(
        &file,
        text.replacen("\"version\": 1,", "\"version\": 0,", 1),
    )
    .unwrap();

    let other = Sandbox::empty();
    let err = other.fails(&["import", path_str(&file)], 1);
    assert!(
        err.contains("version 0") && err.contains("start at 1"),
        "a clear reason: {err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        !other.store().exists(),
        "nothing imported, not even an empty store made"
    );
}
