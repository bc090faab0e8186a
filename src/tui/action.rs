//! Everything the user can ask the app to do. Keys map to these through the
//! keymap; [`super::app::App::update`] is the only place they take effect.

use crossterm::event::KeyEvent;

/// The four tabs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Goals,
    Journal,
    Reflections,
    Consultations,
}

impl Tab {
    pub const ALL: [Tab; 4] = [
        Tab::Goals,
        Tab::Journal,
        Tab::Reflections,
        Tab::Consultations,
    ];

    pub fn index(self) -> usize {
        match self {
            Tab::Goals => 0,
            Tab::Journal => 1,
            Tab::Reflections => 2,
            Tab::Consultations => 3,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Goals => "Goals",
            Tab::Journal => "Journal",
            Tab::Reflections => "Reflections",
            Tab::Consultations => "Consultations",
        }
    }

    /// The name kept in the store for "the tab used last".
    pub fn key(self) -> &'static str {
        match self {
            Tab::Goals => "goals",
            Tab::Journal => "journal",
            Tab::Reflections => "reflections",
            Tab::Consultations => "consultations",
        }
    }

    pub fn from_key(key: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.key() == key)
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % 4]
    }

    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + 3) % 4]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Back out one level (close an overlay, leave the detail, clear a filter).
    Back,
    NextTab,
    PrevTab,
    GoTab(Tab),
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    /// Move into the detail pane, to tick milestones or actions.
    Focus,
    New,
    Edit,
    Delete,
    Undo,
    Help,
    Filter,
    /// Progress +5 / -5 on the selected goal.
    NudgeUp,
    NudgeDown,
    CycleStatus,
    /// Tick or untick the selected milestone or action.
    Toggle,
    ToggleVisibility,
    /// The overlay of all open actions across meetings.
    OpenActions,
    /// The weekly check-in wizard.
    CheckIn,
    /// The pre-meeting brief.
    Brief,
    /// Accept a step of the wizard and move on.
    Accept,
    /// Write a share bundle for the partner.
    ShareExport,
    /// Import the partner's share bundle.
    ShareImport,
    Yes,
    No,
    // Forms
    NextField,
    PrevField,
    Save,
    OpenEditor,
    ChoiceNext,
    ChoicePrev,
    /// A key typed into a text field or the filter.
    Type(KeyEvent),
}
