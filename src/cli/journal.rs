//! `tandem journal`.

use serde::Serialize;

use super::args::{Agreed, JournalAdd, JournalCmd, JournalEdit};
use super::ctx::{CliResult, Ctx, touch};
use super::fmt;
use crate::domain::{AgreedAction, Goal, Id, JournalEntry, Kind, Owner, Profile};

pub fn run(ctx: &mut Ctx, cmd: JournalCmd) -> CliResult {
    let me = ctx.me()?;
    match cmd {
        JournalCmd::Add(add) => {
            let entry = new_entry(ctx, &me, add)?;
            ctx.save(&entry)?;
            done(ctx, &entry, "Logged")
        }
        JournalCmd::List { limit } => {
            let entries = ctx.store.newest_journal(me.id, limit)?;
            if ctx.json {
                return ctx.json_out(&entries);
            }
            if entries.is_empty() {
                ctx.line("No meetings logged yet: `tandem journal add --notes \"...\"` logs one.");
                return Ok(());
            }
            let mut rows = Vec::new();
            for e in &entries {
                rows.push(vec![
                    ctx.short(e.meta.id)?,
                    fmt::datetime(e.at),
                    fmt::kind(e.kind),
                    fmt::line(&e.with, 20),
                    match e.open_actions() {
                        0 => "—".to_string(),
                        n => format!("{n} open"),
                    },
                    fmt::line(&e.notes, 50),
                ]);
            }
            ctx.table(&["ID", "WHEN", "KIND", "WITH", "ACTIONS", "NOTES"], &rows);
            Ok(())
        }
        JournalCmd::Show { id } => {
            let entry: JournalEntry = ctx.load(&id)?;
            if ctx.json {
                return ctx.json_out(&entry);
            }
            show(ctx, &entry)
        }
        JournalCmd::Actions { open } => actions(ctx, &me, open),
        JournalCmd::Done { id, n, undone } => {
            let mut entry: JournalEntry = ctx.load(&id)?;
            ctx.check_mine(&entry, &me)?;
            entry.set_action_done(n, !undone, ctx.now)?;
            ctx.save(&entry)?;
            if ctx.json {
                return ctx.json_out(&entry);
            }
            let a = &entry.actions[n - 1];
            let short = ctx.short(entry.meta.id)?;
            ctx.line(format!(
                "{} {} ({short}#{n}; {} still open in this meeting)",
                fmt::checkbox(a.done),
                fmt::line(&a.text, 80),
                entry.open_actions()
            ));
            Ok(())
        }
        JournalCmd::Edit(edit) => {
            let mut entry: JournalEntry = ctx.load(&edit.id)?;
            ctx.check_mine(&entry, &me)?;
            apply_edit(ctx, &mut entry, edit)?;
            ctx.save(&entry)?;
            done(ctx, &entry, "Updated")
        }
        JournalCmd::Rm { id } => ctx.remove(&me, &id, |e: &JournalEntry, short| {
            format!("Deleted the meeting {short} of {}.", fmt::datetime(e.at))
        }),
    }
}

fn new_entry(ctx: &Ctx, me: &Profile, add: JournalAdd) -> CliResult<JournalEntry> {
    let at = match &add.date {
        Some(d) => ctx.parse_datetime(d)?.at,
        None => ctx.now,
    };
    let mut entry = JournalEntry::new(me.id, at, &add.notes, ctx.now);
    entry.kind = add.kind;
    entry.with = add.with.or_else(|| me.partner.clone()).unwrap_or_default();
    add_agreed(ctx, &mut entry, &add.agreed)?;
    Ok(entry)
}

fn apply_edit(ctx: &Ctx, entry: &mut JournalEntry, edit: JournalEdit) -> CliResult {
    if let Some(d) = &edit.date {
        entry.at = ctx.parse_datetime(d)?.at;
    }
    if let Some(n) = edit.notes {
        entry.notes = n;
    }
    if let Some(k) = edit.kind {
        entry.kind = k;
    }
    if let Some(w) = edit.with {
        entry.with = w.trim().to_string();
    }
    add_agreed(ctx, entry, &edit.agreed)?;
    touch(&mut entry.meta, ctx.now);
    Ok(())
}

/// Adds the actions and goal links given on the command line.
fn add_agreed(ctx: &Ctx, entry: &mut JournalEntry, agreed: &Agreed) -> CliResult {
    for (specs, owner) in [
        (&agreed.actions, Owner::Me),
        (&agreed.partner_actions, Owner::Partner),
    ] {
        for spec in specs {
            let (text, due) = crate::domain::AgreedAction::split_due(spec, ctx.today());
            entry.actions.push(AgreedAction::new(&text, owner, due));
        }
    }
    for g in &agreed.goals {
        let id = ctx.resolve(g, Kind::Goal)?;
        if !entry.goals.contains(&id) {
            entry.goals.push(id);
        }
    }
    Ok(())
}

