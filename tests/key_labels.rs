//! Every key named on screen is named from the keymap: with every binding
//! remapped to a key nobody uses, no screen names an old key any more. (A
//! configuration file remaps keys; a word written into a string would then
//! tell the user to press a key that does nothing.)

mod common;

use std::collections::BTreeSet;

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tandem::domain::{
    AgreedAction, CheckIn, Consultation, Goal, JournalEntry, Owner, Reflection, Role, Visibility,
};
use tandem::store::Store;
use tandem::tui::action::Action;
use tandem::tui::app::{App, Mode};
use tandem::tui::form::{Input, Zone};
use tandem::tui::keymap::{Key, KeyMode, Keymap};
use tandem::tui::tabs::Tab;
use tandem::tui::ui;

use common::now;

/// A store whose texts hold no word a key could be named by (no "a", no
/// "I", no "Enter"): what the screens say of keys is all that could match.
fn store() -> (tempfile::TempDir, Store) {
    let mut me = common::profile("Ana", Role::Mentee);
    me.partner = Some("Marko".into());
    let (dir, store) = common::temp_store(&me);
    let mut goal = Goal::new(me.id, "Curate the exhibition", now());
    goal.why = "To lead projects from idea to opening".into();
    goal.milestones = vec![tandem::domain::Milestone {
        done_on: None,
        text: "Find the venue".into(),
        done: false,
    }];
    goal.set_progress(40, now()).unwrap();
    store.put(&goal).unwrap();
    let mut meeting =
        JournalEntry::new(me.id, now() - Duration::days(3), "Budget and venue", now());
    meeting.actions = vec![
        AgreedAction::new("Send the budget", Owner::Me, Some(now().date_naive())),
        AgreedAction::new("Introduce the curator", Owner::Partner, None),
    ];
    store.put(&meeting).unwrap();
    let mut thought = Reflection::new(me.id, "Asking for help is hard", now());
    thought.meta.visibility = Visibility::Private;
    store.put(&thought).unwrap();
    let mut shared = Reflection::new(me.id, "Progress feels good", now());
    shared.meta.visibility = Visibility::Shared;
    store.put(&shared).unwrap();
    let event = Consultation::new(
        me.id,
        "Quarter consultation",
        now() + Duration::days(2),
        now(),
    );
    store.put(&event).unwrap();
    let last_week = CheckIn::new(me.id, 4, 3, now() - Duration::days(7));
    store.put(&last_week).unwrap();
    (dir, store)
}

/// The default keymap with every key of every binding replaced by a key of
/// its own that no terminal user would press: F13, F14, …
fn remapped() -> Keymap {
    let mut keys = Keymap::default();
    let mut next = 13u8;
    for (_, binding) in keys.bindings_mut() {
        for key in &mut binding.keys {
            *key = Key {
                code: KeyCode::F(next),
                ctrl: false,
            };
            next = next.checked_add(1).expect("fewer than 243 keys");
        }
    }
    keys
}

/// Every label of the default keymap.
fn old_labels() -> BTreeSet<String> {
    let keys = Keymap::default();
    KeyMode::ALL
        .into_iter()
        .flat_map(|mode| keys.bindings(mode).iter())
        .flat_map(|b| b.keys.iter().map(|k| k.label()))
        .collect()
}

fn text(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(f, app)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Where `label` stands in `screen` as the name of a key: on its own, not
/// as part of a word or a number.
fn named(screen: &str, label: &str) -> Option<String> {
    let chars: Vec<char> = screen.chars().collect();
    let needle: Vec<char> = label.chars().collect();
    let single = needle.len() == 1;
    for i in 0..chars.len().saturating_sub(needle.len() - 1) {
        if chars[i..i + needle.len()] != needle[..] {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + needle.len()).copied();
        let apart = |c: Option<char>, edges: &[char]| {
            c.is_none_or(|c| c.is_whitespace() || edges.contains(&c))
        };
        let alone = if single {
            // A one-character key stands between spaces or brackets.
            apart(before, &['(']) && apart(after, &[')', ':'])
        } else {
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        };
        // An arrow between numbers ("40% → 55%") is not a key.
        let arrow_of_numbers = matches!(label, "→" | "←")
            && (before == Some(' ')
                && chars
                    .get(i.wrapping_sub(2))
                    .is_some_and(|c| c.is_ascii_digit() || *c == '%'));
        if alone && !arrow_of_numbers {
            let line_start = chars[..i]
                .iter()
                .rposition(|c| *c == '\n')
                .map_or(0, |p| p + 1);
            let line_end = chars[i..]
                .iter()
                .position(|c| *c == '\n')
                .map_or(chars.len(), |p| i + p);
            return Some(chars[line_start..line_end].iter().collect());
        }
    }
    None
}

struct Check {
    old: BTreeSet<String>,
    screens: usize,
}

impl Check {
    fn screen(&mut self, app: &App, what: &str) {
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = text(app, w, h);
            // A form's field labels are words, not keys (the "End" of an event).
            let fields: Vec<&str> = match &app.mode {
                Mode::Form(form) => form.fields.iter().map(|f| f.label).collect(),
                _ => Vec::new(),
            };
            for label in &self.old {
                // Digits are numbers on screen too; "a" is a word.
                if label.chars().all(|c| c.is_ascii_digit())
                    || label == "a"
                    || fields.contains(&label.as_str())
                {
                    continue;
                }
                if let Some(line) = named(&screen, label) {
                    panic!("{what} at {w}×{h} names the old key {label:?}:\n{line}\n\n{screen}");
                }
            }
            let names_a_new_key = screen
                .as_bytes()
                .windows(2)
                .any(|w| w[0] == b'F' && w[1].is_ascii_digit());
            assert!(
                names_a_new_key,
                "{what} at {w}×{h} names no key at all:\n{screen}"
            );
            self.screens += 1;
        }
    }
}

