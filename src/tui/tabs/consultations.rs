//! The Consultations tab: the programme's events and the pair's meetings,
//! what is coming first (soonest first), then the past (most recent first).

mod view;

use ratatui::text::Line;
use ratatui::widgets::ListItem;

use super::{About, TabDef, rows_of};
use crate::domain::AnyRecord;
use crate::domain::{Consultation, Kind};
use crate::store::StoreError;
use crate::text::Haystack;
use crate::tui::app::App;
use crate::tui::form::Form;
use crate::tui::keymap::KeyMode;
use crate::tui::workspace::{Data, Workspace};

pub struct Consultations;

impl Consultations {
    fn event<'a>(&self, app: &'a App, row: usize) -> &'a Consultation {
        &app.ws.data.consultations[row]
    }
}

impl TabDef for Consultations {
    fn about(&self) -> About {
        About {
            title: "Consultations",
            key: "consultations",
            kind: Kind::Consultation,
            detail_title: "Event",
        }
    }

    fn empty_text(&self, app: &App) -> String {
        app.keys.fill(
            &[KeyMode::List],
            "No consultations or workshops yet. Press {New} to add one.",
        )
    }

    rows_of!(consultations, Consultation);

    fn load(&self, ws: &mut Workspace) -> Result<(), StoreError> {
        let window = ws.window(self.kind());
        let oldest = ws.from_oldest(self.kind());
        let people = ws.people();
        let (mut upcoming, mut past) = (Vec::new(), Vec::new());
        let mut read_all = true;
        for p in &people {
            let coming = ws.store.upcoming_consultations(*p, ws.now, window)?;
            read_all &= coming.len() < window;
            upcoming.extend(coming);
        }
        let (read, past_all) = super::read_window(&people, window, oldest, |p, newest| {
            ws.store.consultations_before(p, ws.now, newest, window)
        })?;
        past.extend(read);
        let read_all = read_all && past_all;
        ws.set_read_all(self.kind(), read_all);
        ws.keep_pair(&mut upcoming);
        ws.keep_pair(&mut past);
        if people.len() > 1 {
            upcoming.sort_by_key(|c| c.start);
            past.sort_by_key(|c| std::cmp::Reverse(c.ends_at()));
            if oldest && !read_all {
                super::keep_window(&mut past, window, oldest);
            }
        }
        // A calendar both partners imported: each event once, the user's.
        let mut dropped = 0;
        if let Some(me) = ws.me.as_ref().map(|p| p.id) {
            dropped += crate::domain::one_per_event(&mut upcoming, me);
            dropped += crate::domain::one_per_event(&mut past, me);
        }
        ws.on_my_clock_events(&mut upcoming);
        ws.on_my_clock_events(&mut past);
        ws.data.upcoming = upcoming.len();
        upcoming.extend(past);
        ws.data.consultations = upcoming;
        let total = ws.total::<Consultation>()?.saturating_sub(dropped);
        ws.data.totals.insert(Kind::Consultation, total);
        Ok(())
    }

    fn haystack(&self, data: &Data) -> Haystack {
        Haystack::new(data.consultations.iter().map(|c| {
            vec![
                c.title.as_str(),
                &c.place,
                &c.notes,
                c.audience.label(),
                c.kind.label(),
            ]
        }))
    }

    fn form(&self, _app: &App, record: Option<&AnyRecord>) -> Form {
        match record {
            Some(AnyRecord::Consultation(c)) => Form::consultation(Some(c)),
            _ => Form::consultation(None),
        }
    }

    fn row(&self, app: &App, row: usize, width: usize) -> ListItem<'static> {
        let c = self.event(app, row);
        view::row(
            c,
            row >= app.ws.data.upcoming,
            width,
            app.ws.now,
            app.ws.other_author(c.meta.author),
            &app.tab_state(app.tab).filter,
        )
    }

    fn detail(&self, app: &App, row: usize, _width: usize, _focused: bool) -> Vec<Line<'static>> {
        view::detail(self.event(app, row), app.ws.now)
    }
}
