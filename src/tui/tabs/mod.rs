//! The tabs. A tab is one module: what its list holds and how it is read,
//! searched, drawn and edited, behind [`TabDef`]; the app and the screens
//! work with any tab through it. Adding a tab is one module and one line in
//! the [`tabs!`] list below.

mod consultations;
mod goals;
mod journal;
mod reflections;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::ListItem;

use crate::domain::AnyRecord;
use crate::domain::{Id, Kind, RecordMeta};
use crate::store::StoreError;
use crate::text::Haystack;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::form::Form;
use crate::tui::workspace::{Data, Workspace};

/// What an action a tab handles itself asks for.
pub enum Act {
    /// Save these records, and say this once saved.
    Write(String, Vec<AnyRecord>),
    /// Tick (or untick) action `index` of the meeting `id`: on the user's
    /// own meeting, or on the partner's when the action is the user's.
    Tick { id: Id, index: usize, done: bool },
    /// Nothing to do, and why.
    Refuse(String),
    /// Let the user pick one of these first.
    Choose(Box<Chooser>),
}

/// A small list to pick one from (a goal's status): each option with what
/// picking it does (nothing, for the current one).
pub struct Chooser {
    pub title: String,
    pub options: Vec<(String, Option<Act>)>,
    /// The option the cursor is on.
    pub index: usize,
}

/// The names of a tab and of what it lists.
pub struct About {
    /// Its name in the row of tabs and the list's title.
    pub title: &'static str,
    /// The name kept in the store for "the tab used last".
    pub key: &'static str,
    /// The kind of record the list holds: a write of that kind reads it again.
    pub kind: Kind,
    /// The title of the detail pane.
    pub detail_title: &'static str,
}

/// What a tab is: its list, its rows, its detail and its form.
pub trait TabDef: Sync {
    /// Its names.
    fn about(&self) -> About;
    /// Its name in the row of tabs and the list's title.
    fn title(&self) -> &'static str {
        self.about().title
    }
    /// The kind of record the list holds.
    fn kind(&self) -> Kind {
        self.about().kind
    }
    /// What the list says when it is empty (naming keys as `keys` binds them).
    /// What an empty list says (to whom it is: a mentor's Goals tab shows
    /// the mentee's goals).
    fn empty_text(&self, app: &App) -> String;

    /// How many rows are loaded.
    fn len(&self, data: &Data) -> usize;
    /// What every record has, of a row.
    fn meta<'a>(&self, data: &'a Data, row: usize) -> &'a RecordMeta;
    /// The record of a row, to edit or delete.
    fn record(&self, data: &Data, row: usize) -> AnyRecord;
    /// Reads the list again from the store (range scans): the user's records
    /// and those the partners shared, merged in order; of a
    /// [windowed](TabDef::windowed) list, the newest [`Workspace::window`].
    fn load(&self, ws: &mut Workspace) -> Result<(), StoreError>;
    /// Whether the list is read a window at a time, growing as it is
    /// scrolled (a long history), rather than whole.
    fn windowed(&self) -> bool {
        true
    }
    /// The text the filter searches, per row: what the row and its detail show.
    fn haystack(&self, data: &Data) -> Haystack;

    /// How many items (milestones, actions) the detail of a row lets the
    /// user pick and tick.
    fn detail_items(&self, _ws: &Workspace, _row: usize) -> usize {
        0
    }
    /// Ticks or unticks item `item` of a row's record.
    fn toggle(&self, _app: &App, _row: usize, _item: usize) -> Option<Act> {
        None
    }
    /// An action only this tab has (progress, status, visibility), on a row.
    fn act(&self, _app: &App, _row: usize, _action: &Action) -> Option<Act> {
        None
    }
    /// The form for a new record (`None`), or to edit `record`.
    fn form(&self, app: &App, record: Option<&AnyRecord>) -> Form;

    /// A row of the list, `width` columns wide.
    fn row(&self, app: &App, row: usize, width: usize) -> ListItem<'static>;
    /// The detail of a row, `width` columns wide (`focused`: the user is
    /// picking its items).
    fn detail(&self, app: &App, row: usize, width: usize, focused: bool) -> Vec<Line<'static>>;
    /// Draws what goes below the detail's text (a chart) when there is
    /// room in `area`, right under the text's `text_rows`; returns the area
    /// left for the text.
    fn below_detail(
        &self,
        _frame: &mut Frame,
        area: Rect,
        _app: &App,
        _row: usize,
        _text_rows: u16,
    ) -> Rect {
        area
    }
}

