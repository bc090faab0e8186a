//! `tandem goal`.

use super::args::{GoalCmd, GoalEdit};
use super::ctx::{CliResult, Ctx, touch};
use super::fmt;
use crate::domain::{Goal, Visibility, item_index};
use crate::text;

pub fn run(ctx: &mut Ctx, cmd: GoalCmd) -> CliResult {
    let me = ctx.me()?;
    match cmd {
        GoalCmd::Add {
            title,
            why,
            criteria,
            target,
            milestones,
            private,
        } => {
            let mut goal = Goal::new(me.id, &title, ctx.now);
            goal.why = why.unwrap_or_default();
            goal.criteria = criteria.unwrap_or_default();
            goal.target = target.map(|t| ctx.parse_date(&t)).transpose()?;
            for m in &milestones {
                goal.add_milestone(m);
            }
            if private {
                goal.meta.visibility = Visibility::Private;
            }
            ctx.save(&goal)?;
            done(ctx, &goal, "Added")
        }
        GoalCmd::List { all, mine } => {
            let people = ctx.people(&me, mine)?;
            let mut goals = Vec::new();
            for p in &people {
                goals.extend(if all {
                    ctx.store.all::<Goal>(p.id)?
                } else {
                    ctx.store.active_goals(p.id)?
                });
            }
            ctx.keep_pair(&me, &mut goals)?;
            // The author column only once a partner's goal is listed.
            let both = goals.iter().any(|g| g.meta.author != me.id);
            if ctx.json {
                return ctx.json_out(&goals);
            }
            if goals.is_empty() {
                ctx.line(if all {
                    "No goals yet: add one with `tandem goal add \"TITLE\"`."
                } else {
                    "No active goals: add one with `tandem goal add \"TITLE\"`."
                });
            } else {
                let today = ctx.today();
                let mut rows = Vec::new();
                for g in &goals {
                    rows.push(vec![
                        ctx.short(g.meta.id)?,
                        g.status.label().to_string(),
                        format!("{} {}", fmt::bar(g.progress), fmt::percent(g.progress)),
                        if g.milestones.is_empty() {
                            "—".to_string()
                        } else {
                            format!("{}/{}", g.milestones_done(), g.milestones.len())
                        },
                        g.target
                            .map(|t| fmt::date_relative(t, today))
                            .unwrap_or_else(|| "—".into()),
                        fmt::line(&g.title, 60),
                    ]);
                    if both {
                        rows.last_mut()
                            .expect("just pushed")
                            .insert(1, fmt::author(g.meta.author, &people));
                    }
                }
                if both {
                    ctx.table(
                        &["ID", "BY", "STATUS", "PROGRESS", "STEPS", "TARGET", "TITLE"],
                        &rows,
                    );
                } else {
                    ctx.table(
                        &["ID", "STATUS", "PROGRESS", "STEPS", "TARGET", "TITLE"],
                        &rows,
                    );
                }
            }
            if !all && ctx.store.has_inactive_goals(me.id)? {
                ctx.line("(paused, achieved and dropped goals are hidden: --all shows them)");
            }
            Ok(())
        }
        GoalCmd::Show { id } => {
            let goal: Goal = ctx.load(&id)?;
            if ctx.json {
                return ctx.json_out(&goal);
            }
            show(ctx, &goal)
        }
        GoalCmd::Progress { id, percent } => {
            let mut goal: Goal = ctx.load(&id)?;
            ctx.check_mine(&goal, &me)?;
            goal.set_progress(i64::from(percent), ctx.now)?;
            ctx.save(&goal)?;
            done(ctx, &goal, "Updated")
        }
        GoalCmd::Status { id, status } => {
            let mut goal: Goal = ctx.load(&id)?;
            ctx.check_mine(&goal, &me)?;
            goal.set_status(status, ctx.now);
            ctx.save(&goal)?;
            done(ctx, &goal, "Updated")
        }
        GoalCmd::Milestone { id, n, undone } => {
            let mut goal: Goal = ctx.load(&id)?;
            ctx.check_mine(&goal, &me)?;
            goal.set_milestone(n, !undone, ctx.now)?;
            ctx.save(&goal)?;
            if ctx.json {
                return ctx.json_out(&goal);
            }
            let m = &goal.milestones[n - 1];
            ctx.line(format!(
                "{} {} ({} of {} done)",
                fmt::checkbox(m.done),
                fmt::line(&m.text, 80),
                goal.milestones_done(),
                goal.milestones.len()
            ));
            Ok(())
        }
        GoalCmd::Edit(edit) => {
            let mut goal: Goal = ctx.load(&edit.id)?;
            ctx.check_mine(&goal, &me)?;
            apply_edit(ctx, &mut goal, edit)?;
            ctx.save(&goal)?;
            done(ctx, &goal, "Updated")
        }
        GoalCmd::Rm { id } => ctx.remove(&me, &id, |g: &Goal, short| {
            format!("Deleted goal {short}: {}", fmt::line(&g.title, 80))
        }),
    }
}

