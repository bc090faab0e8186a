//! `tandem consult`.

use super::args::ConsultCmd;
use super::ctx::{CliError, CliResult, Ctx};
use super::fmt;
use crate::domain::time::{Zone, localize};
use crate::domain::{Consultation, Record, Source};
use crate::exchange::ics;

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
            let mut upcoming = ctx
                .store
                .upcoming_consultations(me.id, ctx.now, usize::MAX)?;
            let mut past = if all {
                ctx.store.past_consultations(me.id, ctx.now, usize::MAX)?
            } else {
                Vec::new()
            };
            ctx.keep_pair(&me, &mut upcoming)?;
            ctx.keep_pair(&me, &mut past)?;
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
            match &c.source {
                Source::Typed => {}
                Source::Imported { uid } => ctx.line(format!(
                    "  source    calendar import (UID {})",
                    fmt::line(uid, 80)
                )),
                Source::Series { uid, .. } => ctx.line(format!(
                    "  source    calendar import (UID {}, one occurrence of a recurring event)",
                    fmt::line(uid, 80)
                )),
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
        ConsultCmd::Import { file } => import_ics(ctx, &me, &file),
        ConsultCmd::Export { file, meetings } => export_ics(ctx, &me, file.as_deref(), meetings),
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

/// Calendar files larger than this are refused before they are read.
const MAX_ICS_BYTES: u64 = 32 << 20;

fn import_ics(ctx: &mut Ctx, me: &crate::domain::Profile, file: &std::path::Path) -> CliResult {
    let fail = |why: String| {
        CliError::Failed(format!(
            "cannot import {}: {why}; nothing was imported",
            file.display()
        ))
    };
    let at = ctx.path(file);
    let meta = std::fs::metadata(&at).map_err(|e| fail(e.to_string()))?;
    if meta.len() > MAX_ICS_BYTES {
        return Err(fail(format!(
            "it is larger than {} MiB",
            MAX_ICS_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(&at).map_err(|e| fail(e.to_string()))?;
    let text = String::from_utf8_lossy(&bytes);
    // Recurrences are expanded over the programme, or the next 12 months.
    let (from, to) = match &me.programme {
        Some(p) => (
            p.from.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::days(1),
            p.to.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::days(2),
        ),
        None => (
            ctx.now.to_utc() - chrono::Duration::days(1),
            ctx.now.to_utc() + chrono::Duration::days(366),
        ),
    };
    let (events, skipped) = match ctx.zone {
        Zone::Local => ics::read(&text, from, to, &chrono::Local),
        Zone::Named(tz) => ics::read(&text, from, to, &tz),
        Zone::Fixed(tz) => ics::read(&text, from, to, &tz),
    }
    .map_err(fail)?;
    let existing: Vec<Consultation> = ctx.store.all(me.id)?;
    // By the UID each record's event has in a calendar: importing a calendar
    // tandem wrote finds the records it was written from, typed ones too.
    let by_uid: std::collections::HashMap<String, &Consultation> =
        existing.iter().map(|c| (ics::key(c), c)).collect();
    let (mut new, mut updated, mut unchanged) = (0, 0, 0);
    let mut changes = Vec::new();
    let mut invalid = Vec::new();
    for e in &events {
        let old = by_uid.get(e.uid.as_str()).copied();
        let c = ics::to_consultation(e, old, me.id, ctx.now);
        // Checked before it is counted: an event the rules refuse is skipped.
        if let Err(err) = c.validate() {
            invalid.push(format!("“{}”: {err}", crate::text::one_line(&c.title, 60)));
            continue;
        }
        match old {
            Some(o) if same_event(o, &c) => unchanged += 1,
            Some(_) => {
                updated += 1;
                changes.push(crate::store::Change::Put(
                    crate::store::AnyRecord::Consultation(c),
                ));
            }
            None => {
                new += 1;
                changes.push(crate::store::Change::Put(
                    crate::store::AnyRecord::Consultation(c),
                ));
            }
        }
    }
    ctx.store.commit(changes)?;
    if ctx.json {
        let skipped: Vec<serde_json::Value> = skipped
            .iter()
            .map(|s| serde_json::json!({ "event": s.what, "reason": s.reason }))
            .chain(
                invalid
                    .iter()
                    .map(|s| serde_json::json!({ "event": s, "reason": "invalid" })),
            )
            .collect();
        return ctx.json_out(&serde_json::json!({ "new": new, "updated": updated, "unchanged": unchanged, "skipped": skipped }));
    }
    ctx.line(format!(
        "Imported {}: {new} new, {updated} updated, {unchanged} unchanged, {} skipped.",
        file.display(),
        skipped.len() + invalid.len()
    ));
    for s in &skipped {
        ctx.line(format!(
            "  skipped {}: {}",
            s.what,
            crate::text::one_line(&s.reason, 200)
        ));
    }
    for s in &invalid {
        ctx.line(format!("  skipped {s}"));
    }
    Ok(())
}

/// Whether an import would change nothing that a user sees, nor where the
/// event comes from (the dates a series was read over aside: importing the
/// same calendar on another day changes nothing).
fn same_event(a: &Consultation, b: &Consultation) -> bool {
    (&a.title, a.start, a.end, a.all_day, &a.place, &a.notes)
        == (&b.title, b.start, b.end, b.all_day, &b.place, &b.notes)
        && a.source.same_origin(&b.source)
}

fn export_ics(
    ctx: &mut Ctx,
    me: &crate::domain::Profile,
    file: Option<&std::path::Path>,
    meetings: bool,
) -> CliResult {
    let mut all: Vec<Consultation> = ctx.store.all(me.id)?;
    if !meetings {
        all.retain(|c| c.kind != crate::domain::EventKind::PairMeeting);
    }
    all.sort_by_key(|c| c.start);
    let (name, now) = (&me.name, ctx.now.to_utc());
    let text = match ctx.zone {
        Zone::Local => ics::write(&all, name, &chrono::Local, now),
        Zone::Named(tz) => ics::write(&all, name, &tz, now),
        Zone::Fixed(tz) => ics::write(&all, name, &tz, now),
    };
    let count = all.len();
    ctx.emit(file, &text, |path| {
        format!(
            "Wrote {} to {}.",
            crate::domain::time::plural(count as i64, "event"),
            path.display()
        )
    })
}
