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
