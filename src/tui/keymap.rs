//! The one keymap: for every mode, which keys do what. The app's behaviour,
//! the footer hints and the `?` help are all read from these tables, so they
//! cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::tabs::Tab;

/// The key tables, one per mode of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyMode {
    /// Moving in a tab's list.
    List,
    /// In the detail pane: picking a milestone or an action.
    Detail,
    /// Typing a filter.
    Filter,
    Form,
    Confirm,
    Help,
    /// The overlay of open actions.
    Actions,
    /// The weekly check-in wizard.
    CheckIn,
    /// The pre-meeting brief.
    Brief,
}

impl KeyMode {
    pub const ALL: [KeyMode; 9] = [
        KeyMode::List,
        KeyMode::Detail,
        KeyMode::Filter,
        KeyMode::Form,
        KeyMode::Confirm,
        KeyMode::Help,
        KeyMode::Actions,
        KeyMode::CheckIn,
        KeyMode::Brief,
    ];

    pub fn title(self) -> &'static str {
        match self {
            KeyMode::List => "Lists",
            KeyMode::Detail => "Detail pane",
            KeyMode::Filter => "Filter",
            KeyMode::Form => "Forms",
            KeyMode::Confirm => "Confirm",
            KeyMode::Help => "Help",
            KeyMode::Actions => "Open actions",
            KeyMode::CheckIn => "Weekly check-in",
            KeyMode::Brief => "Brief",
        }
    }
}

/// A key: a code with modifiers (Shift is folded into characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

impl Key {
    /// The key of a terminal event, with Shift folded into the character.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let code = match ev.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            // Some terminals send Shift-Tab as BackTab with SHIFT, others as Tab with SHIFT.
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Key { code, ctrl }
    }

    /// How the key is written in hints and help.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Backspace => "Backspace".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// One line of the keymap.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// Short words for the footer; empty keeps it out of the footer.
    pub hint: &'static str,
    /// What it does, for the help overlay.
    pub help: &'static str,
    /// The tabs it works in (empty: all of them).
    pub tabs: &'static [Tab],
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    hint: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        hint,
        help,
        tabs: &[],
    }
}

const fn on(tabs: &'static [Tab], b: Binding) -> Binding {
    Binding { tabs, ..b }
}

const DOWN: Binding = bind(
    &[ch('j'), code(KeyCode::Down)],
    Action::Down,
    "",
    "Move down",
);
const UP: Binding = bind(&[ch('k'), code(KeyCode::Up)], Action::Up, "", "Move up");
const TOP: Binding = bind(
    &[ch('g'), code(KeyCode::Home)],
    Action::Top,
    "",
    "First item",
);
const BOTTOM: Binding = bind(
    &[ch('G'), code(KeyCode::End)],
    Action::Bottom,
    "",
    "Last item",
);
const PAGE_UP: Binding = bind(
    &[code(KeyCode::PageUp), ctrl('u')],
    Action::PageUp,
    "",
    "Page up",
);
const PAGE_DOWN: Binding = bind(
    &[code(KeyCode::PageDown), ctrl('d')],
    Action::PageDown,
    "",
    "Page down",
);
const UNDO: Binding = bind(&[ch('u')], Action::Undo, "undo", "Undo the last change");
const HELP: Binding = bind(&[ch('?')], Action::Help, "help", "All keys");
const NUDGE_UP: Binding = on(
    &[Tab::Goals],
    bind(&[ch('+'), ch('=')], Action::NudgeUp, "+5%", "Progress +5 %"),
);
const NUDGE_DOWN: Binding = on(
    &[Tab::Goals],
    bind(&[ch('-')], Action::NudgeDown, "-5%", "Progress −5 %"),
);

