//! `tandem consult`.

use super::args::ConsultCmd;
use super::ctx::{CliResult, Ctx};
use super::fmt;
use crate::domain::time::localize;
use crate::domain::{Consultation, Source};

pub fn run(ctx: &mut Ctx, cmd: ConsultCmd) -> CliResult {
    let me = ctx.me()?;
    match cmd {
        ConsultCmd::Add {
            title,
            start,
            end,
            all_day,
            kind,
            audience,
            place,
            notes,
        } => {
            let start = ctx.parse_datetime(&start)?;
            let end = end.map(|e| ctx.parse_datetime(&e)).transpose()?;
            // Dates without times make an all-day event (over several days
            // when --end names a later day).
            let all_day = all_day || (!start.has_time && end.is_none_or(|e| !e.has_time));
            let mut c = Consultation::new(me.id, &title, start.at, ctx.now);
            c.kind = kind;
            c.audience = audience;
            c.all_day = all_day;
            c.place = place.unwrap_or_default();
            c.notes = notes.unwrap_or_default();
            if all_day {
                c.start = midnight(start.at.date_naive(), &start.at);
            }
            c.end = match end {
                // An all-day event ends at the midnight after its last day.
                Some(e) if all_day => {
                    let last = e.at.date_naive();
                    (last != start.at.date_naive())
                        .then(|| midnight(last + chrono::Duration::days(1), &e.at))
                }
                Some(e) if e.has_time => Some(e.at),
                // A timed start with a date-only end: until the end of that day.
                Some(e) => Some(midnight(
                    e.at.date_naive() + chrono::Duration::days(1),
                    &e.at,
                )),
                None => None,
            };
            ctx.save(&c)?;
            let now = ctx.now;
            ctx.report(&c, |short| {
                format!(
                    "Added {} {short}: {} — {} ({})",
                    fmt::kind(c.kind),
                    fmt::line(&c.title, 60),
                    fmt::event_when(&c),
                    fmt::countdown(&c, now)
                )
            })
        }
        ConsultCmd::List { all } => {
            let upcoming = ctx
                .store
                .upcoming_consultations(me.id, ctx.now, usize::MAX)?;
            let past = if all {
                ctx.store.past_consultations(me.id, ctx.now, usize::MAX)?
            } else {
                Vec::new()
            };
            if ctx.json {
                let everything: Vec<&Consultation> = upcoming.iter().chain(past.iter()).collect();
                return ctx.json_out(&everything);
            }
            if upcoming.is_empty() && past.is_empty() {
                ctx.line("Nothing coming up. Add an event with `tandem consult add TITLE --start DATETIME`.");
                return Ok(());
            }
            let mut rows = Vec::new();
            for c in upcoming.iter().chain(past.iter()) {
                rows.push(vec![
                    ctx.short(c.meta.id)?,
                    fmt::event_when(c),
                    fmt::countdown(c, ctx.now),
                    fmt::kind(c.kind),
                    c.audience.label().to_string(),
                    fmt::line(&c.title, 50),
                ]);
            }
            ctx.table(
                &["ID", "WHEN", "COUNTDOWN", "KIND", "AUDIENCE", "TITLE"],
                &rows,
            );
            if upcoming.is_empty() {
                ctx.line("(nothing coming up)");
            }
            Ok(())
        }
        ConsultCmd::Show { id } => {
            let c: Consultation = ctx.load(&id)?;
            if ctx.json {
                return ctx.json_out(&c);
            }
            let short = ctx.short(c.meta.id)?;
            ctx.line(fmt::line(&c.title, 100));
            ctx.line(format!("  id        {short} ({})", c.meta.id));
            ctx.line(format!(
                "  when      {} ({})",
                fmt::event_when(&c),
                fmt::countdown(&c, ctx.now)
            ));
            ctx.line(format!("  kind      {}", fmt::kind(c.kind)));
            ctx.line(format!("  audience  {}", c.audience.label()));
            if !c.place.trim().is_empty() {
                ctx.line(format!("  place     {}", fmt::line(&c.place, 100)));
            }
            if let Source::Imported { uid } = &c.source {
                ctx.line(format!(
                    "  source    calendar import (UID {})",
                    fmt::line(uid, 80)
                ));
            }
            if !c.notes.trim().is_empty() {
                ctx.line("  notes");
                ctx.line(fmt::block(&c.notes, "    "));
            }
            Ok(())
        }
        ConsultCmd::Rm { id } => ctx.remove(&me, &id, |c: &Consultation, short| {
            format!(
                "Deleted {} {short}: {}",
                fmt::kind(c.kind),
                fmt::line(&c.title, 80)
            )
        }),
    }
}

/// Midnight starting `day`, in the offset of `like`.
fn midnight(
    day: chrono::NaiveDate,
    like: &chrono::DateTime<chrono::FixedOffset>,
) -> chrono::DateTime<chrono::FixedOffset> {
    let naive = day.and_time(chrono::NaiveTime::MIN);
    localize(naive, like.offset()).unwrap_or(*like)
}
