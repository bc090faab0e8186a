//! The Journal tab: meetings, newest first, with their agreed actions.

mod view;

use ratatui::text::Line;
use ratatui::widgets::ListItem;

use std::ops::Bound;

use super::{About, Act, TabDef, rows_of};
use crate::domain::AnyRecord;
use crate::domain::{JournalEntry, Kind};
use crate::store::StoreError;
use crate::text::Haystack;
use crate::tui::app::App;
use crate::tui::form::Form;
use crate::tui::keymap::KeyMode;
use crate::tui::workspace::{Data, Workspace};

pub struct Journal;

impl Journal {
    fn entry<'a>(&self, app: &'a App, row: usize) -> &'a JournalEntry {
        &app.ws.data.journal[row]
    }
}

impl TabDef for Journal {
    fn about(&self) -> About {
        About {
            title: "Journal",
            key: "journal",
            kind: Kind::Journal,
            detail_title: "Meeting",
        }
    }

    fn empty_text(&self, app: &App) -> String {
        app.keys.fill(
            &[KeyMode::List],
            "No meetings logged yet. Press {New} after your next meeting.",
        )
    }

    rows_of!(journal, Journal);

    fn load(&self, ws: &mut Workspace) -> Result<(), StoreError> {
        let window = ws.window(self.kind());
        let oldest = ws.from_oldest(self.kind());
        let people = ws.people();
        let (mut all, read_all): (Vec<JournalEntry>, bool) =
            super::read_window(&people, window, oldest, |p, newest| {
                ws.store
                    .scan(p, (Bound::Unbounded, Bound::Unbounded), newest, window)
            })?;
        ws.set_read_all(self.kind(), read_all);
        ws.keep_pair(&mut all);
        if people.len() > 1 {
            all.sort_by_key(|e| std::cmp::Reverse(e.at));
            if !read_all {
                super::keep_window(&mut all, window, oldest);
            }
        }
        let written: Vec<_> = all.iter().map(|e| e.at).collect();
        ws.on_my_clock_journal(&mut all);
        // The partner's own clock, where it differs from the user's.
        ws.data.written_at = all
            .iter()
            .zip(written)
            .filter(|(e, at)| e.at.offset() != at.offset())
            .map(|(e, at)| (e.meta.id, at))
            .collect();
        // A meeting both people logged is one row: the user's, with the
        // partner's notes and actions in its detail.
        let twins = match ws.me.as_ref() {
            Some(me) => crate::domain::twins(&all, me.id),
            None => Default::default(),
        };
        let joined: std::collections::HashSet<crate::domain::Id> =
            twins.values().map(|e| e.meta.id).collect();
        all.retain(|e| !joined.contains(&e.meta.id));
        let joined_rows = twins.len();
        ws.data.twins = twins;
        ws.data.journal = all;
        // The title counts rows: a meeting both logged is one.
        let total = ws.total::<JournalEntry>()?.saturating_sub(joined_rows);
        ws.data.totals.insert(Kind::Journal, total);
        let mut open = Vec::new();
        for p in &people {
            open.extend(ws.store.journal_with_open_actions(*p)?);
        }
        ws.keep_pair(&mut open);
        ws.on_my_clock_journal(&mut open);
        ws.data.open_meetings = open;
        Ok(())
    }

    fn haystack(&self, data: &Data) -> Haystack {
        Haystack::new(data.journal.iter().map(|e| {
            let mut fields = vec![e.notes.as_str(), &e.with, e.kind.label()];
            fields.extend(e.actions.iter().map(|a| a.text.as_str()));
            if let Some(twin) = data.twins.get(&e.meta.id) {
                fields.push(twin.notes.as_str());
                fields.extend(twin.actions.iter().map(|a| a.text.as_str()));
            }
            fields
        }))
    }

    fn detail_items(&self, ws: &Workspace, row: usize) -> usize {
        let e = &ws.data.journal[row];
        e.actions.len() + ws.twin_extra(e).len()
    }

    fn toggle(&self, app: &App, row: usize, item: usize) -> Option<Act> {
        let mut e = self.entry(app, row);
        let mut item = item;
        // Past the row's own actions: the partner's record of the meeting.
        if item >= e.actions.len()
            && let Some(twin) = app.ws.data.twins.get(&e.meta.id)
        {
            item = *app.ws.twin_extra(e).get(item - e.actions.len())?;
            e = twin;
        }
        let a = e.actions.get(item)?;
        Some(Act::Tick {
            id: e.meta.id,
            index: item,
            done: !a.done,
        })
    }

    fn form(&self, app: &App, record: Option<&AnyRecord>) -> Form {
        let goals = app.ws.linkable_goals();
        match record {
            Some(AnyRecord::Journal(e)) => Form::journal(Some(e), app.ws.now, None, &goals, ""),
            // A new meeting starts from the open talking points: the lines
            // kept in the notes are ticked as discussed when it is saved.
            _ => Form::journal(
                None,
                app.ws.now,
                app.ws.pair.as_ref().map(|p| p.name.as_str()).or(app
                    .ws
                    .me
                    .as_ref()
                    .and_then(|p| p.partner.as_deref())),
                &goals,
                &crate::domain::point::outline(app.ws.data.points.iter().map(|w| &w.point)),
            ),
        }
    }

    fn row(&self, app: &App, row: usize, width: usize) -> ListItem<'static> {
        let e = self.entry(app, row);
        view::row(
            e,
            width,
            app.ws.now.date_naive(),
            app.ws.other_author(e.meta.author),
            &app.tab_state(app.tab).filter,
        )
    }

    fn detail(&self, app: &App, row: usize, width: usize, focused: bool) -> Vec<Line<'static>> {
        view::detail(self.entry(app, row), app, width, focused)
    }
}