const LIST: &[Binding] = &[
    DOWN,
    UP,
    TOP,
    BOTTOM,
    PAGE_UP,
    PAGE_DOWN,
    bind(
        &[code(KeyCode::Enter)],
        Action::Focus,
        "open",
        "Open the detail pane (tick milestones and actions there)",
    ),
    bind(&[ch('n')], Action::New, "new", "New record"),
    bind(&[ch('e')], Action::Edit, "edit", "Edit the selected record"),
    bind(
        &[ch('d')],
        Action::Delete,
        "delete",
        "Delete the selected record (asks first)",
    ),
    UNDO,
    NUDGE_UP,
    NUDGE_DOWN,
    on(
        &[Tab::Goals],
        bind(
            &[ch('s')],
            Action::CycleStatus,
            "status",
            "Next status: active, paused, achieved, dropped",
        ),
    ),
    on(
        &[Tab::Journal],
        bind(
            &[ch('a')],
            Action::OpenActions,
            "open actions",
            "All open actions across meetings, overdue first",
        ),
    ),
    on(
        &[Tab::Reflections],
        bind(
            &[ch('v')],
            Action::ToggleVisibility,
            "private/shared",
            "Make the reflection shared or private",
        ),
    ),
    bind(
        &[ch('c')],
        Action::CheckIn,
        "check-in",
        "This week's check-in",
    ),
    bind(
        &[ch('b')],
        Action::Brief,
        "brief",
        "The brief for the next meeting",
    ),
    bind(
        &[ch('S')],
        Action::ShareExport,
        "",
        "Share: write a bundle for your partner",
    ),
    bind(
        &[ch('I')],
        Action::ShareImport,
        "",
        "Import your partner's bundle",
    ),
    bind(
        &[ch('/')],
        Action::Filter,
        "filter",
        "Filter the list as you type",
    ),
    bind(
        &[code(KeyCode::Tab), ch('l'), code(KeyCode::Right)],
        Action::NextTab,
        "",
        "Next tab",
    ),
    bind(
        &[code(KeyCode::BackTab), ch('h'), code(KeyCode::Left)],
        Action::PrevTab,
        "",
        "Previous tab",
    ),
    bind(&[ch('1')], Action::GoTab(Tab::Goals), "", "Goals tab"),
    bind(&[ch('2')], Action::GoTab(Tab::Journal), "", "Journal tab"),
    bind(
        &[ch('3')],
        Action::GoTab(Tab::Reflections),
        "",
        "Reflections tab",
    ),
    bind(
        &[ch('4')],
        Action::GoTab(Tab::Consultations),
        "",
        "Consultations tab",
    ),
    bind(&[code(KeyCode::Esc)], Action::Back, "", "Clear the filter"),
    HELP,
    bind(&[ch('q')], Action::Quit, "quit", "Quit"),
];

const DETAIL: &[Binding] = &[
    DOWN,
    UP,
    TOP,
    BOTTOM,
    bind(
        &[ch(' '), code(KeyCode::Enter)],
        Action::Toggle,
        "tick",
        "Tick or untick the selected milestone or action",
    ),
    bind(&[ch('e')], Action::Edit, "edit", "Edit the record"),
    bind(&[ch('c')], Action::CheckIn, "", "This week's check-in"),
    bind(
        &[ch('b')],
        Action::Brief,
        "",
        "The brief for the next meeting",
    ),
    UNDO,
    NUDGE_UP,
    NUDGE_DOWN,
    bind(
        &[code(KeyCode::Esc), ch('q')],
        Action::Back,
        "back",
        "Back to the list",
    ),
    HELP,
];

const FILTER: &[Binding] = &[
    bind(
        &[code(KeyCode::Enter)],
        Action::Focus,
        "keep filter",
        "Keep the filter and go back to the list",
    ),
    bind(
        &[code(KeyCode::Esc)],
        Action::Back,
        "clear",
        "Clear the filter",
    ),
    bind(&[code(KeyCode::Down)], Action::Down, "", "Move down"),
    bind(&[code(KeyCode::Up)], Action::Up, "", "Move up"),
];

