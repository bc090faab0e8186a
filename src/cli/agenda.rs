//! `tandem agenda`: the talking points for the pair's next meeting; and
//! `tandem mentees`, a mentor's pairs at a glance.

use serde::Serialize;

use super::args::AgendaCmd;
use super::ctx::{CliError, CliResult, Ctx};
use super::fmt;
use crate::domain::{Goal, Kind, TalkingPoint};

/// A point as `agenda list --json` prints it.
#[derive(Serialize)]
struct PointRow<'a> {
    #[serde(flatten)]
    point: &'a TalkingPoint,
    /// Pair meetings it has waited through.
    waited: usize,
}

pub fn run(ctx: &mut Ctx, cmd: AgendaCmd) -> CliResult {
    let me = ctx.me()?;
    match cmd {
        AgendaCmd::Add { text, goal } => {
            let mut p = TalkingPoint::new(me.id, &text, ctx.now);
            p.goal = goal.map(|g| ctx.resolve(&g, Kind::Goal)).transpose()?;
            ctx.save(&p)?;
            let whom = ctx
                .pair(&me)?
                .map(|p| p.name)
                .or_else(|| me.partner.clone())
                .map_or("your partner".to_string(), |n| fmt::line(&n, 40));
            ctx.report(&p, |short| {
                format!(
                    "Raised {short}: {} (for your next meeting; {whom} sees it once you share)",
                    fmt::line(&p.text, 60)
                )
            })
        }
        AgendaCmd::List { all } => {
            let pair = ctx.pair_id(&me)?;
            let points = crate::pair::points(&ctx.store, &me, pair, all, ctx.now)?;
            if ctx.json {
                let rows: Vec<PointRow> = points
                    .iter()
                    .map(|w| PointRow {
                        point: &w.point,
                        waited: w.waited,
                    })
                    .collect();
                return ctx.json_out(&rows);
            }
            if points.is_empty() {
                ctx.line(
                    "No talking points: `tandem agenda add \"...\"` raises one for the next meeting.",
                );
                return Ok(());
            }
            let people = ctx.people(&me, false)?;
            let mut rows = Vec::new();
            for w in &points {
                let p = &w.point;
                let goal = match p.goal {
                    Some(id) => ctx
                        .store
                        .get::<Goal>(id)?
                        .map_or("—".to_string(), |g| fmt::line(&g.title, 24)),
                    None => "—".to_string(),
                };
                rows.push(vec![
                    ctx.short(p.meta.id)?,
                    fmt::checkbox(p.discussed).to_string(),
                    fmt::author(p.meta.author, &people),
                    fmt::date(p.meta.created.with_timezone(ctx.now.offset()).date_naive()),
                    waited(w.waited),
                    goal,
                    fmt::line(&p.text, 60),
                ]);
            }
            ctx.table(
                &["ID", "", "BY", "RAISED", "WAITED", "GOAL", "POINT"],
                &rows,
            );
            Ok(())
        }
        AgendaCmd::Done { id } => tick(ctx, &id, true),
        AgendaCmd::Reopen { id } => tick(ctx, &id, false),
        AgendaCmd::Rm { id } => ctx.remove::<TalkingPoint>(&me, &id, |p, short| {
            format!("Deleted talking point {short}: {}", fmt::line(&p.text, 60))
        }),
    }
}

/// "2 meetings", as the list shows how long a point has waited.
fn waited(n: usize) -> String {
    match n {
        0 => "—".to_string(),
        1 => "1 meeting".to_string(),
        n => format!("{n} meetings"),
    }
}

/// Ticks (or unticks) a point of the pair as discussed: either person may.
fn tick(ctx: &mut Ctx, input: &str, discussed: bool) -> CliResult {
    let me = ctx.me()?;
    let mut p: TalkingPoint = ctx.load(input)?;
    let pair = ctx.pair_id(&me)?;
    if !p.meta.in_pair(me.id, pair)
        || !crate::pair::people(&ctx.store, &me, pair)?.contains(&p.meta.author)
    {
        return Err(CliError::Failed(
            "this talking point is not of the pair you are working on (see --mentee)".to_string(),
        ));
    }
    if p.discussed != discussed {
        let by_author = p.meta.author == me.id;
        p.set_discussed(discussed, None, by_author, ctx.now);
        ctx.save(&p)?;
    }
    let verb = if discussed { "Discussed" } else { "Open again" };
    ctx.report(&p, |short| {
        format!("{verb}: {short} {}", fmt::line(&p.text, 60))
    })
}

/// `tandem mentees`: each of a mentor's mentees on one line.
pub fn mentees(ctx: &mut Ctx) -> CliResult {
    let me = ctx.me()?;
    if me.role != crate::domain::Role::Mentor {
        return Err(CliError::Usage(
            "`tandem mentees` is for a mentor; yours is a mentee's store".to_string(),
        ));
    }
    let cards = crate::pair::cards(&ctx.store, &me, ctx.now)?;
    if ctx.json {
        return ctx.json_out(&cards);
    }
    if cards.is_empty() {
        ctx.line("No mentees yet: import a mentee's bundle with `tandem share import FILE`.");
        return Ok(());
    }
    let chosen = ctx.pair_id(&me)?;
    let mut rows = Vec::new();
    for c in &cards {
        rows.push(vec![
            if Some(c.mentee.id) == chosen { "*" } else { "" }.to_string(),
            fmt::line(&c.mentee.name, 24),
            c.last_checkin.as_ref().map_or("—".to_string(), |k| {
                format!("{} mood {} energy {}", k.week, k.mood, k.energy)
            }),
            match c.at_risk.len() {
                0 => "—".to_string(),
                _ => c
                    .at_risk
                    .iter()
                    .map(|(t, s)| format!("{} ({})", fmt::line(t, 24), s.label()))
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            format!("{} open, {} overdue", c.open_actions, c.overdue),
            c.next.as_ref().map_or("—".to_string(), |e| {
                format!("{} {}", fmt::line(&e.title, 24), fmt::countdown(e, ctx.now))
            }),
            c.last_meeting.map_or("—".to_string(), |at| {
                crate::domain::time::relative_days(at.date_naive(), ctx.today())
            }),
        ]);
    }
    ctx.table(
        &[
            "",
            "MENTEE",
            "LAST CHECK-IN",
            "AT RISK",
            "ACTIONS",
            "NEXT",
            "LAST MET",
        ],
        &rows,
    );
    Ok(())
}
