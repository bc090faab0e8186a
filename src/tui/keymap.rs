//! The one keymap: for every mode, which keys do what. The app's behaviour,
//! the footer hints and the `?` help are all read from these tables, so they
//! cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::tabs::Tab;

/// The key tables, one per mode of the app. Some modes add to another:
/// a form's choice field has keys of its own besides the form's (see
/// [`crate::tui::app::App::key_modes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyMode {
    /// Moving in a tab's list.
    List,
    /// In the detail pane: picking a milestone or an action.
    Detail,
    /// Typing a filter.
    Filter,
    Form,
    /// A form's choice field (kind, role, visibility, prompt).
    FormChoice,
    /// A form's one-line text field.
    FormLine,
    /// A form's field of options to tick (the goals a meeting was about).
    FormChecks,
    Confirm,
    Help,
    /// The overlay of open actions.
    Actions,
    /// The weekly check-in wizard.
    CheckIn,
    /// A step of the check-in that holds a value (progress, state, mood, energy).
    CheckInValue,
    /// The mood and energy steps of the check-in.
    CheckInScale,
    /// The pre-meeting brief.
    Brief,
    /// A small list to pick one from (a goal's status).
    Choose,
    /// Typing where to write a share bundle.
    ShareFile,
    /// Typing which share bundle to import.
    ImportFile,
    /// A mentor's first screen: their mentees.
    Mentees,
    /// The pair's talking points.
    Points,
    /// Typing a new talking point.
    PointsInput,
    /// Keys that work everywhere.
    Global,
}

impl KeyMode {
    pub const ALL: [KeyMode; 21] = [
        KeyMode::List,
        KeyMode::Detail,
        KeyMode::Filter,
        KeyMode::Form,
        KeyMode::FormChoice,
        KeyMode::FormLine,
        KeyMode::FormChecks,
        KeyMode::Confirm,
        KeyMode::Help,
        KeyMode::Actions,
        KeyMode::CheckIn,
        KeyMode::CheckInValue,
        KeyMode::CheckInScale,
        KeyMode::Brief,
        KeyMode::Choose,
        KeyMode::ShareFile,
        KeyMode::ImportFile,
        KeyMode::Mentees,
        KeyMode::Points,
        KeyMode::PointsInput,
        KeyMode::Global,
    ];

