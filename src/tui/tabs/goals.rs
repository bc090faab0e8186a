//! The Goals tab: the user's goals (and those their partner shares), active
//! first, soonest target first.

mod view;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::ListItem;

use super::{About, Act, Chooser, TabDef, rows_of};
use crate::domain::AnyRecord;
use crate::domain::{Goal, GoalStatus, Kind};
use crate::store::StoreError;
use crate::text::Haystack;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::form::Form;
use crate::tui::keymap::KeyMode;
use crate::tui::workspace::{Data, Workspace};

pub struct Goals;

impl Goals {
    fn goal<'a>(&self, app: &'a App, row: usize) -> &'a Goal {
        &app.ws.data.goals[row]
    }
}

impl TabDef for Goals {
    fn about(&self) -> About {
        About {
            title: "Goals",
            key: "goals",
            kind: Kind::Goal,
            detail_title: "Goal",
        }
    }

    fn empty_text(&self, app: &App) -> String {
        let mentor = app
            .ws
            .me
            .as_ref()
            .is_some_and(|p| p.role == crate::domain::Role::Mentor);
        match &app.ws.pair {
            Some(p) => app.keys.fill(
                &[KeyMode::List],
                &format!(
                    "No goals from {} yet: they come with their next bundle ({{ShareImport}}).",
                    crate::text::one_line(&p.name, 40)
                ),
            ),
            None if mentor => app.keys.fill(
                &[KeyMode::List],
                "Your mentees' goals come with their bundles: {ShareImport} imports one.",
            ),
            None => app.keys.fill(
                &[KeyMode::List],
                "No goals yet. Press {New} to add what you want to achieve this year.",
            ),
        }
    }

    rows_of!(goals, Goal);

    fn windowed(&self) -> bool {
        false
    }

    fn load(&self, ws: &mut Workspace) -> Result<(), StoreError> {
        let people = ws.people();
        // Active goals first (soonest target first), then the others.
        let mut goals = Vec::new();
        for p in &people {
            goals.extend(ws.store.all::<Goal>(*p)?);
        }
        ws.keep_pair(&mut goals);
        if people.len() > 1 {
            goals.sort_by_key(|g| (g.status.rank(), g.target.is_none(), g.target));
        }
        ws.data.goals = goals;
        Ok(())
    }

    fn haystack(&self, data: &Data) -> Haystack {
        Haystack::new(
            data.goals
                .iter()
                .map(|g| vec![g.title.as_str(), &g.why, &g.criteria, g.status.label()]),
        )
    }

    fn detail_items(&self, ws: &Workspace, row: usize) -> usize {
        let data = &ws.data;
        data.goals[row].milestones.len()
    }

    fn toggle(&self, app: &App, row: usize, item: usize) -> Option<Act> {
        let mut g = self.goal(app, row).clone();
        let m = g.milestones.get(item)?;
        let done = !m.done;
        let label = format!(
            "milestone “{}” {}",
            m.text,
            if done { "done" } else { "not done" }
        );
        g.set_milestone(item + 1, done, app.ws.now).ok()?;
        Some(Act::Write(label, vec![AnyRecord::Goal(g)]))
    }

    fn act(&self, app: &App, row: usize, action: &Action) -> Option<Act> {
        let mut g = self.goal(app, row).clone();
        match action {
            Action::NudgeUp | Action::NudgeDown => {
                let step = if *action == Action::NudgeUp { 5 } else { -5 };
                let value = (i64::from(g.progress) + step).clamp(0, 100);
                if value == i64::from(g.progress) {
                    return None;
                }
                if let Err(e) = g.set_progress(value, app.ws.now) {
                    return Some(Act::Refuse(e.to_string()));
                }
                let label = format!("“{}” at {} %", g.title, g.progress);
                Some(Act::Write(label, vec![AnyRecord::Goal(g)]))
            }
            Action::CycleStatus => {
                // The four statuses to pick from, the current one marked.
                let options = GoalStatus::ALL
                    .iter()
                    .copied()
                    .map(|status| {
                        let mut words = status.label().to_string();
                        if status == g.status {
                            words.push_str(" (now)");
                        } else if status == GoalStatus::Achieved && g.progress < 100 {
                            words.push_str(&format!(" (progress stays at {} %)", g.progress));
                        }
                        let act = (status != g.status).then(|| {
                            let mut changed = g.clone();
                            changed.set_status(status, app.ws.now);
                            let label = format!("goal “{}” is {}", g.title, status.label());
                            Act::Write(label, vec![AnyRecord::Goal(changed)])
                        });
                        (words, act)
                    })
                    .collect();
                Some(Act::Choose(Box::new(Chooser {
                    title: format!("Status of “{}”", crate::text::one_line(&g.title, 40)),
                    options,
                    index: GoalStatus::ALL
                        .iter()
                        .position(|s| *s == g.status)
                        .unwrap_or(0),
                })))
            }
            _ => None,
        }
    }

    fn form(&self, _app: &App, record: Option<&AnyRecord>) -> Form {
        match record {
            Some(AnyRecord::Goal(g)) => Form::goal(Some(g)),
            _ => Form::goal(None),
        }
    }

    fn row(&self, app: &App, row: usize, width: usize) -> ListItem<'static> {
        let g = self.goal(app, row);
        view::row(
            g,
            width,
            app.ws.now.date_naive(),
            app.ws.other_author(g.meta.author),
            &app.tab_state(app.tab).filter,
        )
    }

    fn detail(&self, app: &App, row: usize, width: usize, focused: bool) -> Vec<Line<'static>> {
        view::detail(self.goal(app, row), app, width, focused)
    }

    fn below_detail(
        &self,
        frame: &mut Frame,
        area: Rect,
        app: &App,
        row: usize,
        text_rows: u16,
    ) -> Rect {
        view::chart(frame, area, self.goal(app, row), text_rows)
    }
}