const FORM: &[Binding] = &[
    bind(
        &[code(KeyCode::Tab)],
        Action::NextField,
        "next field",
        "Next field (Enter too, in a one-line field)",
    ),
    bind(
        &[code(KeyCode::BackTab)],
        Action::PrevField,
        "previous",
        "Previous field",
    ),
    bind(&[ctrl('s')], Action::Save, "save", "Save, from any field"),
    bind(
        &[ctrl('e')],
        Action::OpenEditor,
        "$EDITOR",
        "Write the field in $EDITOR",
    ),
    bind(
        &[ctrl('n')],
        Action::ChoiceNext,
        "",
        "Next choice (→ too, in a choice field)",
    ),
    bind(
        &[ctrl('p')],
        Action::ChoicePrev,
        "",
        "Previous choice (← too, in a choice field)",
    ),
    bind(
        &[code(KeyCode::Esc)],
        Action::Back,
        "cancel",
        "Cancel (asks first if something was typed)",
    ),
];

const CONFIRM: &[Binding] = &[
    bind(&[ch('y'), code(KeyCode::Enter)], Action::Yes, "yes", "Yes"),
    bind(&[ch('n'), code(KeyCode::Esc)], Action::No, "no", "No"),
];

const HELP_MODE: &[Binding] = &[
    DOWN,
    UP,
    bind(
        &[code(KeyCode::Esc), ch('?'), ch('q')],
        Action::Back,
        "close",
        "Close the help",
    ),
];

const ACTIONS: &[Binding] = &[
    DOWN,
    UP,
    TOP,
    BOTTOM,
    bind(
        &[ch(' '), code(KeyCode::Enter)],
        Action::Toggle,
        "tick",
        "Mark the selected action done",
    ),
    UNDO,
    bind(
        &[code(KeyCode::Esc), ch('q'), ch('a')],
        Action::Back,
        "close",
        "Close",
    ),
];

const CHECK_IN: &[Binding] = &[
    bind(
        &[code(KeyCode::Enter)],
        Action::Accept,
        "next",
        "Accept this step and go on (on the summary: save)",
    ),
    bind(
        &[code(KeyCode::BackTab), code(KeyCode::Up)],
        Action::PrevField,
        "back",
        "Back a field or a step (Backspace too, on an empty field)",
    ),
    bind(
        &[code(KeyCode::Tab), code(KeyCode::Down)],
        Action::NextField,
        "",
        "Next field of a goal: progress, state, note",
    ),
    bind(
        &[code(KeyCode::Left)],
        Action::ChoicePrev,
        "",
        "Less: progress −5, mood or energy −1, previous state (h too)",
    ),
    bind(
        &[code(KeyCode::Right)],
        Action::ChoiceNext,
        "",
        "More: progress +5, mood or energy +1, next state (l too)",
    ),
    bind(
        &[ctrl('s')],
        Action::Save,
        "save",
        "Save now, from any step",
    ),
    bind(
        &[code(KeyCode::Esc)],
        Action::Back,
        "cancel",
        "Cancel (asks first if something changed)",
    ),
];

const BRIEF: &[Binding] = &[
    DOWN,
    UP,
    PAGE_UP,
    PAGE_DOWN,
    bind(
        &[code(KeyCode::Esc), ch('q'), ch('b')],
        Action::Back,
        "close",
        "Close the brief",
    ),
];

/// The bindings of `mode`.
pub fn bindings(mode: KeyMode) -> &'static [Binding] {
    match mode {
        KeyMode::List => LIST,
        KeyMode::Detail => DETAIL,
        KeyMode::Filter => FILTER,
        KeyMode::Form => FORM,
        KeyMode::Confirm => CONFIRM,
        KeyMode::Help => HELP_MODE,
        KeyMode::Actions => ACTIONS,
        KeyMode::CheckIn => CHECK_IN,
        KeyMode::Brief => BRIEF,
    }
}

impl Binding {
    pub fn applies_to(&self, tab: Tab) -> bool {
        self.tabs.is_empty() || self.tabs.contains(&tab)
    }
}