fn done(ctx: &mut Ctx, e: &JournalEntry, verb: &str) -> CliResult {
    let actions = match e.actions.len() {
        0 => String::new(),
        1 => ", 1 action".to_string(),
        n => format!(", {n} actions"),
    };
    ctx.report(e, |short| {
        format!(
            "{verb} {} {short}: {}{actions}",
            fmt::kind(e.kind),
            fmt::datetime(e.at)
        )
    })
}

fn show(ctx: &mut Ctx, e: &JournalEntry) -> CliResult {
    let today = ctx.today();
    let short = ctx.short(e.meta.id)?;
    let with = if e.with.trim().is_empty() {
        String::new()
    } else {
        format!(" with {}", fmt::line(&e.with, 40))
    };
    ctx.line(format!(
        "{} — {}{with}",
        fmt::datetime(e.at),
        fmt::kind(e.kind)
    ));
    ctx.line(format!("  id      {short} ({})", e.meta.id));
    ctx.line("  notes");
    ctx.line(fmt::block(&e.notes, "    "));
    if e.actions.is_empty() {
        ctx.line("  actions none agreed");
    } else {
        ctx.line(format!(
            "  actions {} open of {}",
            e.open_actions(),
            e.actions.len()
        ));
        let rows: Vec<Vec<String>> = e
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| {
                vec![
                    format!("    {:>2}", i + 1),
                    fmt::checkbox(a.done).to_string(),
                    owner(a.owner).to_string(),
                    fmt::due(a, today),
                    fmt::line(&a.text, 80),
                ]
            })
            .collect();
        ctx.aligned(rows.iter(), " ");
    }
    if !e.goals.is_empty() {
        ctx.line("  goals");
        for id in &e.goals {
            let line = match ctx.store.get::<Goal>(*id)? {
                Some(g) => format!("    {} {}", ctx.short(*id)?, fmt::line(&g.title, 80)),
                None => format!("    {id} (deleted)"),
            };
            ctx.line(line);
        }
    }
    Ok(())
}

fn owner(o: Owner) -> &'static str {
    match o {
        Owner::Me => "me",
        Owner::Partner => "partner",
    }
}

/// One agreed action with where it comes from, for `journal actions`.
#[derive(Serialize)]
struct ActionRow<'a> {
    entry: Id,
    /// The action's number in its meeting, counted from 1.
    n: usize,
    meeting: chrono::DateTime<chrono::FixedOffset>,
    overdue: bool,
    #[serde(flatten)]
    action: &'a AgreedAction,
}

fn actions(ctx: &mut Ctx, me: &Profile, only_open: bool) -> CliResult {
    let today = ctx.today();
    // Open actions have their own index; all of them means every meeting.
    let entries = if only_open {
        ctx.store.journal_with_open_actions(me.id)?
    } else {
        ctx.store.newest_journal(me.id, usize::MAX)?
    };
    let mut rows: Vec<ActionRow> = entries
        .iter()
        .flat_map(|e| {
            e.actions.iter().enumerate().map(move |(i, a)| ActionRow {
                entry: e.meta.id,
                n: i + 1,
                meeting: e.at,
                overdue: a.is_overdue(today),
                action: a,
            })
        })
        .filter(|r| !only_open || !r.action.done)
        .collect();
    // Overdue first (most late first), then open by due date (undated last),
    // then done; newest meeting first within each.
    rows.sort_by(|a, b| {
        let rank = |r: &ActionRow| (!r.overdue, r.action.done, r.action.due.is_none());
        rank(a)
            .cmp(&rank(b))
            .then(a.action.due.cmp(&b.action.due))
            .then(b.meeting.cmp(&a.meeting))
    });
    if ctx.json {
        return ctx.json_out(&rows);
    }
    if rows.is_empty() {
        ctx.line(if only_open {
            "No open actions."
        } else {
            "No agreed actions yet."
        });
        return Ok(());
    }
    let mut table = Vec::new();
    for r in &rows {
        table.push(vec![
            format!("{}#{}", ctx.short(r.entry)?, r.n),
            fmt::checkbox(r.action.done).to_string(),
            owner(r.action.owner).to_string(),
            fmt::due(r.action, today),
            fmt::line(&r.action.text, 60),
        ]);
    }
    ctx.table(&["ACTION", "", "OWNER", "DUE", "TEXT"], &table);
    let open = rows.iter().filter(|r| !r.action.done).count();
    let overdue = rows.iter().filter(|r| r.overdue).count();
    ctx.line(format!(
        "{open} open, {overdue} overdue. Tick one with `tandem journal done ID N`."
    ));
    Ok(())
}