    pub fn title(self) -> &'static str {
        match self {
            KeyMode::List => "Lists",
            KeyMode::Detail => "Detail pane",
            KeyMode::Filter => "Filter",
            KeyMode::Form => "Forms",
            KeyMode::FormChoice => "Forms: in a choice field",
            KeyMode::FormLine => "Forms: in a one-line field",
            KeyMode::FormChecks => "Forms: in a list to tick",
            KeyMode::Confirm => "Confirm",
            KeyMode::Help => "Help",
            KeyMode::Actions => "Open actions",
            KeyMode::CheckIn => "Weekly check-in",
            KeyMode::CheckInValue => "Weekly check-in: on a value",
            KeyMode::CheckInScale => "Weekly check-in: mood and energy",
            KeyMode::Brief => "Brief",
            KeyMode::Choose => "Choosing",
            KeyMode::ShareFile => "Writing a bundle",
            KeyMode::ImportFile => "Importing a bundle",
            KeyMode::Mentees => "Your mentees",
            KeyMode::Points => "Talking points",
            KeyMode::PointsInput => "Talking points: typing a new one",
            KeyMode::Global => "Everywhere",
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
            other => other.to_string(),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// One line of the key tables as written below: keys, action, the words of
/// the footer and of the help, the tabs it works in.
#[derive(Debug, Clone)]
struct Line {
    keys: &'static [Key],
    action: Action,
    /// Short words for the footer; empty keeps it out of the footer.
    hint: &'static str,
    /// What it does, for the help overlay.
    help: &'static str,
    /// The tabs it works in (empty: all of them).
    tabs: &'static [Tab],
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    hint: &'static str,
    help: &'static str,
) -> Line {
    Line {
        keys,
        action,
        hint,
        help,
        tabs: &[],
    }
}

const fn on(tabs: &'static [Tab], b: Line) -> Line {
    Line { tabs, ..b }
}

const DOWN: Line = bind(
    &[ch('j'), code(KeyCode::Down)],
    Action::Down,
    "",
    "Move down",
);
const UP: Line = bind(&[ch('k'), code(KeyCode::Up)], Action::Up, "", "Move up");
const TOP: Line = bind(
    &[ch('g'), code(KeyCode::Home)],
    Action::Top,
    "",
    "First item",
);
const BOTTOM: Line = bind(
    &[ch('G'), code(KeyCode::End)],
    Action::Bottom,
    "",
    "Last item",
);
const PAGE_UP: Line = bind(
    &[code(KeyCode::PageUp), ctrl('u')],
    Action::PageUp,
    "",
    "Page up",
);
const PAGE_DOWN: Line = bind(
    &[code(KeyCode::PageDown), ctrl('d')],
    Action::PageDown,
    "",
    "Page down",
);
const UNDO: Line = bind(&[ch('u')], Action::Undo, "undo", "Undo the last change");
const HELP: Line = bind(&[ch('?')], Action::Help, "help", "All keys");
const NUDGE_UP: Line = on(
    &[Tab::Goals],
    bind(&[ch('+'), ch('=')], Action::NudgeUp, "+5%", "Progress +5 %"),
);
const NUDGE_DOWN: Line = on(
    &[Tab::Goals],
    bind(&[ch('-')], Action::NudgeDown, "-5%", "Progress −5 %"),
);

/// The list's keys before the ones that go to a tab by its number.
const LIST: &[Line] = &[
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
            "Set the goal's status (asks which one)",
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
        &[ch('t')],
        Action::Points,
        "agenda",
        "Talking points for the next meeting: raise one, tick one discussed",
    ),
    bind(
        &[ch('m')],
        Action::Mentees,
        "mentees",
        "A mentor's mentees at a glance: pick whose pair to work on",
    ),
    bind(
        &[ch('p')],
        Action::NextPair,
        "next pair",
        "A mentor's next mentee: every tab, the brief and sharing follow",
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
];

/// The list's keys after the ones that go to a tab by its number.
const LIST_END: &[Line] = &[
    bind(&[code(KeyCode::Esc)], Action::Back, "", "Clear the filter"),
    HELP,
    bind(&[ch('q')], Action::Quit, "quit", "Quit"),
];

/// The keys that go to a tab by its number: 1 for the first, and so on.
const TAB_KEYS: [Key; 9] = [
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

const DETAIL: &[Line] = &[
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
    bind(&[ch('n')], Action::New, "", "New record"),
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

const FILTER: &[Line] = &[
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

const FORM: &[Line] = &[
    bind(
        &[code(KeyCode::Tab)],
        Action::NextField,
        "next field",
        "Next field",
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
    bind(&[ctrl('n')], Action::ChoiceNext, "", "Next choice"),
    bind(&[ctrl('p')], Action::ChoicePrev, "", "Previous choice"),
    bind(
        &[code(KeyCode::Esc)],
        Action::Back,
        "cancel",
        "Cancel (asks first if something was typed)",
    ),
];

const FORM_CHOICE: &[Line] = &[
    bind(
        &[code(KeyCode::Left), ch('h')],
        Action::ChoicePrev,
        "",
        "Previous choice",
    ),
    bind(
        &[code(KeyCode::Right), ch('l'), ch(' ')],
        Action::ChoiceNext,
        "",
        "Next choice",
    ),
    bind(&[code(KeyCode::Enter)], Action::NextField, "", "Next field"),
];

const FORM_LINE: &[Line] = &[bind(
    &[code(KeyCode::Enter)],
    Action::NextField,
    "",
    "Next field",
)];

const FORM_CHECKS: &[Line] = &[
    bind(&[ch(' ')], Action::Toggle, "", "Tick or untick the option"),
    bind(
        &[code(KeyCode::Up), code(KeyCode::Left), ch('k'), ch('h')],
        Action::ChoicePrev,
        "",
        "Previous option",
    ),
    bind(
        &[code(KeyCode::Down), code(KeyCode::Right), ch('j'), ch('l')],
        Action::ChoiceNext,
        "",
        "Next option",
    ),
    bind(&[code(KeyCode::Enter)], Action::NextField, "", "Next field"),
];

const CONFIRM: &[Line] = &[
    bind(&[ch('y'), code(KeyCode::Enter)], Action::Yes, "yes", "Yes"),
    bind(&[ch('n'), code(KeyCode::Esc)], Action::No, "no", "No"),
];

const HELP_MODE: &[Line] = &[
    DOWN,
    UP,
    PAGE_UP,
    PAGE_DOWN,
    TOP,
    BOTTOM,
    bind(
        &[code(KeyCode::Esc), ch('?'), ch('q')],
        Action::Back,
        "close",
        "Close the help",
    ),
];

const ACTIONS: &[Line] = &[
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

const CHECK_IN: &[Line] = &[
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
        "Back a field or a step",
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
        "Less: progress −5, mood or energy −1, previous state",
    ),
    bind(
        &[code(KeyCode::Right)],
        Action::ChoiceNext,
        "",
        "More: progress +5, mood or energy +1, next state",
    ),
    bind(
        &[code(KeyCode::Backspace)],
        Action::Erase,
        "",
        "Delete a character; on an empty field, back a step",
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

const CHECK_IN_VALUE: &[Line] = &[
    bind(&[ch('h')], Action::ChoicePrev, "", "Less"),
    bind(&[ch('l')], Action::ChoiceNext, "", "More"),
];

const CHECK_IN_SCALE: &[Line] = &[
    bind(&[ch('1')], Action::Pick(1), "", "1: very low"),
    bind(&[ch('2')], Action::Pick(2), "", "2: low"),
    bind(&[ch('3')], Action::Pick(3), "", "3: okay"),
    bind(&[ch('4')], Action::Pick(4), "", "4: good"),
    bind(&[ch('5')], Action::Pick(5), "", "5: great"),
];

const BRIEF: &[Line] = &[
    DOWN,
    UP,
    PAGE_UP,
    PAGE_DOWN,
    TOP,
    BOTTOM,
    bind(
        &[code(KeyCode::Esc), ch('q'), ch('b')],
        Action::Back,
        "close",
        "Close the brief",
    ),
];

const MENTEES: &[Line] = &[
    DOWN,
    UP,
    TOP,
    BOTTOM,
    bind(
        &[code(KeyCode::Enter)],
        Action::Accept,
        "open pair",
        "Work on this mentee's pair: every tab, the brief and sharing",
    ),
    bind(
        &[code(KeyCode::Esc)],
        Action::Back,
        "back",
        "Back to the tabs, on the pair shown before",
    ),
    HELP,
    bind(&[ch('q')], Action::Quit, "quit", "Quit"),
];

const POINTS: &[Line] = &[
    DOWN,
    UP,
    TOP,
    BOTTOM,
    bind(
        &[ch('n')],
        Action::New,
        "raise",
        "Raise a new talking point",
    ),
    bind(
        &[ch(' '), code(KeyCode::Enter)],
        Action::Toggle,
        "discussed",
        "Tick the point as discussed (yours or your partner's)",
    ),
    bind(
        &[ch('d')],
        Action::Delete,
        "delete",
        "Delete a point you raised",
    ),
    UNDO,
    bind(
        &[code(KeyCode::Esc), ch('q'), ch('t')],
        Action::Back,
        "close",
        "Close",
    ),
];

const POINTS_INPUT: &[Line] = &[
    bind(
        &[code(KeyCode::Enter), ctrl('s')],
        Action::Accept,
        "save",
        "Save the point (your partner sees it once you share)",
    ),
    bind(
        &[code(KeyCode::Esc)],
        Action::Back,
        "cancel",
        "Leave it unsaved",
    ),
];

const CHOOSE: &[Line] = &[
    DOWN,
    UP,
    bind(
        &[code(KeyCode::Enter)],
        Action::Accept,
        "choose",
        "Choose this one",
    ),
    bind(
        &[code(KeyCode::Esc), ch('q')],
        Action::Back,
        "cancel",
        "Change nothing",
    ),
];

/// What the share and import dialogs share: a path is typed, so letters
/// are text and only arrows move.
const FILE_TAB: Line = bind(
    &[code(KeyCode::Tab)],
    Action::Complete,
    "complete",
    "Complete the path (when several fit, list them)",
);
const FILE_DOWN: Line = bind(
    &[code(KeyCode::Down)],
    Action::Down,
    "",
    "Pick the next path below",
);
const FILE_UP: Line = bind(
    &[code(KeyCode::Up)],
    Action::Up,
    "",
    "Pick the previous path",
);
const FILE_ESC: Line = bind(
    &[code(KeyCode::Esc)],
    Action::Back,
    "cancel",
    "Close without writing or importing",
);

const SHARE_FILE: &[Line] = &[
    bind(
        &[code(KeyCode::Enter), ctrl('s')],
        Action::Accept,
        "write",
        "Write the bundle there (asks before replacing a file)",
    ),
    FILE_TAB,
    FILE_DOWN,
    FILE_UP,
    FILE_ESC,
];

const IMPORT_FILE: &[Line] = &[
    bind(
        &[code(KeyCode::Enter), ctrl('s')],
        Action::Accept,
        "import",
        "Import that bundle (on a folder: show what is in it)",
    ),
    FILE_TAB,
    FILE_DOWN,
    FILE_UP,
    FILE_ESC,
];

const GLOBAL: &[Line] = &[bind(
    &[ctrl('c')],
    Action::Quit,
    "",
    "Quit (asks first if a form or the check-in holds something unsaved)",
)];

/// The table of `mode` as written above.
fn table(mode: KeyMode) -> &'static [Line] {
    match mode {
        KeyMode::List => LIST,
        KeyMode::Detail => DETAIL,
        KeyMode::Filter => FILTER,
        KeyMode::Form => FORM,
        KeyMode::FormChoice => FORM_CHOICE,
        KeyMode::FormLine => FORM_LINE,
        KeyMode::FormChecks => FORM_CHECKS,
        KeyMode::Confirm => CONFIRM,
        KeyMode::Help => HELP_MODE,
        KeyMode::Actions => ACTIONS,
        KeyMode::CheckIn => CHECK_IN,
        KeyMode::CheckInValue => CHECK_IN_VALUE,
        KeyMode::CheckInScale => CHECK_IN_SCALE,
        KeyMode::Brief => BRIEF,
        KeyMode::Choose => CHOOSE,
        KeyMode::ShareFile => SHARE_FILE,
        KeyMode::ImportFile => IMPORT_FILE,
        KeyMode::Mentees => MENTEES,
        KeyMode::Points => POINTS,
        KeyMode::PointsInput => POINTS_INPUT,
        KeyMode::Global => GLOBAL,
    }
}

/// One binding of the keymap: keys, what they do, and the words for them.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    /// Short words for the footer; empty keeps it out of the footer.
    pub hint: String,
    /// What it does, for the help overlay.
    pub help: String,
    /// The tabs it works in (empty: all of them).
    pub tabs: Vec<Tab>,
}

impl Binding {
    pub fn applies_to(&self, tab: Tab) -> bool {
        self.tabs.is_empty() || self.tabs.contains(&tab)
    }
}

impl From<&Line> for Binding {
    fn from(l: &Line) -> Binding {
        Binding {
            keys: l.keys.to_vec(),
            action: l.action.clone(),
            hint: l.hint.to_string(),
            help: l.help.to_string(),
            tabs: l.tabs.to_vec(),
        }
    }
}

/// The keymap: per mode, the bindings in the order the help lists them.
/// Every key the app reacts to is here, and every key named on screen is
/// named from here, so that a remapped key changes the word everywhere.
#[derive(Debug, Clone)]
pub struct Keymap {
    modes: Vec<(KeyMode, Vec<Binding>)>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let modes =
            KeyMode::ALL
                .into_iter()
                .map(|mode| {
                    let mut bindings: Vec<Binding> =
                        table(mode).iter().map(Binding::from).collect();
                    if matches!(mode, KeyMode::List | KeyMode::Detail) {
                        // A tab by its number, for as many tabs as there are.
                        bindings.extend(Tab::ALL.into_iter().zip(TAB_KEYS).map(|(tab, key)| {
                            Binding {
                                keys: vec![key],
                                action: Action::GoTab(tab),
                                hint: String::new(),
                                help: format!("{} tab", tab.title()),
                                tabs: Vec::new(),
                            }
                        }));
                    }
                    if mode == KeyMode::List {
                        bindings.extend(LIST_END.iter().map(Binding::from));
                    }
                    (mode, bindings)
                })
                .collect();
        Keymap { modes }
    }
}

impl Keymap {
    /// The bindings of `mode`.
    pub fn bindings(&self, mode: KeyMode) -> &[Binding] {
        self.modes
            .iter()
            .find(|(m, _)| *m == mode)
            .map_or(&[], |(_, b)| b.as_slice())
    }

    /// Every binding, to change keys (a configuration, a test).
    pub fn bindings_mut(&mut self) -> impl Iterator<Item = (KeyMode, &mut Binding)> {
        self.modes
            .iter_mut()
            .flat_map(|(mode, bindings)| bindings.iter_mut().map(move |b| (*mode, b)))
    }

    /// The action `ev` stands for on `tab` in the first of `modes` (the
    /// most particular first) that binds it.
    pub fn action_for(&self, modes: &[KeyMode], tab: Tab, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        modes.iter().find_map(|mode| {
            self.bindings(*mode)
                .iter()
                .find(|b| b.applies_to(tab) && b.keys.contains(&key))
                .map(|b| b.action.clone())
        })
    }

    /// The footer: key, action and words for what works now, the keys of
    /// every tab before a tab's own (so that the footer keeps the same keys
    /// on every tab when room is short).
    pub fn hints(&self, mode: KeyMode, tab: Tab) -> Vec<(String, Action, &str)> {
        let mut hints: Vec<(bool, String, Action, &str)> = self
            .bindings(mode)
            .iter()
            .filter(|b| !b.hint.is_empty() && b.applies_to(tab))
            .filter_map(|b| {
                Some((
                    !b.tabs.is_empty(),
                    b.keys.first()?.label(),
                    b.action.clone(),
                    b.hint.as_str(),
                ))
            })
            .collect();
        hints.sort_by_key(|h| h.0);
        hints.into_iter().map(|(_, k, a, w)| (k, a, w)).collect()
    }

    /// How the first key bound to `action` is written, in the first of
    /// `modes` that binds it; "?" when none does.
    pub fn label_in(&self, modes: &[KeyMode], action: &Action) -> String {
        modes
            .iter()
            .find_map(|mode| {
                self.bindings(*mode)
                    .iter()
                    .find(|b| b.action == *action)
                    .and_then(|b| b.keys.first())
            })
            .map_or_else(|| "?".to_string(), |k| k.label())
    }

    /// How the first key bound to `action` in `mode` is written.
    pub fn label(&self, mode: KeyMode, action: &Action) -> String {
        self.label_in(&[mode], action)
    }

    /// Words naming the keys of `action`s in `mode`, as "key words" pairs
    /// in one line: `pairs(Confirm, &[(Yes, "yes"), (No, "no")])`.
    pub fn pairs(
        &self,
        modes: &[KeyMode],
        pairs: &[(Action, &'static str)],
    ) -> Vec<(String, &'static str)> {
        pairs
            .iter()
            .map(|(action, words)| (self.label_in(modes, action), *words))
            .collect()
    }

    /// `template` with each `{Action}` (an action's name, see
    /// [`Action::named`]) written as the key bound to it in the first of
    /// `modes` that binds it. Hints in forms and the wizard are written so.
    pub fn fill(&self, modes: &[KeyMode], template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after
                .find('}')
                .and_then(|close| Some((Action::named(&after[..close])?, close)))
            {
                Some((action, close)) => {
                    out.push_str(&self.label_in(modes, &action));
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The help: per mode, "keys — what it does" lines.
    pub fn help(&self) -> Vec<(KeyMode, Vec<(String, String)>)> {
        self.help_of(|_| true)
    }

    /// The help of the bindings whose action `keep` keeps.
    pub fn help_of(&self, keep: impl Fn(&Action) -> bool) -> Vec<(KeyMode, Vec<(String, String)>)> {
        self.modes
            .iter()
            .map(|(mode, bindings)| {
                let lines = bindings
                    .iter()
                    .filter(|b| keep(&b.action))
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
                (*mode, lines)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn action_for(mode: KeyMode, tab: Tab, ev: &KeyEvent) -> Option<Action> {
        Keymap::default().action_for(&[mode], tab, ev)
    }

    #[test]
    fn no_two_bindings_in_one_mode_share_a_key() {
        let keymap = Keymap::default();
        for mode in KeyMode::ALL {
            for tab in Tab::ALL {
                let mut seen: HashMap<Key, Action> = HashMap::new();
                for b in keymap.bindings(mode).iter().filter(|b| b.applies_to(tab)) {
                    for key in &b.keys {
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
        let keymap = Keymap::default();
        for mode in KeyMode::ALL {
            for b in keymap.bindings(mode) {
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
        let keymap = Keymap::default();
        let hints = keymap.hints(KeyMode::List, Tab::Goals);
        assert!(hints.iter().any(|(_, _, h)| *h == "+5%"));
        assert!(!hints.iter().any(|(_, _, h)| *h == "private/shared"));
    }

    #[test]
    fn every_tab_has_its_number() {
        let keymap = Keymap::default();
        for (i, tab) in Tab::ALL.into_iter().enumerate() {
            let digit = char::from(b'1' + i as u8);
            let press = KeyEvent::new(KeyCode::Char(digit), KeyModifiers::NONE);
            assert_eq!(
                keymap.action_for(&[KeyMode::List], tab, &press),
                Some(Action::GoTab(tab))
            );
        }
    }

    #[test]
    fn templates_name_the_keys_bound_now() {
        let mut keymap = Keymap::default();
        let modes = [KeyMode::FormChoice, KeyMode::Form];
        assert_eq!(
            keymap.fill(
                &modes,
                "{ChoicePrev}/{ChoiceNext} to choose, {OpenEditor}: {x} {"
            ),
            "←/→ to choose, Ctrl-E: {x} {"
        );
        for (_, b) in keymap.bindings_mut() {
            if b.action == Action::OpenEditor {
                b.keys = vec![Key {
                    code: KeyCode::F(7),
                    ctrl: false,
                }];
            }
        }
        assert_eq!(keymap.fill(&modes, "{OpenEditor}: $EDITOR"), "F7: $EDITOR");
        assert_eq!(keymap.label(KeyMode::Confirm, &Action::Save), "?");
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