/// The action `ev` stands for in `mode` on `tab`, if any.
pub fn action_for(mode: KeyMode, tab: Tab, ev: &KeyEvent) -> Option<Action> {
    let key = Key::from_event(ev);
    bindings(mode)
        .iter()
        .find(|b| b.applies_to(tab) && b.keys.contains(&key))
        .map(|b| b.action.clone())
}

/// The footer: "key hint" pairs for what works now.
pub fn hints(mode: KeyMode, tab: Tab) -> Vec<(String, &'static str)> {
    bindings(mode)
        .iter()
        .filter(|b| !b.hint.is_empty() && b.applies_to(tab))
        .map(|b| (b.keys[0].label(), b.hint))
        .collect()
}

/// The help: per mode, "keys — what it does" lines.
pub fn help() -> Vec<(KeyMode, Vec<(String, String)>)> {
    KeyMode::ALL
        .into_iter()
        .map(|mode| {
            let lines = bindings(mode)
                .iter()
                .map(|b| {
                    let keys = b
                        .keys
                        .iter()
                        .map(|k| k.label())
                        .collect::<Vec<_>>()
                        .join(" ");
                    let only = if b.tabs.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " ({})",
                            b.tabs
                                .iter()
                                .map(|t| t.title())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    (keys, format!("{}{only}", b.help))
                })
                .collect();
            (mode, lines)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn no_two_bindings_in_one_mode_share_a_key() {
        for mode in KeyMode::ALL {
            for tab in Tab::ALL {
                let mut seen: HashMap<Key, Action> = HashMap::new();
                for b in bindings(mode).iter().filter(|b| b.applies_to(tab)) {
                    for key in b.keys {
                        if let Some(other) = seen.insert(*key, b.action.clone()) {
                            panic!(
                                "{mode:?}/{tab:?}: {} is bound to {other:?} and {:?}",
                                key.label(),
                                b.action
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_binding_has_help_text() {
        for mode in KeyMode::ALL {
            for b in bindings(mode).iter() {
                assert!(!b.help.is_empty(), "{mode:?} {:?} has no help", b.action);
            }
        }
    }

    #[test]
    fn vim_keys_and_arrows_both_move() {
        let press = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);
        for tab in Tab::ALL {
            assert_eq!(
                action_for(KeyMode::List, tab, &press(KeyCode::Char('j'))),
                Some(Action::Down)
            );
            assert_eq!(
                action_for(KeyMode::List, tab, &press(KeyCode::Down)),
                Some(Action::Down)
            );
            assert_eq!(
                action_for(KeyMode::List, tab, &press(KeyCode::Char('k'))),
                Some(Action::Up)
            );
            assert_eq!(
                action_for(KeyMode::List, tab, &press(KeyCode::Up)),
                Some(Action::Up)
            );
        }
    }

    #[test]
    fn tab_specific_keys_only_work_on_their_tab() {
        let v = KeyEvent::new(KeyCode::Char('v'), KeyModifiers::NONE);
        assert_eq!(
            action_for(KeyMode::List, Tab::Reflections, &v),
            Some(Action::ToggleVisibility)
        );
        assert_eq!(action_for(KeyMode::List, Tab::Goals, &v), None);
        let hints = hints(KeyMode::List, Tab::Goals);
        assert!(hints.iter().any(|(_, h)| *h == "+5%"));
        assert!(!hints.iter().any(|(_, h)| *h == "private/shared"));
    }

    #[test]
    fn shift_tab_arrives_either_way() {
        let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        let tab_shift = KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT);
        assert_eq!(
            action_for(KeyMode::List, Tab::Goals, &back),
            Some(Action::PrevTab)
        );
        assert_eq!(
            action_for(KeyMode::List, Tab::Goals, &tab_shift),
            Some(Action::PrevTab)
        );
        assert_eq!(
            action_for(KeyMode::Form, Tab::Goals, &tab_shift),
            Some(Action::PrevField)
        );
    }
}
