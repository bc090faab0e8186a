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
        JournalCmd::List { limit, mine } => {
            let people = ctx.people(&me, mine)?;
            let mut entries = Vec::new();
            for p in &people {
                entries.extend(ctx.store.newest_journal(p.id, limit)?);
            }
            ctx.keep_pair(&me, &mut entries)?;
            entries.sort_by(|a, b| b.at.cmp(&a.at).then(b.meta.id.cmp(&a.meta.id)));
            // A pair meeting both logged is one row: the user's.
            let twins = crate::domain::twins(&entries, me.id);
            let joined: std::collections::HashSet<Id> = twins.values().map(|e| e.meta.id).collect();
            entries.retain(|e| !joined.contains(&e.meta.id));
            entries.truncate(limit);
            if ctx.json {
                return ctx.json_out(&entries);
            }
            if entries.is_empty() {
                ctx.line("No meetings logged yet: `tandem journal add --notes \"...\"` logs one.");
                return Ok(());
            }
            // The author column only once a partner's meeting is listed.
            let both = entries.iter().any(|e| e.meta.author != me.id);
            let mut rows = Vec::new();
            for e in &entries {
                let mut row = vec![
                    ctx.short(e.meta.id)?,
                    fmt::datetime(fmt::on_my_clock(e.at, e.meta.author == me.id, ctx.zone)),
                    fmt::kind(e.kind),
                    fmt::line(&e.with, 20),
                    match e.open_actions() {
                        0 => "—".to_string(),
                        n => format!("{n} open"),
                    },
                    match twins.get(&e.meta.id) {
                        Some(t) => format!(
                            "{} (+ {}'s notes, {})",
                            fmt::line(&e.notes, 30),
                            fmt::author(t.meta.author, &people),
                            ctx.short(t.meta.id)?
                        ),
                        None => fmt::line(&e.notes, 50),
                    },
                ];
                if both {
                    row.insert(1, fmt::author(e.meta.author, &people));
                }
                rows.push(row);
            }
            if both {
                ctx.table(
                    &["ID", "BY", "WHEN", "KIND", "WITH", "ACTIONS", "NOTES"],
                    &rows,
                );
            } else {
                ctx.table(&["ID", "WHEN", "KIND", "WITH", "ACTIONS", "NOTES"], &rows);
            }
            Ok(())
        }
        JournalCmd::Show { id } => {
            let entry: JournalEntry = ctx.load(&id)?;
            if ctx.json {
                return ctx.json_out(&entry);
            }
            show(ctx, &entry, &me)
        }
        JournalCmd::Actions { open, mine } => actions(ctx, &me, open, mine),
        JournalCmd::Done { id, n, undone } => {
            let mut entry: JournalEntry = ctx.load(&id)?;
            let i = crate::domain::item_index("action", n, entry.actions.len())?;
            if entry.meta.author == me.id {
                entry.set_action_done(n, !undone, ctx.now)?;
            } else if entry.actions[i].is_owned_by(entry.meta.author, me.id) {
                // Your action on your partner's meeting: only the tick
                // changes, and it travels in your next bundle.
                entry.actions[i].done = !undone;
            } else {
                ctx.check_mine(&entry, &me)?;
            }
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
            // On a partner's meeting only one's private notes are one's own.
            let only_private = edit.private_notes.is_some()
                && edit.date.is_none()
                && edit.notes.is_none()
                && edit.kind.is_none()
                && edit.with.is_none()
                && edit.agreed.actions.is_empty()
                && edit.agreed.partner_actions.is_empty()
                && edit.agreed.goals.is_empty();
            if only_private && entry.meta.author != me.id {
                entry.private_notes = edit.private_notes.unwrap_or_default();
                ctx.save(&entry)?;
                return done(ctx, &entry, "Updated your private notes on");
            }
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
    // With the pair's mentee (a mentor's), else the partner the profile names.
    let partner = ctx.pair(me)?.map(|p| p.name).or_else(|| me.partner.clone());
    entry.with = add.with.or(partner).unwrap_or_default();
    entry.private_notes = add.private_notes.unwrap_or_default();
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
    if let Some(n) = edit.private_notes {
        entry.private_notes = n;
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

fn show(ctx: &mut Ctx, e: &JournalEntry, me: &Profile) -> CliResult {
    let today = ctx.today();
    let people = ctx.people(me, false)?;
    let short = ctx.short(e.meta.id)?;
    let with = if e.with.trim().is_empty() {
        String::new()
    } else {
        format!(" with {}", fmt::line(&e.with, 40))
    };
    ctx.line(format!(
        "{} — {}{with}",
        fmt::datetime(fmt::on_my_clock(e.at, e.meta.author == me.id, ctx.zone)),
        fmt::kind(e.kind)
    ));
    ctx.line(format!("  id      {short} ({})", e.meta.id));
    if e.meta.author != me.id {
        ctx.line(format!("  by      {}", fmt::author(e.meta.author, &people)));
    }
    ctx.line("  notes");
    ctx.line(fmt::block(&e.notes, "    "));
    if !e.private_notes.trim().is_empty() {
        ctx.line("  your private notes (never shared)");
        ctx.line(fmt::block(&e.private_notes, "    "));
    }
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
                    owner_name(a, e.meta.author, me, &people),
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

/// Who took an action on, from the viewer's side: "you", or the name of
/// the other person of the meeting.
fn owner_name(a: &AgreedAction, author: Id, me: &Profile, people: &[Profile]) -> String {
    if a.is_owned_by(author, me.id) {
        return "you".to_string();
    }
    if author != me.id {
        return fmt::author(author, people);
    }
    // The user's own meeting, the partner's action: the partner named in
    // the profile (or the one whose bundles came in).
    match (people.get(1), me.partner.as_deref()) {
        (Some(p), _) => fmt::line(&p.name, 20),
        (None, Some(name)) if !name.trim().is_empty() => fmt::line(name, 20),
        _ => "partner".to_string(),
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
    /// Whether it is the user's to do (on either person's meeting).
    yours: bool,
    #[serde(skip)]
    author: Id,
    #[serde(flatten)]
    action: &'a AgreedAction,
}

fn actions(ctx: &mut Ctx, me: &Profile, only_open: bool, only_mine: bool) -> CliResult {
    let today = ctx.today();
    let people = ctx.people(me, false)?;
    // Open actions have their own index; all of them means every meeting.
    let mut entries = Vec::new();
    for p in &people {
        entries.extend(if only_open {
            ctx.store.journal_with_open_actions(p.id)?
        } else {
            ctx.store.newest_journal(p.id, usize::MAX)?
        });
    }
    ctx.keep_pair(me, &mut entries)?;
    let mut rows: Vec<ActionRow> = entries
        .iter()
        .flat_map(|e| {
            e.actions.iter().enumerate().map(move |(i, a)| ActionRow {
                entry: e.meta.id,
                n: i + 1,
                meeting: e.at,
                overdue: a.is_overdue(today),
                yours: a.is_owned_by(e.meta.author, me.id),
                author: e.meta.author,
                action: a,
            })
        })
        .filter(|r| !only_open || !r.action.done)
        .filter(|r| !only_mine || r.yours)
        .collect();
    // An agreement both wrote down, on their two records of one meeting,
    // is one row (the user's copy).
    let meeting = |id: Id| entries.iter().find(|e| e.meta.id == id);
    rows.sort_by_key(|r| r.author != me.id);
    let mut kept: Vec<ActionRow> = Vec::with_capacity(rows.len());
    for r in rows {
        let twice = kept.iter().any(|k| {
            meeting(k.entry)
                .zip(meeting(r.entry))
                .is_some_and(|(a, b)| a.same_agreement(k.action, b, r.action, me.id))
        });
        if !twice {
            kept.push(r);
        }
    }
    let mut rows = kept;
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
            owner_name(r.action, r.author, me, &people),
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
