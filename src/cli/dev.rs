//! Hidden commands for developing and testing tandem.

use std::io::Write;

use chrono::Duration;

use super::args::DevCmd;
use super::ctx::{CliError, CliResult, Ctx};
use crate::domain::{AgreedAction, EventKind, Goal, JournalEntry, Owner};
use crate::store::{Change, Stored};

pub fn run(ctx: &mut Ctx, cmd: DevCmd) -> CliResult {
    if let DevCmd::Demo = cmd {
        if !ctx.store.profiles()?.is_empty() {
            return Err(CliError::Usage(
                "the demo programme goes into an empty store only".into(),
            ));
        }
        let me = crate::demo::populate(&ctx.store, ctx.now)?;
        ctx.line(format!(
            "Filled the store with the demo programme of {}.",
            me.name
        ));
        return Ok(());
    }
    let me = ctx.me()?;
    match cmd {
        DevCmd::Demo => unreachable!("handled above"),
        DevCmd::WriteLoop { count } => {
            // Each line is printed only after its write was flushed: a crash
            // test may rely on every printed id being in the store.
            let mut out = std::io::stdout().lock();
            let mut i = 0u64;
            while count == 0 || i < count {
                let goal = Goal::new(me.id, &format!("write {i}"), ctx.now);
                ctx.store.put(&goal)?;
                writeln!(out, "ok {}", goal.meta.id)
                    .and_then(|()| out.flush())
                    .map_err(|e| CliError::Failed(e.to_string()))?;
                i += 1;
            }
            Ok(())
        }
        DevCmd::Seed { journal } => {
            const BATCH: usize = 1000;
            let notes = "We went through the plan for the next exhibition: the venue is confirmed, \
                the budget still needs a second look, and the call for artists goes out once the \
                jury is complete. We talked about how to say no to projects that do not fit, and \
                about keeping one afternoon a week for reading and visits. Next time: the \
                communication plan and the first draft of the catalogue text.";
            let mut changes = Vec::with_capacity(BATCH);
            for i in 0..journal {
                let at = ctx.now - Duration::hours(i as i64 * 20);
                let mut e = JournalEntry::new(me.id, at, notes, ctx.now);
                e.kind = if i % 6 == 0 {
                    EventKind::Workshop
                } else {
                    EventKind::PairMeeting
                };
                e.with = me.partner.clone().unwrap_or_default();
                let mut a = AgreedAction::new(
                    "Send the revised budget",
                    Owner::Me,
                    Some(at.date_naive() + Duration::days(7)),
                );
                a.done = i > 3;
                e.actions.push(a);
                e.actions.push(AgreedAction::new(
                    "Introduce a curator",
                    Owner::Partner,
                    None,
                ));
                changes.push(Change::Put(e.into_any()));
                if changes.len() == BATCH {
                    ctx.store.commit(std::mem::take(&mut changes))?;
                }
            }
            ctx.store.commit(changes)?;
            ctx.line(format!("Added {journal} journal entries."));
            Ok(())
        }
    }
}
