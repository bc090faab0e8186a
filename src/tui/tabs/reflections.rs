//! The Reflections tab: newest first, private or shared.

mod view;

use std::ops::Bound;

use ratatui::text::Line;
use ratatui::widgets::ListItem;

use super::{About, Act, TabDef, rows_of};
use crate::domain::AnyRecord;
use crate::domain::{Kind, Reflection, Visibility};
use crate::store::StoreError;
use crate::text::Haystack;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::form::Form;
use crate::tui::keymap::KeyMode;
use crate::tui::workspace::{Data, Workspace};

/// The prompts offered for new reflections, one per line.
const PROMPTS: &str = include_str!("../../../assets/prompts.txt");

fn prompts() -> Vec<&'static str> {
    PROMPTS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

pub struct Reflections;

impl Reflections {
    fn reflection<'a>(&self, app: &'a App, row: usize) -> &'a Reflection {
        &app.ws.data.reflections[row]
    }
}

impl TabDef for Reflections {
    fn about(&self) -> About {
        About {
            title: "Reflections",
            key: "reflections",
            kind: Kind::Reflection,
            detail_title: "Reflection",
        }
    }

    fn empty_text(&self, app: &App) -> String {
        app.keys.fill(
            &[KeyMode::List],
            "No reflections yet. Press {New}: a prompt will help you start.",
        )
    }

    rows_of!(reflections, Reflection);

    fn load(&self, ws: &mut Workspace) -> Result<(), StoreError> {
        let window = ws.window(self.kind());
        let oldest = ws.from_oldest(self.kind());
        let people = ws.people();
        let (mut all, read_all): (Vec<Reflection>, bool) =
            super::read_window(&people, window, oldest, |p, newest| {
                ws.store
                    .scan(p, (Bound::Unbounded, Bound::Unbounded), newest, window)
            })?;
        ws.set_read_all(self.kind(), read_all);
        ws.keep_pair(&mut all);
        if people.len() > 1 {
            all.sort_by_key(|r| std::cmp::Reverse((r.date, r.meta.created)));
            if !read_all {
                super::keep_window(&mut all, window, oldest);
            }
        }
        ws.data.reflections = all;
        let total = ws.total::<Reflection>()?;
        ws.data.totals.insert(Kind::Reflection, total);
        Ok(())
    }

    fn haystack(&self, data: &Data) -> Haystack {
        Haystack::new(data.reflections.iter().map(|r| {
            let mut fields = vec![r.text.as_str(), r.prompt.as_deref().unwrap_or("")];
            fields.extend(r.tags.iter().map(String::as_str));
            fields
        }))
    }

    fn act(&self, app: &App, row: usize, action: &Action) -> Option<Act> {
        if *action != Action::ToggleVisibility {
            return None;
        }
        let mut r = self.reflection(app, row).clone();
        let v = match r.meta.visibility {
            Visibility::Private => Visibility::Shared,
            Visibility::Shared => Visibility::Private,
        };
        r.set_visibility(v, app.ws.now);
        let label = match v {
            Visibility::Shared => "reflection shared with your partner",
            Visibility::Private => "reflection private",
        };
        Some(Act::Write(
            label.to_string(),
            vec![AnyRecord::Reflection(r)],
        ))
    }

    fn form(&self, app: &App, record: Option<&AnyRecord>) -> Form {
        let today = app.ws.now.date_naive();
        match record {
            Some(AnyRecord::Reflection(r)) => {
                Form::reflection(Some(r), &prompts(), today, &app.ws.linkable_goals())
            }
            _ => {
                // A new reflection starts on its text, the prompt offered above.
                let mut f = Form::reflection(None, &prompts(), today, &app.ws.linkable_goals());
                f.focus = 1;
                f
            }
        }
    }

    fn row(&self, app: &App, row: usize, width: usize) -> ListItem<'static> {
        let r = self.reflection(app, row);
        view::row(
            r,
            width,
            app.ws.other_author(r.meta.author),
            &app.tab_state(app.tab).filter,
        )
    }

    fn detail(&self, app: &App, row: usize, _width: usize, _focused: bool) -> Vec<Line<'static>> {
        view::detail(self.reflection(app, row), app)
    }
}