/// Each of `people`'s records read from one end of `read`'s range scan (at
/// most `window` each, newest first however read), and whether every
/// person's read came back short of the window: nothing more to read.
pub(super) fn read_window<R>(
    people: &[crate::domain::Id],
    window: usize,
    oldest: bool,
    mut read: impl FnMut(crate::domain::Id, bool) -> Result<Vec<R>, StoreError>,
) -> Result<(Vec<R>, bool), StoreError> {
    let mut all = Vec::new();
    let mut read_all = true;
    for p in people {
        let mut got = read(*p, !oldest)?;
        read_all &= got.len() < window;
        if oldest {
            got.reverse();
        }
        all.extend(got);
    }
    Ok((all, read_all))
}

/// Keeps the `window` rows of a list merged from several people (newest
/// first) that its window holds: the first ones, or with `oldest` the last.
/// Not when the read got everything: what is cut off would never be read.
pub(super) fn keep_window<T>(rows: &mut Vec<T>, window: usize, oldest: bool) {
    if oldest {
        let extra = rows.len().saturating_sub(window);
        rows.drain(..extra);
    } else {
        rows.truncate(window);
    }
}

/// The three [`TabDef`] methods of a tab whose rows are `data.$list`,
/// records of the `AnyRecord::$variant` kind.
macro_rules! rows_of {
    ($list:ident, $variant:ident) => {
        fn len(&self, data: &Data) -> usize {
            data.$list.len()
        }

        fn meta<'a>(&self, data: &'a Data, row: usize) -> &'a crate::domain::RecordMeta {
            &data.$list[row].meta
        }

        fn record(&self, data: &Data, row: usize) -> AnyRecord {
            AnyRecord::$variant(data.$list[row].clone())
        }
    };
}
use rows_of;

/// Declares the tabs, in order: each one's name and the value that defines it.
macro_rules! tabs {
    ($($tab:ident => $def:expr),+ $(,)?) => {
        /// The tabs, in order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Tab {
            $($tab),+
        }

        impl Tab {
            pub const ALL: [Tab; [$(Tab::$tab),+].len()] = [$(Tab::$tab),+];

            /// What the tab is.
            pub fn def(self) -> &'static dyn TabDef {
                match self {
                    $(Tab::$tab => &$def),+
                }
            }
        }
    };
}

tabs! {
    Goals => goals::Goals,
    Journal => journal::Journal,
    Reflections => reflections::Reflections,
    Consultations => consultations::Consultations,
}

impl Tab {
    pub const COUNT: usize = Tab::ALL.len();

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn title(self) -> &'static str {
        self.def().title()
    }

    /// The name kept in the store for "the tab used last".
    pub fn key(self) -> &'static str {
        self.def().about().key
    }

    pub fn from_key(key: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The tab that lists records of `kind`, if one does.
    pub fn of_kind(kind: Kind) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.def().kind() == kind)
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::COUNT]
    }

    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::COUNT - 1) % Tab::COUNT]
    }
}

/// What the user did to a tab's list: where they are, what they filter.
#[derive(Default)]
pub struct TabState {
    /// The selected row among the visible ones.
    pub selected: usize,
    /// The filter typed with `/`.
    pub filter: String,
    /// The rows that match the filter, as indexes into the loaded list.
    pub visible: Vec<usize>,
    /// From the first filter key until the filter is cleared: the rows'
    /// text, lowercased once (see [`Haystack`]).
    pub haystack: Option<Haystack>,
    /// The [generation](Workspace::generation) of the list these were
    /// computed from.
    pub seen: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_go_round_and_come_back_by_key() {
        for tab in Tab::ALL {
            assert_eq!(tab.next().prev(), tab);
            assert_eq!(Tab::from_key(tab.key()), Some(tab));
            assert_eq!(Tab::ALL[tab.index()], tab);
        }
        assert_eq!(Tab::ALL[Tab::COUNT - 1].next(), Tab::ALL[0]);
    }

    #[test]
    fn every_tab_lists_its_own_kind() {
        for tab in Tab::ALL {
            assert_eq!(Tab::of_kind(tab.def().kind()), Some(tab));
        }
    }
}