fn app_on(store: Store) -> App {
    let mut app = App::new(store, now(), Zone::Fixed(*now().offset())).unwrap();
    app.keys = remapped();
    // Paths the dialogs offer come from here, not the home of whoever runs
    // the tests.
    app.places = Some(tandem::tui::files::Places {
        cwd: "/nonexistent/work".into(),
        home: Some("/nonexistent".into()),
        also: Vec::new(),
    });
    app
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

#[test]
fn no_screen_names_a_key_the_keymap_does_not_bind() {
    let mut check = Check {
        old: old_labels(),
        screens: 0,
    };
    let (_dir, store) = store();
    let mut app = app_on(store);
    for tab in Tab::ALL {
        app.update(Action::GoTab(tab));
        check.screen(&app, &format!("the {} tab", tab.title()));
        app.update(Action::Focus);
        check.screen(&app, &format!("the detail on {}", tab.title()));
        app.update(Action::Back);
        app.update(Action::Filter);
        type_text(&mut app, "zzz");
        check.screen(
            &app,
            &format!("a filter matching nothing on {}", tab.title()),
        );
        app.update(Action::Focus);
        check.screen(&app, "a kept filter");
        app.update(Action::Back);
        // Every field of the form for a new record, and for the record.
        for open in [Action::New, Action::Edit] {
            app.update(open);
            let Mode::Form(form) = &app.mode else {
                panic!("no form on {}", tab.title());
            };
            for i in 0..form.fields.len() {
                check.screen(&app, &format!("field {i} of a form on {}", tab.title()));
                app.update(Action::NextField);
            }
            // Ctrl-E on a choice field says where it works.
            let Mode::Form(form) = &app.mode else {
                unreachable!()
            };
            if let Some(choice) = form
                .fields
                .iter()
                .position(|f| matches!(f.input, Input::Choice { .. }))
            {
                while !matches!(&app.mode, Mode::Form(f) if f.focus == choice) {
                    app.update(Action::NextField);
                }
                app.update(Action::OpenEditor);
                check.screen(&app, "the editor refused on a choice field");
            }
            app.update(Action::Back);
            if matches!(app.mode, Mode::Confirm(_)) {
                check.screen(&app, "discarding a form");
                app.update(Action::Yes);
            }
        }
        app.update(Action::Delete);
        check.screen(&app, &format!("deleting on {}", tab.title()));
        app.update(Action::Yes);
        check.screen(&app, "what was deleted, and how to bring it back");
        app.update(Action::Undo);
    }
    app.update(Action::GoTab(Tab::Goals));
    app.update(Action::Help);
    for page in 0..12 {
        check.screen(&app, &format!("page {page} of the help"));
        for _ in 0..30 {
            app.update(Action::Down);
        }
    }
    app.update(Action::Back);
    app.update(Action::GoTab(Tab::Journal));
    for (open, what) in [
        (Action::OpenActions, "the open actions"),
        (Action::Brief, "the brief"),
        (Action::ShareExport, "writing a bundle"),
        (Action::ShareImport, "importing a bundle"),
    ] {
        app.update(open);
        check.screen(&app, what);
        app.update(Action::Back);
    }
    // The check-in, step by step.
    app.update(Action::CheckIn);
    for step in 0..10 {
        check.screen(&app, &format!("step {step} of the check-in"));
        app.update(Action::NextField);
    }
    app.update(Action::Back);
    if matches!(app.mode, Mode::Confirm(_)) {
        app.update(Action::Yes);
    }

    // Empty lists say how to fill them; the first start asks who you are.
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(Store::open(dir.path()).unwrap());
    check.screen(&app, "the first start");
    type_text(&mut app, "Bo");
    app.update(Action::Save);
    check.screen(&app, "the welcome");
    for tab in Tab::ALL {
        app.update(Action::GoTab(tab));
        check.screen(&app, &format!("the empty {} tab", tab.title()));
        app.update(Action::Edit);
        check.screen(&app, "nothing selected to edit");
    }
    assert!(check.screens > 150, "{} screens", check.screens);
}