fn apply_edit(ctx: &Ctx, goal: &mut Goal, edit: GoalEdit) -> CliResult {
    if let Some(t) = edit.title {
        goal.title = t.trim().to_string();
    }
    if let Some(w) = edit.why {
        goal.why = w;
    }
    if let Some(c) = edit.criteria {
        goal.criteria = c;
    }
    if let Some(t) = edit.target {
        goal.target = Some(ctx.parse_date(&t)?);
    }
    if edit.no_target {
        goal.target = None;
    }
    // Remove from the highest number down, so the numbers the user gave stay right.
    let mut remove = edit.remove_milestones;
    remove.sort_unstable();
    remove.dedup();
    for n in remove.into_iter().rev() {
        let i = item_index("milestone", n, goal.milestones.len())?;
        goal.milestones.remove(i);
    }
    for m in &edit.add_milestones {
        goal.add_milestone(m);
    }
    if edit.shared {
        goal.meta.visibility = Visibility::Shared;
    }
    if edit.private {
        goal.meta.visibility = Visibility::Private;
    }
    touch(&mut goal.meta, ctx.now);
    Ok(())
}

fn done(ctx: &mut Ctx, goal: &Goal, verb: &str) -> CliResult {
    ctx.report(goal, |short| {
        format!(
            "{verb} goal {short}: {} — {}, {} {}",
            fmt::line(&goal.title, 60),
            goal.status.label(),
            fmt::bar(goal.progress),
            fmt::percent(goal.progress).trim_start()
        )
    })
}

fn show(ctx: &mut Ctx, g: &Goal) -> CliResult {
    let today = ctx.today();
    let short = ctx.short(g.meta.id)?;
    ctx.line(text::sanitize(&g.title, false));
    ctx.line(format!("  id          {short} ({})", g.meta.id));
    ctx.line(format!("  status      {}", g.status.label()));
    ctx.line(format!(
        "  progress    {} {}",
        fmt::bar(g.progress),
        fmt::percent(g.progress).trim_start()
    ));
    ctx.line(format!(
        "  target      {}",
        g.target
            .map(|t| fmt::date_relative(t, today))
            .unwrap_or_else(|| "—".into())
    ));
    ctx.line(format!(
        "  visibility  {}",
        fmt::visibility(g.meta.visibility)
    ));
    if !g.why.trim().is_empty() {
        ctx.line("  why");
        ctx.line(fmt::block(&g.why, "    "));
    }
    if !g.criteria.trim().is_empty() {
        ctx.line("  success criteria");
        ctx.line(fmt::block(&g.criteria, "    "));
    }
    if !g.milestones.is_empty() {
        ctx.line(format!(
            "  milestones  {} of {} done",
            g.milestones_done(),
            g.milestones.len()
        ));
        for (i, m) in g.milestones.iter().enumerate() {
            ctx.line(format!(
                "    {:>2} {} {}",
                i + 1,
                fmt::checkbox(m.done),
                fmt::line(&m.text, 100)
            ));
        }
    }
    ctx.line("  history");
    for p in g
        .history
        .iter()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        ctx.line(format!(
            "    {}  {} {}",
            fmt::date(p.date),
            fmt::bar(p.progress),
            fmt::percent(p.progress)
        ));
    }
    if g.history.len() > 12 {
        ctx.line(format!(
            "    ({} earlier points: --json shows all)",
            g.history.len() - 12
        ));
    }
    Ok(())
}
