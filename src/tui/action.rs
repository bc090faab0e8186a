//! Everything the user can ask the app to do. Keys map to these through the
//! keymap; [`super::app::App::update`] is the only place they take effect.

use crossterm::event::KeyEvent;

use super::tabs::Tab;

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
    /// A mentor's mentees at a glance.
    Mentees,
    /// The next mentee's pair.
    NextPair,
    /// The pair's talking points.
    Points,
    /// The pre-meeting brief.
    Brief,
    /// Accept a step of the wizard and move on.
    Accept,
    /// Set the value of a step of the wizard (mood, energy) to this.
    Pick(u8),
    /// Delete a character, or on an empty field go back a step.
    Erase,
    /// Write a share bundle for the partner.
    ShareExport,
    /// Import the partner's share bundle.
    ShareImport,
    /// Complete the path typed so far (the share and import dialogs).
    Complete,
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

impl Action {
    /// The action called `name` (its variant's name, for the actions that
    /// carry nothing): how hints written as templates name keys, e.g.
    /// "{OpenEditor}: write it in $EDITOR" (see `Keymap::fill`).
    pub fn named(name: &str) -> Option<Action> {
        Some(match name {
            "Quit" => Action::Quit,
            "Back" => Action::Back,
            "NextTab" => Action::NextTab,
            "PrevTab" => Action::PrevTab,
            "Up" => Action::Up,
            "Down" => Action::Down,
            "Top" => Action::Top,
            "Bottom" => Action::Bottom,
            "PageUp" => Action::PageUp,
            "PageDown" => Action::PageDown,
            "Focus" => Action::Focus,
            "New" => Action::New,
            "Edit" => Action::Edit,
            "Delete" => Action::Delete,
            "Undo" => Action::Undo,
            "Help" => Action::Help,
            "Filter" => Action::Filter,
            "NudgeUp" => Action::NudgeUp,
            "NudgeDown" => Action::NudgeDown,
            "CycleStatus" => Action::CycleStatus,
            "Toggle" => Action::Toggle,
            "ToggleVisibility" => Action::ToggleVisibility,
            "OpenActions" => Action::OpenActions,
            "CheckIn" => Action::CheckIn,
            "Mentees" => Action::Mentees,
            "NextPair" => Action::NextPair,
            "Points" => Action::Points,
            "Brief" => Action::Brief,
            "Accept" => Action::Accept,
            "Erase" => Action::Erase,
            "ShareExport" => Action::ShareExport,
            "ShareImport" => Action::ShareImport,
            "Complete" => Action::Complete,
            "Yes" => Action::Yes,
            "No" => Action::No,
            "NextField" => Action::NextField,
            "PrevField" => Action::PrevField,
            "Save" => Action::Save,
            "OpenEditor" => Action::OpenEditor,
            "ChoiceNext" => Action::ChoiceNext,
            "ChoicePrev" => Action::ChoicePrev,
            _ => return None,
        })
    }
}
