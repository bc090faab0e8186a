//! `tandem checkin`: this week's check-in from flags, and the list of past ones.

use super::args::{CheckinArgs, CheckinCmd};
use super::ctx::{CliError, CliResult, Ctx, touch};
use super::fmt;
use crate::domain::{CheckIn, Goal, GoalCheck, GoalState, Kind, Record, Week, progress};
use crate::store::{Change, Stored};

pub fn run(ctx: &mut Ctx, args: CheckinArgs) -> CliResult {
    let me = ctx.me()?;
    if let Some(CheckinCmd::List { limit }) = args.command {
        return list(ctx, &me, limit);
    }
    let week = Week::of(ctx.today());
    let existing = ctx.store.checkin_for_week(me.id, week)?;
    let is_new = existing.is_none();
    if args.is_empty() {
        return Err(CliError::Usage(
            "nothing to record: in a terminal `tandem checkin` opens the check-in; in a script give \
             --mood N --energy N (1-5), and --goal ID=PCT for the goals that moved (see --help)"
                .to_string(),
        ));
    }
    let mut checkin = match existing {
        Some(c) => c,
        None => {
            let (Some(mood), Some(energy)) = (args.mood, args.energy) else {
                return Err(CliError::Usage(format!(
                    "this week's first check-in ({week}) needs --mood and --energy (1-5)"
                )));
            };
            let mut c = CheckIn::new(me.id, mood, energy, ctx.now);
            // A mentor's check-in is about the mentoring: theirs alone.
            if me.role == crate::domain::Role::Mentor {
                c.meta.visibility = crate::domain::Visibility::Private;
            }
            // Every active goal starts at its progress now, on track.
            for g in ctx.store.active_goals(me.id)? {
                c.goals.push(GoalCheck {
                    goal: g.meta.id,
                    progress: g.progress,
                    state: GoalState::OnTrack,
                    note: String::new(),
                });
            }
            c
        }
    };
    if let Some(m) = args.mood {
        checkin.mood = m;
    }
    if let Some(e) = args.energy {
        checkin.energy = e;
    }
    for (field, value) in [
        (&mut checkin.win, args.win),
        (&mut checkin.blocker, args.blocker),
        (&mut checkin.focus, args.focus),
    ] {
        if let Some(v) = value {
            *field = v.trim().to_string();
        }
    }
    // The goals named on the command line: their line in the check-in, and
    // their progress (with a history point), written together.
    let mut changed_goals: Vec<Goal> = Vec::new();
    for spec in &args.goals {
        let (id, pct, state, note) = parse_goal_spec(spec)?;
        let goal_id = ctx.resolve(id, Kind::Goal)?;
        let mut goal: Goal = ctx
            .store
            .get(goal_id)?
            .ok_or_else(|| CliError::Failed(format!("goal {id} vanished")))?;
        ctx.check_mine(&goal, &me)?;
        goal.set_progress(i64::from(pct), ctx.now)?;
        let line = GoalCheck {
            goal: goal_id,
            progress: pct,
            state,
            note,
        };
        match checkin.goals.iter_mut().find(|g| g.goal == goal_id) {
            Some(existing) => *existing = line,
            None => checkin.goals.push(line),
        }
        changed_goals.retain(|g| g.meta.id != goal_id);
        changed_goals.push(goal);
    }
    if !args.mentoring.is_empty() {
        let mentees = crate::pair::mentees(&ctx.store, &me)?;
        for spec in &args.mentoring {
            let bad = || {
                CliError::Usage(format!(
                    "'{spec}' is not NAME=HOW[|NEXT] (e.g. Ana=a good talk on the budget|ask about the jury)"
                ))
            };
            let (name, said) = spec.split_once('=').ok_or_else(bad)?;
            let mentee = crate::pair::find(&mentees, name).ok_or_else(|| {
                CliError::Usage(if mentees.is_empty() {
                    "--mentoring is for a mentor with mentees (none imported yet)".to_string()
                } else {
                    format!(
                        "no mentee named '{}' (your mentees: {})",
                        crate::text::sanitize(name, false),
                        mentees
                            .iter()
                            .map(|p| crate::text::sanitize(&p.name, false))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
            })?;
            let (went, next) = said.split_once('|').unwrap_or((said, ""));
            let note = crate::domain::MentoringNote {
                mentee: mentee.id,
                went: went.trim().to_string(),
                next: next.trim().to_string(),
            };
            match checkin.mentoring.iter_mut().find(|m| m.mentee == mentee.id) {
                Some(old) => *old = note,
                None => checkin.mentoring.push(note),
            }
        }
    }
    touch(&mut checkin.meta, ctx.now);
    checkin.validate()?;
    for g in &changed_goals {
        g.validate()?;
    }
    let mut changes = vec![Change::Put(checkin.clone().into_any())];
    changes.extend(changed_goals.into_iter().map(|g| Change::Put(g.into_any())));
    ctx.store.commit(changes)?;
    let goals = checkin.goals.len();
    let mentees = checkin.mentoring.len();
    ctx.report(&checkin, |_| {
        let about = if mentees > 0 && goals == 0 {
            format!("{mentees} mentee{}", if mentees == 1 { "" } else { "s" })
        } else {
            format!("{goals} goal{}", if goals == 1 { "" } else { "s" })
        };
        format!(
            "{} this week's check-in ({week}): mood {}/5, energy {}/5, {about}.",
            if is_new { "Saved" } else { "Updated" },
            checkin.mood,
            checkin.energy,
        )
    })
}

/// `ID=PCT[:STATE[:NOTE]]`; the note may itself contain colons.
fn parse_goal_spec(spec: &str) -> CliResult<(&str, u8, GoalState, String)> {
    let bad = || {
        CliError::Usage(format!(
            "'{spec}' is not ID=PCT[:STATE[:NOTE]] (e.g. 01ka=60:at-risk:waiting for the venue)"
        ))
    };
    let (id, rest) = spec.split_once('=').ok_or_else(bad)?;
    let mut parts = rest.splitn(3, ':');
    let pct_text = parts.next().ok_or_else(bad)?.trim().trim_end_matches('%');
    let pct: i64 = pct_text.parse().map_err(|_| bad())?;
    let pct = progress(pct)?;
    let state = match parts.next().map(str::trim) {
        None | Some("") => GoalState::OnTrack,
        Some(s) => s
            .parse::<GoalState>()
            .map_err(|e| CliError::Usage(e.to_string()))?,
    };
    let note = parts.next().unwrap_or("").trim().to_string();
    Ok((id.trim(), pct, state, note))
}

fn list(ctx: &mut Ctx, me: &crate::domain::Profile, limit: usize) -> CliResult {
    let checkins = ctx.store.newest_checkins(me.id, limit)?;
    if ctx.json {
        return ctx.json_out(&checkins);
    }
    if checkins.is_empty() {
        ctx.line("No check-ins yet: `tandem checkin --mood 4 --energy 3` records this week's.");
        return Ok(());
    }
    // A mentor's check-ins are about the mentoring: a line per mentee.
    if me.role == crate::domain::Role::Mentor {
        let people = ctx.store.profiles()?;
        let name = |id| {
            people
                .iter()
                .find(|p| p.id == id)
                .map_or("(unknown)".to_string(), |p| fmt::line(&p.name, 20))
        };
        let said = |m: &crate::domain::MentoringNote| {
            let next = if m.next.is_empty() {
                String::new()
            } else {
                format!(" → next: {}", fmt::line(&m.next, 40))
            };
            format!("{}: {}{next}", name(m.mentee), fmt::line(&m.went, 40))
        };
        let mut rows = Vec::new();
        for c in &checkins {
            let mut lines = c.mentoring.iter().map(said);
            rows.push(vec![
                c.week.to_string(),
                format!("{}/5", c.mood),
                format!("{}/5", c.energy),
                lines.next().unwrap_or_else(|| "—".to_string()),
            ]);
            // Each further mentee on a row of its own, under the week.
            rows.extend(lines.map(|l| vec![String::new(), String::new(), String::new(), l]));
        }
        ctx.table(&["WEEK", "MOOD", "ENERGY", "MENTORING"], &rows);
        return Ok(());
    }
    let rows: Vec<Vec<String>> = checkins
        .iter()
        .map(|c| {
            let risky = c
                .goals
                .iter()
                .filter(|g| g.state != GoalState::OnTrack)
                .count();
            vec![
                c.week.to_string(),
                format!("{}/5", c.mood),
                format!("{}/5", c.energy),
                if risky == 0 {
                    format!("{} on track", c.goals.len())
                } else {
                    format!("{} of {} at risk/blocked", risky, c.goals.len())
                },
                fmt::line(&c.win, 40),
                fmt::line(&c.blocker, 30),
            ]
        })
        .collect();
    ctx.table(
        &["WEEK", "MOOD", "ENERGY", "GOALS", "WIN", "BLOCKER"],
        &rows,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goal_specs_read_all_four_parts() {
        let (id, pct, state, note) = parse_goal_spec("01ka=60:at-risk:venue: still open").unwrap();
        assert_eq!(
            (id, pct, state, note.as_str()),
            ("01ka", 60, GoalState::AtRisk, "venue: still open")
        );
        let (_, pct, state, note) = parse_goal_spec("01ka=5").unwrap();
        assert_eq!((pct, state, note.as_str()), (5, GoalState::OnTrack, ""));
        assert!(parse_goal_spec("01ka").is_err());
        assert!(parse_goal_spec("01ka=x").is_err());
        assert!(matches!(
            parse_goal_spec("01ka=101"),
            Err(CliError::Invalid(_))
        ));
        assert!(parse_goal_spec("01ka=50:sideways").is_err());
    }
}
